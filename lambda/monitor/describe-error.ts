/** An error as `Name: message`, as the monitor logs and reports it. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
