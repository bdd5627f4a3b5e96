/**
 * UpdateItem and consistent GetItem as the notification intake sends them: through its own
 * adapters (DynamoNotificationLedger, DynamoClientRecords) and an unmodified SDK client over
 * HTTP, then request by request for what DynamoDB refuses and what the fake does not implement.
 */
import type { UpdateItemCommandInput } from '@aws-sdk/client-dynamodb';
import { DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoClientRecords } from '../../../lambda/adapters/aws/client-records';
import { DynamoNotificationLedger } from '../../../lambda/adapters/aws/notification-ledger';
import { errorOf } from '../../support/error-of';
import { FakeAws } from '../../../tools/fake-aws';

const TABLE = 'ledger';
const T0 = new Date('2027-01-04T00:00:00Z');
const CLIENT_ID = 'amzn1.application-oa2-client.0123456789abcdef';

let fake: FakeAws;
let client: DynamoDBClient;

beforeEach(async () => {
  fake = await FakeAws.start();
  fake.dynamodb.createTable(TABLE);
  client = new DynamoDBClient({
    endpoint: fake.endpoint,
    region: fake.region,
    credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' },
    maxAttempts: 1,
  });
});

afterEach(async () => {
  client.destroy();
  expect(fake.problems).toEqual([]);
  await fake.close();
});

function at(seconds: number): Date {
  return new Date(T0.getTime() + seconds * 1000);
}

describe('FakeAws DynamoDB UpdateItem: the notification ledger, through its adapter', () => {
  it('claims once, refuses a second holder while the lease runs, and hands over a lapsed lease', async () => {
    const ledger = new DynamoNotificationLedger(client, TABLE);

    expect(await ledger.claim('n-1', 'a', at(0), 60_000)).toEqual({ kind: 'claimed', attempt: 1 });
    expect(await ledger.claim('n-1', 'b', at(30), 60_000)).toEqual({ kind: 'busy' });
    // a's lease ran until at(60): a crashed invocation's claim is taken over after it
    expect(await ledger.claim('n-1', 'b', at(61), 60_000)).toEqual({ kind: 'claimed', attempt: 2 });

    const item = fake.dynamodb.table(TABLE).get('notification#n-1');
    expect(item?.state).toEqual({ S: 'processing' });
    expect(item?.holder).toEqual({ S: 'b' });
    expect(item?.attempts).toEqual({ N: '2' });
    expect(item?.leaseUntil).toEqual({ N: String(at(121).getTime()) });
  });

  it('releases only its own claim, keeps the alerted problem for the next attempt, and completes for good', async () => {
    const ledger = new DynamoNotificationLedger(client, TABLE);
    await ledger.claim('n-1', 'a', at(0), 60_000);

    // Another holder's release changes nothing (the condition fails, and is not an error)
    await ledger.release('n-1', 'someone-else', 'lwa-unavailable', at(1));
    expect(await ledger.claim('n-1', 'b', at(2), 60_000)).toEqual({ kind: 'busy' });

    await ledger.release('n-1', 'a', 'lwa-unavailable', at(3));
    const released = fake.dynamodb.table(TABLE).get('notification#n-1');
    expect(released?.state).toEqual({ S: 'released' });
    expect(released?.holder).toBeUndefined();
    expect(released?.leaseUntil).toBeUndefined();
    expect(await ledger.claim('n-1', 'b', at(4), 60_000)).toEqual({
      kind: 'claimed',
      attempt: 2,
      alertedProblem: 'lwa-unavailable',
    });

    await ledger.complete('n-1', 'promoted', at(5));
    // The failed condition hands back the item (ReturnValuesOnConditionCheckFailure ALL_OLD)
    expect(await ledger.claim('n-1', 'c', at(9_999), 60_000)).toEqual({ kind: 'done', outcome: 'promoted' });
  });
});

describe('FakeAws DynamoDB UpdateItem and GetItem: client records, through their adapter', () => {
  it('creates a record once, then writes only at the revision read, removing what the record no longer has', async () => {
    const records = new DynamoClientRecords(client, TABLE);
    const consistent: boolean[] = [];
    fake.faults.inject({
      operation: 'DynamoDB.GetItem',
      fault: 'throttle',
      // An observer: it selects no call, and sees every one.
      when: (request) => {
        consistent.push(request.json?.ConsistentRead === true);
        return false;
      },
    });
    const empty = await records.read(CLIENT_ID);
    expect(empty.revision).toBe(0);
    const held = {
      expiresAt: at(1000),
      oldExpiresAt: at(100),
      at: at(0),
      notificationId: 'n-held',
      versionId: 'v-1',
    };

    expect(await records.write(CLIENT_ID, { revision: 0, held }, at(1))).toBe(true);
    // A second writer that read the same (empty) record loses
    expect(await records.write(CLIENT_ID, { revision: 0, held }, at(2))).toBe(false);
    const first = await records.read(CLIENT_ID);
    expect(first.revision).toBe(1);
    expect(first.held).toEqual(held);

    const promoted = { expiresAt: at(2000), at: at(10), notificationId: 'n-new' };
    expect(await records.write(CLIENT_ID, { revision: 1, promoted }, at(3))).toBe(true);
    expect(await records.write(CLIENT_ID, { revision: 1, promoted }, at(4))).toBe(false);
    const second = await records.read(CLIENT_ID);
    expect(second).toEqual({ revision: 2, promoted, held: undefined, expiryNotice: undefined });
    expect(fake.dynamodb.table(TABLE).get(`notification#client#${CLIENT_ID}`)?.heldVersionId).toBeUndefined();
    // Every read of a record is strongly consistent
    expect(consistent).toEqual([true, true, true]);
  });
});

describe('FakeAws DynamoDB UpdateItem: what DynamoDB refuses', () => {
  const update = (input: Partial<UpdateItemCommandInput>) =>
    client.send(new UpdateItemCommand({ TableName: TABLE, Key: { pk: { S: 'k' } }, ...input }));

  it('creates the item from its key, copies an attribute with SET, and returns ALL_NEW or ALL_OLD', async () => {
    const created = await update({
      UpdateExpression: 'SET a = :a, b = :b',
      ExpressionAttributeValues: { ':a': { S: 'x' }, ':b': { N: '1' } },
      ReturnValues: 'ALL_NEW',
    });
    expect(created.Attributes).toEqual({ pk: { S: 'k' }, a: { S: 'x' }, b: { N: '1' } });
    const old = await update({
      UpdateExpression: 'SET c = a REMOVE b ADD n :one',
      ExpressionAttributeValues: { ':one': { N: '1' } },
      ReturnValues: 'ALL_OLD',
    });
    expect(old.Attributes).toEqual({ pk: { S: 'k' }, a: { S: 'x' }, b: { N: '1' } });
    expect(fake.dynamodb.table(TABLE).get('k')).toEqual({
      pk: { S: 'k' },
      a: { S: 'x' },
      c: { S: 'x' },
      n: { N: '1' },
    });
  });

  it('answers a failed condition without the item unless asked for it', async () => {
    fake.dynamodb.table(TABLE).seed({ pk: { S: 'k' }, v: { N: '2' } });
    const input = {
      UpdateExpression: 'SET v = :v',
      ConditionExpression: 'v = :expected',
      ExpressionAttributeValues: { ':v': { N: '3' }, ':expected': { N: '1' } },
    };
    const plain = await errorOf(update(input));
    expect(plain.name).toBe('ConditionalCheckFailedException');
    expect((plain as { Item?: unknown }).Item).toBeUndefined();
    const withItem = await errorOf(update({ ...input, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }));
    expect((withItem as { Item?: unknown }).Item).toEqual({ pk: { S: 'k' }, v: { N: '2' } });
    expect(fake.dynamodb.table(TABLE).get('k')?.v).toEqual({ N: '2' });
  });

  it.each([
    [
      'a clause used twice',
      { UpdateExpression: 'SET a = :a SET b = :a' },
      /"SET" section can only be used once/,
    ],
    [
      'two actions on one attribute',
      { UpdateExpression: 'SET a = :a REMOVE a' },
      /Two document paths overlap/,
    ],
    ['the key attribute', { UpdateExpression: 'SET pk = :a' }, /Cannot update attribute pk/],
    ['a reserved word used bare', { UpdateExpression: 'SET state = :a' }, /reserved keyword: state/],
    ['a value defined but unused', { UpdateExpression: 'REMOVE a' }, /ExpressionAttributeValues unused/],
    ['ADD of a string', { UpdateExpression: 'ADD a :a' }, /Incorrect operand type/],
  ])('refuses %s with ValidationException', async (_, input, message) => {
    const error = await errorOf(update({ ExpressionAttributeValues: { ':a': { S: 'x' } }, ...input }));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toMatch(message);
  });

  it('refuses ADD to an attribute that is not a number', async () => {
    fake.dynamodb.table(TABLE).seed({ pk: { S: 'k' }, n: { S: 'one' } });
    const error = await errorOf(
      update({ UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': { N: '1' } } }),
    );
    expect(error.message).toMatch(/incorrect data type/);
  });

  it.each([
    ['arithmetic', 'SET n = n + :a'],
    ['if_not_exists', 'SET n = if_not_exists(n, :a)'],
    ['DELETE', 'DELETE s :a'],
    ['a nested path', 'SET m.x = :a'],
  ])('refuses, and records, %s, which it does not implement', async (_, expression) => {
    const error = await errorOf(
      update({ UpdateExpression: expression, ExpressionAttributeValues: { ':a': { N: '1' } } }),
    );
    expect(error.name).toBe('UnsupportedByFakeAws');
    expect(fake.problems).toHaveLength(1);
    fake.problems.length = 0;
  });

  it('reads an item with GetItem, and refuses a ConsistentRead that is not a boolean', async () => {
    fake.dynamodb.table(TABLE).seed({ pk: { S: 'k' }, a: { S: 'x' } });
    const read = await client.send(
      new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'k' } }, ConsistentRead: true }),
    );
    expect(read.Item).toEqual({ pk: { S: 'k' }, a: { S: 'x' } });
    const odd = await errorOf(
      client.send(
        new GetItemCommand({
          TableName: TABLE,
          Key: { pk: { S: 'k' } },
          ConsistentRead: 'yes' as unknown as boolean,
        }),
      ),
    );
    expect(odd.name).toBe('ValidationException');
  });
});
