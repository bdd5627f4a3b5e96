import type { LedgerEntry } from '../lambda/adapters/alert-ledger';
import type { AlertPolicy } from '../lambda/domain/alert-policy';
import type { DateSource } from '../lambda/domain/expiry';
import { EXPIRES_AT_TAG, ROTATED_AT_TAG } from '../lambda/domain/tag-contract';
import type { CredentialReport, SkipReason } from '../lambda/monitor/run-monitor';
import type { ExitCode } from './errors';
import { EXIT } from './errors';
import { formatMinuteUtc, plural, printable, renderTable } from './format';

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
}

const SOURCE_SHORT: Record<DateSource, string> = {
  'expires-at-tag': `tag ${EXPIRES_AT_TAG}`,
  'rotated-at-tag': `tag ${ROTATED_AT_TAG}`,
  'current-version-created': 'AWSCURRENT created',
};

const SKIP_REASON_TEXT: Record<SkipReason, string> = {
  replica: 'skipped: replica of a secret whose primary is in another region (monitored there)',
  'pending-deletion': 'skipped: scheduled for deletion',
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

export function isUrgent(row: StatusRow, policy: AlertPolicy): boolean {
  return row.status === 'dated' && row.daysLeft !== undefined && row.daysLeft <= mostUrgentThreshold(policy);
}

/**
 * 3 when any credential is at or below the most urgent threshold (or expired); else 4 when any
 * expiry is undetermined, or when nothing is monitored at all (a wrong tag key looks exactly
 * like that); else 0.
 */
export function statusExitCode(rows: readonly StatusRow[], policy: AlertPolicy): ExitCode {
  const monitored = rows.filter((row) => row.status !== 'skipped');
  if (monitored.some((row) => isUrgent(row, policy))) return EXIT.urgent;
  if (monitored.length === 0 || monitored.some((row) => row.status === 'undetermined')) return EXIT.attention;
  return EXIT.ok;
}

function daysCell(row: StatusRow): string {
  if (row.status === 'skipped') return '-';
  if (row.daysLeft === undefined) return 'unknown';
  return row.daysLeft <= 0 ? 'expired' : String(row.daysLeft);
}

function lastAlertCell(row: StatusRow): string {
  if (!row.lastAlert) return '-';
  return row.lastAlert.at
    ? `${row.lastAlert.severity} ${formatMinuteUtc(row.lastAlert.at)}`
    : row.lastAlert.severity;
}

function nextAlertCell(row: StatusRow): string {
  if (row.alertsDue.length > 0) return `${row.alertsDue.join('+')} due now`;
  return row.nextAlertAt ? formatMinuteUtc(row.nextAlertAt) : '-';
}

function noteCell(row: StatusRow): string {
  if (row.skipReason) return SKIP_REASON_TEXT[row.skipReason];
  if (row.status === 'undetermined') return row.reasons.join('; ');
  if (row.warnings.length > 0) return `${plural(row.warnings.length, 'tag warning')} below`;
  return '';
}

export const STATUS_HEADERS = [
  'APP',
  'SECRET',
  'EXPIRES (UTC)',
  'DAYS LEFT',
  'DATE SOURCE',
  'LAST ALERT SENT',
  'NEXT ALERT',
  'NOTE',
] as const;

export function statusCells(row: StatusRow): string[] {
  const expires = row.status === 'skipped' ? '-' : row.expiresAt ? formatMinuteUtc(row.expiresAt) : 'unknown';
  return [
    row.app,
    row.secret,
    expires,
    daysCell(row),
    row.source ? SOURCE_SHORT[row.source] : '-',
    lastAlertCell(row),
    nextAlertCell(row),
    noteCell(row),
  ].map(printable);
}

export interface StatusContext {
  readonly policy: AlertPolicy;
  readonly region: string;
  readonly now: Date;
  /** One line describing the settings in force. */
  readonly settingsLine: string;
  readonly tagKey: string;
}

/** The whole `status` text: table, tag warnings, summary. */
export function renderStatus(rows: readonly StatusRow[], ctx: StatusContext): string {
  const monitored = rows.filter((row) => row.status !== 'skipped');
  const lines: string[] = [];
  if (rows.length === 0) {
    lines.push(
      `No secret in ${ctx.region} carries the tag ${JSON.stringify(ctx.tagKey)}: nothing is monitored.`,
      `Check the tag key on your secrets (or pass --tag-key), and the AWS region and account.`,
    );
  } else {
    lines.push(renderTable(STATUS_HEADERS, rows.map(statusCells)));
    const warned = rows.filter((row) => row.warnings.length > 0);
    if (warned.length > 0) {
      lines.push('', 'Tag warnings:');
      for (const row of warned) {
        for (const warning of row.warnings) lines.push(printable(`  ${row.secret} (${row.app}): ${warning}`));
      }
    }
    lines.push('');
    const urgent = monitored.filter((row) => isUrgent(row, ctx.policy)).length;
    const unknown = monitored.filter((row) => row.status === 'undetermined').length;
    const skipped = rows.length - monitored.length;
    const details = [
      `${urgent} at or below ${plural(mostUrgentThreshold(ctx.policy), 'day')} or expired`,
      `${unknown} with an unknown expiry`,
      ...(skipped > 0 ? [`${skipped} skipped`] : []),
    ];
    lines.push(
      `${plural(monitored.length, 'credential')} monitored in ${ctx.region} at ${formatMinuteUtc(ctx.now)} UTC: ${details.join(', ')}.`,
    );
    if (monitored.length === 0) {
      lines.push('Nothing is monitored in this region: every tagged secret was skipped.');
    }
  }
  lines.push(`Settings: ${ctx.settingsLine}.`);
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
      lastAlert: row.lastAlert ? { severity: row.lastAlert.severity, at: iso(row.lastAlert.at) } : null,
      alertsDue: row.alertsDue,
      nextAlertAt: iso(row.nextAlertAt),
      skipReason: row.skipReason ?? null,
      reasons: row.reasons,
      warnings: row.warnings,
    })),
    null,
    2,
  )}\n`;
}
