/** Text helpers and limits every alert renderer shares; no secret value is ever passed to them. */

/** An SMS is at most this many GSM-7 septets: one message, never split. */
export const SMS_MAX_SEPTETS = 140;
/** An SNS subject is under 100 characters. */
export const SUBJECT_MAX_CHARS = 99;

/** The last line of every alert email. */
export const EMAIL_FOOTER = '-- lwa-expiry-monitor. This message never contains secret values.';

/** Printable ASCII, as an SNS subject must be: anything else becomes `?`. */
export function asciiOnly(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}

/** Cuts `text` to `max` units, marking the cut with `~`, which itself costs `markerCost` units. */
export function shorten(text: string, max: number, markerCost = 1): string {
  if (text.length <= max) return text;
  if (max <= markerCost) return '';
  return `${text.slice(0, max - markerCost)}~`;
}
