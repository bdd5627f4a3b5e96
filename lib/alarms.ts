import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DIMENSION, METRICS_NAMESPACE, SERVICE_NAME } from '../contract/telemetry';

/** A product metric (one namespace, `service` dimension), as every function emits it. */
export function serviceMetric(metricName: string, statistic: string, period: Duration): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { [DIMENSION.service]: SERVICE_NAME },
    statistic,
    period,
  });
}

/** Messages waiting in a dead-letter queue: the most seen in each 5 minutes. */
export function deadLetterMessages(queue: sqs.IQueue): cloudwatch.IMetric {
  return queue.metricApproximateNumberOfMessagesVisible({
    period: Duration.minutes(5),
    statistic: cloudwatch.Stats.MAXIMUM,
  });
}

/**
 * An alarm when `metric` reaches 1 in one period, missing data counting as fine; with a topic,
 * it notifies that topic when it fires and when it clears.
 */
export function alarmAtLeastOne(
  scope: Construct,
  id: string,
  metric: cloudwatch.IMetric,
  description: string,
  notifyTopic?: sns.ITopic,
): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    alarmDescription: description,
    metric,
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  if (notifyTopic) {
    const notify = new actions.SnsAction(notifyTopic);
    alarm.addAlarmAction(notify);
    alarm.addOkAction(notify);
  }
  return alarm;
}

/** An alarm on any failed invocation of `fn` within `period`, notifying `operatorTopic`. */
export function functionErrorsAlarm(
  scope: Construct,
  fn: lambda.IFunction,
  description: string,
  operatorTopic: sns.ITopic,
  period: Duration,
): cloudwatch.Alarm {
  return alarmAtLeastOne(
    scope,
    'FunctionErrorsAlarm',
    fn.metricErrors({ period, statistic: cloudwatch.Stats.SUM }),
    description,
    operatorTopic,
  );
}
