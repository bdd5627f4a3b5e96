import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { DIMENSION, METRIC, METRICS_NAMESPACE } from '../contract/telemetry';
import { serviceMetric } from './alarms';

export interface MonitorDashboardProps {
  readonly monitorFunction: lambda.IFunction;
  readonly thresholdsDays: readonly number[];
  /** The alarms of the alarm widget; rendered at synth, so alarms pushed later appear too. */
  readonly alarms: cloudwatch.IAlarm[];
}

const HOUR = Duration.hours(1);

/** The monitor's dashboard: days left per app, credential counts, alerts sent, run health, alarms. */
export function createMonitorDashboard(
  scope: Construct,
  id: string,
  props: MonitorDashboardProps,
): cloudwatch.Dashboard {
  const dashboard = new cloudwatch.Dashboard(scope, id, {
    defaultInterval: Duration.days(14),
  });
  dashboard.addWidgets(introduction(Math.min(...props.thresholdsDays)));
  dashboard.addWidgets(daysLeftPerApp(props.thresholdsDays), credentialCounts());
  dashboard.addWidgets(alertsBySeverity(), monitorRuns(props.monitorFunction), alarmStatus(props.alarms));
  return dashboard;
}

function introduction(mostUrgent: number): cloudwatch.IWidget {
  return new cloudwatch.TextWidget({
    markdown:
      `# LWA client secret expiry\nDays left per app (the most urgent secret of each app), against the alert thresholds. Most urgent threshold: ${mostUrgent} day(s).\n\n` +
      `**Estimated dates** counts secrets dated from their AWSCURRENT version's creation, which any new version restarts: their days left are an estimate. ` +
      `\`lwa-expiry status\` lists them; tag each with \`lwa:expires-at\` (the expiry the Developer Console shows) to make it exact.`,
    width: 24,
    height: 3,
  });
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
    leftAnnotations: [
      ...thresholdsDays.map((days) => ({ value: days, label: `${days}-day alert` })),
      { value: 0, label: 'expired', color: cloudwatch.Color.RED },
    ],
    width: 16,
    height: 8,
  });
}

function credentialCounts(): cloudwatch.IWidget {
  const latest = (metricName: string, label: string): cloudwatch.IMetric =>
    serviceMetric(metricName, cloudwatch.Stats.MAXIMUM, HOUR).with({ label });
  return new cloudwatch.SingleValueWidget({
    title: 'Credentials',
    metrics: [
      latest(METRIC.credentialsMonitored, 'Monitored'),
      latest(METRIC.credentialsUrgent, 'Urgent'),
      latest(METRIC.credentialsUndetermined, 'Undated'),
      latest(METRIC.credentialsWithTagProblems, 'Tag problems'),
      latest(METRIC.credentialsEstimated, 'Estimated dates'),
    ],
    width: 8,
    height: 8,
  });
}

function alertsBySeverity(): cloudwatch.IWidget {
  const alerts = new cloudwatch.MathExpression({
    expression: `SELECT SUM(${METRIC.alertsPublished}) FROM SCHEMA("${METRICS_NAMESPACE}", ${DIMENSION.service}, ${DIMENSION.severity}) GROUP BY ${DIMENSION.severity}`,
    label: 'Alerts',
    period: Duration.days(1),
  });
  return new cloudwatch.GraphWidget({
    title: 'Alerts sent, by severity (per day)',
    left: [alerts],
    stacked: true,
    width: 8,
    height: 6,
  });
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
