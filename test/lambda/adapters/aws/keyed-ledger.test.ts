import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { DynamoKeyedLedger, assertAutomationKey } from '../../../../lambda/adapters/aws/keyed-ledger';

const documents = mockClient(DynamoDBDocumentClient);
const TABLE = 'lwa-expiry-ledger';
const ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:acme-AbCdEf';
const NOW = new Date('2026-05-27T09:00:00Z');

function ledger(): DynamoKeyedLedger {
  return new DynamoKeyedLedger(
    DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })),
    TABLE,
    () => NOW,
  );
}

beforeEach(() => documents.reset());

describe('assertAutomationKey: the monitor owns bare ARNs; automation keys are prefixed', () => {
  it.each([`rotation#${ARN}#2026-06-01T00:00:00.000Z`, `livecheck#${ARN}`, 'webhook#m-1#abc'])(
    'accepts %s',
    (key) => {
      expect(() => assertAutomationKey(key)).not.toThrow();
    },
  );
  it.each([ARN, '#lease/monitor', 'rotation#', 'other#x'])('refuses %s', (key) => {
    expect(() => assertAutomationKey(key)).toThrow(/must start with one of rotation#, livecheck#, webhook#/);
  });
});

describe('DynamoKeyedLedger: conditional writes on the revision', () => {
  it('creates an item only if none exists, with revision 1, updatedAt and ttl', async () => {
    // GIVEN DynamoDB accepts the write
    documents.on(PutCommand).resolves({});

    // WHEN a new item is written
    const saved = await ledger().put(
      `livecheck#${ARN}`,
      { state: 'accepted', missing: undefined },
      0,
      new Date('2026-06-26T09:00:00Z'),
    );

    // THEN the write was conditional on absence and carried the bookkeeping attributes
    expect(saved).toBe(true);
    expect(documents).toHaveReceivedCommandWith(PutCommand, {
      TableName: TABLE,
      Item: {
        pk: `livecheck#${ARN}`,
        state: 'accepted',
        revision: 1,
        updatedAt: NOW.toISOString(),
        ttl: 1782464400,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('updates only the revision it read, and reports a lost race as false', async () => {
    // GIVEN DynamoDB refuses the condition
    documents
      .on(PutCommand)
      .rejects(new ConditionalCheckFailedException({ message: 'failed', $metadata: {} }));

    // WHEN revision 3 is updated
    const saved = await ledger().put(`livecheck#${ARN}`, { state: 'x' }, 3, NOW);

    // THEN the condition named revision 3, and the conflict is a value
    expect(saved).toBe(false);
    expect(documents).toHaveReceivedCommandWith(PutCommand, {
      ConditionExpression: '#revision = :expected',
      ExpressionAttributeNames: { '#revision': 'revision' },
      ExpressionAttributeValues: { ':expected': 3 },
    });
  });

  it('passes other errors on', async () => {
    documents.on(PutCommand).rejects(new Error('ProvisionedThroughputExceededException'));
    await expect(ledger().put(`livecheck#${ARN}`, {}, 0, NOW)).rejects.toThrow(
      'ProvisionedThroughputExceededException',
    );
  });

  it('refuses reserved attribute names and unprefixed keys before calling DynamoDB', async () => {
    await expect(ledger().put(`livecheck#${ARN}`, { revision: 9 }, 0, NOW)).rejects.toThrow(/reserved/);
    await expect(ledger().get(ARN)).rejects.toThrow(/must start with/);
    expect(documents).not.toHaveReceivedAnyCommand();
  });

  it('reads consistently and returns the revision and the plain attributes', async () => {
    // GIVEN a stored item
    documents.on(GetCommand).resolves({
      Item: {
        pk: `livecheck#${ARN}`,
        revision: 4,
        ttl: 1,
        updatedAt: 'x',
        state: 'accepted',
        nested: { no: 1 },
      },
    });

    // WHEN it is read
    const stored = await ledger().get(`livecheck#${ARN}`);

    // THEN bookkeeping and non-scalar attributes are left out
    expect(stored).toEqual({ revision: 4, attributes: { state: 'accepted' } });
    expect(documents).toHaveReceivedCommandWith(GetCommand, {
      Key: { pk: `livecheck#${ARN}` },
      ConsistentRead: true,
    });
  });

  it('returns undefined for a missing item', async () => {
    documents.on(GetCommand).resolves({});
    await expect(ledger().get(`livecheck#${ARN}`)).resolves.toBeUndefined();
  });
});
