import type { AlertPolicy } from '../lambda/domain/alert-policy';
import type { DateSource } from '../lambda/domain/expiry';
import { exactDateCommand } from '../lambda/domain/expiry';
import { EXPIRES_AT_TAG, OWNER_TAG, ROTATED_AT_TAG } from '../contract/tags';
import type { SkipReason } from '../lambda/monitor/run-monitor';
import { commandLines, formatMinuteUtc, plural, printable, renderTableOrBlocks, wrapLine } from './format';
import type { StatusRow } from './status-view';
import { isUrgent, mostUrgentThreshold } from './status-view';

/** The `status` text and JSON, built from the rows of status-view.ts. */

const SOURCE_SHORT: Record<DateSource, string> = {
  'expires-at-tag': EXPIRES_AT_TAG,
  'rotated-at-tag': ROTATED_AT_TAG,
  'current-version-created': 'estimate',
};

const SKIP_REASON_TEXT: Record<SkipReason, string> = {
  replica: 'replica of a secret whose primary is in another region (monitored there)',
  'pending-deletion': 'scheduled for deletion',
};

function daysCell(row: StatusRow): string {
  if (row.status === 'skipped') return '-';
  if (row.daysLeft === undefined) return 'unknown';
  if (row.daysLeft <= 0) return row.estimated ? '~expired' : 'expired';
  return `${row.estimated ? '~' : ''}${row.daysLeft}`;
}

function nextAlertCell(row: StatusRow): string {
  if (row.alertsDue.length > 0) return `${row.alertsDue.join('+')} due now`;
  return row.nextAlertAt ? formatMinuteUtc(row.nextAlertAt) : '-';
}

export const STATUS_HEADERS = [
  'APP',
  'SECRET',
  'EXPIRES (UTC)',
  'DAYS LEFT',
  'DATE FROM',
  'NEXT ALERT',
] as const;

/** The same with an OWNER column after APP: shown once any app has an owner. */
export const STATUS_HEADERS_WITH_OWNER = ['APP', 'OWNER', ...STATUS_HEADERS.slice(1)] as const;

export function statusCells(row: StatusRow, withOwner = false): string[] {
  const expires = row.status === 'skipped' ? '-' : row.expiresAt ? formatMinuteUtc(row.expiresAt) : 'unknown';
  const source = row.status === 'skipped' ? 'skipped' : row.source ? SOURCE_SHORT[row.source] : '-';
  return [
    row.app,
    ...(withOwner ? [row.owner ?? '-'] : []),
    row.secret,
    expires,
    daysCell(row),
    source,
    nextAlertCell(row),
  ].map(printable);
}

export interface StatusContext {
  readonly policy: AlertPolicy;
  readonly region: string;
  readonly now: Date;
  /** One line describing the settings in force. */
  readonly settingsLine: string;
  readonly tagKey: string;
  /** `--fail-within`: the days that count as urgent for the exit code. */
  readonly failWithinDays?: number;
  /** `--owner`: only this owner's apps are listed. */
  readonly owner?: string;
}

function lastAlertText(row: StatusRow): string | undefined {
  if (!row.lastAlert) return undefined;
  return row.lastAlert.at
    ? `${row.lastAlert.severity} at ${formatMinuteUtc(row.lastAlert.at)} UTC`
    : row.lastAlert.severity;
}

/** `label:` and one wrapped line per entry under it; nothing when there are no entries. */
function section(label: string, entries: readonly string[]): string[] {
  if (entries.length === 0) return [];
  return ['', label, ...entries.flatMap((entry) => wrapLine(printable(`  ${entry}`)))];
}

/** No tagged secret at all: most often a wrong tag key, region or account. */
function nothingTaggedLines(ctx: StatusContext): string[] {
  if (ctx.owner !== undefined) {
    return [
      `No secret in ${ctx.region} carrying the tag ${JSON.stringify(ctx.tagKey)} is owned by ${JSON.stringify(ctx.owner)} (tag ${OWNER_TAG}).`,
      `Check the owner name, or tag the team's secrets: aws secretsmanager tag-resource --secret-id <secret> --tags Key=${OWNER_TAG},Value=${ctx.owner}`,
    ];
  }
  return [
    `No secret in ${ctx.region} carries the tag ${JSON.stringify(ctx.tagKey)}: nothing is monitored.`,
    'Check the tag key on your secrets (or pass --tag-key), and the AWS region and account;',
    'lwa-expiry adopt lists the secrets that look like LWA credentials and tags them.',
  ];
}

/** One entry per unusable date tag and per credential whose expiry is unknown. */
function errorEntries(rows: readonly StatusRow[]): string[] {
  return rows.flatMap((row) => [
    ...(row.dateTagErrors ?? []).map(
      (error) =>
        `error: ${row.secret} (${row.app}): ${error}; ` +
        (row.status === 'dated'
          ? `the date shown comes from ${row.estimated ? 'an estimate' : SOURCE_SHORT[row.source ?? 'expires-at-tag']} instead. Fix or remove the tag.`
          : 'no other source dates it. Fix the tag.'),
    ),
    ...(row.status === 'undetermined'
      ? [`error: ${row.secret} (${row.app}): expiry unknown: ${row.reasons.join('; ')}`]
      : []),
  ]);
}

/** What estimated (~) means, and the command that makes each estimated date exact. */
function estimateLines(estimated: readonly StatusRow[]): string[] {
  if (estimated.length === 0) return [];
  return [
    '',
    ...wrapLine(
      `Estimated (~): dated from the creation of the AWSCURRENT version, which any new version restarts ` +
        '(storing a new refresh token, for example). Make each exact with the expiry the Developer Console shows:',
      undefined,
      '',
    ),
    ...estimated.flatMap((row) => commandLines(printable(exactDateCommand(row.secret)))),
  ];
}

/** Warnings (date tag errors aside, listed already), alerts sent, skipped secrets. */
function noteSections(rows: readonly StatusRow[]): string[] {
  const dateTagErrorSet = new Set(rows.flatMap((row) => row.dateTagErrors ?? []));
  return [
    ...section(
      'Warnings:',
      rows.flatMap((row) =>
        row.warnings.filter((w) => !dateTagErrorSet.has(w)).map((w) => `${row.secret} (${row.app}): ${w}`),
      ),
    ),
    ...section(
      'Alerts sent for the current expiry:',
      rows.flatMap((row) => {
        const last = lastAlertText(row);
        return last ? [`${row.secret} (${row.app}): ${last}`] : [];
      }),
    ),
    ...section(
      'Skipped:',
      rows.flatMap((row) => (row.skipReason ? [`${row.secret}: ${SKIP_REASON_TEXT[row.skipReason]}`] : [])),
    ),
  ];
}

/** The closing count: monitored, urgent, unknown, estimated, errors, skipped. */
function summaryLines(
  rows: readonly StatusRow[],
  counts: { readonly estimated: number; readonly errors: number },
  ctx: StatusContext,
): string[] {
  const monitored = rows.filter((row) => row.status !== 'skipped');
  const within = ctx.failWithinDays ?? mostUrgentThreshold(ctx.policy);
  const urgent = monitored.filter((row) => isUrgent(row, ctx.policy, ctx.failWithinDays)).length;
  const unknown = monitored.filter((row) => row.status === 'undetermined').length;
  const skipped = rows.length - monitored.length;
  const details = [
    `${urgent} at or below ${plural(within, 'day')} or expired`,
    `${unknown} with an unknown expiry`,
    ...(counts.estimated > 0 ? [`${counts.estimated} estimated`] : []),
    ...(counts.errors > 0 ? [plural(counts.errors, 'error')] : []),
    ...(skipped > 0 ? [`${skipped} skipped`] : []),
  ];
  const lines = wrapLine(
    `${plural(monitored.length, 'credential')}${ctx.owner === undefined ? '' : ` of ${ctx.owner}`} monitored in ${ctx.region} at ${formatMinuteUtc(ctx.now)} UTC: ${details.join(', ')}.`,
    undefined,
    '',
  );
  if (monitored.length === 0)
    lines.push('Nothing is monitored in this region: every tagged secret was skipped.');
  return lines;
}

/** The whole `status` text: table, errors, estimates, warnings, alerts sent, summary; 100 columns. */
export function renderStatus(rows: readonly StatusRow[], ctx: StatusContext): string {
  const lines: string[] = [];
  if (rows.length === 0) {
    lines.push(...nothingTaggedLines(ctx));
  } else {
    const errors = errorEntries(rows);
    const estimated = rows.filter((row) => row.estimated);
    const withOwner = rows.some((row) => row.owner !== undefined);
    lines.push(
      renderTableOrBlocks(
        withOwner ? STATUS_HEADERS_WITH_OWNER : STATUS_HEADERS,
        rows.map((row) => statusCells(row, withOwner)),
      ),
      ...section('Errors:', errors),
      ...estimateLines(estimated),
      ...noteSections(rows),
      '',
      ...summaryLines(rows, { estimated: estimated.length, errors: errors.length }, ctx),
    );
  }
  lines.push(...wrapLine(`Settings: ${ctx.settingsLine}.`));
  return `${lines.join('\n')}\n`;
}

/** `status --json`: the same fields, dates as ISO-8601, absent values as null. */
export function statusJson(rows: readonly StatusRow[]): string {
  const iso = (date: Date | undefined) => date?.toISOString() ?? null;
  return `${JSON.stringify(
    rows.map((row) => ({
      app: row.app,
      owner: row.owner ?? null,
      secret: row.secret,
      secretArn: row.secretArn,
      status: row.status,
      expiresAt: iso(row.expiresAt),
      daysLeft: row.daysLeft ?? null,
      dateSource: row.source ?? null,
      estimated: row.estimated ?? false,
      exactDateCommand: row.estimated ? exactDateCommand(row.secret) : null,
      lastAlert: row.lastAlert ? { severity: row.lastAlert.severity, at: iso(row.lastAlert.at) } : null,
      alertsDue: row.alertsDue,
      nextAlertAt: iso(row.nextAlertAt),
      skipReason: row.skipReason ?? null,
      reasons: row.reasons,
      dateTagErrors: row.dateTagErrors ?? [],
      warnings: row.warnings,
    })),
    null,
    2,
  )}\n`;
}
