/** Reads back, from a rendered message, which alert it was (what a subscriber would see). */
import type { AlertMessage } from '../../../lambda/domain/alert-message';

export type SentKind =
  | { readonly type: 'threshold'; readonly days: number }
  | { readonly type: 'expired'; readonly reminder: number }
  | { readonly type: 'resolved' }
  | { readonly type: 'undetermined' };

export function sentKindOf(message: AlertMessage): SentKind {
  const severity = message.attributes.severity;
  const threshold = /^(\d+)-day$/.exec(severity);
  if (threshold) return { type: 'threshold', days: Number(threshold[1]) };
  if (severity === 'expired') {
    const reminder = /\(reminder (\d+)\)/.exec(message.subject);
    return { type: 'expired', reminder: reminder ? Number(reminder[1]) : 0 };
  }
  if (severity === 'resolved') return { type: 'resolved' };
  if (severity === 'undetermined') return { type: 'undetermined' };
  throw new Error(`unknown severity ${severity}`);
}

/** Alert level in days before expiry (0 = expired); undefined for other kinds. */
export function levelOf(kind: SentKind): number | undefined {
  if (kind.type === 'threshold') return kind.days;
  if (kind.type === 'expired' && kind.reminder === 0) return 0;
  return undefined;
}
