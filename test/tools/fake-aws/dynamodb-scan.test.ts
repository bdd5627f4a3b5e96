/**
 * Scan on the loopback fake DynamoDB, driven through the unmodified SDK v3 client over HTTP:
 * hash order, pages cut by Limit and by 1 MB (sizes by DynamoDB's rules), ExclusiveStartKey,
 * errors, and the counters, faults and latency every operation shares.
 */
import type { AttributeValue, ScanCommandInput, ScanCommandOutput } from '@aws-sdk/client-dynamodb';
import {
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { dynamoDbItemSize } from '../../../tools/fake-aws/dynamodb-values';
import { FakeAws } from '../../../tools/fake-aws';
import { errorOf } from '../../support/error-of';
import { HeldWaits } from '../../support/held-waits';

const TABLE = 'ledger';
const MB = 1024 * 1024;

type Key = Record<string, AttributeValue>;

let fake: FakeAws;
const clients: DynamoDBClient[] = [];

/** A client of the fake, destroyed after the test (even a failed one, or jest would not exit). */
function client(maxAttempts = 1): DynamoDBClient {
  const ddb = new DynamoDBClient({
    endpoint: fake.endpoint,
    region: fake.region,
    credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' },
    maxAttempts,
  });
  clients.push(ddb);
  return ddb;
}

function keysOf(page: ScanCommandOutput): string[] {
  return (page.Items ?? []).map((item) => item.pk?.S ?? '?');
}

/** Follows LastEvaluatedKey to the end; every page as the SDK returned it. */
async function scanPages(
  ddb: DynamoDBClient,
  input: Omit<ScanCommandInput, 'TableName'> = {},
): Promise<ScanCommandOutput[]> {
  const pages: ScanCommandOutput[] = [];
  let startKey: Key | undefined = input.ExclusiveStartKey;
  do {
    const page = await ddb.send(new ScanCommand({ ...input, TableName: TABLE, ExclusiveStartKey: startKey }));
    pages.push(page);
    startKey = page.LastEvaluatedKey;
    if (pages.length > 1000) throw new Error('the scan does not end');
  } while (startKey !== undefined);
  return pages;
}

function seedKeys(count: number, prefix = 'item'): string[] {
  const keys = Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);
  for (const key of keys) fake.dynamodb.table(TABLE).seed({ pk: { S: key }, n: { N: '1' } });
  return keys;
}

beforeEach(async () => {
  fake = await FakeAws.start();
  fake.dynamodb.createTable(TABLE);
});

afterEach(async () => {
  for (const ddb of clients.splice(0)) ddb.destroy();
  await fake.close();
  expect(fake.problems).toEqual([]);
});

describe('FakeAws DynamoDB Scan: a whole table in hash order', () => {
  it('returns every item written, whole, with Count and ScannedCount and no LastEvaluatedKey', async () => {
    // GIVEN five items written through PutItem, in this order
    const ddb = client();
    const written = ['delta', 'alpha', 'echo', 'charlie', 'bravo'].map((name, i) => ({
      pk: { S: `app#${name}` },
      revision: { N: String(i + 1) },
      tags: { SS: ['a', 'b'] },
      detail: { M: { ok: { BOOL: true }, list: { L: [{ S: name }, { NULL: true }] } } },
    }));
    for (const item of written) await ddb.send(new PutItemCommand({ TableName: TABLE, Item: item }));

    // WHEN scanning without a limit
    const page = await ddb.send(new ScanCommand({ TableName: TABLE, ConsistentRead: true }));

    // THEN one page holds them all, each exactly as written
    expect(page.Count).toBe(5);
    expect(page.ScannedCount).toBe(5);
    expect(page.LastEvaluatedKey).toBeUndefined();
    const byKey = new Map((page.Items ?? []).map((item) => [item.pk?.S, item]));
    expect(byKey.size).toBe(5);
    for (const item of written) expect(byKey.get(item.pk.S)).toEqual(item);
  });

  it('answers an empty table with no items and no LastEvaluatedKey', async () => {
    const ddb = client();
    const page = await ddb.send(new ScanCommand({ TableName: TABLE, Limit: 5 }));
    expect(page.Items).toEqual([]);
    expect(page.Count).toBe(0);
    expect(page.ScannedCount).toBe(0);
    expect(page.LastEvaluatedKey).toBeUndefined();
  });

  it('reads in an order that is neither the order written nor key order, the same on every call', async () => {
    // GIVEN 40 items written in key order
    const written = seedKeys(40);
    const ddb = client();

    // WHEN scanning twice, then again after more items were written
    const first = keysOf(await ddb.send(new ScanCommand({ TableName: TABLE })));
    const second = keysOf(await ddb.send(new ScanCommand({ TableName: TABLE })));
    seedKeys(20, 'later');
    const third = keysOf(await ddb.send(new ScanCommand({ TableName: TABLE })));

    // THEN the order is a hash order: stable, and the old items keep their relative order
    expect([...first].sort()).toEqual(written);
    expect(first).not.toEqual(written);
    expect(first).not.toEqual([...written].reverse());
    expect(second).toEqual(first);
    expect(third).toHaveLength(60);
    expect(third.filter((key) => key.startsWith('item-'))).toEqual(first);
    // and the later items are spread among the old ones, not appended
    expect(third.slice(0, 40).some((key) => key.startsWith('later-'))).toBe(true);
  });
});

describe('FakeAws DynamoDB Scan: pages cut by Limit', () => {
  it('returns every item exactly once across pages of Limit items, in the order of a whole scan', async () => {
    const written = seedKeys(23);
    const ddb = client();
    const whole = keysOf(await ddb.send(new ScanCommand({ TableName: TABLE })));

    const pages = await scanPages(ddb, { Limit: 5, ConsistentRead: true });

    expect(pages.map((p) => p.Count)).toEqual([5, 5, 5, 5, 3]);
    expect(pages.map((p) => p.ScannedCount)).toEqual([5, 5, 5, 5, 3]);
    const keys = pages.flatMap(keysOf);
    expect(keys).toEqual(whole);
    expect([...keys].sort()).toEqual(written);
    // each cut page names its last item as the key to go on from
    for (const page of pages.slice(0, -1)) {
      expect(page.LastEvaluatedKey).toEqual({ pk: { S: keysOf(page).at(-1) } });
    }
    expect(pages.at(-1)?.LastEvaluatedKey).toBeUndefined();
  });

  it('names a LastEvaluatedKey when Limit is reached on the last item, as DynamoDB does; the next page is empty', async () => {
    seedKeys(10);
    const ddb = client();

    const pages = await scanPages(ddb, { Limit: 10 });

    expect(pages.map((p) => p.Count)).toEqual([10, 0]);
    expect(pages[0]?.LastEvaluatedKey).toEqual({ pk: { S: keysOf(pages[0] as ScanCommandOutput).at(-1) } });
    expect(pages[1]?.Items).toEqual([]);
    expect(pages[1]?.LastEvaluatedKey).toBeUndefined();
  });

  it.each([0, -3])('refuses Limit %i with a ValidationException', async (limit) => {
    seedKeys(3);
    const ddb = client();
    const error = await errorOf(ddb.send(new ScanCommand({ TableName: TABLE, Limit: limit })));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toMatch(
      /at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1/,
    );
  });
});

describe('FakeAws DynamoDB Scan: the page limit a test sets', () => {
  it('GIVEN a scanPageLimit of 4 WHEN ten items are scanned without Limit THEN they come 4 + 4 + 2, each once, in the order of a whole scan', async () => {
    // Prepare
    const written = seedKeys(10);
    const ddb = client();
    const whole = keysOf(await ddb.send(new ScanCommand({ TableName: TABLE })));
    fake.dynamodb.scanPageLimit = 4;

    // Act
    const pages = await scanPages(ddb, { ConsistentRead: true });

    // Assess
    expect(pages.map((p) => p.Count)).toEqual([4, 4, 2]);
    expect(pages.flatMap(keysOf)).toEqual(whole);
    expect([...pages.flatMap(keysOf)].sort()).toEqual(written);
    expect(pages.map((p) => p.LastEvaluatedKey === undefined)).toEqual([false, false, true]);
  });

  it('GIVEN a scanPageLimit of 4 WHEN the table holds exactly 8 items THEN the second page still names a LastEvaluatedKey, as a Limit would, and the third is empty', async () => {
    // Prepare
    seedKeys(8);
    fake.dynamodb.scanPageLimit = 4;

    // Act
    const pages = await scanPages(client());

    // Assess
    expect(pages.map((p) => p.Count)).toEqual([4, 4, 0]);
    expect(pages[2]?.LastEvaluatedKey).toBeUndefined();
  });

  it.each([
    [2, [2, 2, 2, 1]],
    [6, [4, 3]],
  ])(
    'GIVEN a scanPageLimit of 4 WHEN seven items are scanned with Limit %i THEN the smaller of the two ends each page',
    async (limit, counts) => {
      // Prepare
      seedKeys(7);
      fake.dynamodb.scanPageLimit = 4;

      // Act
      const pages = await scanPages(client(), { Limit: limit });

      // Assess
      expect(pages.map((p) => p.Count)).toEqual(counts);
    },
  );
});

describe('FakeAws DynamoDB Scan: pages cut at 1 MB', () => {
  it('ends a page with the item that takes it to 1 MB: 30 items of 100 KB come as 11 + 11 + 8, each once', async () => {
    // GIVEN 30 items of 102,413 bytes each: 10 make 1,024,130 bytes (< 1 MB), 11 make more
    const table = fake.dynamodb.table(TABLE);
    const keys: string[] = [];
    for (let i = 0; i < 30; i++) {
      const key = `big-${String(i).padStart(3, '0')}`;
      keys.push(key);
      table.seed({ pk: { S: key }, blob: { S: 'x'.repeat(100 * 1024) } });
    }
    expect(dynamoDbItemSize(table.get('big-000') ?? {})).toBe(2 + 7 + 4 + 100 * 1024);
    const ddb = client();

    // WHEN scanning page by page without a limit
    const pages = await scanPages(ddb);

    // THEN
    expect(pages.map((p) => p.Count)).toEqual([11, 11, 8]);
    expect(pages.map((p) => p.LastEvaluatedKey === undefined)).toEqual([false, false, true]);
    const seen = pages.flatMap(keysOf);
    expect(seen).toHaveLength(30);
    expect([...seen].sort()).toEqual(keys);
    for (const page of pages)
      for (const item of page.Items ?? []) expect(item.blob?.S).toHaveLength(100 * 1024);
  });

  it('counts sizes by DynamoDB rules, not by their JSON: binary counts its raw bytes, not its base64', async () => {
    // GIVEN 30 items of 100 KiB binary each (about 137 KB of base64 on the wire)
    const table = fake.dynamodb.table(TABLE);
    const raw = Buffer.alloc(100 * 1024, 7).toString('base64');
    for (let i = 0; i < 30; i++)
      table.seed({ pk: { S: `bin-${String(i).padStart(3, '0')}` }, blob: { B: raw } });
    const ddb = client();

    // WHEN
    const pages = await scanPages(ddb);

    // THEN the pages are those of 100 KiB items (8 per page if the base64 were counted)
    expect(pages.map((p) => p.Count)).toEqual([11, 11, 8]);
    expect(new Set(pages.flatMap(keysOf)).size).toBe(30);
  });

  it('ends a page that reaches exactly 1 MB, without reading one more item', async () => {
    // GIVEN six items of exactly 256 KiB by DynamoDB's rules: 'pk' + 'k0' + 'data' + the string
    const table = fake.dynamodb.table(TABLE);
    for (let i = 0; i < 6; i++) table.seed({ pk: { S: `k${i}` }, data: { S: 'y'.repeat(MB / 4 - 8) } });
    expect(dynamoDbItemSize(table.get('k0') ?? {})).toBe(MB / 4);
    const ddb = client();

    const pages = await scanPages(ddb);

    expect(pages.map((p) => p.Count)).toEqual([4, 2]);
    expect(new Set(pages.flatMap(keysOf)).size).toBe(6);
  });

  it('ends a page at whichever comes first, Limit or 1 MB', async () => {
    const table = fake.dynamodb.table(TABLE);
    for (let i = 0; i < 30; i++) table.seed({ pk: { S: `big-${i}` }, blob: { S: 'x'.repeat(100 * 1024) } });
    const ddb = client();

    expect((await scanPages(ddb, { Limit: 4 })).map((p) => p.Count)).toEqual([4, 4, 4, 4, 4, 4, 4, 2]);
    expect((await scanPages(ddb, { Limit: 20 })).map((p) => p.Count)).toEqual([11, 11, 8]);
  });

  it('sizes every attribute type as the DynamoDB developer guide describes', () => {
    expect(dynamoDbItemSize({ pk: { S: 'abc' } })).toBe(2 + 3);
    // UTF-8 lengths, of names and of strings
    expect(dynamoDbItemSize({ é: { S: '€' } })).toBe(2 + 3);
    // numbers: 1 byte per two significant digits (leading and trailing zeros trimmed) + 1
    expect(dynamoDbItemSize({ n: { N: '123.4500' } })).toBe(1 + 3 + 1);
    expect(dynamoDbItemSize({ n: { N: '-0.001' } })).toBe(1 + 1 + 1);
    expect(dynamoDbItemSize({ n: { N: '1000000' } })).toBe(1 + 1 + 1);
    // binary: raw bytes
    expect(dynamoDbItemSize({ b: { B: Buffer.from([0, 1, 2, 3, 4]).toString('base64') } })).toBe(1 + 5);
    expect(dynamoDbItemSize({ ok: { BOOL: false }, no: { NULL: true } })).toBe(2 + 1 + 2 + 1);
    // sets: the sum of their elements
    expect(dynamoDbItemSize({ ss: { SS: ['a', 'bc'] } })).toBe(2 + 3);
    expect(dynamoDbItemSize({ ns: { NS: ['12', '3'] } })).toBe(2 + 2 + 2);
    // lists and maps: 3 bytes, plus 1 per element, plus the elements (and a map's names)
    expect(dynamoDbItemSize({ l: { L: [] } })).toBe(1 + 3);
    expect(dynamoDbItemSize({ l: { L: [{ S: 'ab' }, { BOOL: true }] } })).toBe(1 + 3 + (1 + 2) + (1 + 1));
    expect(dynamoDbItemSize({ m: { M: { key: { S: 'v' } } } })).toBe(1 + 3 + (1 + 3 + 1));
  });
});

describe('FakeAws DynamoDB Scan: ExclusiveStartKey', () => {
  it('goes on strictly after the start key, even one deleted since, or one never written', async () => {
    seedKeys(12);
    const ddb = client();
    const whole = keysOf(await ddb.send(new ScanCommand({ TableName: TABLE })));
    const from = async (key: string) =>
      keysOf(await ddb.send(new ScanCommand({ TableName: TABLE, ExclusiveStartKey: { pk: { S: key } } })));

    // an existing key
    expect(await from(whole[4] as string)).toEqual(whole.slice(5));
    // the same key once deleted
    await ddb.send(new DeleteItemCommand({ TableName: TABLE, Key: { pk: { S: whole[4] as string } } }));
    expect(await from(whole[4] as string)).toEqual(whole.slice(5));
    // the last key: nothing after it
    const last = await ddb.send(
      new ScanCommand({ TableName: TABLE, ExclusiveStartKey: { pk: { S: whole.at(-1) as string } } }),
    );
    expect(last.Items).toEqual([]);
    expect(last.LastEvaluatedKey).toBeUndefined();
    // a key never written: a tail of the order
    const tail = await from('never-written');
    const rest = whole.filter((key) => key !== whole[4]);
    expect(tail).toEqual(rest.slice(rest.length - tail.length));
  });

  it('combines with Limit: a walk started mid-table ends with the same items a whole scan ends with', async () => {
    seedKeys(17);
    const ddb = client();
    const whole = keysOf(await ddb.send(new ScanCommand({ TableName: TABLE })));

    const pages = await scanPages(ddb, { Limit: 4, ExclusiveStartKey: { pk: { S: whole[2] as string } } });

    expect(pages.map((p) => p.Count)).toEqual([4, 4, 4, 2]);
    expect(pages.flatMap(keysOf)).toEqual(whole.slice(3));
  });

  it('refuses a start key that does not match the key schema', async () => {
    seedKeys(3);
    const ddb = client();
    const wrongName = await errorOf(
      ddb.send(new ScanCommand({ TableName: TABLE, ExclusiveStartKey: { id: { S: 'item-000' } } })),
    );
    const wrongType = await errorOf(
      ddb.send(new ScanCommand({ TableName: TABLE, ExclusiveStartKey: { pk: { N: '1' } } })),
    );
    for (const error of [wrongName, wrongType]) {
      expect(error.name).toBe('ValidationException');
      expect(error.message).toMatch(/The provided starting key is invalid/);
    }
  });
});

describe('FakeAws DynamoDB Scan: errors', () => {
  it('answers ResourceNotFoundException for an unknown table', async () => {
    const ddb = client();
    const error = await errorOf(ddb.send(new ScanCommand({ TableName: 'no-such-table' })));
    expect(error.name).toBe('ResourceNotFoundException');
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it.each<[string, Partial<ScanCommandInput>]>([
    ['FilterExpression', { FilterExpression: 'attribute_exists(pk)' }],
    ['ProjectionExpression', { ProjectionExpression: 'pk' }],
    ['Segment', { Segment: 0 }],
    ['TotalSegments', { TotalSegments: 2 }],
    ['Select', { Select: 'COUNT' }],
    ['IndexName', { IndexName: 'by-app' }],
    ['ExpressionAttributeNames', { ExpressionAttributeNames: { '#p': 'pk' } }],
    ['ScanFilter', { ScanFilter: { pk: { ComparisonOperator: 'NOT_NULL' } } }],
    ['ReturnConsumedCapacity TOTAL', { ReturnConsumedCapacity: 'TOTAL' }],
  ])('refuses, and records, %s, which it does not implement', async (what, extra) => {
    seedKeys(2);
    const ddb = client();
    const error = await errorOf(ddb.send(new ScanCommand({ TableName: TABLE, ...extra })));
    expect(error.name).toBe('UnsupportedByFakeAws');
    expect(error.message).toBe(`FakeAws does not implement Scan parameter ${what}`);
    expect(fake.problems.splice(0)).toEqual([`FakeAws does not implement Scan parameter ${what}`]);
  });

  it('accepts ReturnConsumedCapacity NONE, the default', async () => {
    seedKeys(2);
    const ddb = client();
    const page = await ddb.send(new ScanCommand({ TableName: TABLE, ReturnConsumedCapacity: 'NONE' }));
    expect(page.Count).toBe(2);
  });
});

describe('FakeAws DynamoDB Scan: counters, faults and latency', () => {
  it('counts every Scan request as DynamoDB.Scan', async () => {
    seedKeys(9);
    const ddb = client();
    await scanPages(ddb, { Limit: 4 });
    await ddb.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'item-000' } } }));

    expect(fake.calls.count('DynamoDB.Scan')).toBe(3);
    expect(fake.calls.snapshot('DynamoDB')).toEqual({ 'DynamoDB.GetItem': 1, 'DynamoDB.Scan': 3 });
    expect(fake.log.map((call) => call.operation)).toEqual([
      'DynamoDB.Scan',
      'DynamoDB.Scan',
      'DynamoDB.Scan',
      'DynamoDB.GetItem',
    ]);
  });

  it('throttles a Scan on request; the SDK retries it and the counter shows both attempts', async () => {
    seedKeys(3);
    const rule = fake.faults.inject({ operation: 'DynamoDB.Scan', fault: 'throttle' });
    const ddb = client(3);

    const page = await ddb.send(new ScanCommand({ TableName: TABLE }));

    expect(page.Count).toBe(3);
    expect(page.$metadata.attempts).toBe(2);
    expect(rule.triggered).toBe(1);
    expect(fake.calls.count('DynamoDB.Scan')).toBe(2);
  });

  it('fails only the later pages when the fault predicate selects requests with an ExclusiveStartKey', async () => {
    seedKeys(6);
    fake.faults.inject({
      operation: 'DynamoDB.Scan',
      fault: 'server-error',
      times: Infinity,
      when: (request) => request.json?.ExclusiveStartKey !== undefined,
    });
    const ddb = client();

    const first = await ddb.send(new ScanCommand({ TableName: TABLE, Limit: 3 }));
    const error = await errorOf(
      ddb.send(new ScanCommand({ TableName: TABLE, Limit: 3, ExclusiveStartKey: first.LastEvaluatedKey })),
    );

    expect(first.Count).toBe(3);
    expect(error.name).toBe('InternalServerError');
    expect(error.$metadata?.httpStatusCode).toBe(500);
  });

  it('holds Scan answers for the latency set for DynamoDB.Scan only', async () => {
    const timer = new HeldWaits();
    const timed = await FakeAws.start({ timer });
    timed.dynamodb.createTable(TABLE);
    timed.dynamodb.table(TABLE).seed({ pk: { S: 'item-000' }, n: { N: '1' } });
    timed.setLatency(200, 'DynamoDB.Scan');
    const ddb = new DynamoDBClient({
      endpoint: timed.endpoint,
      region: timed.region,
      credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' },
      maxAttempts: 1,
    });
    clients.push(ddb);
    try {
      let answered = false;
      const scan = ddb.send(new ScanCommand({ TableName: TABLE })).then((page) => {
        answered = true;
        return page;
      });
      await timer.whenAsked(1);
      const item = await ddb.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'item-000' } } }));

      expect(item.Item?.pk?.S).toBe('item-000');
      expect(timer.asked).toEqual([200]);
      expect(answered).toBe(false);
      timer.releaseAll();
      expect((await scan).Count).toBe(1);
    } finally {
      await timed.close();
    }
  });
});
