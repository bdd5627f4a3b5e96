import type { AlertMessage } from './alert-message';
import { EMAIL_FOOTER, SMS_MAX_SEPTETS, SUBJECT_MAX_CHARS, asciiOnly, shorten } from './alert-text';
import { gsm7Length, toGsm7Basic } from './gsm7';

/**
 * Renders the alerts of the automation functions (rotation, live check) with the same
 * guarantees as the monitor's: a printable-ASCII subject under 100 characters, an SMS of at most
 * 140 GSM-7 septets, the `app`/`severity`/`daysLeft` (and `owner`) attributes, and never a secret value
 * (callers pass only names, dates, statuses and Amazon's error codes).
 */
export interface AutomationAlertInput {
  readonly severity: string;
  readonly appName: string;
  /** Subject after the app name, e.g. `client secret rotation requested`. */
  readonly subjectTail: string;
  /** SMS text for a given (already shortened) app name. */
  readonly sms: (app: string) => string;
  /** Email body lines; a footer is appended. */
  readonly email: readonly string[];
  readonly daysLeft: number;
  /** The owner the alert is routed to (attribute `owner`), when the secret's `lwa:owner` tag names one. */
  readonly owner?: string;
}

/** GSM-7 basic text, except that the cut marker `~` (an extension character) is kept. */
function toSmsText(text: string): string {
  return [...text].map((ch) => (ch === '~' ? ch : toGsm7Basic(ch))).join('');
}

function septets(text: string): number {
  return gsm7Length(text) ?? Number.POSITIVE_INFINITY;
}

export function renderAutomationAlert(input: AutomationAlertInput): AlertMessage {
  const appName = input.appName.trim() || '?';
  const prefix = `[LWA ${asciiOnly(input.severity)}] `;
  const suffix = ` ${asciiOnly(input.subjectTail)}`;
  const subjectRoom = Math.max(1, SUBJECT_MAX_CHARS - prefix.length - suffix.length);
  const subject = `${prefix}${shorten(asciiOnly(appName), subjectRoom)}${suffix}`.slice(0, SUBJECT_MAX_CHARS);

  const skeleton = toSmsText(input.sms(''));
  const smsRoom = SMS_MAX_SEPTETS - septets(skeleton);
  // `~` is in the GSM-7 extension table: it costs two septets, not one.
  const app = smsRoom > 0 ? shorten(toGsm7Basic(appName), smsRoom, 2) : '';
  let sms = toSmsText(input.sms(app));
  while (septets(sms) > SMS_MAX_SEPTETS) sms = sms.slice(0, -1);

  return {
    subject,
    email: [...input.email, '', EMAIL_FOOTER].join('\n'),
    sms,
    attributes: {
      app: appName,
      severity: input.severity,
      daysLeft: input.daysLeft,
      ...(input.owner === undefined ? {} : { owner: input.owner }),
    },
  };
}
