/** A thrown value as it is logged by the automation runs: its error name only. */
export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'UnknownError';
}
