/**
 * A thrown value as the runs log it: its error name only, never its message, which may quote a
 * webhook URL or an answer from Amazon.
 */
export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'UnknownError';
}
