import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  PutItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { LedgerEntry } from '../../../../lambda/domain/ledger-entry';
import { DynamoAlertLedger, fromItem, toItem } from '../../../../lambda/adapters/aws/alert-ledger';
import { RETENTION_AFTER_EXPIRY_MS, emptyEntry } from '../../../../lambda/domain/ledger-entry';
import { LEASE_KEY } from '../../../../contract/ledger-keys';

const dynamo = mockClient(DynamoDBClient);
const TABLE = 'lwa-expiry-ledger';
const NOW = new Date('2026-05-27T09:00:00Z');
const ARN_A = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:acme-AbCdEf';
const ARN_B = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:beta-GhIjKl';

function conditionFailed(): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
}

function ledger(): DynamoAlertLedger {
  return new DynamoAlertLedger(new DynamoDBClient({ region: 'eu-west-1' }), TABLE);
}

const ALERTED: LedgerEntry = {
  secretArn: ARN_A,
  revision: 3,
  appName: 'Acme Repricer',
  alertState: {
    cycle: {
      expiresAt: '2026-06-01T00:00:00.000Z',
      alertedDays: 7,
      lastAlertAt: '2026-05-25T09:00:00.000Z',
      expiredReminders: 0,
    },
  },
  currentVersion: { versionId: 'v-3', createdAt: new Date('2025-12-03T00:00:00Z') },
};

beforeEach(() => {
  dynamo.reset();
});

describe('DynamoAlertLedger.readAll: the whole ledger in a few consistent Scan pages', () => {
  it('GIVEN two pages WHEN read THEN both are read consistently, one after the other, and only the items of secrets are kept (not the lease, not the items of other functions)', async () => {
    // Prepare
    const lease = { pk: { S: LEASE_KEY }, holder: { S: 'run-1' }, leaseUntil: { N: '1' } };
    const beta: LedgerEntry = { ...emptyEntry(ARN_B), revision: 1, appName: 'Beta' };
    dynamo
      .on(ScanCommand)
      .resolvesOnce({
        Items: [toItem(ALERTED, 3, NOW), lease, { pk: { S: 'notification#n-1' }, state: { S: 'done' } }],
        LastEvaluatedKey: { pk: { S: LEASE_KEY } },
      })
      .resolvesOnce({ Items: [toItem(beta, 1, NOW)] });
    // Act
    const entries = await ledger().readAll();
    // Assess
    expect(dynamo).toHaveReceivedCommandTimes(ScanCommand, 2);
    expect(dynamo).toHaveReceivedNthCommandWith(1, ScanCommand, { TableName: TABLE, ConsistentRead: true });
    expect(dynamo.commandCalls(ScanCommand)[0]?.args[0].input.ExclusiveStartKey).toBeUndefined();
    expect(dynamo).toHaveReceivedNthCommandWith(2, ScanCommand, {
      TableName: TABLE,
      ConsistentRead: true,
      ExclusiveStartKey: { pk: { S: LEASE_KEY } },
    });
    expect([...entries.keys()]).toEqual([ARN_A, ARN_B]);
    expect(entries.get(ARN_A)).toEqual(ALERTED);
    expect(entries.get(ARN_B)).toEqual(beta);
  });

  it('GIVEN an empty table WHEN read THEN one Scan and an empty map', async () => {
    // Prepare
    dynamo.on(ScanCommand).resolves({ Items: [] });
    // Act
    const entries = await ledger().readAll();
    // Assess
    expect(entries.size).toBe(0);
    expect(dynamo).toHaveReceivedCommandTimes(ScanCommand, 1);
  });

  it('GIVEN an empty LastEvaluatedKey WHEN read THEN the scan ends there', async () => {
    // Prepare
    dynamo.on(ScanCommand).resolves({ Items: [toItem(ALERTED, 3, NOW)], LastEvaluatedKey: {} });
    // Act
    const entries = await ledger().readAll();
    // Assess
    expect(entries.size).toBe(1);
    expect(dynamo).toHaveReceivedCommandTimes(ScanCommand, 1);
  });

  it('GIVEN DynamoDB fails on the second page WHEN read THEN the error is thrown, not a partial ledger', async () => {
    // Prepare
    dynamo
      .on(ScanCommand)
      .resolvesOnce({ Items: [toItem(ALERTED, 3, NOW)], LastEvaluatedKey: { pk: { S: ARN_A } } })
      .rejectsOnce(new Error('InternalServerError'));
    // Act / Assess
    await expect(ledger().readAll()).rejects.toThrow('InternalServerError');
  });
});

describe('DynamoAlertLedger.save: every write is conditional on the revision read', () => {
  it('GIVEN a never-recorded secret (revision 0) WHEN saved THEN the put requires that no item exists', async () => {
    // Prepare
    dynamo.on(PutItemCommand).resolves({});
    const entry: LedgerEntry = { ...ALERTED, revision: 0 };
    // Act
    const outcome = await ledger().save(entry, NOW);
    // Assess
    expect(outcome).toEqual({ saved: true, revision: 1 });
    expect(dynamo).toHaveReceivedCommandWith(PutItemCommand, {
      TableName: TABLE,
      Item: toItem(entry, 1, NOW),
      ConditionExpression: 'attribute_not_exists(pk)',
      ExpressionAttributeNames: undefined,
      ExpressionAttributeValues: undefined,
    });
  });

  it('GIVEN revision 3 WHEN saved THEN the put requires revision 3 and writes revision 4', async () => {
    // Prepare
    dynamo.on(PutItemCommand).resolves({});
    // Act
    const outcome = await ledger().save(ALERTED, NOW);
    // Assess
    expect(outcome).toEqual({ saved: true, revision: 4 });
    expect(dynamo).toHaveReceivedCommandWith(PutItemCommand, {
      TableName: TABLE,
      ConditionExpression: '#revision = :expected',
      ExpressionAttributeNames: { '#revision': 'revision' },
      ExpressionAttributeValues: { ':expected': { N: '3' } },
    });
    const put = dynamo.commandCalls(PutItemCommand)[0]?.args[0].input;
    expect(put?.Item?.revision).toEqual({ N: '4' });
  });

  it('GIVEN another writer got there first WHEN saved THEN the outcome is a conflict, not an error', async () => {
    // Prepare
    dynamo.on(PutItemCommand).rejects(conditionFailed());
    // Act / Assess
    await expect(ledger().save(ALERTED, NOW)).resolves.toEqual({ saved: false, reason: 'conflict' });
  });

  it('GIVEN a condition failure from another SDK copy (same name, other class) WHEN saved THEN it is still a conflict', async () => {
    // Prepare
    const foreign = Object.assign(new Error('The conditional request failed'), {
      name: 'ConditionalCheckFailedException',
    });
    dynamo.on(PutItemCommand).rejects(foreign);
    // Act / Assess
    await expect(ledger().save(ALERTED, NOW)).resolves.toEqual({ saved: false, reason: 'conflict' });
  });

  it('GIVEN any other failure WHEN saved THEN it is thrown', async () => {
    // Prepare
    dynamo.on(PutItemCommand).rejects(new Error('ProvisionedThroughputExceededException'));
    // Act / Assess
    await expect(ledger().save(ALERTED, NOW)).rejects.toThrow('ProvisionedThroughputExceededException');
  });
});

describe('toItem / fromItem: the ledger item round-trips the alert state', () => {
  it('GIVEN a full entry WHEN written and read back THEN it is the same entry at the new revision', () => {
    // Prepare
    const entry: LedgerEntry = {
      ...ALERTED,
      alertState: { ...ALERTED.alertState, undeterminedAlertedAt: '2026-01-01T00:00:00.000Z' },
    };
    // Act
    const readBack = fromItem(toItem(entry, 4, NOW));
    // Assess
    expect(readBack).toEqual({ ...entry, revision: 4 });
  });

  it('GIVEN an expired cycle with reminders WHEN written and read back THEN level 0 and the reminder count survive', () => {
    // Prepare
    const entry: LedgerEntry = {
      secretArn: ARN_A,
      revision: 0,
      alertState: {
        cycle: {
          expiresAt: '2026-05-01T00:00:00.000Z',
          alertedDays: 0,
          lastAlertAt: NOW.toISOString(),
          expiredReminders: 5,
        },
      },
    };
    // Act
    const readBack = fromItem(toItem(entry, 1, NOW));
    // Assess
    expect(readBack?.alertState.cycle).toEqual(entry.alertState.cycle);
  });

  it('GIVEN an empty entry WHEN written THEN only key, revision, timestamps and TTL are stored', () => {
    // Act
    const item = toItem(emptyEntry(ARN_A), 1, NOW);
    // Assess
    expect(Object.keys(item).sort()).toEqual(['pk', 'revision', 'ttl', 'updatedAt']);
    expect(fromItem(item)).toEqual({ ...emptyEntry(ARN_A), revision: 1 });
  });

  it('GIVEN a cycle expiring in the future WHEN written THEN the TTL is 400 days after that expiry, in epoch seconds', () => {
    // Act
    const item = toItem(ALERTED, 4, NOW);
    // Assess
    const expected = Math.floor((Date.parse('2026-06-01T00:00:00.000Z') + RETENTION_AFTER_EXPIRY_MS) / 1000);
    expect(item.ttl).toEqual({ N: String(expected) });
    expect(RETENTION_AFTER_EXPIRY_MS).toBe(400 * 86_400_000);
  });

  it('GIVEN a cycle that expired long ago, or no cycle WHEN written THEN the TTL counts from now, so the item is not dropped at once', () => {
    // Prepare
    const old: LedgerEntry = {
      secretArn: ARN_A,
      revision: 1,
      alertState: { cycle: { expiresAt: '2020-01-01T00:00:00.000Z', expiredReminders: 0 } },
    };
    const expected = { N: String(Math.floor((NOW.getTime() + RETENTION_AFTER_EXPIRY_MS) / 1000)) };
    // Act / Assess
    expect(toItem(old, 2, NOW).ttl).toEqual(expected);
    expect(toItem(emptyEntry(ARN_A), 1, NOW).ttl).toEqual(expected);
  });

  it('GIVEN an item without a string key WHEN read THEN it is ignored; missing counters default to 0', () => {
    // Prepare
    const noKey: Record<string, AttributeValue> = { revision: { N: '1' } };
    const noCounter: Record<string, AttributeValue> = {
      pk: { S: ARN_A },
      cycleExpiresAt: { S: '2026-06-01T00:00:00.000Z' },
    };
    // Act / Assess
    expect(fromItem(noKey)).toBeUndefined();
    expect(fromItem(noCounter)).toEqual({
      secretArn: ARN_A,
      revision: 0,
      alertState: { cycle: { expiresAt: '2026-06-01T00:00:00.000Z', expiredReminders: 0 } },
    });
  });
});

describe('DynamoAlertLedger lease: one monitor run writes at a time', () => {
  it('GIVEN no live lease WHEN acquired THEN a conditional put stores holder, start and expiry, and it succeeds', async () => {
    // Prepare
    dynamo.on(PutItemCommand).resolves({});
    // Act
    const grant = await ledger().acquireLease('run-1', NOW, 900_000);
    // Assess
    expect(grant).toEqual({ acquired: true, previousEnd: undefined });
    expect(dynamo).toHaveReceivedCommandWith(PutItemCommand, {
      TableName: TABLE,
      Item: {
        pk: { S: LEASE_KEY },
        holder: { S: 'run-1' },
        acquiredAt: { N: String(NOW.getTime()) },
        leaseUntil: { N: String(NOW.getTime() + 900_000) },
        ttl: { N: String(Math.floor((NOW.getTime() + 900_000) / 1000) + 86_400) },
      },
      ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil <= :now',
      ExpressionAttributeValues: { ':now': { N: String(NOW.getTime()) } },
      ReturnValues: 'ALL_OLD',
    });
  });

  it('GIVEN an ended lease on record WHEN acquired THEN the grant says when it ended', async () => {
    // Prepare
    const ended = NOW.getTime() - 60_000;
    dynamo.on(PutItemCommand).resolves({
      Attributes: { pk: { S: LEASE_KEY }, holder: { S: 'run-0' }, leaseUntil: { N: String(ended) } },
    });
    // Act / Assess
    await expect(ledger().acquireLease('run-1', NOW, 900_000)).resolves.toEqual({
      acquired: true,
      previousEnd: new Date(ended),
    });
  });

  it('GIVEN another run holds a live lease WHEN acquired THEN the answer is no', async () => {
    // Prepare
    dynamo.on(PutItemCommand).rejects(conditionFailed());
    // Act / Assess
    await expect(ledger().acquireLease('run-2', NOW, 900_000)).resolves.toEqual({ acquired: false });
  });

  it('GIVEN DynamoDB fails WHEN acquired THEN the error is thrown, not read as "held"', async () => {
    // Prepare
    dynamo.on(PutItemCommand).rejects(new Error('InternalServerError'));
    // Act / Assess
    await expect(ledger().acquireLease('run-2', NOW, 900_000)).rejects.toThrow('InternalServerError');
  });

  it('GIVEN our lease WHEN released THEN it is rewritten as ending now, only if we still hold it', async () => {
    // Prepare
    dynamo.on(PutItemCommand).resolves({});
    const theLedger = ledger();
    await theLedger.acquireLease('run-1', NOW, 900_000);
    const end = new Date(NOW.getTime() + 42_000);
    // Act
    await theLedger.releaseLease('run-1', end);
    // Assess
    expect(dynamo).toHaveReceivedNthCommandWith(2, PutItemCommand, {
      TableName: TABLE,
      Item: {
        pk: { S: LEASE_KEY },
        holder: { S: 'run-1' },
        acquiredAt: { N: String(NOW.getTime()) },
        leaseUntil: { N: String(end.getTime()) },
        ttl: { N: String(Math.floor(end.getTime() / 1000) + 86_400) },
      },
      ConditionExpression: 'holder = :holder',
      ExpressionAttributeValues: { ':holder': { S: 'run-1' } },
    });
  });

  it('GIVEN the lease lapsed and another run took it WHEN released THEN nothing is thrown and theirs stays', async () => {
    // Prepare
    dynamo.on(PutItemCommand).rejects(conditionFailed());
    // Act / Assess
    await expect(ledger().releaseLease('run-1', NOW)).resolves.toBeUndefined();
  });

  it('GIVEN DynamoDB fails WHEN released THEN the error is thrown', async () => {
    // Prepare
    dynamo.on(PutItemCommand).rejects(new Error('InternalServerError'));
    // Act / Assess
    await expect(ledger().releaseLease('run-1', NOW)).rejects.toThrow('InternalServerError');
  });
});
