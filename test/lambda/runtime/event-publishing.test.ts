import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { ConfigError } from '../../../contract/config-rules';
import { EVENT_BUS_ENV } from '../../../contract/environment';
import { EVENT_DETAIL_TYPE } from '../../../contract/events';
import { EVENT_METRIC } from '../../../contract/telemetry';
import type { ProductEvent } from '../../../lambda/domain/product-events';
import { credentialEvent } from '../../../lambda/domain/product-events';
import type { EventPublisher } from '../../../lambda/ports/event-publisher';
import type { FailureMetrics } from '../../../lambda/runtime/event-publishing';
import {
  NO_EVENTS,
  ReportingEventPublisher,
  eventPublisherFor,
} from '../../../lambda/runtime/event-publishing';
import type { FakeAws } from '../../../tools/fake-aws';
import { RecordingLog } from '../support/in-memory';
import { loopbackAws } from '../support/loopback-aws';

const NOW = new Date('2027-03-01T09:00:00Z');
const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme-AbCdEf';

function expiredEvent(): ProductEvent {
  return credentialEvent(EVENT_DETAIL_TYPE.expired, {
    app: 'Acme',
    secretArn: ARN,
    secretName: 'acme',
    severity: 'expired',
    daysLeft: 0,
    time: NOW,
  });
}

/** Records each metric written, as Powertools' singleMetric would write it at once. */
class RecordingMetrics implements FailureMetrics {
  readonly written: { name: string; value: number }[] = [];
  singleMetric() {
    return {
      addMetric: (name: string, _unit: unknown, value: number) => {
        this.written.push({ name, value });
      },
    };
  }
}

describe('ReportingEventPublisher: what the bus did not take is logged and counted, never thrown', () => {
  it('GIVEN an inner publisher that fails one event WHEN publishing THEN it logs it without its detail and counts EventPublishFailures', async () => {
    // Prepare
    const log = new RecordingLog();
    const metrics = new RecordingMetrics();
    const inner: EventPublisher = {
      publish: () =>
        Promise.resolve({
          published: 1,
          failed: [{ detailType: EVENT_DETAIL_TYPE.expired, secretArn: ARN, reason: 'InternalFailure' }],
        }),
    };

    // Act
    const outcome = await new ReportingEventPublisher(inner, log, metrics).publish([
      expiredEvent(),
      expiredEvent(),
    ]);

    // Assess
    expect(outcome.failed).toHaveLength(1);
    expect(log.lines).toEqual([
      {
        level: 'error',
        message: 'Event not put on the event bus; the alert itself was sent',
        fields: { detailType: 'LWA Credential Expired', secretArn: ARN, reason: 'InternalFailure' },
      },
    ]);
    expect(metrics.written).toEqual([{ name: EVENT_METRIC.publishFailures, value: 1 }]);
  });

  it('GIVEN an inner publisher that throws WHEN publishing THEN every event is reported failed by the error name and nothing is thrown', async () => {
    // Prepare
    const log = new RecordingLog();
    const metrics = new RecordingMetrics();
    const inner: EventPublisher = { publish: () => Promise.reject(new TypeError('boom with details')) };

    // Act
    const outcome = await new ReportingEventPublisher(inner, log, metrics).publish([expiredEvent()]);

    // Assess
    expect(outcome).toEqual({
      published: 0,
      failed: [{ detailType: 'LWA Credential Expired', secretArn: ARN, reason: 'TypeError' }],
    });
    expect(JSON.stringify(log.lines)).not.toContain('boom with details');
    expect(metrics.written).toEqual([{ name: 'EventPublishFailures', value: 1 }]);
  });

  it('GIVEN every event accepted WHEN publishing THEN nothing is logged or counted', async () => {
    // Prepare
    const log = new RecordingLog();
    const metrics = new RecordingMetrics();
    const inner: EventPublisher = {
      publish: (events) => Promise.resolve({ published: events.length, failed: [] }),
    };

    // Act
    const outcome = await new ReportingEventPublisher(inner, log, metrics).publish([expiredEvent()]);

    // Assess
    expect(outcome).toEqual({ published: 1, failed: [] });
    expect(log.lines).toEqual([]);
    expect(metrics.written).toEqual([]);
  });
});

describe('eventPublisherFor: the bus from EVENT_BUS_NAME', () => {
  let fake: FakeAws;
  let client: EventBridgeClient;

  beforeEach(() => {
    fake = loopbackAws({ region: 'eu-west-1' });
    client = new EventBridgeClient(fake.clientConfig());
  });
  afterEach(async () => {
    client.destroy();
    await fake.close();
  });

  it('GIVEN no EVENT_BUS_NAME WHEN built THEN events are off: nothing is put', async () => {
    // Act
    const publisher = eventPublisherFor({}, new RecordingLog(), new RecordingMetrics(), () => client);
    const outcome = await publisher.publish([expiredEvent()]);

    // Assess
    expect(publisher).toBe(NO_EVENTS);
    expect(outcome).toEqual({ published: 0, failed: [] });
    expect(fake.calls.total('EventBridge')).toBe(0);
  });

  it('GIVEN EVENT_BUS_NAME of a custom bus WHEN an event is published THEN it lands on that bus', async () => {
    // Prepare
    fake.eventBridge.createEventBus('lwa-events');
    const publisher = eventPublisherFor(
      { [EVENT_BUS_ENV]: 'lwa-events' },
      new RecordingLog(),
      new RecordingMetrics(),
      () => client,
    );

    // Act
    await publisher.publish([expiredEvent()]);

    // Assess
    expect(fake.eventBridge.events.map((e) => e.eventBusName)).toEqual(['lwa-events']);
  });

  it('GIVEN a malformed EVENT_BUS_NAME WHEN built THEN a ConfigError names the variable', () => {
    // Act
    const build = () =>
      eventPublisherFor(
        { [EVENT_BUS_ENV]: 'bad bus!' },
        new RecordingLog(),
        new RecordingMetrics(),
        () => client,
      );

    // Assess
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(/EVENT_BUS_NAME/);
  });
});
