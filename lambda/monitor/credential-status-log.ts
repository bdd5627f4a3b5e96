import { CREDENTIAL_STATUS_LOG } from '../../contract/telemetry';
import { severityBand } from '../domain/severity-band';
import type { LogPort } from '../ports/log';
import type { CredentialReport } from './run-types';

const FIELD = CREDENTIAL_STATUS_LOG.fields;

/**
 * The fields of one credential's status line: what the dashboard's Logs Insights table lists per
 * app. Names and dates only, never a secret value; `owner` only when the report has one.
 */
export function credentialStatusFields(
  report: CredentialReport,
  thresholdsDays: readonly number[],
): Record<string, unknown> {
  return {
    [FIELD.app]: report.app,
    [FIELD.secret]: report.secretName,
    ...(report.owner !== undefined ? { [FIELD.owner]: report.owner } : {}),
    [FIELD.status]: report.status,
    [FIELD.daysLeft]: report.daysLeft,
    [FIELD.expiresAt]: report.expiresAt?.toISOString(),
    [FIELD.source]: report.source,
    [FIELD.band]: severityBand(report.daysLeft, thresholdsDays),
  };
}

/**
 * One INFO line per monitored credential (skipped replicas and pending deletions have their own
 * "Secret skipped" line): the per-app view of every run, at the price of log bytes instead of a
 * custom metric per app.
 */
export function logCredentialStatuses(
  log: LogPort,
  reports: readonly CredentialReport[],
  thresholdsDays: readonly number[],
): void {
  for (const report of reports) {
    if (report.status === 'skipped') continue;
    log.info(CREDENTIAL_STATUS_LOG.message, credentialStatusFields(report, thresholdsDays));
  }
}
