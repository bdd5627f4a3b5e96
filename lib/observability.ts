import { Aws, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC } from '../contract/telemetry';
import { alarmAtLeastOne, deadLetterMessages, serviceMetric } from './alarms';
import { createMonitorDashboard, notificationOutcomesWidget } from './dashboard';

export interface MonitorObservabilityProps {
  readonly monitorFunction: lambda.IFunction;
  /**
   * The monitor's log group, whose per-credential status lines the dashboard lists.
   * @default - the function's default log group, `/aws/lambda/<function name>`
   */
  readonly monitorLogGroup?: logs.ILogGroup;
  /** The monitor also emits `DaysUntilExpiry` per app: the dashboard graphs it. */
  readonly perAppMetrics?: boolean;
  readonly scheduleDeadLetterQueue: sqs.IQueue;
  /** Topic the alarms notify: the operators', not the credential owners'. */
  readonly operatorTopic: sns.ITopic;
  readonly thresholdsDays: number[];
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
  readonly alarms: cloudwatch.Alarm[];
  /** Every alarm on the dashboard's alarm widget: these and the ones added by watchAlarms(). */
  private readonly watchedAlarms: cloudwatch.IAlarm[] = [];

  constructor(scope: Construct, id: string, props: MonitorObservabilityProps) {
    super(scope, id);
    const period = Duration.seconds(Math.min(props.runPeriod.toSeconds(), MAX_ALARM_PERIOD.toSeconds()));
    const mostUrgent = Math.min(...props.thresholdsDays);

    this.missedRunsAlarm = this.createMissedRunsAlarm(props.runPeriod, period);
    // These alarms get their actions below, with the others'.
    this.functionErrorsAlarm = alarmAtLeastOne(
      this,
      'FunctionErrorsAlarm',
      props.monitorFunction.metricErrors({ period, statistic: cloudwatch.Stats.SUM }),
      'The monitor function failed (for example an alert SNS did not accept, retried automatically). See its logs.',
    );
    // For the credential counts, absence of data is the missed-runs alarm's business.
    this.urgentCredentialAlarm = alarmAtLeastOne(
      this,
      'UrgentCredentialAlarm',
      serviceMetric(METRIC.credentialsUrgent, cloudwatch.Stats.MAXIMUM, period),
      `At least one LWA client secret has ${mostUrgent} day(s) or less left, or has expired. Rotate it now.`,
    );
    this.undatedCredentialAlarm = alarmAtLeastOne(
      this,
      'UndatedCredentialAlarm',
      serviceMetric(METRIC.credentialsUndetermined, cloudwatch.Stats.MAXIMUM, period),
      'At least one monitored secret has no determinable expiry date, so no alert can be sent for it. Fix its lwa:* tags (see the function logs).',
    );
    this.tagProblemsAlarm = alarmAtLeastOne(
      this,
      'TagProblemsAlarm',
      serviceMetric(METRIC.credentialsWithTagProblems, cloudwatch.Stats.MAXIMUM, period),
      'At least one monitored secret has a malformed or suspicious lwa:* tag (ignored, or a date far beyond the rotation window): its alerts may come at the wrong time. The function logs name the secret and the tag.',
    );
    this.nothingMonitoredAlarm = this.createNothingMonitoredAlarm(period);
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
    this.notifyWhenAnyFiresOrClears(props.operatorTopic);

    this.dashboard = this.createDashboard(props);
  }

  /** The dashboard, over the monitor's log group (the function's default one when none is given). */
  private createDashboard(props: MonitorObservabilityProps): cloudwatch.Dashboard {
    return createMonitorDashboard(this, 'Dashboard', {
      monitorFunction: props.monitorFunction,
      monitorLogGroup:
        props.monitorLogGroup ??
        logs.LogGroup.fromLogGroupName(
          this,
          'MonitorLogGroup',
          `/aws/lambda/${props.monitorFunction.functionName}`,
        ),
      perAppMetrics: props.perAppMetrics ?? false,
      thresholdsDays: props.thresholdsDays,
      alarms: this.watchedAlarms,
    });
  }

  private notifyWhenAnyFiresOrClears(operatorTopic: sns.ITopic): void {
    const notify = new actions.SnsAction(operatorTopic);
    for (const alarm of this.alarms) {
      alarm.addAlarmAction(notify);
      alarm.addOkAction(notify);
    }
  }

  /** No heartbeat for two schedule periods. */
  private createMissedRunsAlarm(runPeriod: Duration, period: Duration): cloudwatch.Alarm {
    // A run period longer than the longest alarm period is covered by more evaluation periods
    // (CloudWatch allows up to 7 days of them).
    const missedRunPeriods = Math.min(
      MAX_MISSED_RUN_PERIODS,
      Math.max(2, Math.ceil((2 * runPeriod.toSeconds()) / period.toSeconds())),
    );
    return new cloudwatch.Alarm(this, 'MissedRunsAlarm', {
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
  }

  /** A run that found no secret carrying the app tag. */
  private createNothingMonitoredAlarm(period: Duration): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, 'NothingMonitoredAlarm', {
      alarmDescription:
        'The monitor ran but found no secret carrying the app tag: nothing is monitored. Check the tag key on your secrets and the appTagKey setting.',
      metric: serviceMetric(METRIC.credentialsMonitored, cloudwatch.Stats.MAXIMUM, period),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // No data means no run, which the missed-runs alarm reports.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /** Adds the notification intake's table of messages handled, by type and outcome, to the dashboard. */
  showNotificationOutcomes(intakeLogGroup: logs.ILogGroup): void {
    this.dashboard.addWidgets(notificationOutcomesWidget(intakeLogGroup));
  }

  /** Shows alarms of other parts of the product (intake, opt-ins) on the dashboard too. */
  watchAlarms(...alarms: cloudwatch.IAlarm[]): void {
    this.watchedAlarms.push(...alarms);
  }

  /** Watches every alarm below `scope` that is not already one of these. */
  watchAlarmsBelow(scope: Construct): void {
    this.watchAlarms(
      ...scope.node
        .findAll()
        .filter((c): c is cloudwatch.Alarm => c instanceof cloudwatch.Alarm)
        .filter((alarm) => !this.alarms.includes(alarm)),
    );
  }

  /** Console address of the dashboard, for the stack output. */
  get dashboardUrl(): string {
    return `https://${Aws.REGION}.console.aws.amazon.com/cloudwatch/home?region=${Aws.REGION}#dashboards/dashboard/${this.dashboard.dashboardName}`;
  }
}
