import type { SynthesizedMonitor as Synthesized } from './cdk-test-app';
import { METRIC_CATALOG } from '../../scripts/cost/metric-catalog';
import { EVENT_METRIC } from '../../contract/telemetry';
import {
  defined,
  logicalIdOf,
  logicalIdsOfType,
  propertiesOf,
  synthesizeMonitor as synthesize,
} from './cdk-test-app';

// The first synthesis in a worker loads much of aws-cdk-lib: seconds on a busy CI machine.
jest.setTimeout(30_000);

type CfnProperties = Record<string, unknown>;

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

const SERVICE_DIMENSION = [{ Name: 'service', Value: 'lwa-expiry-monitor' }];

let defaults: Synthesized;

beforeAll(() => {
  defaults = synthesize();
});

describe('MonitorObservability: alarms that say when the monitor itself stops working', () => {
  it("creates the monitor's seven alarms; with the intake's and the event alarm, they are every alarm of the default stack", () => {
    // GIVEN the default monitor, synthesized once for this file
    const { monitor } = defaults;
    const intake = defined(monitor.notificationIntake, 'the notification intake');

    // WHEN the alarms of the template are listed
    const alarms = logicalIdsOfType(defaults.template, 'AWS::CloudWatch::Alarm');

    // THEN they are the observability alarms plus the intake's dead-letter alarm and the
    // alarm on events the bus did not take, nothing else
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
    const eventAlarm = defined(monitor.eventPublishFailuresAlarm, 'the event publish failures alarm');
    expect(alarms).toEqual(
      [...observability.alarms, intake.deadLetterAlarm, eventAlarm].map(logicalIdOf).sort(),
    );
  });

  it.each([
    ['by default', {}],
    [
      'with every opt-in, perAppMetrics included',
      { perAppMetrics: true, storeNewSecrets: true, autoRotation: {}, liveCheck: {}, webhooks: true },
    ],
  ])(
    'watches no metric per app: every alarm on a product metric reads one the monitor emits without the opt-in (%s)',
    (_name, props) => {
      // GIVEN the stack, and what the monitor emits by default
      const synthesized = synthesize(props);
      // (EventPublishFailures is not in the price catalog: it is written only when an event failed.)
      const emittedByDefault = new Set([
        ...Object.values(METRIC_CATALOG)
          .flat()
          .filter((m) => m.optIn === undefined)
          .map((m) => m.name),
        EVENT_METRIC.publishFailures,
      ]);

      // WHEN every alarm's metrics are listed (single-metric and metric-math alarms alike)
      const alarmMetrics = logicalIdsOfType(synthesized.template, 'AWS::CloudWatch::Alarm').flatMap((id) => {
        const p = propertiesOf(synthesized, id);
        const single =
          p.MetricName === undefined
            ? []
            : [{ Namespace: p.Namespace, MetricName: p.MetricName, Dimensions: p.Dimensions }];
        const math = ((p.Metrics as { MetricStat?: { Metric: CfnProperties } }[] | undefined) ?? []).flatMap(
          (m) => (m.MetricStat ? [m.MetricStat.Metric] : []),
        );
        return [...single, ...math];
      });

      // THEN none reads DaysUntilExpiry or an app dimension, and each product metric is one emitted by default
      const product = alarmMetrics.filter((m) => m.Namespace === 'LwaExpiryMonitor');
      expect(product.length).toBeGreaterThan(0);
      for (const metric of product) {
        expect(emittedByDefault).toContain(metric.MetricName);
        expect(JSON.stringify(metric.Dimensions ?? [])).not.toContain('"app"');
      }
    },
  );

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
