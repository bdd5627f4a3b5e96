import { Template } from 'aws-cdk-lib/assertions';
import type { LwaExpiryMonitor, LwaExpiryMonitorProps } from '../../lib/lwa-expiry-monitor';
import { defined, logicalIdOf, logicalIdsOfType, monitorInStack, resolveTokens } from './cdk-test-app';

// The first synthesis in a worker loads much of aws-cdk-lib: seconds on a busy CI machine.
jest.setTimeout(30_000);

interface Synthesized {
  readonly monitor: LwaExpiryMonitor;
  readonly template: Template;
}

function synthesize(props: LwaExpiryMonitorProps = {}): Synthesized {
  const { stack, monitor } = monitorInStack(props);
  return { monitor, template: Template.fromStack(stack) };
}

type CfnProperties = Record<string, unknown>;

function propertiesOf({ template }: Synthesized, logicalId: string): CfnProperties {
  const resources = template.toJSON().Resources as Record<string, { Properties: CfnProperties }>;
  return defined(resources[logicalId], logicalId).Properties;
}

/** What decides when an alarm fires and whom it tells; the description is checked on its own. */
const ALARM_FIELDS = [
  'Namespace',
  'MetricName',
  'Dimensions',
  'Statistic',
  'Period',
  'Threshold',
  'ComparisonOperator',
  'EvaluationPeriods',
  'DatapointsToAlarm',
  'TreatMissingData',
  'AlarmActions',
  'OKActions',
] as const;

function alarmShape(synthesized: Synthesized, logicalId: string): CfnProperties {
  const properties = propertiesOf(synthesized, logicalId);
  return Object.fromEntries(
    ALARM_FIELDS.filter((field) => field in properties).map((field) => [field, properties[field]]),
  );
}

interface Widget {
  readonly type: string;
  readonly properties: Record<string, unknown> & { title?: string };
}

/** The dashboard body, tokens replaced by `${LogicalId}` / `${LogicalId.Attribute}` placeholders. */
function dashboardOf(synthesized: Synthesized): { start: string; widgets: Widget[] } {
  const { DashboardBody } = propertiesOf(
    synthesized,
    logicalIdOf(synthesized.monitor.observability.dashboard),
  );
  return JSON.parse(resolveTokens(DashboardBody)) as { start: string; widgets: Widget[] };
}

function widgetTitled(synthesized: Synthesized, title: string): Widget {
  return defined(
    dashboardOf(synthesized).widgets.find((widget) => widget.properties.title === title),
    `the widget "${title}"`,
  );
}

const SERVICE_DIMENSION = [{ Name: 'service', Value: 'lwa-expiry-monitor' }];

let defaults: Synthesized;
let allOptIns: Synthesized;

beforeAll(() => {
  defaults = synthesize();
  allOptIns = synthesize({ storeNewSecrets: true, autoRotation: {}, liveCheck: {}, webhooks: true });
});

describe('MonitorObservability: alarms that say when the monitor itself stops working', () => {
  it("creates the monitor's seven alarms; with the intake's, they are every alarm of the default stack", () => {
    // GIVEN the default monitor, synthesized once for this file
    const { monitor } = defaults;
    const intake = defined(monitor.notificationIntake, 'the notification intake');

    // WHEN the alarms of the template are listed
    const alarms = logicalIdsOfType(defaults.template, 'AWS::CloudWatch::Alarm');

    // THEN they are the observability alarms plus the intake's dead-letter alarm, nothing else
    const observability = monitor.observability;
    expect(observability.alarms.map(logicalIdOf)).toEqual(
      [
        observability.missedRunsAlarm,
        observability.functionErrorsAlarm,
        observability.urgentCredentialAlarm,
        observability.undatedCredentialAlarm,
        observability.tagProblemsAlarm,
        observability.nothingMonitoredAlarm,
        observability.deadLetterAlarm,
      ].map(logicalIdOf),
    );
    expect(alarms).toEqual([...observability.alarms, intake.deadLetterAlarm].map(logicalIdOf).sort());
  });

  it.each([
    [
      'missed runs: fewer than one heartbeat in each of two periods, no data counting as missed',
      'missedRunsAlarm',
      {
        Namespace: 'LwaExpiryMonitor',
        MetricName: 'Heartbeat',
        Dimensions: SERVICE_DIMENSION,
        Statistic: 'Sum',
        Period: 3600,
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
        EvaluationPeriods: 2,
        DatapointsToAlarm: 2,
        TreatMissingData: 'breaching',
      },
    ],
    [
      'function errors: one Lambda error of the monitor function',
      'functionErrorsAlarm',
      {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'MONITOR_FUNCTION' } }],
        Statistic: 'Sum',
        Period: 3600,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
      },
    ],
    [
      'urgent credentials: at least one at or past the most urgent threshold',
      'urgentCredentialAlarm',
      {
        Namespace: 'LwaExpiryMonitor',
        MetricName: 'CredentialsUrgent',
        Dimensions: SERVICE_DIMENSION,
        Statistic: 'Maximum',
        Period: 3600,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
      },
    ],
    [
      'undated credentials: at least one whose expiry cannot be determined',
      'undatedCredentialAlarm',
      {
        Namespace: 'LwaExpiryMonitor',
        MetricName: 'CredentialsUndetermined',
        Dimensions: SERVICE_DIMENSION,
        Statistic: 'Maximum',
        Period: 3600,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
      },
    ],
    [
      'tag problems: at least one secret with a malformed or suspicious lwa:* tag',
      'tagProblemsAlarm',
      {
        Namespace: 'LwaExpiryMonitor',
        MetricName: 'CredentialsWithTagProblems',
        Dimensions: SERVICE_DIMENSION,
        Statistic: 'Maximum',
        Period: 3600,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
      },
    ],
    [
      'nothing monitored: a run that found no tagged secret',
      'nothingMonitoredAlarm',
      {
        Namespace: 'LwaExpiryMonitor',
        MetricName: 'CredentialsMonitored',
        Dimensions: SERVICE_DIMENSION,
        Statistic: 'Maximum',
        Period: 3600,
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
      },
    ],
    [
      'schedule dead letters: one undeliverable scheduled event, checked every 5 minutes',
      'deadLetterAlarm',
      {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['DEAD_LETTER_QUEUE', 'QueueName'] } }],
        Statistic: 'Maximum',
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
      },
    ],
  ] as const)('alarms on %s, telling the operator topic', (_name, member, expected) => {
    // GIVEN the default monitor (hourly schedule), synthesized once for this file
    const { monitor } = defaults;
    const alarm = monitor.observability[member];

    // WHEN the alarm is read
    const actual = alarmShape(defaults, logicalIdOf(alarm));

    // THEN metric, threshold, comparison, periods and missing-data handling are as expected, and
    // the operator topic hears both the alarm and the recovery
    const operatorTopic = { Ref: logicalIdOf(monitor.operatorTopic) };
    const placeholders: Record<string, string> = {
      MONITOR_FUNCTION: logicalIdOf(monitor.monitorFunction),
      DEAD_LETTER_QUEUE: logicalIdOf(monitor.scheduleDeadLetterQueue),
    };
    const withIds = JSON.parse(
      JSON.stringify(expected).replace(/"(MONITOR_FUNCTION|DEAD_LETTER_QUEUE)"/g, (_m, key: string) =>
        JSON.stringify(placeholders[key]),
      ),
    ) as CfnProperties;
    expect(actual).toEqual({ ...withIds, AlarmActions: [operatorTopic], OKActions: [operatorTopic] });
    expect(String(propertiesOf(defaults, logicalIdOf(alarm)).AlarmDescription).length).toBeGreaterThan(40);
  });

  it('names the most urgent threshold in the urgent-credentials alarm', () => {
    // GIVEN the default thresholds and custom ones
    const custom = synthesize({ thresholdsDays: [14, 3], notificationIntake: false });
    const description = (synthesized: Synthesized) =>
      propertiesOf(synthesized, logicalIdOf(synthesized.monitor.observability.urgentCredentialAlarm))
        .AlarmDescription;

    // WHEN the descriptions are read THEN each names its most urgent threshold
    expect(description(defaults)).toMatch(/has 1 day\(s\) or less left/);
    expect(description(custom)).toMatch(/has 3 day\(s\) or less left/);
  });

  // CloudWatch's limits on an alarm's total evaluation range (Period x EvaluationPeriods):
  // one day for periods under an hour, seven days otherwise.
  const evaluationRangeLimit = (period: number) => (period < 3600 ? 86_400 : 604_800);

  it.each([
    ['rate(30 minutes)', 1800, 2],
    ['rate(1 hour)', 3600, 2],
    ['rate(4 hours)', 14_400, 2],
    ['rate(1 day)', 86_400, 2],
    ['rate(2 days)', 86_400, 4],
    ['rate(3 days)', 86_400, 6],
    ['rate(7 days)', 86_400, 7],
    // A cron's period is not read off the expression: up to 3 days between runs is assumed, so
    // a weekdays-only cron's weekend is not a missed run.
    ['cron(0 9 ? * MON-FRI *)', 86_400, 6],
  ])(
    'evaluates the missed-runs alarm of %p over two schedule periods (one-day periods at most), within CloudWatch limits',
    (scheduleExpression, period, periods) => {
      // GIVEN a monitor on that schedule
      const synthesized = synthesize({ scheduleExpression, notificationIntake: false });
      const { observability } = synthesized.monitor;

      // WHEN the run-based alarms are read
      const missed = alarmShape(synthesized, logicalIdOf(observability.missedRunsAlarm));
      const errors = alarmShape(synthesized, logicalIdOf(observability.functionErrorsAlarm));

      // THEN no heartbeat in any of the periods alarms, and the range stays within CloudWatch's limit
      expect(missed).toMatchObject({
        Period: period,
        EvaluationPeriods: periods,
        DatapointsToAlarm: periods,
      });
      expect(errors).toMatchObject({ Period: period });
      expect(period * periods).toBeLessThanOrEqual(evaluationRangeLimit(period));
    },
  );
});

describe('MonitorObservability: a dashboard of days left, alerts, run health and alarms', () => {
  it('shows the last 14 days by default', () => {
    // GIVEN the default monitor WHEN its dashboard body is resolved THEN it starts 14 days back
    expect(dashboardOf(defaults).start).toBe('-P14D');
  });

  it('graphs the days left per app with a Metrics Insights query', () => {
    // GIVEN the default monitor, synthesized once for this file

    // WHEN the days-left widget is read
    const widget = widgetTitled(defaults, 'Days until expiry, per app');

    // THEN its only metric is the query over every app the monitor has emitted
    expect(widget.properties.metrics).toEqual([
      [
        expect.objectContaining({
          expression:
            'SELECT MIN(DaysUntilExpiry) FROM SCHEMA("LwaExpiryMonitor", app, service) GROUP BY app',
        }),
      ],
    ]);
    expect(widget.properties.region).toBe('${AWS::Region}');
    // ...on an axis without a minimum, so an expired app's negative days stay visible
    expect(widget.properties.yAxis).toEqual({ left: { label: 'days', showUnits: false } });
  });

  it('counts the credentials whose date is an estimate, and says on the dashboard how to make them exact', () => {
    // GIVEN the default monitor WHEN the credentials widget and the heading are read
    const widget = widgetTitled(defaults, 'Credentials');
    const heading = dashboardOf(defaults).widgets.find((w) => w.type === 'text');

    // THEN one of the counts is CredentialsEstimated, labelled as such
    expect(JSON.stringify(widget.properties.metrics)).toMatch(
      /"LwaExpiryMonitor","CredentialsEstimated","service","lwa-expiry-monitor",\{[^}]*"label":"Estimated dates"/,
    );
    expect(String(heading?.properties.markdown)).toContain(
      "**Estimated dates** counts secrets dated from their AWSCURRENT version's creation",
    );
    expect(String(heading?.properties.markdown)).toContain('`lwa:expires-at`');
  });

  it('draws a horizontal line at each alert threshold and at 0, expired', () => {
    // GIVEN the default thresholds (30, 7, 1) and custom ones (14, 3)
    const custom = synthesize({ thresholdsDays: [14, 3], notificationIntake: false });
    const lines = (synthesized: Synthesized) =>
      (
        widgetTitled(synthesized, 'Days until expiry, per app').properties.annotations as {
          horizontal: { value: number; label: string }[];
        }
      ).horizontal.map(({ value, label }) => [value, label]);

    // WHEN the annotations are read THEN there is one per threshold, most distant first, then expired
    expect(lines(defaults)).toEqual([
      [30, '30-day alert'],
      [7, '7-day alert'],
      [1, '1-day alert'],
      [0, 'expired'],
    ]);
    expect(lines(custom)).toEqual([
      [14, '14-day alert'],
      [3, '3-day alert'],
      [0, 'expired'],
    ]);
  });

  it("graphs the monitor function's run health: invocations, errors, duration and throttles", () => {
    // GIVEN the default monitor, synthesized once for this file
    const functionName = `\${${logicalIdOf(defaults.monitor.monitorFunction)}}`;

    // WHEN the run-health widget's metrics are listed as [namespace, name, dimension, value]
    const rows = widgetTitled(defaults, 'Monitor runs').properties.metrics as unknown[][];
    const metrics = rows.map((row) => row.slice(0, 4));

    // THEN each Lambda metric of the monitor function is there, and the successful-run heartbeat
    for (const name of ['Invocations', 'Errors', 'Duration', 'Throttles']) {
      expect(metrics).toContainEqual(['AWS/Lambda', name, 'FunctionName', functionName]);
    }
    expect(metrics).toContainEqual(['LwaExpiryMonitor', 'Heartbeat', 'service', 'lwa-expiry-monitor']);
  });

  it.each([
    ['by default (the monitor and the notification intake)', () => defaults],
    ['with every opt-in', () => allOptIns],
  ])(
    "lists every alarm of the stack in one alarm status widget, the monitor's own first (%s)",
    (_name, variant) => {
      // GIVEN the monitor, synthesized once for this file
      const synthesized = variant();
      const { observability } = synthesized.monitor;

      // WHEN the alarm widgets are read
      const alarmWidgets = dashboardOf(synthesized).widgets.filter((widget) => widget.type === 'alarm');

      // THEN there is one; it lists the monitor's seven alarms, then every other alarm, each once, by ARN
      expect(alarmWidgets).toHaveLength(1);
      const listed = alarmWidgets[0]?.properties.alarms as string[];
      const everyAlarm = logicalIdsOfType(synthesized.template, 'AWS::CloudWatch::Alarm').map(
        (id) => `\${${id}.Arn}`,
      );
      expect(observability.alarms).toHaveLength(7);
      expect(listed.slice(0, 7)).toEqual(
        observability.alarms.map((alarm) => `\${${logicalIdOf(alarm)}.Arn}`),
      );
      expect([...listed].sort()).toEqual(everyAlarm);
      expect(listed.length).toBeGreaterThan(7);
    },
  );

  it('is one dashboard, whatever the automation', () => {
    // GIVEN every automation on, synthesized once for this file
    const all = allOptIns;

    // WHEN the dashboards are listed THEN the template holds exactly the monitor's
    expect(logicalIdsOfType(all.template, 'AWS::CloudWatch::Dashboard')).toEqual([
      logicalIdOf(all.monitor.observability.dashboard),
    ]);
  });
});
