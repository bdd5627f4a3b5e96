import type { AlertContext } from './alert-message';
import type { Severity } from './alert-policy';
import { SUBJECT_MAX_CHARS, asciiOnly, shorten } from './alert-text';
import { headline } from './alert-headline';

/** The SNS subject of a monitor alert: printable ASCII, under 100 characters. */
export function buildSubject(ctx: AlertContext, severity: Severity): string {
  const prefix = `[LWA ${severity}] `;
  const suffix = ` client secret ${headline(ctx)}`;
  const room = SUBJECT_MAX_CHARS - prefix.length - suffix.length;
  return `${prefix}${shorten(asciiOnly(ctx.appName.trim()) || '?', room)}${suffix}`;
}
