import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { SERVICE_NAME } from '../../contract/telemetry';
import { MONITOR_ENV } from '../../contract/environment';
import type { Assumptions } from './estimate';
import type { FunctionInfo, FunctionKind, Inventory } from './inventory';
import type { CatalogMetric } from './metric-catalog';
import { METRICS_NAMESPACE, METRIC_CATALOG, metricKey } from './metric-catalog';
import type { ScheduleRate } from './schedule';
import { DAYS_PER_MONTH, HOURS_PER_MONTH, scheduleRate } from './schedule';

/**
 * The monthly usage of the functions for N apps (runs, GB-seconds, log bytes, metrics) and of
 * the services they call: the totals, the fleet's figures every step shares, and the helpers of
 * the steps (usage-by-kind.ts has one step per function kind).
 */

/** Lambda's SQS pollers: five, and as few as two on a quiet queue unless a maximum concurrency is set. */
export const POLLERS_WITH_MAXIMUM_CONCURRENCY = 5;
export const POLLERS_WITHOUT = 2;
const DEFAULT_CYCLE_DAYS = 180;
export const SECRETS_PAGE = 100;
export const SCAN_UNIT_BYTES = 4096;
const RESOLVED = 'resolved';

/** Bytes of one EMF document as Powertools writes it: the real serializer, not a guess. */
export function emfDocumentBytes(
  names: readonly string[],
  dimensions: Readonly<Record<string, string>> = {},
): number {
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
  for (const [name, value] of Object.entries(dimensions)) metrics.addDimension(name, value);
  for (const name of names) metrics.addMetric(name, MetricUnit.Count, 1);
  return Buffer.byteLength(JSON.stringify(metrics.serializeMetrics())) + 1;
}

export interface FunctionUsage {
  invocations: number;
  gbSeconds: number;
  traced: number;
  logBytes: number;
  /** Hours per month in which the function emits its per-run metrics. */
  metricHours: number;
}

export interface Usage {
  readonly functions: Map<FunctionInfo, FunctionUsage>;
  readonly metricMonths: Map<string, { months: number; line: MetricLine }>;
  publishes: number;
  emails: number;
  sms: number;
  sqsRequests: number;
  kmsRequests: number;
  dynamoReads: number;
  dynamoWrites: number;
  secretsManagerCalls: number;
  scheduledRuns: number;
}

export function scheduleOf(fn: FunctionInfo, notes: string[]): ScheduleRate {
  const expression = fn.schedules[0];
  const rate = expression === undefined ? undefined : scheduleRate(expression);
  if (rate) return rate;
  notes.push(
    `${fn.logicalId}: schedule ${expression ?? '(none)'} could not be read; priced as hourly (730 runs a month)`,
  );
  return { runsPerMonth: HOURS_PER_MONTH, activeHoursPerMonth: HOURS_PER_MONTH };
}

export function durationMs(fn: FunctionInfo, ms: number): number {
  return Math.min(ms, fn.timeoutSeconds * 1000);
}

/** The monitor's alert severities from its THRESHOLDS_DAYS, and the resolved alert after a rotation. */
function alertSeverities(inventory: Inventory): string[] {
  const monitor = inventory.functions.find((f) => f.kind === 'monitor');
  const raw = monitor?.environment[MONITOR_ENV.thresholdsDays];
  const days = (raw ?? '30,7,1')
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '');
  return [...days.map((d) => `${d}-day`), RESOLVED];
}

function cycleDays(inventory: Inventory): number {
  const monitor = inventory.functions.find((f) => f.kind === 'monitor');
  const raw = Number(monitor?.environment[MONITOR_ENV.windowDays]);
  return Number.isFinite(raw) && raw > 0 ? raw : DEFAULT_CYCLE_DAYS;
}

/**
 * Which line of the bill a metric is on: `runs`, emitted by every scheduled run whatever the
 * number of apps; `events`, emitted in the hours with an alert or a notification (more such hours
 * with more apps, at most every hour); `perApp`, one metric per app (the perAppMetrics opt-in).
 */
export type MetricLine = 'runs' | 'events' | 'perApp';

export function addMetricMonths(
  usage: Usage,
  metric: CatalogMetric,
  count: number,
  hours: number,
  line: MetricLine,
): void {
  if (count <= 0 || hours <= 0) return;
  const key = metricKey(metric);
  const known = usage.metricMonths.get(key) ?? { months: 0, line };
  // A metric that two functions emit (AlertsPublished{service} from rotation and the live check)
  // is billed once per hour; adding their hours is an upper bound, capped at the whole month.
  known.months = Math.min(count, known.months + (count * hours) / HOURS_PER_MONTH);
  usage.metricMonths.set(key, known);
}

/** What every step shares: the fleet's figures for the month, the totals they add to, the notes. */
export interface Fleet {
  readonly apps: number;
  readonly a: Assumptions;
  readonly secrets: number;
  readonly cyclesPerMonth: number;
  readonly severities: readonly string[];
  readonly alertsPerSeverity: number;
  readonly alertsPerMonth: number;
  /** ListSecrets pages of one pass over the secrets. */
  readonly pages: number;
  /** The topic the monitor publishes its alerts to (the operator topic gets only alarm changes). */
  readonly alertTopics: ReadonlySet<string>;
  readonly usage: Usage;
  readonly notes: string[];
}

export function fleetOf(inventory: Inventory, apps: number, a: Assumptions, notes: string[]): Fleet {
  const secrets = apps * a.secretsPerApp;
  const severities = alertSeverities(inventory);
  const cyclesPerMonth = DAYS_PER_MONTH / cycleDays(inventory);
  const alertsPerSeverity = secrets * cyclesPerMonth;
  return {
    apps,
    a,
    secrets,
    cyclesPerMonth,
    severities,
    alertsPerSeverity,
    alertsPerMonth: alertsPerSeverity * severities.length,
    pages: Math.max(1, Math.ceil(secrets / SECRETS_PAGE)),
    alertTopics: new Set(
      inventory.functions
        .filter((fn) => fn.kind === 'monitor')
        .map((fn) => fn.environmentRefs[MONITOR_ENV.topicArn])
        .filter((id): id is string => id !== undefined),
    ),
    usage: {
      functions: new Map(),
      metricMonths: new Map(),
      publishes: 0,
      emails: 0,
      sms: 0,
      sqsRequests: 0,
      kmsRequests: 0,
      dynamoReads: 0,
      dynamoWrites: 0,
      secretsManagerCalls: 0,
      scheduledRuns: 0,
    },
    notes,
  };
}

export function recordRun(
  f: Fleet,
  fn: FunctionInfo,
  invocations: number,
  ms: number,
  logBytes: number,
  metricHours: number,
): void {
  const seconds = durationMs(fn, f.a.coldStartMs + ms) / 1000;
  f.usage.functions.set(fn, {
    invocations,
    gbSeconds: (invocations * seconds * fn.memoryMb) / 1024,
    traced: fn.tracing ? invocations : 0,
    logBytes: invocations * (f.a.platformLogBytes + logBytes),
    metricHours,
  });
}

export function emitRunMetrics(f: Fleet, kind: FunctionKind, hours: number, line: MetricLine): void {
  for (const metric of METRIC_CATALOG[kind]) {
    if (metric.cardinality === 'run') addMetricMonths(f.usage, metric, 1, hours, line);
  }
}
