import { MONITOR_ENV } from '../../contract/environment';
import { DIMENSION, METRIC } from '../../contract/telemetry';
import type { Assumptions } from './estimate';
import type { FunctionInfo, Inventory } from './inventory';
import { METRIC_CATALOG } from './metric-catalog';
import { HOURS_PER_MONTH, MINUTES_PER_MONTH } from './schedule';
import type { Fleet, Usage } from './usage';
import {
  POLLERS_WITHOUT,
  POLLERS_WITH_MAXIMUM_CONCURRENCY,
  SCAN_UNIT_BYTES,
  addMetricMonths,
  emfDocumentBytes,
  emitRunMetrics,
  fleetOf,
  recordRun,
  scheduleOf,
} from './usage';

/** One usage step per function kind, each adding to the fleet's totals; then the alert deliveries. */

function monitorUsage(f: Fleet, fn: FunctionInfo): void {
  const { a, usage, secrets, alertsPerMonth } = f;
  const rate = scheduleOf(fn, f.notes);
  usage.scheduledRuns += rate.runsPerMonth;
  const perAppMetrics = fn.environment[MONITOR_ENV.perAppMetrics] === 'true';
  const runDocument = emfDocumentBytes(
    METRIC_CATALOG.monitor.filter((m) => m.cardinality === 'run').map((m) => m.name),
  );
  // Only with the perAppMetrics opt-in: one EMF document per app, every run.
  const appDocument = perAppMetrics
    ? emfDocumentBytes([METRIC.daysUntilExpiry], { [DIMENSION.app]: 'a'.repeat(a.appNameLength) })
    : 0;
  recordRun(
    f,
    fn,
    rate.runsPerMonth,
    a.monitorBaseMs + a.monitorMsPerSecret * secrets,
    a.runLogBytes + runDocument + f.apps * appDocument + secrets * a.credentialLogBytes,
    rate.activeHoursPerMonth,
  );
  usage.functions.get(fn)!.logBytes += alertsPerMonth * a.alertLogBytes;
  emitRunMetrics(f, 'monitor', rate.activeHoursPerMonth, 'runs');
  for (const metric of METRIC_CATALOG.monitor) {
    if (metric.optIn === 'perAppMetrics' && !perAppMetrics) continue;
    if (metric.cardinality === 'per-app')
      addMetricMonths(usage, metric, f.apps, rate.activeHoursPerMonth, 'perApp');
  }
  usage.publishes += alertsPerMonth;
  usage.dynamoReads +=
    rate.runsPerMonth * Math.max(1, Math.ceil((secrets * a.ledgerItemBytes) / SCAN_UNIT_BYTES));
  // A run that alerts takes and releases the run lease, and records each alert.
  usage.dynamoWrites += alertsPerMonth + 2 * Math.min(rate.runsPerMonth, alertsPerMonth);
  // ListSecrets pages every run; ListSecretVersionIds once per rotation for a version-dated secret.
  usage.secretsManagerCalls += rate.runsPerMonth * f.pages + secrets * f.cyclesPerMonth;
}

function notificationsUsage(f: Fleet, fn: FunctionInfo): void {
  const { a, usage } = f;
  const invocations = f.secrets * a.notificationsPerCycle * f.cyclesPerMonth;
  const hours = Math.min(HOURS_PER_MONTH, invocations);
  recordRun(f, fn, invocations, a.intakeMs, a.invocationLogBytes, hours);
  // Its metrics are failure counters only (`on-failure`): none in a month without failures.
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
}

/** The rotation and live-check functions: scheduled runs over the opted-in secrets. */
function automationUsage(f: Fleet, fn: FunctionInfo, kind: 'rotation' | 'live-check'): void {
  const { a, usage } = f;
  const rate = scheduleOf(fn, f.notes);
  usage.scheduledRuns += rate.runsPerMonth;
  const optedIn = f.secrets * a.optedInShare;
  const ms =
    kind === 'live-check'
      ? a.automationBaseMs + a.liveCheckMsPerSecret * optedIn
      : a.automationBaseMs + a.monitorMsPerSecret * f.secrets;
  if (kind === 'live-check' && a.coldStartMs + ms > fn.timeoutSeconds * 1000) {
    f.notes.push(
      `${fn.logicalId}: checking ${Math.round(optedIn)} secrets would take longer than its ${fn.timeoutSeconds} s timeout; priced at the timeout (it defers the rest)`,
    );
  }
  recordRun(f, fn, rate.runsPerMonth, ms, a.runLogBytes, rate.activeHoursPerMonth);
  emitRunMetrics(f, kind, rate.activeHoursPerMonth, 'runs');
  if (kind === 'live-check') {
    // The secret value of each opted-in secret, and its ledger state, every run.
    usage.secretsManagerCalls += rate.runsPerMonth * (f.pages + optedIn);
    usage.dynamoReads += rate.runsPerMonth * optedIn;
  } else {
    // A due secret's value and its claim, once per cycle.
    usage.secretsManagerCalls += rate.runsPerMonth * f.pages + optedIn * f.cyclesPerMonth;
    usage.dynamoReads += optedIn * f.cyclesPerMonth;
    usage.dynamoWrites += optedIn * f.cyclesPerMonth;
  }
}

function webhooksUsage(f: Fleet, fn: FunctionInfo): void {
  const { usage } = f;
  const fromTopics = fn.topics.some((t) => f.alertTopics.has(t)) ? f.alertsPerMonth : 0;
  const hours = Math.min(HOURS_PER_MONTH, fromTopics);
  recordRun(f, fn, fromTopics, f.a.webhookMs, f.a.invocationLogBytes, hours);
  emitRunMetrics(f, 'webhooks', hours, 'events');
  // The webhook secret (cached for minutes: at most one read per invocation) and the receipt.
  usage.secretsManagerCalls += fromTopics;
  usage.dynamoReads += fromTopics;
  usage.dynamoWrites += fromTopics;
}

/** Email and SMS deliveries of the alert topic's subscriptions, within their filter policies. */
function deliveriesUsage(f: Fleet, inventory: Inventory): void {
  for (const topic of inventory.topics) {
    if (!f.alertTopics.has(topic.logicalId)) continue;
    for (const subscription of topic.subscriptions) {
      const allowed = subscription.severities;
      const reaching = allowed
        ? f.severities.filter((s) => allowed.includes(s)).length * f.alertsPerSeverity
        : f.alertsPerMonth;
      if (subscription.protocol === 'email' || subscription.protocol === 'email-json')
        f.usage.emails += reaching;
      if (subscription.protocol === 'sms') f.usage.sms += reaching;
    }
  }
}

/** Usage of each function for `apps` apps, from its kind, schedule, sources and the assumptions. */
export function usageOf(inventory: Inventory, apps: number, a: Assumptions, notes: string[]): Usage {
  const f = fleetOf(inventory, apps, a, notes);
  for (const fn of inventory.functions) {
    switch (fn.kind) {
      case 'monitor':
        monitorUsage(f, fn);
        break;
      case 'notifications':
        notificationsUsage(f, fn);
        break;
      case 'rotation':
      case 'live-check':
        automationUsage(f, fn, fn.kind);
        break;
      case 'webhooks':
        webhooksUsage(f, fn);
        break;
      case undefined:
        notes.push(
          `${fn.logicalId}: not one of this product's functions; its runs and metrics are not priced`,
        );
        break;
    }
  }
  deliveriesUsage(f, inventory);
  f.usage.kmsRequests += f.usage.publishes * a.kmsRequestsPerMessage;
  return f.usage;
}
