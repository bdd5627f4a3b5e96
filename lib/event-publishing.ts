import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { EVENT_BUS_ENV } from '../contract/environment';
import type { EventDetailType } from '../contract/events';
import { DEFAULT_EVENT_BUS_NAME, EVENT_SOURCE, validateEventBusName } from '../contract/events';
import { EVENT_METRIC } from '../contract/telemetry';
import { alarmAtLeastOne, serviceMetric } from './alarms';
import { ConfigError } from './validation';

/**
 * The EventBridge events of the product (docs/events.md): which bus they go on, the one
 * permission each emitting function gets for it, and the alarm on events the bus did not take.
 */

/** Where the events go; undefined when they are off. */
export interface ResolvedEventBus {
  /** A bus name, `default`, or an event bus ARN, as the functions pass it to PutEvents. */
  readonly eventBusName: string;
}

/**
 * `events` (default true) and `eventBusName` (default the account's default bus), checked:
 * events off with a bus named is refused, as a setting that would silently do nothing.
 */
export function resolveEventBus(props: {
  readonly events?: boolean;
  readonly eventBusName?: string;
}): ResolvedEventBus | undefined {
  if (props.events !== undefined && typeof props.events !== 'boolean') {
    throw new ConfigError('events', props.events, 'true or false');
  }
  if (props.events === false) {
    if (props.eventBusName !== undefined) {
      throw new ConfigError(
        'eventBusName',
        props.eventBusName,
        'events left on (it is false): no event is put on any bus while events are off',
      );
    }
    return undefined;
  }
  return {
    eventBusName: validateEventBusName('eventBusName', props.eventBusName ?? DEFAULT_EVENT_BUS_NAME),
  };
}

/** The ARN of the bus: the ARN given, or the named bus of this stack's account and region. */
export function eventBusArn(scope: Construct, bus: ResolvedEventBus): string {
  if (bus.eventBusName.startsWith('arn:')) return bus.eventBusName;
  return Stack.of(scope).formatArn({
    service: 'events',
    resource: 'event-bus',
    resourceName: bus.eventBusName,
  });
}

/**
 * Lets `fn` put its events on the bus: EVENT_BUS_NAME in its environment, and events:PutEvents
 * on that bus only, for the product's source and the function's own detail-types.
 */
export function enableEventPublishing(
  fn: lambda.Function,
  role: iam.IRole,
  bus: ResolvedEventBus,
  detailTypes: readonly EventDetailType[],
): void {
  fn.addEnvironment(EVENT_BUS_ENV, bus.eventBusName);
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'PutProductEvents',
      actions: ['events:PutEvents'],
      resources: [eventBusArn(fn, bus)],
      conditions: {
        StringEquals: {
          'events:source': EVENT_SOURCE,
          'events:detail-type': [...detailTypes],
        },
      },
    }),
  );
}

/** An alarm when any function counted an event the bus did not take, notifying the operators. */
export function eventPublishFailuresAlarm(scope: Construct, operatorTopic: sns.ITopic): cloudwatch.Alarm {
  return alarmAtLeastOne(
    scope,
    'EventPublishFailuresAlarm',
    serviceMetric(EVENT_METRIC.publishFailures, cloudwatch.Stats.SUM, Duration.hours(1)),
    'An EventBridge event (docs/events.md) could not be put on the event bus after retries. The SNS alerts went out; systems that act on the events (such as restarting a service after a new secret is promoted) missed them. See the function logs for the detail-type and secret.',
    operatorTopic,
  );
}
