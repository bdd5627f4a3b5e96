import type { AlertKind, AlertPolicy } from './alert-policy';
import { severityOf } from './alert-policy';
import { buildEmail } from './alert-email';
import { daysLeftFor } from './alert-headline';
import { buildSms } from './alert-sms';
import { buildSubject } from './alert-subject';
import type { ExpiryResult } from './expiry';

export { SMS_MAX_SEPTETS, SUBJECT_MAX_CHARS } from './alert-text';

/** Everything an alert message says; no secret value is ever part of it. */
export interface AlertContext {
  readonly appName: string;
  readonly secretName: string;
  readonly region: string;
  readonly expiry: ExpiryResult;
  readonly kind: AlertKind;
  readonly now: Date;
  /** When the next alert for this credential is due, if any. */
  readonly nextAlertAt?: Date;
  readonly policy: AlertPolicy;
  /** The owner the alert is routed to (attribute `owner`), when the secret's `lwa:owner` tag names one. */
  readonly owner?: string;
  /** What is wrong with the secret's `lwa:owner` tag (malformed, or naming no configured owner). */
  readonly ownerWarning?: string;
}

export interface AlertMessage {
  /** SNS subject: printable ASCII, under 100 characters. */
  readonly subject: string;
  readonly email: string;
  /** At most 140 GSM-7 septets. */
  readonly sms: string;
  /** `severity` is a monitor `Severity` or, from the automation functions, an `AutomationSeverity`. */
  readonly attributes: AlertAttributes;
}

/** The SNS message attributes subscription filter policies match on. */
export interface AlertAttributes {
  readonly app: string;
  readonly severity: string;
  readonly daysLeft: number;
  /** The team that owns the app (its `lwa:owner` tag), when the tag names one. */
  readonly owner?: string;
}

/** Renders one alert for every SNS protocol. */
export function renderAlert(ctx: AlertContext): AlertMessage {
  const severity = severityOf(ctx.kind);
  return {
    subject: buildSubject(ctx, severity),
    email: buildEmail(ctx, severity),
    sms: buildSms(ctx),
    attributes: {
      app: ctx.appName,
      severity,
      daysLeft: daysLeftFor(ctx),
      ...(ctx.owner === undefined ? {} : { owner: ctx.owner }),
    },
  };
}
