/**
 * Text taken from an answer of Amazon (an LWA error code or description, an SP-API error's code,
 * message or details) as it may be reported: printable ASCII only, cut to `max` characters.
 * The answer comes from outside: it must not break a log line, an SMS or a subject.
 */
export function answerText(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const printable = value.replace(/[^\x20-\x7e]/g, '?').trim();
  if (printable === '') return undefined;
  return printable.length > max ? `${printable.slice(0, Math.max(0, max - 3))}...` : printable;
}
