import type { AutomationSeverity } from '../../../contract/severities';
import type { AlertMessage } from '../../domain/alert-message';
import {
  EMAIL_FOOTER,
  SMS_MAX_SEPTETS,
  SUBJECT_MAX_CHARS,
  asciiOnly,
  shorten,
} from '../../domain/alert-text';
import { gsm7Length, toGsm7Basic } from '../../domain/gsm7';

/**
 * What the alerts of the notification handler share, one file per alert kind beside this one:
 * each is rendered for every SNS protocol, pure (no AWS SDK), from metadata only (names, ids,
 * dates, LWA error codes); no input is ever a secret value.
 */

/** Where the secret lives and which notification is about it. */
export interface NotificationFacts {
  readonly clientId: string;
  readonly notificationId: string;
  readonly notificationType: string;
  readonly region: string;
  readonly now: Date;
}

export interface AppSecretFacts extends NotificationFacts {
  readonly appName: string;
  readonly secretName: string;
  /** The owner the alert is routed to (attribute `owner`): the secret's `lwa:owner` tag, when well formed. */
  readonly owner?: string;
}

/** SQS keeps a message this long in the dead-letter queue (counted from its first arrival). */
export const DEAD_LETTER_RETENTION_DAYS = 14;

export function subjectFor(severity: AutomationSeverity, app: string, headline: string): string {
  const prefix = `[LWA ${severity}] `;
  const suffix = ` ${headline}`;
  const room = SUBJECT_MAX_CHARS - prefix.length - suffix.length;
  return shorten(
    `${prefix}${shorten(asciiOnly(app.trim()) || '?', Math.max(room, 1))}${suffix}`,
    SUBJECT_MAX_CHARS,
  );
}

/** `compose('')` measures the fixed text; the app name gets what is left of 140 septets. */
export function smsFor(app: string, compose: (app: string) => string): string {
  const name = toGsm7Basic(app.trim()) || '?';
  const fixed = gsm7Length(compose('')) ?? SMS_MAX_SEPTETS;
  // `~` is a GSM-7 extension character: two septets.
  const room = SMS_MAX_SEPTETS - fixed;
  const shown = name.length <= room ? name : room > 2 ? `${name.slice(0, room - 2)}~` : '';
  const text = compose(shown);
  const length = gsm7Length(text);
  // Only reachable if a fixed part grew past the budget: cut rather than split the SMS.
  return length !== undefined && length <= SMS_MAX_SEPTETS
    ? text
    : toGsm7Basic(text).slice(0, SMS_MAX_SEPTETS);
}

export function factLines(facts: NotificationFacts, extra: readonly [string, string][] = []): string[] {
  const rows: [string, string][] = [
    ...extra,
    ['Client id', facts.clientId],
    ['Region', facts.region],
    ['Notification', `${facts.notificationType} (id ${facts.notificationId})`],
  ];
  return rows.map(([label, value]) => `${`${label}:`.padEnd(16)}${value}`);
}

export function message(
  severity: AutomationSeverity,
  app: string,
  subject: string,
  sms: string,
  email: readonly string[],
  days: number,
  owner?: string,
): AlertMessage {
  return {
    subject,
    email: [...email, '', EMAIL_FOOTER].join('\n'),
    sms,
    attributes: {
      app: app.trim() || '?',
      severity,
      daysLeft: days,
      ...(owner === undefined ? {} : { owner }),
    },
  };
}
