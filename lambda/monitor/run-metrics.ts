import type { BatchingMetrics } from '../runtime/powertools';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { DIMENSION, METRIC } from '../../contract/telemetry';
import { EXPIRED_LEVEL } from '../domain/alert-policy';
import { isEstimatedSource } from '../domain/expiry';
import { runFailed } from './run-summary';
import type { RunSummary } from './run-types';

/** CloudWatch dimension values are printable ASCII, at most 1024 characters. */
export function dimensionValue(app: string): string {
  const ascii = app
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '?')
    .trim()
    .slice(0, 255);
  return ascii === '' ? '?' : ascii;
}

/** What the run's metrics need to know beyond the run itself. */
export interface RunMetricsOptions {
  /** The alert thresholds, in days: the least urgent bounds `CredentialsDue`, the most urgent `CredentialsUrgent`. */
  readonly thresholdsDays: readonly number[];
  /** Also emit `DaysUntilExpiry` per app: one custom metric per app (the `perAppMetrics` opt-in). */
  readonly perAppMetrics: boolean;
}

/**
 * What a monitor run emits: the fewest days left of any credential, the credentials counted by
 * band (due, urgent, expired, undetermined), the run's counts and failures, and a heartbeat when
 * nothing failed: the same metrics every run, none with an `app` dimension, so the bill is the
 * same for 10 apps and 10,000; `DaysUntilExpiry` per app only with the opt-in. The alerts sent
 * are counted from their log lines (ALERT_PUBLISHED_LOG), not by a metric per severity: that one
 * would exist, and be billed, in every hour with such an alert, which is every hour with enough apps.
 */
export function emitRunMetrics(
  metrics: BatchingMetrics,
  summary: RunSummary,
  options: RunMetricsOptions,
): void {
  const dated = summary.reports.filter((r): r is typeof r & { daysLeft: number } => r.daysLeft !== undefined);
  if (options.perAppMetrics) emitDaysLeftPerApp(metrics, dated);
  // No credential dated, no fewest days left: a missing value, never a made-up one.
  if (dated.length > 0) {
    metrics.addMetric(
      METRIC.minDaysUntilExpiry,
      MetricUnit.Count,
      dated.reduce((fewest, r) => Math.min(fewest, r.daysLeft), Infinity),
    );
  }
  metrics.addMetric(METRIC.credentialsMonitored, MetricUnit.Count, summary.credentials);
  metrics.addMetric(METRIC.credentialsUndetermined, MetricUnit.Count, summary.undetermined);
  const within = (days: number) => dated.filter((r) => r.daysLeft <= days).length;
  metrics.addMetric(METRIC.credentialsDue, MetricUnit.Count, within(Math.max(...options.thresholdsDays)));
  metrics.addMetric(METRIC.credentialsUrgent, MetricUnit.Count, within(Math.min(...options.thresholdsDays)));
  metrics.addMetric(METRIC.credentialsExpired, MetricUnit.Count, within(EXPIRED_LEVEL));
  metrics.addMetric(METRIC.credentialsWithTagProblems, MetricUnit.Count, summary.withWarnings);
  const estimated = summary.reports.filter(
    (r) => r.status === 'dated' && r.source !== undefined && isEstimatedSource(r.source),
  );
  metrics.addMetric(METRIC.credentialsEstimated, MetricUnit.Count, estimated.length);
  metrics.addMetric(METRIC.publishFailures, MetricUnit.Count, summary.publishFailures);
  metrics.addMetric(METRIC.ledgerFailures, MetricUnit.Count, summary.ledgerFailures);
  metrics.addMetric(METRIC.lookupFailures, MetricUnit.Count, summary.lookupFailures);
  metrics.addMetric(METRIC.ledgerConflicts, MetricUnit.Count, summary.conflicts);
  if (!runFailed(summary)) metrics.addMetric(METRIC.heartbeat, MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
}

/** `DaysUntilExpiry` per app: the fewest days left of each app's secrets, one document per app. */
function emitDaysLeftPerApp(
  metrics: BatchingMetrics,
  dated: readonly { readonly app: string; readonly daysLeft: number }[],
): void {
  const minDaysByApp = new Map<string, number>();
  for (const report of dated) {
    const known = minDaysByApp.get(report.app);
    if (known === undefined || report.daysLeft < known) minDaysByApp.set(report.app, report.daysLeft);
  }
  metrics.publishEach(
    METRIC.daysUntilExpiry,
    MetricUnit.Count,
    DIMENSION.app,
    [...minDaysByApp].map(([app, days]) => [dimensionValue(app), days] as const),
  );
}
