/**
 * The fake is only worth its tests if the real SDK clients read it as they read AWS, so every
 * case here goes through an unmodified SDK v3 client over HTTP.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  BatchGetItemCommand,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import type { ListSecretsCommandInput } from '@aws-sdk/client-secrets-manager';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  ListSecretsCommand,
  SecretsManagerClient,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-secrets-manager';
import { ListSubscriptionsByTopicCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { FakeAws, publishAttribute } from '../../../tools/fake-aws';
import { errorOf } from '../../support/error-of';
import { HeldWaits } from '../../support/held-waits';

const T0 = new Date('2027-01-04T00:00:00Z');
const DAY = 86_400_000;
const TABLE = 'ledger';

let fake: FakeAws;
let topicArn: string;

function clientConfig(maxAttempts = 1) {
  return {
    endpoint: fake.endpoint,
    region: fake.region,
    credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' },
    maxAttempts,
  };
}

beforeEach(async () => {
  fake = await FakeAws.start();
  fake.dynamodb.createTable(TABLE);
  topicArn = fake.sns.createTopic('alerts');
});

afterEach(async () => {
  expect(fake.problems).toEqual([]);
  await fake.close();
});

describe('FakeAws Secrets Manager: ListSecrets read by the SDK', () => {
  it('pages 100 at a time through NextToken and decodes epoch-second dates', async () => {
    // GIVEN 250 tagged secrets
    for (let i = 0; i < 250; i++) {
      fake.secretsManager.createSecret({
        name: `app-${i}`,
        createdAt: new Date(T0.getTime() - DAY),
        tags: { 'lwa:app': `App ${i}` },
        firstVersionAt: new Date(T0.getTime() + i * 1000),
      });
    }
    const client = new SecretsManagerClient(clientConfig());

    // WHEN listing page by page
    const pages: number[] = [];
    let nextToken: string | undefined;
    let last;
    do {
      const page = await client.send(
        new ListSecretsCommand({
          Filters: [{ Key: 'tag-key', Values: ['lwa:app'] }],
          MaxResults: 100,
          NextToken: nextToken,
        }),
      );
      pages.push(page.SecretList?.length ?? 0);
      last = page.SecretList?.at(-1);
      nextToken = page.NextToken;
    } while (nextToken);

    // THEN three pages, with dates, tags and version stages as the SDK types them
    expect(pages).toEqual([100, 100, 50]);
    expect(fake.calls.count('SecretsManager.ListSecrets')).toBe(3);
    expect(last?.Name).toBe('app-249');
    expect(last?.CreatedDate).toEqual(new Date(T0.getTime() - DAY));
    expect(last?.Tags).toEqual([{ Key: 'lwa:app', Value: 'App 249' }]);
    expect(Object.values(last?.SecretVersionsToStages ?? {})).toEqual([['AWSCURRENT']]);
    client.destroy();
  });

  it('filters by tag-key prefix, case-sensitively, with ! negation, and hides secrets scheduled for deletion', async () => {
    const createdAt = T0;
    fake.secretsManager.createSecret({ name: 'exact', createdAt, tags: { 'lwa:app': 'A' } });
    fake.secretsManager.createSecret({ name: 'longer-key', createdAt, tags: { 'lwa:application': 'B' } });
    fake.secretsManager.createSecret({ name: 'other-case', createdAt, tags: { 'LWA:app': 'C' } });
    fake.secretsManager.createSecret({ name: 'untagged', createdAt });
    const doomed = fake.secretsManager.createSecret({ name: 'doomed', createdAt, tags: { 'lwa:app': 'D' } });
    fake.secretsManager.scheduleDeletion(doomed.arn, new Date(T0.getTime() + DAY));
    const replica = fake.secretsManager.createSecret({
      name: 'replica',
      createdAt,
      tags: { 'lwa:app': 'E' },
      primaryRegion: 'eu-west-1',
    });
    const client = new SecretsManagerClient(clientConfig());
    const names = async (input: ListSecretsCommandInput) =>
      ((await client.send(new ListSecretsCommand(input))).SecretList ?? []).map((s) => s.Name);

    expect(await names({ Filters: [{ Key: 'tag-key', Values: ['lwa:app'] }] })).toEqual([
      'exact',
      'longer-key',
      'replica',
    ]);
    expect(
      await names({ Filters: [{ Key: 'tag-key', Values: ['lwa:app'] }], IncludePlannedDeletion: true }),
    ).toEqual(['exact', 'longer-key', 'doomed', 'replica']);
    expect(await names({ Filters: [{ Key: 'tag-key', Values: ['!lwa:app'] }] })).toEqual([
      'other-case',
      'untagged',
    ]);
    const listed = await client.send(
      new ListSecretsCommand({
        Filters: [{ Key: 'name', Values: ['replica', 'doomed'] }],
        IncludePlannedDeletion: true,
      }),
    );
    expect(listed.SecretList?.find((s) => s.ARN === replica.arn)?.PrimaryRegion).toBe('eu-west-1');
    expect(listed.SecretList?.find((s) => s.ARN === doomed.arn)?.DeletedDate).toEqual(
      new Date(T0.getTime() + DAY),
    );
    client.destroy();
  });

  it('rejects MaxResults above 100 as AWS does', async () => {
    const client = new SecretsManagerClient(clientConfig());
    const error = await errorOf(client.send(new ListSecretsCommand({ MaxResults: 101 })));
    expect(error.name).toBe('ValidationException');
    client.destroy();
  });
});

describe('FakeAws Secrets Manager: ListSecretVersionIds', () => {
  it('moves AWSCURRENT to the new version and hides versions left without a label', async () => {
    const secret = fake.secretsManager.createSecret({
      name: 'rotating',
      createdAt: T0,
      tags: { 'lwa:app': 'R' },
      firstVersionAt: T0,
    });
    const second = fake.secretsManager.putSecretValue(secret.arn, new Date(T0.getTime() + DAY));
    const third = fake.secretsManager.putSecretValue(secret.arn, new Date(T0.getTime() + 2 * DAY));
    const client = new SecretsManagerClient(clientConfig());

    const result = await client.send(new ListSecretVersionIdsCommand({ SecretId: secret.arn }));

    expect(result.Versions?.map((v) => [v.VersionId, v.VersionStages, v.CreatedDate])).toEqual([
      [second, ['AWSPREVIOUS'], new Date(T0.getTime() + DAY)],
      [third, ['AWSCURRENT'], new Date(T0.getTime() + 2 * DAY)],
    ]);
    const all = await client.send(
      new ListSecretVersionIdsCommand({ SecretId: 'rotating', IncludeDeprecated: true }),
    );
    expect(all.Versions).toHaveLength(3);
    client.destroy();
  });

  it('answers ResourceNotFoundException for an unknown secret', async () => {
    const client = new SecretsManagerClient(clientConfig());
    const error = await errorOf(client.send(new ListSecretVersionIdsCommand({ SecretId: 'nope' })));
    expect(error.name).toBe('ResourceNotFoundException');
    client.destroy();
  });
});

describe('FakeAws DynamoDB: the conditional writes of the ledger', () => {
  it('creates an item once (attribute_not_exists), then updates it only at the expected revision', async () => {
    const client = new DynamoDBClient(clientConfig());
    const put = (revision: number, condition: Partial<ConstructorParameters<typeof PutItemCommand>[0]>) =>
      client.send(
        new PutItemCommand({
          TableName: TABLE,
          Item: { pk: { S: 'arn:1' }, revision: { N: String(revision) } },
          ...condition,
        }),
      );
    const create = { ConditionExpression: 'attribute_not_exists(pk)' };
    const update = (expected: number) => ({
      ConditionExpression: '#revision = :expected',
      ExpressionAttributeNames: { '#revision': 'revision' },
      ExpressionAttributeValues: { ':expected': { N: String(expected) } },
    });

    await put(1, create);
    expect((await errorOf(put(1, create))).name).toBe('ConditionalCheckFailedException');
    await put(2, update(1));
    const stale = await errorOf(put(2, update(1)));
    expect(stale.name).toBe('ConditionalCheckFailedException');
    expect(stale.$metadata?.httpStatusCode).toBe(400);
    expect(fake.dynamodb.table(TABLE).get('arn:1')?.revision).toEqual({ N: '2' });
    client.destroy();
  });

  it('grants a lease when free or lapsed, and deletes it only for its holder', async () => {
    const client = new DynamoDBClient(clientConfig());
    const acquire = (holder: string, now: number) =>
      client.send(
        new PutItemCommand({
          TableName: TABLE,
          Item: { pk: { S: '#lease' }, holder: { S: holder }, leaseUntil: { N: String(now + 100) } },
          ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :now',
          ExpressionAttributeValues: { ':now': { N: String(now) } },
        }),
      );
    const release = (holder: string) =>
      client.send(
        new DeleteItemCommand({
          TableName: TABLE,
          Key: { pk: { S: '#lease' } },
          ConditionExpression: 'holder = :holder',
          ExpressionAttributeValues: { ':holder': { S: holder } },
        }),
      );

    await acquire('a', 1000);
    expect((await errorOf(acquire('b', 1050))).name).toBe('ConditionalCheckFailedException');
    await acquire('b', 1101); // a's lease ran until 1100
    expect((await errorOf(release('a'))).name).toBe('ConditionalCheckFailedException');
    await release('b');
    expect(fake.dynamodb.table(TABLE).get('#lease')).toBeUndefined();
    client.destroy();
  });

  it('reads up to 100 keys per BatchGetItem and refuses more, or duplicates', async () => {
    fake.dynamodb.table(TABLE).seed({ pk: { S: 'k1' }, n: { N: '1' } });
    const client = new DynamoDBClient(clientConfig());
    const keys = (ids: string[]) => ({
      RequestItems: { [TABLE]: { Keys: ids.map((id) => ({ pk: { S: id } })), ConsistentRead: true } },
    });

    const result = await client.send(new BatchGetItemCommand(keys(['k1', 'k2'])));
    expect(result.Responses?.[TABLE]).toEqual([{ pk: { S: 'k1' }, n: { N: '1' } }]);
    expect(result.UnprocessedKeys).toEqual({});
    const tooMany = Array.from({ length: 101 }, (_, i) => `k${i}`);
    expect((await errorOf(client.send(new BatchGetItemCommand(keys(tooMany))))).message).toMatch(
      /Too many items/,
    );
    expect((await errorOf(client.send(new BatchGetItemCommand(keys(['k1', 'k1']))))).message).toMatch(
      /duplicates/,
    );
    client.destroy();
  });

  it('leaves keys unprocessed when told to, as DynamoDB may under load', async () => {
    fake.faults.inject({ operation: 'DynamoDB.BatchGetItem', fault: 'unprocessed-keys' });
    const client = new DynamoDBClient(clientConfig());
    const result = await client.send(
      new BatchGetItemCommand({
        RequestItems: { [TABLE]: { Keys: [{ pk: { S: 'a' } }, { pk: { S: 'b' } }] } },
      }),
    );
    expect(result.UnprocessedKeys?.[TABLE]?.Keys).toEqual([{ pk: { S: 'b' } }]);
    client.destroy();
  });

  it('refuses, and records, a condition it does not implement', async () => {
    const client = new DynamoDBClient(clientConfig());
    const error = await errorOf(
      client.send(
        new PutItemCommand({
          TableName: TABLE,
          Item: { pk: { S: 'x' } },
          ConditionExpression: 'begins_with(pk, :p)',
          ExpressionAttributeValues: { ':p': { S: 'x' } },
        }),
      ),
    );
    expect(error.message).toMatch(/FakeAws does not implement the function begins_with/);
    expect(fake.problems).toHaveLength(1);
    fake.problems.length = 0;
    client.destroy();
  });
});

describe('FakeAws DynamoDB: Scan', () => {
  async function scanAll(
    client: DynamoDBClient,
    limit?: number,
  ): Promise<{ pages: number; keys: string[]; sizes: number[] }> {
    const keys: string[] = [];
    const sizes: number[] = [];
    let pages = 0;
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({
          TableName: TABLE,
          ConsistentRead: true,
          Limit: limit,
          ExclusiveStartKey: startKey,
        }),
      );
      pages++;
      sizes.push(page.Items?.length ?? 0);
      expect(page.Count).toBe(page.Items?.length);
      for (const item of page.Items ?? []) keys.push(item.pk?.S ?? '?');
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return { pages, keys, sizes };
  }

  it('returns every item once, in an order that is neither insertion nor key order, page by page with Limit', async () => {
    // Prepare
    const table = fake.dynamodb.table(TABLE);
    const written = Array.from({ length: 25 }, (_, i) => `key-${String(i).padStart(2, '0')}`);
    for (const key of written) table.seed({ pk: { S: key }, n: { N: '1' } });
    const client = new DynamoDBClient(clientConfig());
    // Act
    const whole = await scanAll(client);
    const paged = await scanAll(client, 10);
    // Assess
    expect(whole.pages).toBe(1);
    expect([...whole.keys].sort()).toEqual(written);
    expect(whole.keys).not.toEqual(written);
    // 10 + 10 + 5; the page cut by Limit at the end names its key, so one more (empty) page
    expect(paged.sizes).toEqual([10, 10, 5]);
    expect(paged.keys).toEqual(whole.keys);
    expect(fake.calls.count('DynamoDB.Scan')).toBe(4);
  });

  it('ends a page once 1 MB has been read, the item that crosses it included', async () => {
    // Prepare: 30 items of about 100 KB
    const table = fake.dynamodb.table(TABLE);
    for (let i = 0; i < 30; i++) table.seed({ pk: { S: `big-${i}` }, blob: { S: 'x'.repeat(100_000) } });
    const client = new DynamoDBClient(clientConfig());
    // Act
    const scanned = await scanAll(client);
    // Assess: 11 items reach 1 MB (1,048,576 bytes); 30 = 11 + 11 + 8
    expect(scanned.sizes).toEqual([11, 11, 8]);
    expect(new Set(scanned.keys).size).toBe(30);
  });

  it('continues after an ExclusiveStartKey that no longer exists', async () => {
    // Prepare
    const table = fake.dynamodb.table(TABLE);
    for (let i = 0; i < 6; i++) table.seed({ pk: { S: `k${i}` } });
    const client = new DynamoDBClient(clientConfig());
    const first = await client.send(new ScanCommand({ TableName: TABLE, Limit: 3 }));
    const lastKey = first.LastEvaluatedKey?.pk?.S ?? '';
    table.items.delete(lastKey);
    // Act
    const rest = await client.send(
      new ScanCommand({ TableName: TABLE, ExclusiveStartKey: { pk: { S: lastKey } } }),
    );
    // Assess
    const seen = [...(first.Items ?? []), ...(rest.Items ?? [])].map((item) => item.pk?.S);
    expect(new Set(seen).size).toBe(6);
    expect(rest.LastEvaluatedKey).toBeUndefined();
  });

  it('answers ResourceNotFoundException for an unknown table, and refuses what it does not implement', async () => {
    // Prepare
    const client = new DynamoDBClient(clientConfig());
    // Act
    const unknown = await errorOf(client.send(new ScanCommand({ TableName: 'nope' })));
    const filtered = await errorOf(
      client.send(new ScanCommand({ TableName: TABLE, FilterExpression: 'attribute_exists(pk)' })),
    );
    // Assess
    expect(unknown.name).toBe('ResourceNotFoundException');
    expect(filtered.message).toMatch(/FilterExpression/);
    expect(fake.problems.splice(0)).toEqual([expect.stringMatching(/FilterExpression/)]);
  });
});

describe('FakeAws SNS: Publish over the query protocol', () => {
  it('records every field of an accepted message and answers with its MessageId', async () => {
    const client = new SNSClient(clientConfig());
    const message = { default: 'full text & more', email: 'full text & more', sms: 'short <text>' };

    const result = await client.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: '[LWA 7-day] Orders client secret expires in 7 days',
        MessageStructure: 'json',
        Message: JSON.stringify(message),
        MessageAttributes: {
          app: { DataType: 'String', StringValue: 'Orders + Returns' },
          daysLeft: { DataType: 'Number', StringValue: '-2' },
        },
      }),
    );

    const [published] = fake.sns.published;
    expect(result.MessageId).toBe(published?.messageId);
    expect(published).toMatchObject({
      sequence: 1,
      TopicArn: topicArn,
      Subject: '[LWA 7-day] Orders client secret expires in 7 days',
      MessageStructure: 'json',
      bodies: message,
      MessageAttributes: {
        app: { DataType: 'String', StringValue: 'Orders + Returns' },
        daysLeft: { DataType: 'Number', StringValue: '-2' },
      },
    });
    client.destroy();
  });

  it.each([
    [
      'a JSON body without a default entry',
      { MessageStructure: 'json', Message: '{"email":"x"}' },
      'InvalidParameterException',
      /No default entry/,
    ],
    ['a subject of 100 characters', { Subject: 'x'.repeat(100) }, 'InvalidParameterException', /Subject/],
    ['a subject with a line break', { Subject: 'a\nb' }, 'InvalidParameterException', /Subject/],
    [
      'an empty attribute value',
      { MessageAttributes: { app: { DataType: 'String', StringValue: '' } } },
      'InvalidParameterValueException',
      /non-empty/,
    ],
    [
      'an unknown topic',
      { TopicArn: 'arn:aws:sns:us-east-1:123456789012:nope' },
      'NotFoundException',
      /Topic does not exist/,
    ],
  ])('refuses %s, as SNS does', async (_case, override, name, message) => {
    const client = new SNSClient(clientConfig());
    const error = await errorOf(
      client.send(new PublishCommand({ TopicArn: topicArn, Message: 'hello', ...override })),
    );
    expect(error.name).toBe(name);
    expect(error.message).toMatch(message);
    expect(fake.sns.published).toHaveLength(0);
    client.destroy();
  });
});

describe('FakeAws SNS: ListSubscriptionsByTopic', () => {
  it('lists the seeded subscriptions, pending ones as PendingConfirmation, 100 a page', async () => {
    // GIVEN a confirmed email, a pending one, and 120 SMS numbers on the topic; one on another topic
    fake.sns.subscribe(topicArn, 'email', 'ops@example.com');
    fake.sns.subscribe(topicArn, 'email', 'new@example.com', { confirmed: false });
    for (let i = 0; i < 120; i++)
      fake.sns.subscribe(topicArn, 'sms', `+1555555${String(i).padStart(4, '0')}`);
    fake.sns.subscribe(fake.sns.createTopic('other'), 'email', 'elsewhere@example.com');
    const client = new SNSClient(clientConfig());

    // WHEN the SDK pages through them
    const first = await client.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
    const second = await client.send(
      new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken: first.NextToken }),
    );

    // THEN the fields read as SNS gives them, and the second page ends the list
    expect(first.Subscriptions).toHaveLength(100);
    expect(first.Subscriptions?.[0]).toEqual({
      TopicArn: topicArn,
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      Owner: fake.accountId,
      SubscriptionArn: expect.stringMatching(new RegExp(`^${topicArn}:`)),
    });
    expect(first.Subscriptions?.[1]).toMatchObject({
      Endpoint: 'new@example.com',
      SubscriptionArn: 'PendingConfirmation',
    });
    expect(second.Subscriptions).toHaveLength(22);
    expect(second.NextToken).toBeUndefined();
    client.destroy();
  });

  it('answers NotFound for an unknown topic', async () => {
    const client = new SNSClient(clientConfig());
    const error = await errorOf(
      client.send(new ListSubscriptionsByTopicCommand({ TopicArn: `${topicArn}-nope` })),
    );
    expect(error.name).toBe('NotFoundException');
    client.destroy();
  });
});

describe('FakeAws CloudFormation: DescribeStacks over the query protocol', () => {
  it('returns a stack with its outputs, and ValidationError for an unknown one, as CloudFormation does', async () => {
    // GIVEN a stack with two outputs
    fake.cloudFormation.putStack({
      name: 'LwaExpiryMonitor',
      outputs: { AlertTopicArn: topicArn, OperatorTopicArn: `${topicArn}-ops` },
    });
    const client = new CloudFormationClient(clientConfig());

    // WHEN the SDK describes it, and a stack that does not exist
    const found = await client.send(new DescribeStacksCommand({ StackName: 'LwaExpiryMonitor' }));
    const error = await errorOf(client.send(new DescribeStacksCommand({ StackName: 'Nope' })));

    // THEN the outputs read back, and the error is the one the CLI falls back on
    expect(found.Stacks?.[0]).toMatchObject({
      StackName: 'LwaExpiryMonitor',
      StackStatus: 'CREATE_COMPLETE',
      Outputs: [
        { OutputKey: 'AlertTopicArn', OutputValue: topicArn },
        { OutputKey: 'OperatorTopicArn', OutputValue: `${topicArn}-ops` },
      ],
    });
    expect(found.Stacks?.[0]?.CreationTime).toBeInstanceOf(Date);
    expect(error.name).toBe('ValidationError');
    expect(error.message).toBe('Stack with id Nope does not exist');
    client.destroy();
  });
});

describe('FakeAws Secrets Manager: DescribeSecret, TagResource, UntagResource, GetSecretValue', () => {
  it('tags and untags a secret by name, and DescribeSecret shows the tags and versions', async () => {
    fake.secretsManager.createSecret({ name: 'sp-api/acme', createdAt: T0, firstVersionAt: T0 });
    const client = new SecretsManagerClient(clientConfig());

    await client.send(
      new TagResourceCommand({
        SecretId: 'sp-api/acme',
        Tags: [
          { Key: 'lwa:app', Value: 'Acme' },
          { Key: 'lwa:expires-at', Value: '2027-01-01T00:00:00Z' },
        ],
      }),
    );
    await client.send(new UntagResourceCommand({ SecretId: 'sp-api/acme', TagKeys: ['lwa:expires-at'] }));
    const described = await client.send(new DescribeSecretCommand({ SecretId: 'sp-api/acme' }));

    expect(described.Tags).toEqual([{ Key: 'lwa:app', Value: 'Acme' }]);
    expect(Object.values(described.VersionIdsToStages ?? {})).toEqual([['AWSCURRENT']]);
    expect(fake.secretsManager.get('sp-api/acme').tags.get('lwa:app')).toBe('Acme');
    client.destroy();
  });

  it('refuses a tag key starting with aws:, and an unknown secret, as Secrets Manager does', async () => {
    fake.secretsManager.createSecret({ name: 'sp-api/acme', createdAt: T0 });
    const client = new SecretsManagerClient(clientConfig());
    const reserved = await errorOf(
      client.send(new TagResourceCommand({ SecretId: 'sp-api/acme', Tags: [{ Key: 'aws:x', Value: 'y' }] })),
    );
    const unknown = await errorOf(client.send(new DescribeSecretCommand({ SecretId: 'nope' })));
    expect(reserved.name).toBe('ValidationException');
    expect(unknown.name).toBe('ResourceNotFoundException');
    client.destroy();
  });

  it('returns the AWSCURRENT value a test seeded, and counts the call', async () => {
    fake.secretsManager.createSecret({
      name: 'sp-api/acme',
      createdAt: T0,
      firstVersionAt: T0,
      value: '{"clientId":"amzn1.application-oa2-client.x"}',
    });
    const client = new SecretsManagerClient(clientConfig());
    const value = await client.send(new GetSecretValueCommand({ SecretId: 'sp-api/acme' }));
    expect(value.SecretString).toBe('{"clientId":"amzn1.application-oa2-client.x"}');
    expect(fake.calls.count('SecretsManager.GetSecretValue')).toBe(1);
    client.destroy();
  });
});

describe('FakeAws faults: scripted failures, latency and counters', () => {
  it('throttles the nth call; the SDK retries it and the counters show every attempt', async () => {
    fake.faults.inject({ operation: 'SecretsManager.ListSecrets', fault: 'throttle', nth: 2 });
    const client = new SecretsManagerClient(clientConfig(3));

    await client.send(new ListSecretsCommand({}));
    const retried = await client.send(new ListSecretsCommand({}));

    expect(retried.$metadata.attempts).toBe(2);
    expect(fake.calls.count('SecretsManager.ListSecrets')).toBe(3);
    expect(fake.log.filter((c) => c.fault === 'throttle')).toHaveLength(1);
    client.destroy();
  });

  it.each([
    ['SecretsManager', 'throttle', 'ThrottlingException', 400],
    ['SecretsManager', 'server-error', 'InternalServiceError', 500],
    ['DynamoDB', 'throttle', 'ThrottlingException', 400],
    ['DynamoDB', 'server-error', 'InternalServerError', 500],
    ['SNS', 'throttle', 'ThrottledException', 429],
    ['SNS', 'server-error', 'InternalErrorException', 500],
  ] as const)('%s %s reaches the SDK as %s (HTTP %i)', async (service, fault, name, status) => {
    const send = (): Promise<unknown> => {
      switch (service) {
        case 'SecretsManager':
          fake.faults.inject({ operation: 'SecretsManager.ListSecrets', fault });
          return new SecretsManagerClient(clientConfig()).send(new ListSecretsCommand({}));
        case 'DynamoDB':
          fake.faults.inject({ operation: 'DynamoDB.DeleteItem', fault });
          return new DynamoDBClient(clientConfig()).send(
            new DeleteItemCommand({ TableName: TABLE, Key: { pk: { S: 'a' } } }),
          );
        case 'SNS':
          fake.faults.inject({ operation: 'SNS.Publish', fault });
          return new SNSClient(clientConfig()).send(new PublishCommand({ TopicArn: topicArn, Message: 'm' }));
      }
    };
    const error = await errorOf(send());
    expect(error.name).toBe(name);
    expect(error.$metadata?.httpStatusCode).toBe(status);
  });

  it('drops the connection without an answer', async () => {
    fake.faults.inject({ operation: 'SNS.Publish', fault: 'socket-destroy', times: Infinity });
    const client = new SNSClient(clientConfig(2));
    const error = await errorOf(client.send(new PublishCommand({ TopicArn: topicArn, Message: 'm' })));
    expect(error.message).toMatch(/socket hang up|ECONNRESET/);
    expect(fake.calls.count('SNS.Publish')).toBe(2);
    expect(fake.sns.published).toHaveLength(0);
    client.destroy();
  });

  it('fails only the calls its predicate selects, until removed', async () => {
    const handle = fake.faults.inject({
      operation: 'SNS.Publish',
      fault: { status: 400, code: 'KMSAccessDenied', message: 'no key' },
      times: Infinity,
      when: (request) => publishAttribute(request.form, 'app') === 'B',
    });
    const client = new SNSClient(clientConfig());
    const publish = (app: string) =>
      client.send(
        new PublishCommand({
          TopicArn: topicArn,
          Message: 'm',
          MessageAttributes: { app: { DataType: 'String', StringValue: app } },
        }),
      );

    await publish('A');
    expect((await errorOf(publish('B'))).name).toBe('KMSAccessDeniedException');
    handle.remove();
    await publish('B');

    expect(handle.triggered).toBe(1);
    expect(fake.sns.published.map((m) => m.MessageAttributes.app?.StringValue)).toEqual(['A', 'B']);
    client.destroy();
  });

  it("holds an answer for its operation's latency after working it out; an operation without one answers at once", async () => {
    const timer = new HeldWaits();
    const timed = await FakeAws.start({ timer });
    timed.dynamodb.createTable(TABLE);
    timed.secretsManager.createSecret({ name: 'lwa/a', createdAt: T0, tags: { 'lwa:app': 'A' } });
    timed.setLatency(60, 'SecretsManager.ListSecrets');
    const config = { ...clientConfig(), endpoint: timed.endpoint };
    const client = new SecretsManagerClient(config);
    const dynamo = new DynamoDBClient(config);
    try {
      let answered = false;
      const listing = client.send(new ListSecretsCommand({})).then((page) => {
        answered = true;
        return page;
      });
      await timer.whenAsked(1);
      // The page was worked out when the request arrived: a secret created during the wait is not on it.
      timed.secretsManager.createSecret({ name: 'lwa/b', createdAt: T0, tags: { 'lwa:app': 'B' } });
      await dynamo.send(
        new BatchGetItemCommand({ RequestItems: { [TABLE]: { Keys: [{ pk: { S: 'a' } }] } } }),
      );

      expect(timer.asked).toEqual([60]);
      expect(answered).toBe(false);
      timer.releaseAll();
      expect((await listing).SecretList?.map((s) => s.Name)).toEqual(['lwa/a']);
      expect(timed.calls.snapshot()).toEqual({ 'DynamoDB.BatchGetItem': 1, 'SecretsManager.ListSecrets': 1 });
      expect(timed.problems).toEqual([]);
    } finally {
      client.destroy();
      dynamo.destroy();
      await timed.close();
    }
  });

  it('serves clients configured only by the standard environment variables', async () => {
    // AWS_ENDPOINT_URL for all services, or AWS_ENDPOINT_URL_<SERVICE ID> for one (the service
    // id upper-cased, spaces as underscores: SECRETS_MANAGER, DYNAMODB, SNS).
    const saved = { ...process.env };
    Object.assign(process.env, fake.clientEnvironment(), { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = fake.endpoint;
    process.env.AWS_ENDPOINT_URL_SNS = fake.endpoint;
    try {
      const secrets = new SecretsManagerClient({ maxAttempts: 1 });
      const sns = new SNSClient({ maxAttempts: 1 });
      await secrets.send(new ListSecretsCommand({}));
      await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'm' }));
      expect(fake.calls.snapshot()).toEqual({ 'SNS.Publish': 1, 'SecretsManager.ListSecrets': 1 });
      secrets.destroy();
      sns.destroy();
    } finally {
      process.env = saved;
    }
  });

  it('refuses a request signed for another region, as AWS does', async () => {
    const client = new SecretsManagerClient({ ...clientConfig(), region: 'eu-west-1' });
    const error = await errorOf(client.send(new ListSecretsCommand({})));
    expect(error.name).toBe('InvalidSignatureException');
    client.destroy();
  });
});
