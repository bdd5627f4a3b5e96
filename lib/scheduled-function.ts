import { Duration, Validations } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { alarmAtLeastOne, deadLetterMessages, functionErrorsAlarm } from './alarms';
import type { ProductFunction, ProductFunctionSpec } from './function-defaults';
import { productFunction } from './function-defaults';

export interface ScheduledFunctionSpec extends ProductFunctionSpec {
  /** EventBridge rate or cron expression. */
  readonly scheduleExpression: string;
  /** Description of the schedule rule, also naming the function in its dead-letter alarm. */
  readonly scheduleDescription: string;
}

/** A product function run by an EventBridge schedule, whose undeliverable events are kept. */
export interface ScheduledFunction extends ProductFunction {
  readonly schedule: events.Rule;
  /** Scheduled events EventBridge could not deliver to the function. */
  readonly scheduleDeadLetterQueue: sqs.Queue;
}

/**
 * The one way a scheduled function of this product is built (monitor, rotation, live check): the
 * product function, its schedule, delivery retries and a dead-letter queue.
 */
export function scheduledFunction(scope: Construct, spec: ScheduledFunctionSpec): ScheduledFunction {
  const made = productFunction(scope, spec);
  const scheduleDeadLetterQueue = new sqs.Queue(scope, 'ScheduleDeadLetterQueue', {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  const schedule = new events.Rule(scope, 'Schedule', {
    description: spec.scheduleDescription,
    schedule: events.Schedule.expression(spec.scheduleExpression),
  });
  schedule.addTarget(
    new targets.LambdaFunction(made.fn, {
      // EventBridge retries a failed delivery (throttling, service errors) for up to an hour,
      // then parks the event in the dead-letter queue, where an alarm sees it.
      retryAttempts: 8,
      maxEventAge: Duration.hours(1),
      deadLetterQueue: scheduleDeadLetterQueue,
    }),
  );
  Validations.of(scheduleDeadLetterQueue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      'This queue is itself the dead-letter queue of the schedule target; a DLQ of a DLQ would only move the problem.',
  });
  return { ...made, schedule, scheduleDeadLetterQueue };
}

export interface ScheduledFunctionAlarms {
  readonly scheduleDeadLetterAlarm: cloudwatch.Alarm;
  readonly functionErrorsAlarm: cloudwatch.Alarm;
}

/** The alarms of a scheduled function that has no dashboard of its own: undelivered runs and failed runs. */
export function scheduledFunctionAlarms(
  scope: Construct,
  made: ScheduledFunction,
  spec: Pick<ScheduledFunctionSpec, 'scheduleDescription'> & { readonly errorsDescription: string },
  operatorTopic: sns.ITopic,
): ScheduledFunctionAlarms {
  const scheduleDeadLetterAlarm = alarmAtLeastOne(
    scope,
    'ScheduleDeadLetterAlarm',
    deadLetterMessages(made.scheduleDeadLetterQueue),
    `EventBridge could not deliver a scheduled run (${spec.scheduleDescription}); the event is in the dead-letter queue.`,
    operatorTopic,
  );
  return {
    scheduleDeadLetterAlarm,
    functionErrorsAlarm: functionErrorsAlarm(
      scope,
      made.fn,
      spec.errorsDescription,
      operatorTopic,
      Duration.hours(1),
    ),
  };
}
