import type { Assumptions } from './estimate';
import type { Inventory } from './inventory';
import type { MeterName } from './prices';
import { DAYS_PER_MONTH } from './schedule';
import type { MetricLine, Usage } from './usage';

/** The line items of one kind of resource (metrics, logs, Lambda, the table), from the usage. */

export type AddItem = (label: string, meter: MeterName, quantity: number) => void;

function retentionMonths(days: number | undefined): number {
  // A group that never expires keeps growing; its first year is shown.
  return (days ?? 365) / DAYS_PER_MONTH;
}

export function metricItems(usage: Usage, inventory: Inventory, add: AddItem): void {
  const months: Record<MetricLine, number> = { runs: 0, events: 0, perApp: 0 };
  for (const metric of usage.metricMonths.values()) months[metric.line] += metric.months;
  // The same for any number of apps, then the ones that exist in the hours with an event, then
  // the one line that grows with the apps (only with the perAppMetrics opt-in).
  add('Metrics: every run', 'customMetric', months.runs);
  add('Metrics: hours with events', 'customMetric', months.events);
  add('Metrics: DaysUntilExpiry/app', 'customMetric', months.perApp);
  const standardAlarmMetrics = inventory.alarms
    .filter((x) => !x.highResolution)
    .reduce((n, x) => n + x.metrics, 0);
  const fastAlarmMetrics = inventory.alarms
    .filter((x) => x.highResolution)
    .reduce((n, x) => n + x.metrics, 0);
  add('Alarms', 'alarmMetric', standardAlarmMetrics);
  add('Alarms, high resolution', 'highResolutionAlarmMetric', fastAlarmMetrics);
  add('Dashboards', 'dashboard', inventory.dashboards);
}

export function logItems(
  usage: Usage,
  inventory: Inventory,
  a: Assumptions,
  add: AddItem,
  notes: string[],
): void {
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
}

export function lambdaItems(usage: Usage, add: AddItem): void {
  const functions = [...usage.functions.entries()];
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
}

export function tableItems(
  usage: Usage,
  inventory: Inventory,
  apps: number,
  a: Assumptions,
  add: AddItem,
  notes: string[],
): void {
  const table = inventory.tables[0];
  if (!table) return;
  if (!table.onDemand) notes.push(`${table.logicalId}: provisioned capacity is not priced`);
  add('DynamoDB reads', 'dynamodbReadUnit', usage.dynamoReads);
  add('DynamoDB writes', 'dynamodbWriteUnit', usage.dynamoWrites);
  const tableGb = (apps * a.secretsPerApp * a.ledgerItemBytes) / 1e9;
  add('DynamoDB storage', 'dynamodbStorageGb', tableGb);
  if (table.pitr) add('DynamoDB backups (PITR)', 'dynamodbPitrGb', tableGb);
}
