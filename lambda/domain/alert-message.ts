import type { AlertKind, AlertPolicy, Severity } from './alert-policy';
import { daysLeft, severityOf } from './alert-policy';
import type { ExpiryResult } from './expiry';
import { DATE_SOURCE_LABEL, exactDateCommand, isEstimatedSource } from './expiry';
import { EMAIL_FOOTER, asciiOnly, shorten } from './alert-text';
import { toGsm7Basic } from './gsm7';
import { formatUtc } from './iso-date';
import { EXPIRES_AT_TAG, ROTATED_AT_TAG } from '../../contract/tags';
import { MS_PER_DAY, MS_PER_HOUR } from '../../contract/time';

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
}

export interface AlertMessage {
  /** SNS subject: printable ASCII, under 100 characters. */
  readonly subject: string;
  readonly email: string;
  /** At most 140 GSM-7 septets. */
  readonly sms: string;
  /** `severity` is a monitor `Severity` or, from the automation functions, an `AutomationSeverity`. */
  readonly attributes: { readonly app: string; readonly severity: string; readonly daysLeft: number };
}

export const SMS_MAX_SEPTETS = 140;
export const SUBJECT_MAX_CHARS = 99;

const DEVELOPER_CONSOLE_STEPS = [
  'Sign in to Seller Central, Vendor Central or Developer Central and open the Developer Console list of your applications.',
  'In the LWA credentials column, choose View for this application.',
  'Choose "Rotate secret" and confirm. (Or call the SP-API Application Management operation rotateApplicationClientSecret; the new secret is then delivered to your SQS notification queue.)',
  'Copy the new client secret into this AWS Secrets Manager secret and deploy or restart whatever reads it. The old secret keeps working for 7 days after the rotation, so running apps can switch over without downtime.',
];

function describeRemaining(expiresAt: Date, now: Date): string {
  const ms = expiresAt.getTime() - now.getTime();
  const abs = Math.abs(ms);
  const days = Math.floor(abs / MS_PER_DAY);
  const hours = Math.floor((abs % MS_PER_DAY) / MS_PER_HOUR);
  const minutes = Math.floor((abs % MS_PER_HOUR) / 60_000);
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const span =
    days > 0
      ? `${plural(days, 'day')} ${plural(hours, 'hour')}`
      : hours > 0
        ? plural(hours, 'hour')
        : plural(minutes, 'minute');
  return ms > 0 ? `in ${span}` : `${span} ago`;
}

/** True when the date counts from the AWSCURRENT version's creation: every message says so. */
function estimated(ctx: AlertContext): boolean {
  return ctx.expiry.status === 'dated' && isEstimatedSource(ctx.expiry.source);
}

function headline(ctx: AlertContext): string {
  const { kind } = ctx;
  switch (kind.type) {
    case 'threshold':
      return `expires in ${estimated(ctx) ? 'about ' : ''}${daysLeftFor(ctx)} day${daysLeftFor(ctx) === 1 ? '' : 's'}`;
    case 'expired':
      return kind.reminder === 0 ? 'has EXPIRED' : `is still EXPIRED (reminder ${kind.reminder})`;
    case 'resolved':
      return 'rotated: new cycle started';
    case 'undetermined':
      return 'expiry cannot be determined';
  }
}

function daysLeftFor(ctx: AlertContext): number {
  return ctx.expiry.status === 'dated' ? daysLeft(ctx.expiry.expiresAt, ctx.now) : 0;
}

function buildSubject(ctx: AlertContext, severity: Severity): string {
  const prefix = `[LWA ${severity}] `;
  const suffix = ` client secret ${headline(ctx)}`;
  const room = SUBJECT_MAX_CHARS - prefix.length - suffix.length;
  return `${prefix}${shorten(asciiOnly(ctx.appName.trim()) || '?', room)}${suffix}`;
}

function smsBody(ctx: AlertContext, app: string): string {
  const { kind, expiry } = ctx;
  const about = estimated(ctx) ? 'about ' : '';
  const when =
    expiry.status === 'dated' ? `${estimated(ctx) ? 'est. ' : ''}${formatUtc(expiry.expiresAt)}` : '';
  switch (kind.type) {
    case 'threshold':
      return `LWA secret of ${app} expires in ${about}${daysLeftFor(ctx)}d (${when}). Rotate it in Developer Console now. Details by email.`;
    case 'expired':
      return `LWA secret of ${app} EXPIRED ${when}: SP-API access is lost. Rotate it in Developer Console now.`;
    case 'resolved':
      return `LWA secret of ${app} rotated. New expiry ${when}. No action needed.`;
    case 'undetermined':
      return `LWA secret of ${app}: expiry date unknown. Fix its tags; details by email.`;
  }
}

function buildSms(ctx: AlertContext): string {
  const app = toGsm7Basic(ctx.appName.trim()) || '?';
  const skeleton = smsBody(ctx, '');
  const room = SMS_MAX_SEPTETS - skeleton.length;
  // `~` is in the GSM-7 extension table: it costs two septets, not one.
  return smsBody(ctx, shorten(app, room, 2));
}

function recordRotationSteps(ctx: AlertContext): string[] {
  const id = ctx.secretName;
  const source = ctx.expiry.status === 'dated' ? ctx.expiry.source : undefined;
  const markRotated = [
    `  npx lwa-expiry mark-rotated "${id}"`,
    `  or: aws secretsmanager tag-resource --secret-id "${id}" --tags Key=${ROTATED_AT_TAG},Value=<ISO-8601 time>`,
  ];
  switch (source) {
    case 'current-version-created':
      return [
        'When the secret is rotated, tell the monitor. This secret is dated by its AWSCURRENT version, so storing',
        `the new client secret as a new version of "${id}" (aws secretsmanager put-secret-value) is enough:`,
        'the next run dates the new version and starts a new cycle. To record a rotation time explicitly:',
        ...markRotated,
      ];
    case 'rotated-at-tag':
      return [
        `When the secret is rotated, tell the monitor: this secret is dated by its ${ROTATED_AT_TAG} tag, which wins`,
        'over the version date, so update the tag (storing a new version alone changes nothing):',
        ...markRotated,
      ];
    case 'expires-at-tag':
      return [
        `When the secret is rotated, tell the monitor: this secret is dated by its ${EXPIRES_AT_TAG} tag, which wins`,
        'over everything else. Set it to the new expiry shown in the Developer Console, or record the rotation',
        `time (mark-rotated removes the stale ${EXPIRES_AT_TAG} for you):`,
        ...markRotated,
        `  or remove the tag: aws secretsmanager untag-resource --tag-keys ${EXPIRES_AT_TAG} --secret-id "${id}"`,
      ];
    default:
      return [];
  }
}

function buildEmail(ctx: AlertContext, severity: Severity): string {
  const { expiry, kind } = ctx;
  const lines: string[] = [];
  const app = ctx.appName.trim() || '(unnamed app)';
  const facts = [
    `App:            ${app}`,
    `Secret:         ${ctx.secretName}`,
    `Region:         ${ctx.region}`,
  ];
  if (expiry.status === 'dated') {
    const estimate = estimated(ctx);
    facts.push(
      `Expires:        ${formatUtc(expiry.expiresAt)} (${describeRemaining(expiry.expiresAt, ctx.now)})${estimate ? ', ESTIMATED' : ''}`,
      `Days left:      ${estimate ? 'about ' : ''}${daysLeft(expiry.expiresAt, ctx.now)}`,
      `Date source:    ${DATE_SOURCE_LABEL[expiry.source]} (${expiry.windowDays}-day window)${estimate ? ': an estimate' : ''}`,
    );
  }
  facts.push(`Severity:       ${severity}`);
  if (estimated(ctx)) {
    facts.push(
      '',
      "This date is an estimate. It counts the rotation window from the creation of the secret's AWSCURRENT",
      'version, which any new version restarts (storing a new refresh token, for example), so the real',
      'expiry may be earlier. To make it exact, tag the expiry the Developer Console shows:',
      `  ${exactDateCommand(ctx.secretName)}`,
    );
  }

  switch (kind.type) {
    case 'threshold':
    case 'expired': {
      const expired = kind.type === 'expired';
      lines.push(
        expired
          ? `The Login with Amazon (LWA) client secret of ${app} has expired.`
          : `The Login with Amazon (LWA) client secret of ${app} ${headline(ctx)}.`,
        '',
        ...facts,
        '',
        'Why it matters',
        expired
          ? 'Amazon requires LWA client secrets to be rotated every 180 days. This one was not, so the app can no longer get access tokens: its Selling Partner API calls fail, and every seller who authorised it loses the functions built on it.'
          : 'Amazon requires LWA client secrets to be rotated every 180 days. If this one is not rotated by the date above, the app can no longer get access tokens: its Selling Partner API calls fail, and every seller who authorised it loses the functions built on it. Sellers do not need to authorise the app again after a rotation.',
        '',
        'How to rotate',
        ...DEVELOPER_CONSOLE_STEPS.map((step, i) => `  ${i + 1}. ${step}`),
        '',
        ...recordRotationSteps(ctx),
      );
      break;
    }
    case 'resolved':
      lines.push(
        `The LWA client secret of ${app} was rotated: a new expiry cycle has started.`,
        '',
        ...facts,
        `Previous expiry: ${formatUtc(kind.previousExpiresAt)}`,
        '',
        'No action is needed. If the rotation happened in the last 7 days, the previous secret still works until 7 days after it; make sure every running copy of the app has switched to the new one before then.',
      );
      break;
    case 'undetermined':
      lines.push(
        `The monitor cannot work out when the LWA client secret of ${app} expires, so it cannot warn you in time.`,
        '',
        ...facts,
        '',
        'Problems found:',
        ...(expiry.status === 'undetermined' ? [...expiry.reasons, ...expiry.warnings] : []).map(
          (r) => `  - ${r}`,
        ),
        '',
        `Fix: tag the secret with ${ROTATED_AT_TAG} (the last rotation time) or ${EXPIRES_AT_TAG} (the expiry shown in the Developer Console), as ISO-8601 such as 2026-05-31T14:00:00Z.`,
      );
      break;
  }
  if (expiry.status === 'dated' && expiry.warnings.length > 0) {
    lines.push('', 'Tag problems (ignored values):', ...expiry.warnings.map((w) => `  - ${w}`));
  }
  lines.push('');
  if (ctx.nextAlertAt && kind.type !== 'resolved') {
    lines.push(
      `Next reminder: ${formatUtc(ctx.nextAlertAt)} or the first scheduled check after it, unless the secret is rotated first.`,
    );
  } else if (kind.type === 'undetermined') {
    lines.push(
      'You will not be reminded again about this problem; the monitor keeps reporting it in its logs and metrics.',
    );
  }
  lines.push('', EMAIL_FOOTER);
  return lines.join('\n');
}

/** Renders one alert for every SNS protocol. */
export function renderAlert(ctx: AlertContext): AlertMessage {
  const severity = severityOf(ctx.kind);
  return {
    subject: buildSubject(ctx, severity),
    email: buildEmail(ctx, severity),
    sms: buildSms(ctx),
    attributes: { app: ctx.appName, severity, daysLeft: daysLeftFor(ctx) },
  };
}
