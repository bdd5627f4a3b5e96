import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MetricUnit as MetricUnitType } from '@aws-lambda-powertools/metrics/types';
import { EVENT_BUS_ENV } from '../../contract/environment';
import { validateEventBusName } from '../../contract/events';
import { EVENT_METRIC } from '../../contract/telemetry';
import { EventBridgeEventPublisher } from '../adapters/aws/event-publisher';
import { errorName } from '../domain/error-name';
import type { ProductEvent } from '../domain/product-events';
import type { EventPublisher, EventPublishOutcome } from '../ports/event-publisher';
import type { LogPort } from '../ports/log';
import { CLIENT_RETRY_SETTINGS } from './aws-clients';

/** Where a failure is counted: one metric document written at once (Powertools `singleMetric`). */
export interface FailureMetrics {
  singleMetric(): { addMetric(name: string, unit: MetricUnitType, value: number): unknown };
}

/** Events are off (no bus configured): nothing is put, nothing fails. */
export const NO_EVENTS: EventPublisher = {
  publish: () => Promise.resolve({ published: 0, failed: [] }),
};

/**
 * An event publisher that reports what the bus did not take: each failed event logged (its
 * detail-type, secret ARN and the error code, never its detail) and counted in the
 * `EventPublishFailures` metric, which an alarm watches. It never rejects, even when the
 * publisher under it does.
 */
export class ReportingEventPublisher implements EventPublisher {
  constructor(
    private readonly inner: EventPublisher,
    private readonly log: LogPort,
    private readonly metrics: FailureMetrics,
  ) {}

  async publish(events: readonly ProductEvent[]): Promise<EventPublishOutcome> {
    if (events.length === 0) return { published: 0, failed: [] };
    let outcome: EventPublishOutcome;
    try {
      outcome = await this.inner.publish(events);
    } catch (error: unknown) {
      const reason = errorName(error);
      outcome = {
        published: 0,
        failed: events.map((e) => ({ detailType: e.detailType, secretArn: e.detail.secretArn, reason })),
      };
    }
    for (const failure of outcome.failed) {
      this.log.error('Event not put on the event bus; the alert itself was sent', { ...failure });
    }
    if (outcome.failed.length > 0) {
      try {
        this.metrics
          .singleMetric()
          .addMetric(EVENT_METRIC.publishFailures, MetricUnit.Count, outcome.failed.length);
      } catch (error: unknown) {
        this.log.warn('Could not count the events not put on the bus', { error: errorName(error) });
      }
    }
    return outcome;
  }
}

/**
 * The event publisher a function's environment asks for: EventBridge on the bus named by
 * EVENT_BUS_NAME (the constructs set it), or none when it is unset. A malformed name is a
 * `ConfigError` at cold start.
 */
export function eventPublisherFor(
  env: NodeJS.ProcessEnv,
  log: LogPort,
  metrics: FailureMetrics,
  client: () => EventBridgeClient = () => new EventBridgeClient(CLIENT_RETRY_SETTINGS),
): EventPublisher {
  const raw = env[EVENT_BUS_ENV];
  if (raw === undefined || raw.trim() === '') return NO_EVENTS;
  const busName = validateEventBusName(EVENT_BUS_ENV, raw.trim());
  return new ReportingEventPublisher(new EventBridgeEventPublisher(client(), busName), log, metrics);
}
