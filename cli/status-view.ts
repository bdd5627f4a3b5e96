import type { LedgerEntry } from '../lambda/domain/ledger-entry';
import type { AlertPolicy } from '../lambda/domain/alert-policy';
import type { DateSource } from '../lambda/domain/expiry';
import { exactDateCommand, isEstimatedSource } from '../lambda/domain/expiry';
import { EXPIRES_AT_TAG, ROTATED_AT_TAG } from '../contract/tags';
import type { CredentialReport, SkipReason } from '../lambda/monitor/run-monitor';
import type { ExitCode } from './errors';
import { EXIT } from './errors';
import { commandLines, formatMinuteUtc, plural, printable, renderTableOrBlocks, wrapLine } from './format';

/**
 * The status of every monitored credential, as pure data and text: built from the monitor's
 * dry-run reports plus the ledger as it was before the run (what was really sent).
 */
export interface StatusRow {
  readonly app: string;
  readonly secret: string;
  readonly secretArn: string;
  readonly status: CredentialReport['status'];
  readonly expiresAt?: Date;
  readonly daysLeft?: number;
  readonly source?: DateSource;
  /** Most urgent alert sent for the current expiry cycle (or the "undetermined" alert). */
  readonly lastAlert?: { readonly severity: string; readonly at?: Date };
  /** Alerts the monitor would send on its next run: due already. */
  readonly alertsDue: readonly string[];
  /** When the next alert becomes due, if none is due already. */
  readonly nextAlertAt?: Date;
  readonly skipReason?: SkipReason;
  readonly reasons: readonly string[];
  readonly warnings: readonly string[];
  /** Dated from the AWSCURRENT version's creation: the days left are an estimate. */
  readonly estimated?: boolean;
  /** Date tags given but unusable: the date shown is not the one the owner gave. */
  readonly dateTagErrors?: readonly string[];
}

const SOURCE_SHORT: Record<DateSource, string> = {
  'expires-at-tag': EXPIRES_AT_TAG,
  'rotated-at-tag': ROTATED_AT_TAG,
  'current-version-created': 'estimate',
};

const SKIP_REASON_TEXT: Record<SkipReason, string> = {
  replica: 'replica of a secret whose primary is in another region (monitored there)',
  'pending-deletion': 'scheduled for deletion',
};

function optionalDate(iso: string | undefined): Date | undefined {
  if (iso === undefined) return undefined;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The alert really sent for this report's cycle, read from the ledger entry before the run. */
function lastAlertOf(report: CredentialReport, entry: LedgerEntry | undefined): StatusRow['lastAlert'] {
  const state = entry?.alertState;
  if (!state) return undefined;
  if (report.status === 'undetermined') {
    return state.undeterminedAlertedAt === undefined
      ? undefined
      : { severity: 'undetermined', at: optionalDate(state.undeterminedAlertedAt) };
  }
  const cycle = state.cycle;
  if (report.expiresAt === undefined || cycle?.expiresAt !== report.expiresAt.toISOString()) return undefined;
  if (cycle.alertedDays === undefined) return undefined;
  return {
    severity: cycle.alertedDays === 0 ? 'expired' : `${cycle.alertedDays}-day`,
    at: optionalDate(cycle.lastAlertAt),
  };
}

export function toStatusRow(report: CredentialReport, entry: LedgerEntry | undefined): StatusRow {
  return {
    app: report.app,
    secret: report.secretName,
    secretArn: report.secretArn,
    status: report.status,
    expiresAt: report.expiresAt,
    daysLeft: report.daysLeft,
    source: report.source,
    lastAlert: lastAlertOf(report, entry),
    alertsDue: [...report.alerts],
    // With an alert due, the report's next date is the one after it; the due one comes first.
    nextAlertAt: report.alerts.length > 0 ? undefined : report.nextAlertAt,
    skipReason: report.skipReason,
    reasons: [...report.reasons],
    warnings: [...report.warnings],
    estimated: report.status === 'dated' && report.source !== undefined && isEstimatedSource(report.source),
    dateTagErrors: [...(report.dateTagErrors ?? [])],
  };
}

const STATUS_ORDER: Record<StatusRow['status'], number> = { dated: 0, undetermined: 1, skipped: 2 };

/** Soonest expiry first; then the credentials without a date; skipped secrets last. */
export function sortRows(rows: readonly StatusRow[]): StatusRow[] {
  return [...rows].sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      (a.expiresAt?.getTime() ?? 0) - (b.expiresAt?.getTime() ?? 0) ||
      a.app.localeCompare(b.app) ||
      a.secret.localeCompare(b.secret),
  );
}

export function mostUrgentThreshold(policy: AlertPolicy): number {
  return Math.min(...policy.thresholdsDays);
}

/** At or below `withinDays` (by default the most urgent threshold), or expired. */
export function isUrgent(row: StatusRow, policy: AlertPolicy, withinDays?: number): boolean {
  const limit = withinDays ?? mostUrgentThreshold(policy);
  return row.status === 'dated' && row.daysLeft !== undefined && row.daysLeft <= limit;
}

function hasDateTagError(row: StatusRow): boolean {
  return (row.dateTagErrors?.length ?? 0) > 0;
}

/**
 * 3 when any credential is at or below the most urgent threshold (or `--fail-within` days), or
 * expired; else 4 when any expiry is undetermined or a date tag is unusable, or when nothing is
 * monitored at all (a wrong tag key looks exactly like that); else 0.
 */
export function statusExitCode(
  rows: readonly StatusRow[],
  policy: AlertPolicy,
  withinDays?: number,
): ExitCode {
  const monitored = rows.filter((row) => row.status !== 'skipped');
  if (monitored.some((row) => isUrgent(row, policy, withinDays))) return EXIT.urgent;
  if (
    monitored.length === 0 ||
    monitored.some((row) => row.status === 'undetermined' || hasDateTagError(row))
  ) {
    return EXIT.attention;
  }
  return EXIT.ok;
}

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

export function statusCells(row: StatusRow): string[] {
  const expires = row.status === 'skipped' ? '-' : row.expiresAt ? formatMinuteUtc(row.expiresAt) : 'unknown';
  const source = row.status === 'skipped' ? 'skipped' : row.source ? SOURCE_SHORT[row.source] : '-';
  return [row.app, row.secret, expires, daysCell(row), source, nextAlertCell(row)].map(printable);
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

/** The whole `status` text: table, errors, estimates, warnings, alerts sent, summary; 100 columns. */
export function renderStatus(rows: readonly StatusRow[], ctx: StatusContext): string {
  const monitored = rows.filter((row) => row.status !== 'skipped');
  const lines: string[] = [];
  if (rows.length === 0) {
    lines.push(
      `No secret in ${ctx.region} carries the tag ${JSON.stringify(ctx.tagKey)}: nothing is monitored.`,
      'Check the tag key on your secrets (or pass --tag-key), and the AWS region and account;',
      'lwa-expiry adopt lists the secrets that look like LWA credentials and tags them.',
    );
  } else {
    lines.push(renderTableOrBlocks(STATUS_HEADERS, rows.map(statusCells)));
    const errors = rows.flatMap((row) => [
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
    lines.push(...section('Errors:', errors));
    const estimated = rows.filter((row) => row.estimated);
    if (estimated.length > 0) {
      lines.push(
        '',
        ...wrapLine(
          `Estimated (~): dated from the creation of the AWSCURRENT version, which any new version restarts ` +
            '(storing a new refresh token, for example). Make each exact with the expiry the Developer Console shows:',
          undefined,
          '',
        ),
        ...estimated.flatMap((row) => commandLines(printable(exactDateCommand(row.secret)))),
      );
    }
    const dateTagErrorSet = new Set(rows.flatMap((row) => row.dateTagErrors ?? []));
    lines.push(
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
    );
    lines.push('');
    const within = ctx.failWithinDays ?? mostUrgentThreshold(ctx.policy);
    const urgent = monitored.filter((row) => isUrgent(row, ctx.policy, ctx.failWithinDays)).length;
    const unknown = monitored.filter((row) => row.status === 'undetermined').length;
    const skipped = rows.length - monitored.length;
    const details = [
      `${urgent} at or below ${plural(within, 'day')} or expired`,
      `${unknown} with an unknown expiry`,
      ...(estimated.length > 0 ? [`${estimated.length} estimated`] : []),
      ...(errors.length > 0 ? [plural(errors.length, 'error')] : []),
      ...(skipped > 0 ? [`${skipped} skipped`] : []),
    ];
    lines.push(
      ...wrapLine(
        `${plural(monitored.length, 'credential')} monitored in ${ctx.region} at ${formatMinuteUtc(ctx.now)} UTC: ${details.join(', ')}.`,
        undefined,
        '',
      ),
    );
    if (monitored.length === 0) {
      lines.push('Nothing is monitored in this region: every tagged secret was skipped.');
    }
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
