/**
 * The monthly bill of a synthesized stack for N monitored apps: what the template deploys
 * (inventory.ts), what each function emits (metric-catalog.ts), how often it runs (schedule.ts),
 * and the usage assumptions below, priced with prices.ts. Pure functions: no AWS call, no clock.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DIMENSION, METRIC, SERVICE_NAME } from '../../contract/telemetry';
import { MONITOR_ENV } from '../../contract/environment';
import type { FunctionInfo, FunctionKind, Inventory } from './inventory';
import type { CatalogMetric } from './metric-catalog';
import { METRICS_NAMESPACE, METRIC_CATALOG, metricKey } from './metric-catalog';
import type { MeterName, PriceTier } from './prices';
import { FREE_ALLOWANCES, METERS } from './prices';
import type { ScheduleRate } from './schedule';
import { HOURS_PER_MONTH, scheduleRate } from './schedule';

const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;
const MINUTES_PER_MONTH = HOURS_PER_MONTH * 60;

export interface Assumption {
  readonly value: number;
  readonly unit: string;
  readonly why: string;
}

/**
 * What the template cannot say: how the stack is used. Each figure is printed with the estimate;
 * change them here (or copy the script) to price another usage.
 */
export const ASSUMPTIONS = {
  secretsPerApp: { value: 1, unit: 'secret', why: "each app's LWA credentials are one secret" },
  appNameLength: {
    value: 24,
    unit: 'characters',
    why: 'length of an app name, the per-app metric dimension',
  },
  ledgerItemBytes: { value: 400, unit: 'bytes', why: "one ledger item per secret (the monitor's record)" },
  coldStartMs: {
    value: 500,
    unit: 'ms',
    why: 'every invocation starts a new execution environment (hourly or rarer: none is kept warm); the INIT phase is billed',
  },
  monitorBaseMs: {
    value: 400,
    unit: 'ms',
    why: 'a monitor run with nothing due: the ListSecrets pages and the ledger Scan, in parallel',
  },
  monitorMsPerSecret: {
    value: 0.3,
    unit: 'ms',
    why: 'per monitored secret, as `npm run bench` measures a steady-state run (2.9 s for 10,000 at 20 ms per AWS call)',
  },
  automationBaseMs: { value: 500, unit: 'ms', why: 'a rotation or live-check run with nothing to do' },
  liveCheckMsPerSecret: {
    value: 600,
    unit: 'ms',
    why: 'per opted-in secret: a token request to LWA and one SP-API call (capped at the function timeout)',
  },
  intakeMs: {
    value: 1500,
    unit: 'ms',
    why: 'one Amazon notification handled (the secret found, tagged or verified)',
  },
  webhookMs: { value: 1000, unit: 'ms', why: 'one alert posted to the configured webhooks' },
  optedInShare: {
    value: 1,
    unit: 'share of apps',
    why: 'apps the live check and rotation act on when their scope is "tagged" (1 = all: an upper bound)',
  },
  notificationsPerCycle: {
    value: 2,
    unit: 'per app per cycle',
    why: "Amazon's expiry notice and the new secret's notification",
  },
  notificationOutcomes: {
    value: 2,
    unit: 'pairs',
    why: '(notification type, outcome) pairs seen in a month: one NotificationsProcessed metric each',
  },
  platformLogBytes: {
    value: 350,
    unit: 'bytes',
    why: "Lambda's START, END and REPORT lines of one invocation",
  },
  runLogBytes: {
    value: 1500,
    unit: 'bytes',
    why: "a run's summary log line (monitor, rotation, live check)",
  },
  alertLogBytes: { value: 400, unit: 'bytes', why: 'the "Alert published" log line of one alert' },
  invocationLogBytes: {
    value: 2000,
    unit: 'bytes',
    why: 'log lines of one notification or webhook invocation',
  },
  logCompression: {
    value: 0.15,
    unit: 'stored / ingested',
    why: 'CloudWatch Logs bills stored logs gzip-compressed; JSON lines compress to about this',
  },
  sqsPollsPerMinute: { value: 3, unit: 'per poller', why: "Lambda's 20-second long polls of an empty queue" },
  kmsRequestsPerMessage: {
    value: 2,
    unit: 'requests',
    why: 'per encrypted message (a data key to encrypt, a decrypt to deliver): an upper bound, as keys are reused',
  },
} as const satisfies Record<string, Assumption>;
export type Assumptions = { readonly [K in keyof typeof ASSUMPTIONS]: number };
export const DEFAULT_ASSUMPTIONS: Assumptions = Object.fromEntries(
  Object.entries(ASSUMPTIONS).map(([key, a]) => [key, a.value]),
) as Assumptions;

/** Lambda's SQS pollers: five, and as few as two on a quiet queue unless a maximum concurrency is set. */
const POLLERS_WITH_MAXIMUM_CONCURRENCY = 5;
const POLLERS_WITHOUT = 2;
const DEFAULT_CYCLE_DAYS = 180;
const SECRETS_PAGE = 100;
const SCAN_UNIT_BYTES = 4096;
const RESOLVED = 'resolved';

export interface LineItem {
  readonly label: string;
  readonly meter: MeterName;
  /** Per month, in the meter's unit. */
  readonly quantity: number;
}

export interface PricedItem extends LineItem {
  readonly listUsd: number;
  readonly freeTierUsd: number;
}

export interface Estimate {
  readonly apps: number;
  readonly items: readonly PricedItem[];
  readonly totalListUsd: number;
  readonly totalFreeTierUsd: number;
}

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

function cost(tiers: readonly PriceTier[], alreadyBilled: number, quantity: number): number {
  let total = 0;
  let position = alreadyBilled;
  let left = quantity;
  for (const tier of tiers) {
    if (left <= 0) break;
    const room = (tier.upTo ?? Infinity) - position;
    if (room <= 0) continue;
    const here = Math.min(room, left);
    total += here * tier.price;
    position += here;
    left -= here;
  }
  return total;
}

/**
 * Prices line items in order: items of one meter climb its price tiers together (free units
 * count towards the tiers too), and a Free Tier allowance is used by the first items that draw
 * on it (with `freeTier` false, by none).
 */
export function priceItems(items: readonly LineItem[], freeTier: boolean): number[] {
  const used = new Map<MeterName, number>();
  const freeLeft = new Map<string, number>(Object.entries(FREE_ALLOWANCES));
  return items.map((item) => {
    const meter = METERS[item.meter];
    const allowance: string | undefined = 'freeAllowance' in meter ? meter.freeAllowance : undefined;
    const free = freeTier && allowance ? Math.min(freeLeft.get(allowance) ?? 0, item.quantity) : 0;
    if (allowance && free > 0) freeLeft.set(allowance, (freeLeft.get(allowance) ?? 0) - free);
    const before = used.get(item.meter) ?? 0;
    used.set(item.meter, before + item.quantity);
    return cost(meter.tiers, before + free, item.quantity - free);
  });
}

/** What the estimate had to assume or leave out for this template, in words. */
export interface Caveats {
  readonly notes: readonly string[];
}

interface FunctionUsage {
  invocations: number;
  gbSeconds: number;
  traced: number;
  logBytes: number;
  /** Hours per month in which the function emits its per-run metrics. */
  metricHours: number;
}

interface Usage {
  readonly functions: Map<FunctionInfo, FunctionUsage>;
  readonly metricMonths: Map<string, { months: number; perApp: boolean }>;
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

function scheduleOf(fn: FunctionInfo, notes: string[]): ScheduleRate {
  const expression = fn.schedules[0];
  const rate = expression === undefined ? undefined : scheduleRate(expression);
  if (rate) return rate;
  notes.push(
    `${fn.logicalId}: schedule ${expression ?? '(none)'} could not be read; priced as hourly (730 runs a month)`,
  );
  return { runsPerMonth: HOURS_PER_MONTH, activeHoursPerMonth: HOURS_PER_MONTH };
}

function durationMs(fn: FunctionInfo, ms: number): number {
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

function addMetricMonths(
  usage: Usage,
  metric: CatalogMetric,
  count: number,
  hours: number,
  perApp = false,
): void {
  if (count <= 0 || hours <= 0) return;
  const key = metricKey(metric);
  const known = usage.metricMonths.get(key) ?? { months: 0, perApp };
  // A metric that two functions emit (AlertsPublished{service} from rotation and the live check)
  // is billed once per hour; adding their hours is an upper bound, capped at the whole month.
  known.months = Math.min(count, known.months + (count * hours) / HOURS_PER_MONTH);
  usage.metricMonths.set(key, known);
}

/** Usage of each function for `apps` apps, from its kind, schedule, sources and the assumptions. */
function usageOf(inventory: Inventory, apps: number, a: Assumptions, notes: string[]): Usage {
  const usage: Usage = {
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
  };
  const secrets = apps * a.secretsPerApp;
  const cyclesPerMonth = DAYS_PER_MONTH / cycleDays(inventory);
  const severities = alertSeverities(inventory);
  const alertsPerSeverity = secrets * cyclesPerMonth;
  const alertsPerMonth = alertsPerSeverity * severities.length;
  const pages = Math.max(1, Math.ceil(secrets / SECRETS_PAGE));
  // The topic the monitor publishes its alerts to (the operator topic gets only alarm changes).
  const alertTopics = new Set(
    inventory.functions
      .filter((f) => f.kind === 'monitor')
      .map((f) => f.environmentRefs[MONITOR_ENV.topicArn])
      .filter((id): id is string => id !== undefined),
  );

  const run = (fn: FunctionInfo, invocations: number, ms: number, logBytes: number, metricHours: number) => {
    const seconds = durationMs(fn, a.coldStartMs + ms) / 1000;
    usage.functions.set(fn, {
      invocations,
      gbSeconds: (invocations * seconds * fn.memoryMb) / 1024,
      traced: fn.tracing ? invocations : 0,
      logBytes: invocations * (a.platformLogBytes + logBytes),
      metricHours,
    });
  };
  const emitRunMetrics = (kind: FunctionKind, hours: number) => {
    for (const metric of METRIC_CATALOG[kind]) {
      if (metric.cardinality === 'run') addMetricMonths(usage, metric, 1, hours);
    }
  };

  for (const fn of inventory.functions) {
    switch (fn.kind) {
      case 'monitor': {
        const rate = scheduleOf(fn, notes);
        usage.scheduledRuns += rate.runsPerMonth;
        const runDocument = emfDocumentBytes(
          METRIC_CATALOG.monitor.filter((m) => m.cardinality === 'run').map((m) => m.name),
        );
        const appDocument = emfDocumentBytes([METRIC.daysUntilExpiry], {
          [DIMENSION.app]: 'a'.repeat(a.appNameLength),
        });
        const severityDocument = emfDocumentBytes([METRIC.alertsPublished], {
          [DIMENSION.severity]: '30-day',
        });
        run(
          fn,
          rate.runsPerMonth,
          a.monitorBaseMs + a.monitorMsPerSecret * secrets,
          a.runLogBytes + runDocument + apps * appDocument,
          rate.activeHoursPerMonth,
        );
        usage.functions.get(fn)!.logBytes += alertsPerMonth * (a.alertLogBytes + severityDocument);
        emitRunMetrics('monitor', rate.activeHoursPerMonth);
        for (const metric of METRIC_CATALOG.monitor) {
          if (metric.cardinality === 'per-app')
            addMetricMonths(usage, metric, apps, rate.activeHoursPerMonth, true);
          if (metric.cardinality === 'per-alert-severity') {
            // Each severity's metric exists in the hours with such an alert: at most one hour per alert.
            const hours = Math.min(rate.activeHoursPerMonth, alertsPerSeverity);
            for (const severity of severities)
              addMetricMonths(usage, { ...metric, name: `${metric.name}/${severity}` }, 1, hours);
          }
        }
        usage.publishes += alertsPerMonth;
        usage.dynamoReads +=
          rate.runsPerMonth * Math.max(1, Math.ceil((secrets * a.ledgerItemBytes) / SCAN_UNIT_BYTES));
        // A run that alerts takes and releases the run lease, and records each alert.
        usage.dynamoWrites += alertsPerMonth + 2 * Math.min(rate.runsPerMonth, alertsPerMonth);
        // ListSecrets pages every run; ListSecretVersionIds once per rotation for a version-dated secret.
        usage.secretsManagerCalls += rate.runsPerMonth * pages + secrets * cyclesPerMonth;
        break;
      }
      case 'notifications': {
        const invocations = secrets * a.notificationsPerCycle * cyclesPerMonth;
        const hours = Math.min(HOURS_PER_MONTH, invocations);
        run(fn, invocations, a.intakeMs, a.invocationLogBytes, hours);
        emitRunMetrics('notifications', hours);
        for (const metric of METRIC_CATALOG.notifications) {
          if (metric.cardinality === 'per-notification-outcome')
            addMetricMonths(usage, metric, a.notificationOutcomes, hours);
        }
        for (const source of fn.sqsSources) {
          const pollers =
            source.maximumConcurrency !== undefined ? POLLERS_WITH_MAXIMUM_CONCURRENCY : POLLERS_WITHOUT;
          usage.sqsRequests += pollers * a.sqsPollsPerMinute * MINUTES_PER_MONTH;
        }
        // Amazon's send, Lambda's receive and delete, per notification.
        usage.sqsRequests += invocations * 3;
        usage.kmsRequests += invocations * a.kmsRequestsPerMessage;
        usage.dynamoReads += invocations;
        usage.dynamoWrites += invocations * 2;
        usage.secretsManagerCalls += invocations * 2;
        break;
      }
      case 'rotation':
      case 'live-check': {
        const rate = scheduleOf(fn, notes);
        usage.scheduledRuns += rate.runsPerMonth;
        const optedIn = secrets * a.optedInShare;
        const ms =
          fn.kind === 'live-check'
            ? a.automationBaseMs + a.liveCheckMsPerSecret * optedIn
            : a.automationBaseMs + a.monitorMsPerSecret * secrets;
        if (fn.kind === 'live-check' && a.coldStartMs + ms > fn.timeoutSeconds * 1000) {
          notes.push(
            `${fn.logicalId}: checking ${Math.round(optedIn)} secrets would take longer than its ${fn.timeoutSeconds} s timeout; priced at the timeout (it defers the rest)`,
          );
        }
        run(fn, rate.runsPerMonth, ms, a.runLogBytes, rate.activeHoursPerMonth);
        emitRunMetrics(fn.kind, rate.activeHoursPerMonth);
        if (fn.kind === 'live-check') {
          // The secret value of each opted-in secret, and its ledger state, every run.
          usage.secretsManagerCalls += rate.runsPerMonth * (pages + optedIn);
          usage.dynamoReads += rate.runsPerMonth * optedIn;
        } else {
          // A due secret's value and its claim, once per cycle.
          usage.secretsManagerCalls += rate.runsPerMonth * pages + optedIn * cyclesPerMonth;
          usage.dynamoReads += optedIn * cyclesPerMonth;
          usage.dynamoWrites += optedIn * cyclesPerMonth;
        }
        break;
      }
      case 'webhooks': {
        const fromTopics = fn.topics.some((t) => alertTopics.has(t)) ? alertsPerMonth : 0;
        const hours = Math.min(HOURS_PER_MONTH, fromTopics);
        run(fn, fromTopics, a.webhookMs, a.invocationLogBytes, hours);
        emitRunMetrics('webhooks', hours);
        // The webhook secret (cached for minutes: at most one read per invocation) and the receipt.
        usage.secretsManagerCalls += fromTopics;
        usage.dynamoReads += fromTopics;
        usage.dynamoWrites += fromTopics;
        break;
      }
      case undefined:
        notes.push(
          `${fn.logicalId}: not one of this product's functions; its runs and metrics are not priced`,
        );
        break;
    }
  }

  for (const topic of inventory.topics) {
    if (!alertTopics.has(topic.logicalId)) continue;
    for (const subscription of topic.subscriptions) {
      const allowed = subscription.severities;
      const reaching = allowed
        ? severities.filter((s) => allowed.includes(s)).length * alertsPerSeverity
        : alertsPerMonth;
      if (subscription.protocol === 'email' || subscription.protocol === 'email-json')
        usage.emails += reaching;
      if (subscription.protocol === 'sms') usage.sms += reaching;
    }
  }
  usage.kmsRequests += usage.publishes * a.kmsRequestsPerMessage;
  return usage;
}

function retentionMonths(days: number | undefined): number {
  // A group that never expires keeps growing; its first year is shown.
  return (days ?? 365) / DAYS_PER_MONTH;
}

/** Line items for `apps` apps, in the order they are billed (free allowances go to the first). */
export function lineItems(
  inventory: Inventory,
  apps: number,
  a: Assumptions = DEFAULT_ASSUMPTIONS,
): {
  items: LineItem[];
  notes: string[];
} {
  const notes: string[] = [];
  const usage = usageOf(inventory, apps, a, notes);
  const items: LineItem[] = [];
  const add = (label: string, meter: MeterName, quantity: number) => {
    if (quantity > 0) items.push({ label, meter, quantity });
  };

  let perAppMonths = 0;
  let otherMonths = 0;
  for (const { months, perApp } of usage.metricMonths.values()) {
    if (perApp) perAppMonths += months;
    else otherMonths += months;
  }
  add('Metrics: runs and alerts', 'customMetric', otherMonths);
  add('Metrics: DaysUntilExpiry/app', 'customMetric', perAppMonths);
  const standardAlarmMetrics = inventory.alarms
    .filter((x) => !x.highResolution)
    .reduce((n, x) => n + x.metrics, 0);
  const fastAlarmMetrics = inventory.alarms
    .filter((x) => x.highResolution)
    .reduce((n, x) => n + x.metrics, 0);
  add('Alarms', 'alarmMetric', standardAlarmMetrics);
  add('Alarms, high resolution', 'highResolutionAlarmMetric', fastAlarmMetrics);
  add('Dashboards', 'dashboard', inventory.dashboards);

  const functions = [...usage.functions.entries()];
  const ingestedGb = functions.reduce((n, [, u]) => n + u.logBytes, 0) / 1e9;
  const retentionOf = new Map(inventory.logGroups.map((g) => [g.logicalId, g.retentionDays]));
  let storedGb = 0;
  for (const [fn, u] of functions) {
    const days = fn.logGroup === undefined ? undefined : retentionOf.get(fn.logGroup);
    if (days === undefined) {
      notes.push(`${fn.logicalId}: its logs never expire; storage shows their first year`);
    }
    storedGb += (u.logBytes / 1e9) * a.logCompression * retentionMonths(days);
  }
  add('Logs ingested', 'logsIngestedGb', ingestedGb);
  add('Logs stored (retention full)', 'logsStoredGb', storedGb);

  add('KMS keys', 'kmsKey', inventory.kmsKeys.length);
  add('KMS requests', 'kmsRequest', usage.kmsRequests);

  add(
    'Lambda requests',
    'lambdaRequest',
    functions.reduce((n, [, u]) => n + u.invocations, 0),
  );
  const gbSeconds = (arch: 'arm64' | 'x86_64') =>
    functions.filter(([fn]) => fn.architecture === arch).reduce((n, [, u]) => n + u.gbSeconds, 0);
  add('Lambda compute, Arm', 'lambdaGbSecondArm', gbSeconds('arm64'));
  add('Lambda compute, x86', 'lambdaGbSecondX86', gbSeconds('x86_64'));
  add(
    'X-Ray traces',
    'xrayTrace',
    functions.reduce((n, [, u]) => n + u.traced, 0),
  );

  const table = inventory.tables[0];
  if (table) {
    if (!table.onDemand) notes.push(`${table.logicalId}: provisioned capacity is not priced`);
    add('DynamoDB reads', 'dynamodbReadUnit', usage.dynamoReads);
    add('DynamoDB writes', 'dynamodbWriteUnit', usage.dynamoWrites);
    const tableGb = (apps * a.secretsPerApp * a.ledgerItemBytes) / 1e9;
    add('DynamoDB storage', 'dynamodbStorageGb', tableGb);
    if (table.pitr) add('DynamoDB backups (PITR)', 'dynamodbPitrGb', tableGb);
  }

  add('SNS publishes', 'snsPublish', usage.publishes);
  add('SNS email deliveries', 'snsEmail', usage.emails);
  add('SNS SMS (US price, assumed)', 'smsUs', usage.sms);
  add('SQS requests', 'sqsRequest', usage.sqsRequests);
  add('Secrets Manager API calls', 'secretsManagerCall', usage.secretsManagerCalls);
  add('Secrets the stack creates', 'secret', inventory.secrets);
  add('EventBridge scheduled runs', 'scheduleInvocation', usage.scheduledRuns);

  for (const [type, count] of Object.entries(inventory.unpriced)) {
    notes.push(`${count} × ${type}: not priced (the estimate knows no price for this type)`);
  }
  return { items, notes };
}

export function estimate(
  inventory: Inventory,
  apps: number,
  a: Assumptions = DEFAULT_ASSUMPTIONS,
): Estimate & {
  notes: string[];
} {
  const { items, notes } = lineItems(inventory, apps, a);
  const list = priceItems(items, false);
  const free = priceItems(items, true);
  const priced = items.map((item, i) => ({ ...item, listUsd: list[i]!, freeTierUsd: free[i]! }));
  return {
    apps,
    items: priced,
    totalListUsd: list.reduce((n, x) => n + x, 0),
    totalFreeTierUsd: free.reduce((n, x) => n + x, 0),
    notes,
  };
}
