import { Aws, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DIMENSION, METRIC, METRICS_NAMESPACE } from '../contract/telemetry';
import { serviceMetric, deadLetterMessages, alarmAtLeastOne } from './alarms';

export interface MonitorObservabilityProps {
  readonly monitorFunction: lambda.IFunction;
  readonly scheduleDeadLetterQueue: sqs.IQueue;
  /** Topic the alarms notify: the operators', not the credential owners'. */
  readonly operatorTopic: sns.ITopic;
  readonly thresholdsDays: readonly number[];
  /** Longest expected gap between two runs. */
  readonly runPeriod: Duration;
}

/** Longest period CloudWatch accepts for an alarm evaluated over several periods. */
const MAX_ALARM_PERIOD = Duration.days(1);
/** CloudWatch evaluates at most 7 days of one-day periods. */
const MAX_MISSED_RUN_PERIODS = 7;

/**
 * A CloudWatch dashboard and the alarms that say when the monitor itself stops working: a
 * silent monitor is the worst failure this product has.
 */
export class MonitorObservability extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  readonly missedRunsAlarm: cloudwatch.Alarm;
  readonly functionErrorsAlarm: cloudwatch.Alarm;
  readonly urgentCredentialAlarm: cloudwatch.Alarm;
  readonly undatedCredentialAlarm: cloudwatch.Alarm;
  readonly tagProblemsAlarm: cloudwatch.Alarm;
  readonly nothingMonitoredAlarm: cloudwatch.Alarm;
  readonly deadLetterAlarm: cloudwatch.Alarm;
  readonly alarms: readonly cloudwatch.Alarm[];
  /** Every alarm on the dashboard's alarm widget: these and the ones added by watchAlarms(). */
  private readonly watchedAlarms: cloudwatch.IAlarm[] = [];

  constructor(scope: Construct, id: string, props: MonitorObservabilityProps) {
    super(scope, id);
    const period = Duration.seconds(Math.min(props.runPeriod.toSeconds(), MAX_ALARM_PERIOD.toSeconds()));
    // "Missed" means no heartbeat for two schedule periods; a period longer than the longest alarm
    // period is covered by more evaluation periods (CloudWatch allows up to 7 days of them).
    const missedRunPeriods = Math.min(
      MAX_MISSED_RUN_PERIODS,
      Math.max(2, Math.ceil((2 * props.runPeriod.toSeconds()) / period.toSeconds())),
    );
    const mostUrgent = Math.min(...props.thresholdsDays);

    this.missedRunsAlarm = new cloudwatch.Alarm(this, 'MissedRunsAlarm', {
      alarmDescription:
        'The monitor has not completed a successful run for two schedule periods: expiry alerts may not be sent. Check the function logs and the schedule.',
      metric: serviceMetric(METRIC.heartbeat, cloudwatch.Stats.SUM, period),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: missedRunPeriods,
      datapointsToAlarm: missedRunPeriods,
      // No heartbeat at all is exactly the failure this alarm exists for.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    this.functionErrorsAlarm = new cloudwatch.Alarm(this, 'FunctionErrorsAlarm', {
      alarmDescription:
        'The monitor function failed (for example an alert SNS did not accept, retried automatically). See its logs.',
      metric: props.monitorFunction.metricErrors({ period, statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.urgentCredentialAlarm = new cloudwatch.Alarm(this, 'UrgentCredentialAlarm', {
      alarmDescription: `At least one LWA client secret has ${mostUrgent} day(s) or less left, or has expired. Rotate it now.`,
      metric: serviceMetric(METRIC.credentialsUrgent, cloudwatch.Stats.MAXIMUM, period),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      // Absence of data is the missed-runs alarm's business.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.undatedCredentialAlarm = new cloudwatch.Alarm(this, 'UndatedCredentialAlarm', {
      alarmDescription:
        'At least one monitored secret has no determinable expiry date, so no alert can be sent for it. Fix its lwa:* tags (see the function logs).',
      metric: serviceMetric(METRIC.credentialsUndetermined, cloudwatch.Stats.MAXIMUM, period),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.tagProblemsAlarm = new cloudwatch.Alarm(this, 'TagProblemsAlarm', {
      alarmDescription:
        'At least one monitored secret has a malformed or suspicious lwa:* tag (ignored, or a date far beyond the rotation window): its alerts may come at the wrong time. The function logs name the secret and the tag.',
      metric: serviceMetric(METRIC.credentialsWithTagProblems, cloudwatch.Stats.MAXIMUM, period),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.nothingMonitoredAlarm = new cloudwatch.Alarm(this, 'NothingMonitoredAlarm', {
      alarmDescription:
        'The monitor ran but found no secret carrying the app tag: nothing is monitored. Check the tag key on your secrets and the appTagKey setting.',
      metric: serviceMetric(METRIC.credentialsMonitored, cloudwatch.Stats.MAXIMUM, period),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // No data means no run, which the missed-runs alarm reports.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    // Its actions are added with the others' (watchAlarms).
    this.deadLetterAlarm = alarmAtLeastOne(
      this,
      'ScheduleDeadLetterAlarm',
      deadLetterMessages(props.scheduleDeadLetterQueue),
      'EventBridge could not deliver a scheduled run to the monitor; the event is in the dead-letter queue. Inspect and purge it.',
    );
    this.alarms = [
      this.missedRunsAlarm,
      this.functionErrorsAlarm,
      this.urgentCredentialAlarm,
      this.undatedCredentialAlarm,
      this.tagProblemsAlarm,
      this.nothingMonitoredAlarm,
      this.deadLetterAlarm,
    ];
    this.watchedAlarms.push(...this.alarms);
    const notify = new actions.SnsAction(props.operatorTopic);
    for (const alarm of this.alarms) {
      alarm.addAlarmAction(notify);
      alarm.addOkAction(notify);
    }

    this.dashboard = this.buildDashboard(props, mostUrgent);
  }

  private buildDashboard(props: MonitorObservabilityProps, mostUrgent: number): cloudwatch.Dashboard {
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(14),
    });
    const fn = props.monitorFunction;
    const hour = Duration.hours(1);
    // Metrics Insights queries pick up a new app the first time its metric is emitted, with
    // no redeployment.
    const daysLeftPerApp = new cloudwatch.MathExpression({
      expression: `SELECT MIN(${METRIC.daysUntilExpiry}) FROM SCHEMA("${METRICS_NAMESPACE}", ${DIMENSION.app}, ${DIMENSION.service}) GROUP BY ${DIMENSION.app}`,
      label: 'Days left',
      period: hour,
    });
    const alertsBySeverity = new cloudwatch.MathExpression({
      expression: `SELECT SUM(${METRIC.alertsPublished}) FROM SCHEMA("${METRICS_NAMESPACE}", ${DIMENSION.service}, ${DIMENSION.severity}) GROUP BY ${DIMENSION.severity}`,
      label: 'Alerts',
      period: Duration.days(1),
    });
    dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown:
          `# LWA client secret expiry\nDays left per app (the most urgent secret of each app), against the alert thresholds. Most urgent threshold: ${mostUrgent} day(s).\n\n` +
          `**Estimated dates** counts secrets dated from their AWSCURRENT version's creation, which any new version restarts: their days left are an estimate. ` +
          `\`lwa-expiry status\` lists them; tag each with \`lwa:expires-at\` (the expiry the Developer Console shows) to make it exact.`,
        width: 24,
        height: 3,
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Days until expiry, per app',
        left: [daysLeftPerApp],
        // No minimum: an expired app's days left are negative and must stay visible.
        leftYAxis: { label: 'days', showUnits: false },
        leftAnnotations: [
          ...props.thresholdsDays.map((days) => ({ value: days, label: `${days}-day alert` })),
          { value: 0, label: 'expired', color: cloudwatch.Color.RED },
        ],
        width: 16,
        height: 8,
      }),
      new cloudwatch.SingleValueWidget({
        title: 'Credentials',
        metrics: [
          serviceMetric(METRIC.credentialsMonitored, cloudwatch.Stats.MAXIMUM, hour).with({
            label: 'Monitored',
          }),
          serviceMetric(METRIC.credentialsUrgent, cloudwatch.Stats.MAXIMUM, hour).with({ label: 'Urgent' }),
          serviceMetric(METRIC.credentialsUndetermined, cloudwatch.Stats.MAXIMUM, hour).with({
            label: 'Undated',
          }),
          serviceMetric(METRIC.credentialsWithTagProblems, cloudwatch.Stats.MAXIMUM, hour).with({
            label: 'Tag problems',
          }),
          serviceMetric(METRIC.credentialsEstimated, cloudwatch.Stats.MAXIMUM, hour).with({
            label: 'Estimated dates',
          }),
        ],
        width: 8,
        height: 8,
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Alerts sent, by severity (per day)',
        left: [alertsBySeverity],
        stacked: true,
        width: 8,
        height: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'Monitor runs',
        left: [
          fn.metricInvocations({ period: hour, statistic: cloudwatch.Stats.SUM }),
          fn.metricErrors({ period: hour, statistic: cloudwatch.Stats.SUM }),
          fn.metricThrottles({ period: hour, statistic: cloudwatch.Stats.SUM }),
          serviceMetric(METRIC.heartbeat, cloudwatch.Stats.SUM, hour).with({ label: 'Successful runs' }),
          serviceMetric(METRIC.publishFailures, cloudwatch.Stats.SUM, hour).with({
            label: 'Publish failures',
          }),
        ],
        right: [fn.metricDuration({ period: hour, statistic: cloudwatch.Stats.MAXIMUM })],
        width: 8,
        height: 6,
      }),
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        // The widget renders this list at synth, so alarms added by watchAlarms() appear too.
        alarms: this.watchedAlarms,
        width: 8,
        height: 6,
      }),
    );
    return dashboard;
  }

  /** Shows alarms of other parts of the product (intake, opt-ins) on the dashboard too. */
  watchAlarms(...alarms: cloudwatch.IAlarm[]): void {
    this.watchedAlarms.push(...alarms);
  }

  /** Console address of the dashboard, for the stack output. */
  get dashboardUrl(): string {
    return `https://${Aws.REGION}.console.aws.amazon.com/cloudwatch/home?region=${Aws.REGION}#dashboards/dashboard/${this.dashboard.dashboardName}`;
  }
}
