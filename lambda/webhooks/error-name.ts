/** An error's name, never its message (which may quote a webhook URL). */
export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'UnknownError';
}
