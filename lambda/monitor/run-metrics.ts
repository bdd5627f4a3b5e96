import type { BatchingMetrics } from '../runtime/powertools';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { DIMENSION, METRIC } from '../../contract/telemetry';
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

/**
 * What a monitor run emits: the fewest days left per app, the alerts sent per severity, the
 * run's counts and failures, and a heartbeat when nothing failed.
 */
export function emitRunMetrics(
  metrics: BatchingMetrics,
  summary: RunSummary,
  mostUrgentThresholdDays: number,
): void {
  const minDaysByApp = new Map<string, number>();
  for (const report of summary.reports) {
    if (report.daysLeft === undefined) continue;
    const known = minDaysByApp.get(report.app);
    if (known === undefined || report.daysLeft < known) minDaysByApp.set(report.app, report.daysLeft);
  }
  metrics.publishEach(
    METRIC.daysUntilExpiry,
    MetricUnit.Count,
    DIMENSION.app,
    [...minDaysByApp].map(([app, days]) => [dimensionValue(app), days] as const),
  );
  metrics.publishEach(
    METRIC.alertsPublished,
    MetricUnit.Count,
    DIMENSION.severity,
    Object.entries(summary.alertsBySeverity),
  );
  metrics.addMetric(METRIC.credentialsMonitored, MetricUnit.Count, summary.credentials);
  metrics.addMetric(METRIC.credentialsUndetermined, MetricUnit.Count, summary.undetermined);
  const urgent = summary.reports.filter(
    (r) => r.daysLeft !== undefined && r.daysLeft <= mostUrgentThresholdDays,
  );
  metrics.addMetric(METRIC.credentialsUrgent, MetricUnit.Count, urgent.length);
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
