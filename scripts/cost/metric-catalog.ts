/**
 * The custom metrics each function emits (EMF, through Powertools), with the dimensions that make
 * one metric distinct from another: CloudWatch bills each distinct (namespace, name, dimensions)
 * combination. Powertools adds the `service` dimension to every one. The handlers' tests check
 * that what each function really emits matches its entry here (test/lambda/<function>/make-handler.test.ts
 * and test/scripts/cost-metric-catalog.test.ts). Not listed: `EventPublishFailures`, which a
 * function writes only in a run in which an event could not be put on the bus (a failure that
 * raises an alarm), so it is billed for a few hours at most in a month with such a failure.
 */
import {
  DIMENSION,
  METRIC,
  METRICS_NAMESPACE,
  LIVE_CHECK_METRIC,
  ROTATION_METRIC,
  WEBHOOK_METRIC,
  NOTIFICATION_METRIC,
} from '../../contract/telemetry';
import type { FunctionKind } from './inventory';

export { METRICS_NAMESPACE };

/**
 * How many distinct metrics one name makes, and when it receives data:
 * - `run`: one metric, every run (or invocation) of the function;
 * - `per-app`: one metric per monitored app, every run;
 * - `on-failure`: one metric, only in an invocation in which that failure happened: billed for
 *   the hours with such a failure, none in a month without (not priced).
 */
export type Cardinality = 'run' | 'per-app' | 'on-failure';

export interface CatalogMetric {
  readonly name: string;
  /** Dimension names, sorted, `service` included. */
  readonly dimensions: readonly string[];
  readonly cardinality: Cardinality;
  /**
   * Emitted only when this opt-in is on: `perAppMetrics`, which the monitor reads from its
   * PER_APP_METRICS environment variable (`true`).
   */
  readonly optIn?: 'perAppMetrics';
}

const service = DIMENSION.service;
const byService = (name: string): CatalogMetric => ({ name, dimensions: [service], cardinality: 'run' });

export const METRIC_CATALOG: Readonly<Record<FunctionKind, readonly CatalogMetric[]>> = {
  monitor: [
    {
      name: METRIC.daysUntilExpiry,
      dimensions: [DIMENSION.app, service],
      cardinality: 'per-app',
      optIn: 'perAppMetrics',
    },
    ...[
      METRIC.minDaysUntilExpiry,
      METRIC.credentialsMonitored,
      METRIC.credentialsUndetermined,
      METRIC.credentialsDue,
      METRIC.credentialsUrgent,
      METRIC.credentialsExpired,
      METRIC.credentialsWithTagProblems,
      METRIC.credentialsEstimated,
      METRIC.publishFailures,
      METRIC.ledgerFailures,
      METRIC.lookupFailures,
      METRIC.ledgerConflicts,
      METRIC.heartbeat,
    ].map(byService),
  ],
  notifications: Object.values(NOTIFICATION_METRIC).map((name) => ({
    name,
    dimensions: [service],
    cardinality: 'on-failure' as const,
  })),
  rotation: [
    ...Object.values(ROTATION_METRIC),
    METRIC.alertsPublished,
    METRIC.publishFailures,
    METRIC.ledgerFailures,
    METRIC.lookupFailures,
  ].map(byService),
  'live-check': [
    ...Object.values(LIVE_CHECK_METRIC),
    METRIC.alertsPublished,
    METRIC.publishFailures,
    METRIC.ledgerFailures,
  ].map(byService),
  webhooks: Object.values(WEBHOOK_METRIC).map(byService),
};

/** The identity CloudWatch gives a metric, as far as names go: name and dimension names. */
export function metricKey(metric: Pick<CatalogMetric, 'name' | 'dimensions'>): string {
  return `${metric.name}{${[...metric.dimensions].sort().join(',')}}`;
}

/** The same key for a metric read back from an EMF record (dimension names and their values). */
export function emittedMetricKey(metric: {
  readonly name: string;
  readonly dimensions: Readonly<Record<string, unknown>>;
}): string {
  return metricKey({ name: metric.name, dimensions: Object.keys(metric.dimensions) });
}
