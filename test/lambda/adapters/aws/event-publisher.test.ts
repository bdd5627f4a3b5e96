/**
 * The EventBridge event publisher over the loopback fake: ten entries a call, the entries a
 * PutEvents answer lists as failed retried a bounded number of times, a failed call reported and
 * never thrown.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { EVENT_DETAIL_TYPE, EVENT_SOURCE } from '../../../../contract/events';
import {
  DEFAULT_ENTRY_RETRIES,
  EventBridgeEventPublisher,
  MAX_ENTRIES_PER_CALL,
} from '../../../../lambda/adapters/aws/event-publisher';
import type { ProductEvent } from '../../../../lambda/domain/product-events';
import { credentialEvent } from '../../../../lambda/domain/product-events';
import type { FakeAws } from '../../../../tools/fake-aws';
import { loopbackAws } from '../../support/loopback-aws';

const NOW = new Date('2027-03-01T09:00:00Z');

function eventFor(n: number): ProductEvent {
  return credentialEvent(
    EVENT_DETAIL_TYPE.thresholdCrossed,
    {
      app: `App ${n}`,
      secretArn: `arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-${n}-AbCdEf`,
      secretName: `app-${n}`,
      expiresAt: new Date('2027-03-08T09:00:00Z'),
      daysLeft: 7,
      severity: '7-day',
      time: NOW,
    },
    { thresholdDays: 7 },
  );
}

describe('EventBridgeEventPublisher: PutEvents, ten a call, failed entries retried', () => {
  let fake: FakeAws;
  let client: EventBridgeClient;
  let sleeps: number[];
  let publisher: EventBridgeEventPublisher;

  beforeEach(() => {
    fake = loopbackAws({ region: 'eu-west-1' });
    client = new EventBridgeClient(fake.clientConfig());
    sleeps = [];
    publisher = new EventBridgeEventPublisher(client, 'default', {
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
    });
  });
  afterEach(async () => {
    client.destroy();
    expect(fake.problems).toEqual([]);
    await fake.close();
  });

  it('GIVEN 23 events WHEN published THEN three calls of at most ten put every one, with source, detail-type, time and resources', async () => {
    // Prepare
    const events = Array.from({ length: 23 }, (_, i) => eventFor(i));

    // Act
    const outcome = await publisher.publish(events);

    // Assess
    expect(outcome).toEqual({ published: 23, failed: [] });
    expect(fake.calls.count('EventBridge.PutEvents')).toBe(3);
    expect(MAX_ENTRIES_PER_CALL).toBe(10);
    const put = fake.eventBridge.events;
    expect(put).toHaveLength(23);
    expect(put[22]).toMatchObject({
      eventBusName: 'default',
      source: EVENT_SOURCE,
      detailType: 'LWA Credential Threshold Crossed',
      time: NOW,
      resources: ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-22-AbCdEf'],
      detail: { version: '1', app: 'App 22', thresholdDays: 7, daysLeft: 7, severity: '7-day' },
    });
  });

  it('GIVEN the bus fails two entries once WHEN published THEN only those two are sent again, and all are put', async () => {
    // Prepare
    fake.eventBridge.failEntries({ times: 2, code: 'InternalFailure' });
    const events = [eventFor(1), eventFor(2), eventFor(3)];

    // Act
    const outcome = await publisher.publish(events);

    // Assess
    expect(outcome).toEqual({ published: 3, failed: [] });
    expect(fake.calls.count('EventBridge.PutEvents')).toBe(2);
    expect(fake.eventBridge.events.map((e) => e.detail.app)).toEqual(['App 3', 'App 1', 'App 2']);
    expect(sleeps).toEqual([100]);
  });

  it('GIVEN the bus fails one entry every time WHEN published THEN it is tried 1 + DEFAULT_ENTRY_RETRIES times and reported with its code', async () => {
    // Prepare
    fake.eventBridge.failEntries({
      times: Infinity,
      code: 'ThrottlingException',
      when: (entry) => (entry.detail ?? '').includes('App 2'),
    });

    // Act
    const outcome = await publisher.publish([eventFor(1), eventFor(2)]);

    // Assess
    expect(outcome).toEqual({
      published: 1,
      failed: [
        {
          detailType: 'LWA Credential Threshold Crossed',
          secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-2-AbCdEf',
          reason: 'ThrottlingException',
        },
      ],
    });
    expect(fake.calls.count('EventBridge.PutEvents')).toBe(1 + DEFAULT_ENTRY_RETRIES);
    expect(sleeps).toEqual([100, 200]);
  });

  it('GIVEN every PutEvents call fails WHEN published THEN it resolves with every event failed by the error name, without retrying the call itself', async () => {
    // Prepare
    fake.faults.inject({ operation: 'EventBridge.PutEvents', fault: 'server-error', times: Infinity });

    // Act
    const outcome = await publisher.publish(Array.from({ length: 12 }, (_, i) => eventFor(i)));

    // Assess
    expect(outcome.published).toBe(0);
    expect(outcome.failed).toHaveLength(12);
    expect(new Set(outcome.failed.map((f) => f.reason))).toEqual(new Set(['InternalException']));
    // One call per chunk of ten: the SDK's own retries are the only ones for a failed call.
    expect(fake.calls.count('EventBridge.PutEvents')).toBe(2);
  });

  it('GIVEN no events WHEN published THEN no call is made', async () => {
    // Act
    const outcome = await publisher.publish([]);

    // Assess
    expect(outcome).toEqual({ published: 0, failed: [] });
    expect(fake.calls.total('EventBridge')).toBe(0);
  });
});
