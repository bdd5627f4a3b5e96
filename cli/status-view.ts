import type { LedgerEntry } from '../lambda/domain/ledger-entry';
import type { AlertPolicy } from '../lambda/domain/alert-policy';
import type { DateSource } from '../lambda/domain/expiry';
import { isEstimatedSource } from '../lambda/domain/expiry';
import type { CredentialReport, SkipReason } from '../lambda/monitor/run-monitor';
import type { ExitCode } from './errors';
import { EXIT } from './errors';

/**
 * The status of every monitored credential, as pure data (status-render.ts turns it into text):
 * built from the monitor's dry-run reports plus the ledger as it was before the run (what was
 * really sent).
 */
export interface StatusRow {
  readonly app: string;
  /** The team that owns the app (its `lwa:owner` tag), when the tag names one. */
  readonly owner?: string;
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
    ...(report.owner === undefined ? {} : { owner: report.owner }),
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

/** The rows of one owner's apps (`--owner`); all rows without a filter. */
export function rowsOfOwner(rows: readonly StatusRow[], owner: string | undefined): StatusRow[] {
  return owner === undefined ? [...rows] : rows.filter((row) => row.owner === owner);
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
