import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import {
  ALERT_PUBLISHED_LOG,
  CREDENTIAL_STATUS_LOG,
  DIMENSION,
  METRIC,
  METRICS_NAMESPACE,
  NOTIFICATION_LOG,
} from '../contract/telemetry';
import { serviceMetric } from './alarms';

export interface MonitorDashboardProps {
  readonly monitorFunction: lambda.IFunction;
  /** Where the monitor writes one status line per credential each run, and one line per alert. */
  readonly monitorLogGroup: logs.ILogGroup;
  /** The monitor emits `DaysUntilExpiry` per app: graph it too. */
  readonly perAppMetrics: boolean;
  readonly thresholdsDays: readonly number[];
  /** The alarms of the alarm widget; rendered at synth, so alarms pushed later appear too. */
  readonly alarms: cloudwatch.IAlarm[];
}

const HOUR = Duration.hours(1);

/**
 * The monitor's dashboard: the fewest days left, credential counts, the latest status of each
 * credential (from the logs), alerts sent, run health, alarms; days left per app with the opt-in.
 */
export function createMonitorDashboard(
  scope: Construct,
  id: string,
  props: MonitorDashboardProps,
): cloudwatch.Dashboard {
  const dashboard = new cloudwatch.Dashboard(scope, id, {
    defaultInterval: Duration.days(14),
  });
  dashboard.addWidgets(introduction(Math.min(...props.thresholdsDays)));
  dashboard.addWidgets(fewestDaysLeft(props.thresholdsDays), credentialCounts(props.thresholdsDays));
  if (props.perAppMetrics) dashboard.addWidgets(daysLeftPerApp(props.thresholdsDays));
  dashboard.addWidgets(latestStatusPerCredential(props.monitorLogGroup));
  dashboard.addWidgets(
    alertsBySeverity(props.monitorLogGroup),
    monitorRuns(props.monitorFunction),
    alarmStatus(props.alarms),
  );
  return dashboard;
}

function introduction(mostUrgent: number): cloudwatch.IWidget {
  return new cloudwatch.TextWidget({
    markdown:
      `# LWA client secret expiry\nThe fewest days left of any credential, against the alert thresholds (most urgent: ${mostUrgent} day(s)), and the latest status of each credential, read from the monitor's logs.\n\n` +
      `**Estimated dates** counts secrets dated from their AWSCURRENT version's creation, which any new version restarts: their days left are an estimate. ` +
      `\`lwa-expiry status\` lists them; tag each with \`lwa:expires-at\` (the expiry the Developer Console shows) to make it exact.`,
    width: 24,
    height: 3,
  });
}

function thresholdLines(thresholdsDays: readonly number[]): cloudwatch.HorizontalAnnotation[] {
  return [
    ...thresholdsDays.map((days) => ({ value: days, label: `${days}-day alert` })),
    { value: 0, label: 'expired', color: cloudwatch.Color.RED },
  ];
}

function fewestDaysLeft(thresholdsDays: readonly number[]): cloudwatch.IWidget {
  return new cloudwatch.GraphWidget({
    title: 'Fewest days left, any credential',
    left: [
      serviceMetric(METRIC.minDaysUntilExpiry, cloudwatch.Stats.MINIMUM, HOUR).with({
        label: 'Fewest days left',
      }),
    ],
    // No minimum: once a credential has expired its days left are negative and must stay visible.
    leftYAxis: { label: 'days', showUnits: false },
    leftAnnotations: thresholdLines(thresholdsDays),
    width: 16,
    height: 8,
  });
}

/**
 * The latest status line of each credential in the dashboard's time range, most urgent first:
 * the per-app view that costs log bytes, not a custom metric per app.
 */
export function latestStatusQueryLines(): string[] {
  const f = CREDENTIAL_STATUS_LOG.fields;
  const latest = [f.owner, f.daysLeft, f.expiresAt, f.band, f.source].map(
    (field) => `latest(${field}) as ${field}`,
  );
  return [
    `filter message = "${CREDENTIAL_STATUS_LOG.message}"`,
    `stats ${latest.join(', ')}, max(@timestamp) as lastChecked by ${f.app}, ${f.secret}`,
    `sort ${f.daysLeft} asc`,
    // Logs Insights returns at most 10,000 rows.
    'limit 10000',
  ];
}

/** A Logs Insights widget over one log group: the per-app and per-event views that cost no metric. */
function logQuery(
  logGroup: logs.ILogGroup,
  title: string,
  queryLines: string[],
  view: cloudwatch.LogQueryVisualizationType,
  size: { readonly width: number; readonly height: number },
): cloudwatch.IWidget {
  return new cloudwatch.LogQueryWidget({
    title,
    logGroupNames: [logGroup.logGroupName],
    queryLines,
    view,
    ...size,
  });
}

function latestStatusPerCredential(logGroup: logs.ILogGroup): cloudwatch.IWidget {
  return logQuery(
    logGroup,
    'Latest status per app (monitor logs), fewest days left first',
    latestStatusQueryLines(),
    cloudwatch.LogQueryVisualizationType.TABLE,
    { width: 24, height: 8 },
  );
}

function daysLeftPerApp(thresholdsDays: readonly number[]): cloudwatch.IWidget {
  // Metrics Insights queries pick up a new app the first time its metric is emitted, with
  // no redeployment.
  const daysLeft = new cloudwatch.MathExpression({
    expression: `SELECT MIN(${METRIC.daysUntilExpiry}) FROM SCHEMA("${METRICS_NAMESPACE}", ${DIMENSION.app}, ${DIMENSION.service}) GROUP BY ${DIMENSION.app}`,
    label: 'Days left',
    period: HOUR,
  });
  return new cloudwatch.GraphWidget({
    title: 'Days until expiry, per app',
    left: [daysLeft],
    // No minimum: an expired app's days left are negative and must stay visible.
    leftYAxis: { label: 'days', showUnits: false },
    leftAnnotations: thresholdLines(thresholdsDays),
    width: 24,
    height: 8,
  });
}

function credentialCounts(thresholdsDays: readonly number[]): cloudwatch.IWidget {
  const latest = (metricName: string, label: string): cloudwatch.IMetric =>
    serviceMetric(metricName, cloudwatch.Stats.MAXIMUM, HOUR).with({ label });
  return new cloudwatch.SingleValueWidget({
    title: 'Credentials',
    metrics: [
      latest(METRIC.credentialsMonitored, 'Monitored'),
      latest(METRIC.credentialsDue, `Within ${Math.max(...thresholdsDays)} days`),
      latest(METRIC.credentialsUrgent, 'Urgent'),
      latest(METRIC.credentialsExpired, 'Expired'),
      latest(METRIC.credentialsUndetermined, 'Undated'),
      latest(METRIC.credentialsWithTagProblems, 'Tag problems'),
      latest(METRIC.credentialsEstimated, 'Estimated dates'),
    ],
    width: 8,
    height: 8,
  });
}

/**
 * The alerts the monitor sent each day, by severity, counted from its `Alert published` lines:
 * a metric per severity would be billed in every hour with such an alert.
 */
export function alertsBySeverityQueryLines(): string[] {
  const severity = ALERT_PUBLISHED_LOG.fields.severity;
  return [
    `filter message = "${ALERT_PUBLISHED_LOG.message}"`,
    `stats count(*) as alerts by ${severity}, bin(1d)`,
  ];
}

function alertsBySeverity(logGroup: logs.ILogGroup): cloudwatch.IWidget {
  return logQuery(
    logGroup,
    'Alerts sent, by severity (per day, monitor logs)',
    alertsBySeverityQueryLines(),
    // Logs Insights draws a query grouped by a field and bin() as bars.
    cloudwatch.LogQueryVisualizationType.BAR,
    { width: 8, height: 6 },
  );
}

/**
 * What the notification intake did with each message, counted by type and outcome from its
 * `Notification processed` lines: the per-outcome view that costs no metric.
 */
export function notificationOutcomesQueryLines(): string[] {
  const f = NOTIFICATION_LOG.fields;
  return [
    `filter message = "${NOTIFICATION_LOG.message}"`,
    `stats count(*) as notifications, max(@timestamp) as last by ${f.type}, ${f.outcome}`,
    'sort notifications desc',
  ];
}

/** The table of notifications handled, by type and outcome, over the intake's log group. */
export function notificationOutcomesWidget(logGroup: logs.ILogGroup): cloudwatch.IWidget {
  return logQuery(
    logGroup,
    'SP-API notifications handled, by type and outcome (intake logs)',
    notificationOutcomesQueryLines(),
    cloudwatch.LogQueryVisualizationType.TABLE,
    { width: 24, height: 6 },
  );
}

function monitorRuns(fn: lambda.IFunction): cloudwatch.IWidget {
  return new cloudwatch.GraphWidget({
    title: 'Monitor runs',
    left: [
      fn.metricInvocations({ period: HOUR, statistic: cloudwatch.Stats.SUM }),
      fn.metricErrors({ period: HOUR, statistic: cloudwatch.Stats.SUM }),
      fn.metricThrottles({ period: HOUR, statistic: cloudwatch.Stats.SUM }),
      serviceMetric(METRIC.heartbeat, cloudwatch.Stats.SUM, HOUR).with({ label: 'Successful runs' }),
      serviceMetric(METRIC.publishFailures, cloudwatch.Stats.SUM, HOUR).with({
        label: 'Publish failures',
      }),
    ],
    right: [fn.metricDuration({ period: HOUR, statistic: cloudwatch.Stats.MAXIMUM })],
    width: 8,
    height: 6,
  });
}

function alarmStatus(alarms: cloudwatch.IAlarm[]): cloudwatch.IWidget {
  return new cloudwatch.AlarmStatusWidget({
    title: 'Alarms',
    // The widget renders this list at synth, so alarms added after it was built appear too.
    alarms,
    width: 8,
    height: 6,
  });
}
