import 'aws-sdk-client-mock-jest';
import { ConditionalCheckFailedException, DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import {
  CLAIM_RETENTION_MS,
  DynamoNotificationLedger,
} from '../../../../lambda/adapters/aws/notification-ledger';
import type { FakeAws } from '../../../../tools/fake-aws';
import { LoopbackTable } from '../../notifications/support/loopback-stores';
import { loopbackAws, spyOnClient } from '../../support/loopback-aws';

const NOW = new Date('2026-09-19T10:05:00Z');
const LEASE_MS = 180_000;

describe('DynamoNotificationLedger: claims that make redelivery a no-op', () => {
  let fake: FakeAws;
  let client: DynamoDBClient;
  let ddb: AwsClientStub<DynamoDBClient>;
  let table: LoopbackTable;
  let ledger: DynamoNotificationLedger;

  beforeEach(() => {
    fake = loopbackAws({ region: 'eu-west-1' });
    client = new DynamoDBClient(fake.clientConfig());
    // A spy: the commands reach the loopback fake unless a test makes it a plain mock (reset).
    ddb = spyOnClient(client);
    table = new LoopbackTable(fake, 'ledger', ddb);
    fake.intercept = (request) => table.check(request);
    ledger = new DynamoNotificationLedger(client, 'ledger');
  });
  afterEach(async () => {
    ddb.restore();
    client.destroy();
    expect(fake.problems).toEqual([]);
    await fake.close();
  });

  it('claims a new notification under notification#<id>, with a TTL about 30 days out', async () => {
    // Act
    const claim = await ledger.claim('n-1', 'holder-a', NOW, LEASE_MS);

    // Assess
    expect(claim).toEqual({ kind: 'claimed', attempt: 1, alertedProblem: undefined });
    const item = table.item('n-1');
    expect(item?.pk).toEqual({ S: 'notification#n-1' });
    expect(item?.state).toEqual({ S: 'processing' });
    expect(item?.ttl).toEqual({ N: String(Math.floor((NOW.getTime() + CLAIM_RETENTION_MS) / 1000)) });
    expect(CLAIM_RETENTION_MS).toBe(30 * 86_400_000);
    expect(item?.leaseUntil).toEqual({ N: String(NOW.getTime() + LEASE_MS) });
  });

  it('answers done, with the outcome, once the notification is complete', async () => {
    await ledger.claim('n-1', 'holder-a', NOW, LEASE_MS);
    await ledger.complete('n-1', 'promoted', NOW);

    await expect(ledger.claim('n-1', 'holder-b', NOW, LEASE_MS)).resolves.toEqual({
      kind: 'done',
      outcome: 'promoted',
    });
    expect(table.item('n-1')?.holder).toBeUndefined();
  });

  it('answers busy while another holder has a live lease, and lets a lapsed lease be taken over', async () => {
    await ledger.claim('n-1', 'holder-a', NOW, LEASE_MS);

    await expect(ledger.claim('n-1', 'holder-b', NOW, LEASE_MS)).resolves.toEqual({ kind: 'busy' });
    const later = new Date(NOW.getTime() + LEASE_MS + 1);
    await expect(ledger.claim('n-1', 'holder-b', later, LEASE_MS)).resolves.toMatchObject({
      kind: 'claimed',
      attempt: 2,
    });
  });

  it('re-opens a released claim and remembers which problem was alerted', async () => {
    await ledger.claim('n-1', 'holder-a', NOW, LEASE_MS);
    await ledger.release('n-1', 'holder-a', 'unknown-client', NOW);

    const again = await ledger.claim('n-1', 'holder-b', NOW, LEASE_MS);

    expect(again).toEqual({ kind: 'claimed', attempt: 2, alertedProblem: 'unknown-client' });
    expect(table.state('n-1')).toBe('processing');
  });

  it("never releases a claim that is someone else's now", async () => {
    await ledger.claim('n-1', 'holder-b', NOW, LEASE_MS);

    await expect(ledger.release('n-1', 'holder-a', undefined, NOW)).resolves.toBeUndefined();

    expect(table.state('n-1')).toBe('processing');
    expect(table.item('n-1')?.holder).toEqual({ S: 'holder-b' });
  });

  it('asks DynamoDB for the old item on a failed condition, and treats a missing one as busy', async () => {
    // Prepare: a DynamoDB that refuses without returning the item
    ddb.reset();
    ddb
      .on(UpdateItemCommand)
      .rejects(new ConditionalCheckFailedException({ message: 'failed', $metadata: {} }));

    // Act
    const claim = await ledger.claim('n-1', 'holder-a', NOW, LEASE_MS);

    // Assess
    expect(claim).toEqual({ kind: 'busy' });
    expect(ddb).toHaveReceivedCommandWith(UpdateItemCommand, {
      TableName: 'ledger',
      Key: { pk: { S: 'notification#n-1' } },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it('lets any other DynamoDB error through', async () => {
    ddb.reset();
    ddb.on(UpdateItemCommand).rejects(new Error('ProvisionedThroughputExceededException'));

    await expect(ledger.claim('n-1', 'holder-a', NOW, LEASE_MS)).rejects.toThrow('ProvisionedThroughput');
    await expect(ledger.release('n-1', 'holder-a', undefined, NOW)).rejects.toThrow('ProvisionedThroughput');
  });
});
