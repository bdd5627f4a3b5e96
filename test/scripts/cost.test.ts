/**
 * `npm run cost`: the schedule counter, the template inventory, the pricing arithmetic and the
 * rendering, on a hand-written template; then the whole estimate on the stack the README deploys.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { createMetrics } from '../../lambda/runtime/powertools';
import { DIMENSION, METRIC } from '../../contract/telemetry';
import { README_RECIPIENTS, contextPairs, renderReport, synthesizeTemplate } from '../../scripts/cost';
import type { Assumptions } from '../../scripts/cost/estimate';
import { DEFAULT_ASSUMPTIONS, estimate, lineItems } from '../../scripts/cost/estimate';
import { priceItems } from '../../scripts/cost/pricing';
import { METRIC_CATALOG } from '../../scripts/cost/metric-catalog';
import { emfDocumentBytes } from '../../scripts/cost/usage';
import type { TemplateJson } from '../../scripts/cost/inventory';
import { inventoryOf, kindOf } from '../../scripts/cost/inventory';
import { MAX_WIDTH, formatUnitPrice, formatUsd, renderEstimate } from '../../scripts/cost/render';
import { HOURS_PER_MONTH, scheduleRate } from '../../scripts/cost/schedule';
import { captureOutput } from '../lambda/support/captured-output';

// Synthesizing the real stack loads aws-cdk-lib: seconds, more on a busy machine. Only a backstop.
jest.setTimeout(300_000);

const FIXTURE = JSON.parse(
  readFileSync(path.join(__dirname, 'fixtures', 'priced-stack.template.json'), 'utf8'),
) as TemplateJson;
const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

const quantityOf = (items: readonly { label: string; quantity: number }[], label: string) =>
  items.find((item) => item.label === label)?.quantity;

describe('scheduleRate', () => {
  it.each([
    ['rate(1 hour)', 730, 730],
    ['rate(2 hours)', 365, 365],
    ['rate(5 minutes)', 8760, 730],
    ['rate(1 day)', DAYS_PER_MONTH, DAYS_PER_MONTH],
    ['cron(0 6 * * ? *)', 365 / 12, 365 / 12],
    ['cron(0/30 * * * ? *)', (365 * 48) / 12, (365 * 24) / 12],
    // 2027 has 261 weekdays.
    ['cron(15 9 ? * MON-FRI *)', 261 / 12, 261 / 12],
  ])('%s runs %d times a month', (expression, runs, hours) => {
    const rate = scheduleRate(expression);
    expect(rate?.runsPerMonth).toBeCloseTo(runs, 6);
    expect(rate?.activeHoursPerMonth).toBeCloseTo(hours, 6);
  });

  it.each([
    'cron(0 9 L * ? *)',
    'cron(0 9 ? * 2#1 *)',
    'cron(0 9 * * ? 2030)',
    'at(2027-01-01T00:00:00)',
    'rate(0 hours)',
  ])('does not guess %s', (expression) => {
    expect(scheduleRate(expression)).toBeUndefined();
  });
});

describe('inventoryOf', () => {
  const inventory = inventoryOf(FIXTURE);

  it('tells the monitor by its THRESHOLDS_DAYS, and a foreign function by having no marker', () => {
    expect(inventory.functions.map((f) => [f.logicalId, f.kind])).toEqual([
      ['Monitor', 'monitor'],
      ['Stranger', undefined],
    ]);
    expect(kindOf(['THRESHOLDS_DAYS', 'WEBHOOK_SECRET_ID'])).toBeUndefined();
  });

  it("reads the monitor's size, architecture, tracing, log group, schedule and topic", () => {
    expect(inventory.functions[0]).toMatchObject({
      memoryMb: 512,
      timeoutSeconds: 60,
      architecture: 'x86_64',
      tracing: true,
      logGroup: 'MonitorLogs',
      schedules: ['cron(0 6 * * ? *)'],
      environmentRefs: { ALERT_TOPIC_ARN: 'AlertTopic', LEDGER_TABLE_NAME: 'Ledger' },
    });
  });

  it('counts alarm metrics (two for a metric-math alarm), high resolution apart, keys, dashboards and subscriptions', () => {
    expect(inventory.alarms.map((a) => [a.logicalId, a.metrics, a.highResolution])).toEqual([
      ['MissedRuns', 1, false],
      ['Ratio', 2, false],
      ['Fast', 1, true],
    ]);
    expect(inventory.kmsKeys).toEqual([{ logicalId: 'Key', rotation: true }]);
    expect(inventory.dashboards).toBe(1);
    expect(inventory.topics.find((t) => t.logicalId === 'AlertTopic')?.subscriptions).toEqual([
      { protocol: 'email', severities: undefined },
      { protocol: 'sms', severities: ['7-day', 'expired'] },
    ]);
    expect(inventory.unpriced).toEqual({ 'AWS::S3::Bucket': 1 });
  });
});

describe('priceItems', () => {
  it('climbs the custom-metric tiers across items and gives the free allowance to the first', () => {
    const items = [
      { label: 'a', meter: 'customMetric' as const, quantity: 20 },
      { label: 'b', meter: 'customMetric' as const, quantity: 10_000 },
      { label: 'c', meter: 'alarmMetric' as const, quantity: 16 },
    ];
    const list = priceItems(items, false);
    const free = priceItems(items, true);
    expect(list[0]).toBeCloseTo(6, 9);
    // 9,980 more at $0.30 fill the first 10,000; the last 20 cost $0.10.
    expect(list[1]).toBeCloseTo(9980 * 0.3 + 20 * 0.1, 9);
    expect(list[2]).toBeCloseTo(1.6, 9);
    expect(free[0]).toBeCloseTo(3, 9);
    expect(free[1]).toBeCloseTo(list[1]!, 9);
    expect(free[2]).toBeCloseTo(0.6, 9);
  });
});

describe('estimate of the hand-written template', () => {
  const inventory = inventoryOf(FIXTURE);

  it('prices no per-app metric without the opt-in, and the run metrics for the hours the monitor runs, whatever the apps', () => {
    // GIVEN a monitor that runs once a day, without PER_APP_METRICS
    const hoursShare = DAYS_PER_MONTH / HOURS_PER_MONTH;
    const runMetrics = METRIC_CATALOG.monitor.filter((m) => m.cardinality === 'run').length;

    // THEN no line per app, and each run metric is billed for 1/24 of the month at any app count
    for (const apps of [1, 10, 10_000]) {
      const { items } = lineItems(inventory, apps);
      expect(quantityOf(items, 'Metrics: DaysUntilExpiry/app')).toBeUndefined();
      expect(quantityOf(items, 'Metrics: every run')).toBeCloseTo(runMetrics * hoursShare, 6);
    }
  });

  it('with PER_APP_METRICS=true, scales the per-app metric with the apps and the hours the monitor runs', () => {
    // GIVEN the same monitor with the perAppMetrics opt-in
    const template = JSON.parse(JSON.stringify(FIXTURE)) as {
      Resources: Record<string, { Properties: { Environment: { Variables: Record<string, unknown> } } }>;
    };
    template.Resources.Monitor!.Properties.Environment.Variables.PER_APP_METRICS = 'true';
    const optedIn = inventoryOf(template as unknown as TemplateJson);
    const hoursShare = DAYS_PER_MONTH / HOURS_PER_MONTH;

    // THEN each app's DaysUntilExpiry is billed for 1/24 of the month
    for (const apps of [1, 10, 10_000]) {
      expect(quantityOf(lineItems(optedIn, apps).items, 'Metrics: DaysUntilExpiry/app')).toBeCloseTo(
        apps * hoursShare,
        6,
      );
    }
  });

  it('counts alerts from the thresholds and the window: email on the alert topic only, SMS filtered', () => {
    // GIVEN thresholds 14 and 7 (plus "resolved") in a 90-day window, 100 apps
    const { items } = lineItems(inventory, 100);
    const perSeverity = (100 * DAYS_PER_MONTH) / 90;

    // THEN three alerts per app per cycle reach the email; only the 7-day one the SMS, which
    // lets through 7-day and expired; the operator topic's email gets none of them
    expect(quantityOf(items, 'SNS publishes')).toBeCloseTo(3 * perSeverity, 6);
    expect(quantityOf(items, 'SNS email deliveries')).toBeCloseTo(3 * perSeverity, 6);
    expect(quantityOf(items, 'SNS SMS (US price, assumed)')).toBeCloseTo(perSeverity, 6);
  });

  it('prices x86 compute from memory, runs and the assumed run time, and the alarms by metric', () => {
    const a: Assumptions = DEFAULT_ASSUMPTIONS;
    const { items } = lineItems(inventory, 100, a);
    const seconds = (a.coldStartMs + a.monitorBaseMs + 100 * a.monitorMsPerSecret) / 1000;
    expect(quantityOf(items, 'Lambda compute, x86')).toBeCloseTo((365 / 12) * seconds * 0.5, 6);
    expect(quantityOf(items, 'Lambda compute, Arm')).toBeUndefined();
    expect(quantityOf(items, 'Alarms')).toBe(3);
    expect(quantityOf(items, 'Alarms, high resolution')).toBe(1);
    expect(quantityOf(items, 'KMS keys')).toBe(1);
  });

  it('says what it could not price rather than guess', () => {
    const { notes } = lineItems(inventory, 10);
    expect(notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Stranger: not one of this product's functions/),
        expect.stringMatching(/AWS::S3::Bucket: not priced/),
      ]),
    );
  });

  it('reports a schedule it cannot read, and how it priced it', () => {
    const template = JSON.parse(JSON.stringify(FIXTURE)) as {
      Resources: Record<string, { Properties: Record<string, unknown> }>;
    };
    template.Resources.Schedule!.Properties.ScheduleExpression = 'cron(0 6 L * ? *)';
    const { notes } = lineItems(inventoryOf(template as unknown as TemplateJson), 10);
    expect(notes).toContainEqual(
      expect.stringMatching(/Monitor: schedule cron\(0 6 L \* \? \*\) could not be read; priced as hourly/),
    );
  });
});

describe('emfDocumentBytes', () => {
  it('is the size of the document the monitor writes per app (with perAppMetrics)', () => {
    // GIVEN the monitor's own writer, publishing one app's DaysUntilExpiry
    const output = captureOutput();
    try {
      createMetrics().publishEach(METRIC.daysUntilExpiry, MetricUnit.Count, DIMENSION.app, [
        ['a'.repeat(24), 1],
      ]);
    } finally {
      output.restore();
    }

    // THEN the estimate's figure is that line's length
    expect(emfDocumentBytes([METRIC.daysUntilExpiry], { [DIMENSION.app]: 'a'.repeat(24) })).toBe(
      Buffer.byteLength(output.text()),
    );
  });
});

describe('rendering', () => {
  it('formats prices and amounts', () => {
    expect(formatUnitPrice('customMetric')).toBe('$0.30 (tiered)');
    expect(formatUnitPrice('dynamodbReadUnit')).toBe('$0.125 per M');
    expect(formatUnitPrice('smsUs')).toBe('$0.0088');
    expect(formatUnitPrice('scheduleInvocation')).toBe('free');
    expect(formatUsd(2995.8)).toBe('2,995.80');
    expect(formatUsd(0.004)).toBe('<0.01');
  });
});

describe('contextPairs', () => {
  it('reads key=value as the CDK CLI does, and names a pair without "="', () => {
    expect(contextPairs(['liveCheck=true', 'alertEmails=a@x.com,b@x.com'])).toEqual({
      liveCheck: 'true',
      alertEmails: 'a@x.com,b@x.com',
    });
    expect(() => contextPairs(['liveCheck'])).toThrow('-c liveCheck: expected key=value');
  });
});

describe('npm run cost on the stack the README deploys', () => {
  const { template, source } = synthesizeTemplate({});
  const inventory = inventoryOf(template);

  it("uses the README's recipients when cdk.json names none", () => {
    expect(source).toContain(README_RECIPIENTS.alertEmails[0]);
    expect(inventory.functions.map((f) => f.kind)).toEqual(['monitor', 'notifications']);
  });

  it.each([1, 10, 100, 10_000])(
    'itemises %d apps: the items add up to the totals, the free tier never costs more',
    (apps) => {
      const e = estimate(inventory, apps);
      const sum = (key: 'listUsd' | 'freeTierUsd') => e.items.reduce((n, item) => n + item[key], 0);
      expect(sum('listUsd')).toBeCloseTo(e.totalListUsd, 9);
      expect(sum('freeTierUsd')).toBeCloseTo(e.totalFreeTierUsd, 9);
      for (const item of e.items) {
        expect(item.quantity).toBeGreaterThan(0);
        expect(item.freeTierUsd).toBeLessThanOrEqual(item.listUsd + 1e-12);
      }
      // No metric per app by default; every run metric every hour, as many for 1 app as for 10,000.
      expect(quantityOf(e.items, 'Metrics: DaysUntilExpiry/app')).toBeUndefined();
      expect(quantityOf(e.items, 'Metrics: every run')).toBeCloseTo(
        METRIC_CATALOG.monitor.filter((m) => m.cardinality === 'run').length,
        9,
      );
      expect(quantityOf(e.items, 'KMS keys')).toBe(2);
      expect(quantityOf(e.items, 'Alarms')).toBe(9);
      expect(quantityOf(e.items, 'Dashboards')).toBe(1);
      expect(e.notes).toEqual([]);
      for (const line of renderEstimate(e).split('\n')) expect(line.length).toBeLessThanOrEqual(MAX_WIDTH);
    },
  );

  it('prints every line within 100 columns, with the defaults and with every opt-in', () => {
    const allOptIns = synthesizeTemplate(
      contextPairs(['storeNewSecrets=true', 'autoRotateDaysBefore=14', 'liveCheck=true', 'webhooks=true']),
    );
    for (const [priced, from] of [
      [inventory, source],
      [inventoryOf(allOptIns.template), allOptIns.source],
    ] as const) {
      const estimates = [1, 10, 100, 10_000].map((apps) => estimate(priced, apps));
      const text = renderReport(priced, estimates, [...new Set(estimates.flatMap((e) => e.notes))], from);
      expect(text).toContain('10,000 apps');
      for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(MAX_WIDTH);
    }
    expect(inventoryOf(allOptIns.template).functions.map((f) => f.kind)).toEqual([
      'monitor',
      'notifications',
      'rotation',
      'live-check',
      'webhooks',
    ]);
  });

  it('costs at most $3 a month beyond the free tier for 10 apps, with the same run metrics for 10 and 10,000 apps', () => {
    const ten = estimate(inventory, 10);
    const tenThousand = estimate(inventory, 10_000);
    expect(ten.totalFreeTierUsd).toBeLessThanOrEqual(3);
    const runMetrics = (e: typeof ten) => e.items.find((item) => item.label === 'Metrics: every run');
    expect(runMetrics(tenThousand)).toEqual(runMetrics(ten));
    // At 10,000 apps the whole bill stays far from $0.30 an app.
    expect(tenThousand.totalListUsd).toBeLessThan(100);
  });

  it("counts each monitor run's status line per secret in the logs", () => {
    // GIVEN the same stack priced with status lines of 0 bytes
    const without: Assumptions = { ...DEFAULT_ASSUMPTIONS, credentialLogBytes: 0 };
    const ingested = (a: Assumptions) =>
      quantityOf(lineItems(inventory, 10_000, a).items, 'Logs ingested') ?? 0;

    // THEN the difference is one line per secret per hourly run
    expect(ingested(DEFAULT_ASSUMPTIONS) - ingested(without)).toBeCloseTo(
      (10_000 * HOURS_PER_MONTH * DEFAULT_ASSUMPTIONS.credentialLogBytes) / 1e9,
      9,
    );
  });

  it('with perAppMetrics=true, costs $0.30 more a month for each more app, as the per-app metric does', () => {
    const optedIn = inventoryOf(synthesizeTemplate(contextPairs(['perAppMetrics=true'])).template);
    const perApp = (estimate(optedIn, 100).totalListUsd - estimate(optedIn, 10).totalListUsd) / 90;
    expect(quantityOf(estimate(optedIn, 100).items, 'Metrics: DaysUntilExpiry/app')).toBeCloseTo(100, 9);
    expect(perApp).toBeGreaterThan(0.3);
    expect(perApp).toBeLessThan(0.32);
  });

  it('matches the figures of the README and docs/cost.md, and the tables docs/cost.md shows', () => {
    const root = path.join(__dirname, '..', '..');
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const costDoc = readFileSync(path.join(root, 'docs', 'cost.md'), 'utf8');
    for (const apps of [1, 10, 100, 10_000]) {
      const e = estimate(inventory, apps);
      const cells = [
        apps.toLocaleString('en-US'),
        `$${formatUsd(e.totalListUsd)}`,
        `$${formatUsd(e.totalFreeTierUsd)}`,
      ];
      // A table row with these cells, however Prettier pads the columns.
      const row = new RegExp(
        `^\\|\\s*${cells.map((c) => c.replace(/[$.]/g, '\\$&')).join('\\s*\\|\\s*')}\\s*\\|$`,
        'm',
      );
      expect(readme).toMatch(row);
      expect(costDoc).toMatch(row);
      // docs/cost.md shows the script's whole table for 10 and 10,000 apps, as printed.
      if (apps === 10 || apps === 10_000) expect(costDoc).toContain(renderEstimate(e));
    }
  });
});
