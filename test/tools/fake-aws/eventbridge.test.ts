/**
 * The fake's EventBridge through the unmodified SDK v3 client, which speaks AWS JSON 1.1
 * (X-Amz-Target AWSEvents.PutEvents): what it accepts and records, what it refuses whole, and the
 * entries it fails one by one.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { errorOf } from '../../support/error-of';
import { FakeAws } from '../../../tools/fake-aws';

let fake: FakeAws;
let client: EventBridgeClient;

const entry = (n: number, overrides: Record<string, unknown> = {}) => ({
  Source: 'lwa-expiry-monitor',
  DetailType: 'LWA Credential Expired',
  Detail: JSON.stringify({ version: '1', n }),
  Resources: ['arn:aws:secretsmanager:us-east-1:123456789012:secret:app-AbCdEf'],
  Time: new Date('2027-01-04T00:00:00Z'),
  ...overrides,
});

beforeEach(async () => {
  fake = await FakeAws.start();
  client = new EventBridgeClient(fake.clientConfig());
});

afterEach(async () => {
  client.destroy();
  await fake.close();
});

describe('FakeEventBridge: PutEvents', () => {
  it('GIVEN three valid entries WHEN they are put THEN each is accepted in order and recorded with its parsed detail', async () => {
    // Act
    const result = await client.send(new PutEventsCommand({ Entries: [entry(1), entry(2), entry(3)] }));

    // Assess
    expect(result.FailedEntryCount).toBe(0);
    expect(result.Entries).toHaveLength(3);
    expect(fake.eventBridge.events.map((e) => e.detail)).toEqual([
      { version: '1', n: 1 },
      { version: '1', n: 2 },
      { version: '1', n: 3 },
    ]);
    const first = fake.eventBridge.events[0];
    expect(first).toMatchObject({
      eventBusName: 'default',
      source: 'lwa-expiry-monitor',
      detailType: 'LWA Credential Expired',
      resources: ['arn:aws:secretsmanager:us-east-1:123456789012:secret:app-AbCdEf'],
      time: new Date('2027-01-04T00:00:00Z'),
    });
    expect(result.Entries?.[0]?.EventId).toBe(first?.eventId);
    expect(fake.problems).toEqual([]);
  });

  it('GIVEN eleven entries WHEN they are put THEN the whole call is refused, as EventBridge refuses more than ten', async () => {
    // Act
    const error = await errorOf(
      client.send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, (_, i) => entry(i)) })),
    );

    // Assess
    expect(error.name).toBe('ValidationException');
    expect(fake.eventBridge.events).toEqual([]);
  });

  it('GIVEN an unknown bus WHEN an entry names it THEN the call fails with ResourceNotFoundException; a created bus accepts it by name and by ARN', async () => {
    // Prepare
    const arn = fake.eventBridge.createEventBus('ops');

    // Act
    const error = await errorOf(
      client.send(new PutEventsCommand({ Entries: [entry(1, { EventBusName: 'nope' })] })),
    );
    await client.send(
      new PutEventsCommand({ Entries: [entry(2, { EventBusName: 'ops' }), entry(3, { EventBusName: arn })] }),
    );

    // Assess
    expect(error.name).toBe('ResourceNotFoundException');
    expect(fake.eventBridge.events.map((e) => e.eventBusName)).toEqual(['ops', 'ops']);
  });

  it('GIVEN a malformed detail and a missing source WHEN put with a good entry THEN those two fail with their codes and the good one is accepted', async () => {
    // Act
    const result = await client.send(
      new PutEventsCommand({
        Entries: [entry(1, { Detail: 'not json' }), entry(2, { Source: undefined }), entry(3)],
      }),
    );

    // Assess
    expect(result.FailedEntryCount).toBe(2);
    expect(result.Entries?.map((e) => e.ErrorCode)).toEqual([
      'MalformedDetail',
      'InvalidArgument',
      undefined,
    ]);
    expect(fake.eventBridge.events.map((e) => e.detail.n)).toEqual([3]);
  });

  it('GIVEN failEntries for two entries of one detail-type WHEN put THEN exactly those fail with the code given, counted in FailedEntryCount', async () => {
    // Prepare
    const handle = fake.eventBridge.failEntries({
      times: 2,
      code: 'ThrottlingException',
      when: (e) => e.detailType === 'LWA Credential Expired',
    });

    // Act
    const first = await client.send(
      new PutEventsCommand({
        Entries: [entry(1), entry(2, { DetailType: 'LWA Credential Resolved' }), entry(3), entry(4)],
      }),
    );

    // Assess
    expect(first.FailedEntryCount).toBe(2);
    expect(first.Entries?.map((e) => e.ErrorCode)).toEqual([
      'ThrottlingException',
      undefined,
      'ThrottlingException',
      undefined,
    ]);
    expect(handle.triggered).toBe(2);
    expect(fake.eventBridge.events.map((e) => e.detail.n)).toEqual([2, 4]);
  });

  it('GIVEN a scripted server error on PutEvents WHEN called THEN the whole call fails and nothing is recorded', async () => {
    // Prepare
    fake.faults.inject({ operation: 'EventBridge.PutEvents', fault: 'server-error' });

    // Act
    const error = await errorOf(client.send(new PutEventsCommand({ Entries: [entry(1)] })));

    // Assess
    expect(error.name).toBe('InternalException');
    expect(fake.eventBridge.events).toEqual([]);
    expect(fake.calls.snapshot('EventBridge')).toEqual({ 'EventBridge.PutEvents': 1 });
  });
});
