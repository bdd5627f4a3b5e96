import type { AlertContext } from './alert-message';
import type { AlertKind, Severity } from './alert-policy';
import { daysLeft } from './alert-policy';
import { EMAIL_FOOTER } from './alert-text';
import { estimated, headline } from './alert-headline';
import { DATE_SOURCE_LABEL, exactDateCommand } from './expiry';
import { formatUtc } from './iso-date';
import { EXPIRES_AT_TAG, ROTATED_AT_TAG } from '../../contract/tags';
import { MS_PER_DAY, MS_PER_HOUR } from '../../contract/time';

/**
 * The email of a monitor alert: what happened, the facts of the secret, what to do, then when
 * the next reminder comes.
 */

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

export function buildEmail(ctx: AlertContext, severity: Severity): string {
  const { kind } = ctx;
  const app = ctx.appName.trim() || '(unnamed app)';
  const facts = factLines(ctx, app, severity);
  const lines: string[] = [];
  switch (kind.type) {
    case 'threshold':
    case 'expired':
      lines.push(...expiringLines(ctx, app, facts, kind.type === 'expired'));
      break;
    case 'resolved':
      lines.push(...resolvedLines(app, facts, kind));
      break;
    case 'undetermined':
      lines.push(...undeterminedLines(ctx, app, facts));
      break;
  }
  lines.push(...tagProblemLines(ctx), '', ...reminderLines(ctx), '', EMAIL_FOOTER);
  return lines.join('\n');
}

/** The app, the secret, its expiry and where the date comes from, and the severity. */
function factLines(ctx: AlertContext, app: string, severity: Severity): string[] {
  const { expiry } = ctx;
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
  return facts;
}

/** A threshold or an expiry: why it matters, how to rotate, and how to tell the monitor. */
function expiringLines(ctx: AlertContext, app: string, facts: readonly string[], expired: boolean): string[] {
  return [
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
  ];
}

function resolvedLines(
  app: string,
  facts: readonly string[],
  kind: Extract<AlertKind, { type: 'resolved' }>,
): string[] {
  return [
    `The LWA client secret of ${app} was rotated: a new expiry cycle has started.`,
    '',
    ...facts,
    `Previous expiry: ${formatUtc(kind.previousExpiresAt)}`,
    '',
    'No action is needed. If the rotation happened in the last 7 days, the previous secret still works until 7 days after it; make sure every running copy of the app has switched to the new one before then.',
  ];
}

function undeterminedLines(ctx: AlertContext, app: string, facts: readonly string[]): string[] {
  const { expiry } = ctx;
  return [
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
  ];
}

/** Tag values the expiry was worked out without, and an owner tag that routes nowhere. */
function tagProblemLines({ expiry, ownerWarning }: AlertContext): string[] {
  const problems = [
    ...(expiry.status === 'dated' ? expiry.warnings : []),
    ...(ownerWarning === undefined ? [] : [ownerWarning]),
  ];
  if (problems.length === 0) return [];
  return ['', 'Tag problems (ignored values):', ...problems.map((w) => `  - ${w}`)];
}

function reminderLines(ctx: AlertContext): string[] {
  if (ctx.nextAlertAt && ctx.kind.type !== 'resolved') {
    return [
      `Next reminder: ${formatUtc(ctx.nextAlertAt)} or the first scheduled check after it, unless the secret is rotated first.`,
    ];
  }
  if (ctx.kind.type === 'undetermined') {
    return [
      'You will not be reminded again about this problem; the monitor keeps reporting it in its logs and metrics.',
    ];
  }
  return [];
}
