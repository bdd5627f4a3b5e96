import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  BatchGetItemCommand,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { LedgerEntry } from '../../../lambda/adapters/alert-ledger';
import {
  DynamoAlertLedger,
  LEASE_KEY,
  RETENTION_AFTER_EXPIRY_MS,
  emptyEntry,
  fromItem,
  toItem,
} from '../../../lambda/adapters/alert-ledger';

const dynamo = mockClient(DynamoDBClient);
const TABLE = 'lwa-expiry-ledger';
const NOW = new Date('2026-05-27T09:00:00Z');
const ARN_A = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:acme-AbCdEf';
const ARN_B = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:beta-GhIjKl';

function conditionFailed(): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
}

function ledger(): DynamoAlertLedger {
  return new DynamoAlertLedger(new DynamoDBClient({ region: 'eu-west-1' }), TABLE, 0);
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

describe('DynamoAlertLedger.getMany: one consistent batch read for a page of secrets', () => {
  it('GIVEN one recorded and one new secret WHEN read THEN BatchGetItem is consistent and the new one gets revision 0', async () => {
    // Prepare
    dynamo.on(BatchGetItemCommand).resolves({ Responses: { [TABLE]: [toItem(ALERTED, 3, NOW)] } });
    // Act
    const entries = await ledger().getMany([ARN_A, ARN_B]);
    // Assess
    expect(dynamo).toHaveReceivedCommandWith(BatchGetItemCommand, {
      RequestItems: { [TABLE]: { Keys: [{ pk: { S: ARN_A } }, { pk: { S: ARN_B } }], ConsistentRead: true } },
    });
    expect(entries.get(ARN_A)).toEqual(ALERTED);
    expect(entries.get(ARN_B)).toEqual(emptyEntry(ARN_B));
  });

  it('GIVEN the same ARN twice WHEN read THEN it is requested once (DynamoDB rejects duplicate keys)', async () => {
    // Prepare
    dynamo.on(BatchGetItemCommand).resolves({ Responses: { [TABLE]: [] } });
    // Act
    const entries = await ledger().getMany([ARN_A, ARN_A]);
    // Assess
    expect(dynamo).toHaveReceivedCommandWith(BatchGetItemCommand, {
      RequestItems: { [TABLE]: { Keys: [{ pk: { S: ARN_A } }], ConsistentRead: true } },
    });
    expect([...entries.keys()]).toEqual([ARN_A]);
  });

  it('GIVEN DynamoDB leaves keys unprocessed WHEN read THEN exactly those keys are requested again', async () => {
    // Prepare
    dynamo
      .on(BatchGetItemCommand)
      .resolvesOnce({
        Responses: { [TABLE]: [] },
        UnprocessedKeys: { [TABLE]: { Keys: [{ pk: { S: ARN_A } }], ConsistentRead: true } },
      })
      .resolvesOnce({ Responses: { [TABLE]: [toItem(ALERTED, 3, NOW)] } });
    // Act
    const entries = await ledger().getMany([ARN_A, ARN_B]);
    // Assess
    expect(dynamo).toHaveReceivedCommandTimes(BatchGetItemCommand, 2);
    expect(dynamo).toHaveReceivedNthCommandWith(2, BatchGetItemCommand, {
      RequestItems: { [TABLE]: { Keys: [{ pk: { S: ARN_A } }], ConsistentRead: true } },
    });
    expect(entries.get(ARN_A)?.revision).toBe(3);
    expect(entries.get(ARN_B)?.revision).toBe(0);
  });

  it('GIVEN keys stay unprocessed WHEN read THEN it gives up after 5 retries with an error', async () => {
    // Prepare
    dynamo.on(BatchGetItemCommand).resolves({
      UnprocessedKeys: { [TABLE]: { Keys: [{ pk: { S: ARN_A } }], ConsistentRead: true } },
    });
    // Act / Assess
    await expect(ledger().getMany([ARN_A])).rejects.toThrow(
      'DynamoDB left 1 ledger reads unprocessed after 5 retries',
    );
    expect(dynamo).toHaveReceivedCommandTimes(BatchGetItemCommand, 6);
  });

  it('GIVEN 101 secrets WHEN read THEN it is rejected before any call; 100 are fine', async () => {
    // Prepare
    dynamo.on(BatchGetItemCommand).resolves({ Responses: { [TABLE]: [] } });
    const arns = Array.from({ length: 101 }, (_, i) => `${ARN_A}-${i}`);
    // Act / Assess
    await expect(ledger().getMany(arns)).rejects.toThrow(RangeError);
    expect(dynamo).not.toHaveReceivedCommand(BatchGetItemCommand);
    await expect(ledger().getMany(arns.slice(0, 100))).resolves.toHaveProperty('size', 100);
  });

  it('GIVEN no secrets WHEN read THEN no call is made', async () => {
    // Act
    const entries = await ledger().getMany([]);
    // Assess
    expect(entries.size).toBe(0);
    expect(dynamo).not.toHaveReceivedAnyCommand();
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

describe('DynamoAlertLedger lease: one monitor run at a time', () => {
  it('GIVEN no live lease WHEN acquired THEN a conditional put stores holder and expiry, and it succeeds', async () => {
    // Prepare
    dynamo.on(PutItemCommand).resolves({});
    // Act
    const acquired = await ledger().acquireLease('run-1', NOW, 900_000);
    // Assess
    expect(acquired).toBe(true);
    expect(dynamo).toHaveReceivedCommandWith(PutItemCommand, {
      TableName: TABLE,
      Item: {
        pk: { S: LEASE_KEY },
        holder: { S: 'run-1' },
        leaseUntil: { N: String(NOW.getTime() + 900_000) },
        ttl: { N: String(Math.floor((NOW.getTime() + 900_000) / 1000) + 86_400) },
      },
      ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :now',
      ExpressionAttributeValues: { ':now': { N: String(NOW.getTime()) } },
    });
  });

  it('GIVEN another run holds a live lease WHEN acquired THEN the answer is no', async () => {
    // Prepare
    dynamo.on(PutItemCommand).rejects(conditionFailed());
    // Act / Assess
    await expect(ledger().acquireLease('run-2', NOW, 900_000)).resolves.toBe(false);
  });

  it('GIVEN DynamoDB fails WHEN acquired THEN the error is thrown, not read as "held"', async () => {
    // Prepare
    dynamo.on(PutItemCommand).rejects(new Error('InternalServerError'));
    // Act / Assess
    await expect(ledger().acquireLease('run-2', NOW, 900_000)).rejects.toThrow('InternalServerError');
  });

  it('GIVEN our lease WHEN released THEN it is deleted only if we still hold it', async () => {
    // Prepare
    dynamo.on(DeleteItemCommand).resolves({});
    // Act
    await ledger().releaseLease('run-1');
    // Assess
    expect(dynamo).toHaveReceivedCommandWith(DeleteItemCommand, {
      TableName: TABLE,
      Key: { pk: { S: LEASE_KEY } },
      ConditionExpression: 'holder = :holder',
      ExpressionAttributeValues: { ':holder': { S: 'run-1' } },
    });
  });

  it('GIVEN the lease lapsed and another run took it WHEN released THEN nothing is thrown and theirs stays', async () => {
    // Prepare
    dynamo.on(DeleteItemCommand).rejects(conditionFailed());
    // Act / Assess
    await expect(ledger().releaseLease('run-1')).resolves.toBeUndefined();
  });

  it('GIVEN DynamoDB fails WHEN released THEN the error is thrown', async () => {
    // Prepare
    dynamo.on(DeleteItemCommand).rejects(new Error('InternalServerError'));
    // Act / Assess
    await expect(ledger().releaseLease('run-1')).rejects.toThrow('InternalServerError');
  });
});
