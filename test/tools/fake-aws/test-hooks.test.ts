/**
 * What a test uses to set the fake up and steer it: a fake seeded before it listens, the client
 * configuration that waits for it, a test's own interception of each request, short
 * ListSecrets pages, the request log, requests held until released (`hang`), and an answer
 * paused until the test chooses (`beforeAnswer`).
 */
import {
  ListSecretsCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { FakeRequest } from '../../../tools/fake-aws';
import { FakeAws, publishAttribute } from '../../../tools/fake-aws';
import { errorOf } from '../../support/error-of';

const T0 = new Date('2027-01-04T00:00:00Z');

describe('FakeAws.create and clientConfig', () => {
  it('GIVEN a fake seeded before it listens WHEN a client built with clientConfig calls it THEN the first request waits for the endpoint', async () => {
    // Prepare
    const fake = FakeAws.create({ region: 'eu-west-1' });
    fake.secretsManager.createSecret({ name: 'sp-api/acme', createdAt: T0, tags: { 'lwa:app': 'Acme' } });
    const client = new SecretsManagerClient(fake.clientConfig());

    // Act
    const page = await client.send(new ListSecretsCommand({}));

    // Assess
    expect(page.SecretList?.map((s) => s.Name)).toEqual(['sp-api/acme']);
    expect(fake.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await fake.listen()).toBe(fake.endpoint);
    client.destroy();
    await fake.close();
  });
});

describe('FakeAws.intercept', () => {
  let fake: FakeAws;
  beforeEach(async () => {
    fake = await FakeAws.start({ region: 'eu-west-1' });
  });
  afterEach(async () => {
    expect(fake.problems).toEqual([]);
    await fake.close();
  });

  it('GIVEN an intercept that answers a fault WHEN the request arrives THEN the SDK sees that error, and the service is not asked', async () => {
    // Prepare
    const secret = fake.secretsManager.createSecret({
      name: 'a',
      createdAt: T0,
      firstVersionAt: T0,
      value: '{}',
    });
    const seen: FakeRequest[] = [];
    fake.intercept = (request) => {
      seen.push(request);
      return request.operation === 'SecretsManager.UpdateSecretVersionStage'
        ? { status: 500, code: 'InternalServiceError', message: 'unavailable' }
        : undefined;
    };
    const client = new SecretsManagerClient(fake.clientConfig());

    // Act
    const error = await errorOf(
      client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: secret.arn,
          VersionStage: 'X',
          MoveToVersionId: 'v',
        }),
      ),
    );

    // Assess
    expect(error).toMatchObject({ name: 'InternalServiceError', message: 'unavailable' });
    expect(seen.map((r) => [r.operation, r.json?.SecretId])).toEqual([
      ['SecretsManager.UpdateSecretVersionStage', secret.arn],
    ]);
    client.destroy();
  });

  it('GIVEN an intercept that changes the state and answers nothing WHEN the request arrives THEN the service answers from the changed state', async () => {
    // Prepare
    fake.dynamodb.createTable('ledger');
    fake.intercept = () => {
      fake.dynamodb.table('ledger').seed({ pk: { S: 'k' }, state: { S: 'written by another' } });
      return undefined;
    };
    const client = new DynamoDBClient(fake.clientConfig());

    // Act
    const read = await client.send(new GetItemCommand({ TableName: 'ledger', Key: { pk: { S: 'k' } } }));

    // Assess
    expect(read.Item?.state).toEqual({ S: 'written by another' });
    client.destroy();
  });
});

describe('FakeSecretsManager.listPageLimit', () => {
  it('GIVEN a page limit of 2 WHEN five secrets are listed with MaxResults 100 THEN they come 2 a page', async () => {
    // Prepare
    const fake = await FakeAws.start();
    for (const name of ['a', 'b', 'c', 'd', 'e']) fake.secretsManager.createSecret({ name, createdAt: T0 });
    fake.secretsManager.listPageLimit = 2;
    const client = new SecretsManagerClient(fake.clientConfig());

    // Act
    const pages: string[][] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListSecretsCommand({ MaxResults: 100, NextToken: token }));
      pages.push((page.SecretList ?? []).map((s) => s.Name ?? ''));
      token = page.NextToken;
    } while (token);

    // Assess
    expect(pages).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    client.destroy();
    await fake.close();
  });
});

describe('FakeAws.log', () => {
  let fake: FakeAws;
  let mathRandom: jest.SpyInstance<number, []>;
  beforeEach(async () => {
    fake = await FakeAws.start({ region: 'eu-west-1' });
    // The SDK waits a random fraction of its back-off between attempts: none here.
    mathRandom = jest.spyOn(Math, 'random').mockReturnValue(0);
  });
  afterEach(async () => {
    mathRandom.mockRestore();
    expect(fake.problems).toEqual([]);
    await fake.close();
  });

  it('GIVEN a call throttled twice WHEN the SDK retries it THEN the log holds each attempt with its amz-sdk-request header, its body and its fault', async () => {
    // Prepare
    fake.dynamodb.createTable('ledger');
    fake.faults.inject({ operation: 'DynamoDB.PutItem', fault: 'throttle', times: 2 });
    const client = new DynamoDBClient({ ...fake.clientConfig(), maxAttempts: 3 });

    // Act
    await client.send(new PutItemCommand({ TableName: 'ledger', Item: { pk: { S: 'k' } } }));

    // Assess
    expect(fake.log.map((r) => [r.operation, r.sdkRequest, r.fault])).toEqual([
      ['DynamoDB.PutItem', 'attempt=1; max=3', 'throttle'],
      ['DynamoDB.PutItem', 'attempt=2; max=3', 'throttle'],
      ['DynamoDB.PutItem', 'attempt=3; max=3', undefined],
    ]);
    for (const record of fake.log)
      expect(record.json).toEqual({ TableName: 'ledger', Item: { pk: { S: 'k' } } });
    client.destroy();
  });

  it('GIVEN a query-protocol request WHEN it is logged THEN its form is kept, readable with publishAttribute', async () => {
    // Prepare
    const topicArn = fake.sns.createTopic('alerts');
    const client = new SNSClient(fake.clientConfig());

    // Act
    await client.send(
      new PublishCommand({
        TopicArn: topicArn,
        Message: 'm',
        MessageAttributes: { app: { DataType: 'String', StringValue: 'Acme' } },
      }),
    );

    // Assess
    const [record] = fake.log;
    expect(record?.operation).toBe('SNS.Publish');
    expect(record?.sdkRequest).toBe('attempt=1; max=1');
    expect(record?.json).toBeUndefined();
    expect(record?.form?.get('TopicArn')).toBe(topicArn);
    expect(publishAttribute(record?.form, 'app')).toBe('Acme');
    client.destroy();
  });
});

describe('FakeAws hang: requests held until the test releases them', () => {
  let fake: FakeAws;
  let client: DynamoDBClient;
  beforeEach(async () => {
    fake = await FakeAws.start({ region: 'eu-west-1' });
    fake.dynamodb.createTable('ledger');
    client = new DynamoDBClient(fake.clientConfig());
  });
  afterEach(async () => {
    client.destroy();
    expect(fake.problems).toEqual([]);
    await fake.close();
  });

  const put = (pk: string) =>
    client.send(new PutItemCommand({ TableName: 'ledger', Item: { pk: { S: pk } } }));
  const get = (pk: string) =>
    client.send(new GetItemCommand({ TableName: 'ledger', Key: { pk: { S: pk } } }));

  it('GIVEN a hang fault WHEN the request arrives THEN it is held, unanswered and unapplied, while other requests are answered', async () => {
    // Prepare
    fake.faults.inject({
      operation: 'DynamoDB.PutItem',
      fault: 'hang',
      when: (request) => JSON.stringify(request.json?.Item) === '{"pk":{"S":"held"}}',
    });
    let settled = false;
    const held = put('held').finally(() => {
      settled = true;
    });

    // Act
    const [first] = await fake.whenHeld(1);
    await put('other');
    const read = await get('held');

    // Assess: the held write neither answered nor applied; the log says why
    expect(settled).toBe(false);
    expect(read.Item).toBeUndefined();
    expect(fake.held).toHaveLength(1);
    expect(first?.request).toMatchObject({ operation: 'DynamoDB.PutItem', fault: 'hang' });
    expect(first?.request.json?.Item).toEqual({ pk: { S: 'held' } });
    first?.release();
    await held;
  });

  it('GIVEN a held write WHEN released without a fault THEN it is answered as the service would, from the state at release', async () => {
    // Prepare
    fake.faults.inject({ operation: 'DynamoDB.PutItem', fault: 'hang' });
    const held = client.send(
      new PutItemCommand({
        TableName: 'ledger',
        Item: { pk: { S: 'k' }, by: { S: 'held' } },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    const [request] = await fake.whenHeld();
    fake.dynamodb.table('ledger').seed({ pk: { S: 'k' }, by: { S: 'another writer' } });

    // Act
    request?.release();
    request?.release();

    // Assess: the condition saw the other writer's item; a second release changed nothing
    expect((await errorOf(held)).name).toBe('ConditionalCheckFailedException');
    expect(fake.held).toEqual([]);
    expect(fake.dynamodb.table('ledger').get('k')?.by).toEqual({ S: 'another writer' });
  });

  it('GIVEN two held requests WHEN all are released with a fault THEN each caller gets that error', async () => {
    // Prepare
    fake.faults.inject({ operation: 'DynamoDB.PutItem', fault: 'hang', times: Infinity });
    const first = errorOf(put('a'));
    const second = errorOf(put('b'));
    await fake.whenHeld(2);

    // Act
    fake.releaseHeld({ status: 400, code: 'ValidationException', message: 'released by the test' });

    // Assess
    expect(await first).toMatchObject({ name: 'ValidationException', message: 'released by the test' });
    expect(await second).toMatchObject({ name: 'ValidationException' });
    expect(fake.held).toEqual([]);
    expect(fake.dynamodb.table('ledger').items.size).toBe(0);
  });
});

describe('FakeAws.beforeAnswer', () => {
  let fake: FakeAws;
  beforeEach(async () => {
    fake = await FakeAws.start({ region: 'eu-west-1' });
    fake.dynamodb.createTable('ledger');
  });
  afterEach(async () => {
    expect(fake.problems).toEqual([]);
    await fake.close();
  });

  it('GIVEN a hook that pauses one answer WHEN another client writes meanwhile THEN the paused request is answered after it, from the state it left', async () => {
    // Prepare: the read of "k" waits until the test lets it go; it may write first
    const client = new DynamoDBClient(fake.clientConfig());
    let letGo: () => void = () => undefined;
    const paused = new Promise<void>((resolve) => {
      letGo = resolve;
    });
    let arrived: () => void = () => undefined;
    const readArrived = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    fake.beforeAnswer = async (request) => {
      if (request.operation !== 'DynamoDB.GetItem') return;
      arrived();
      await paused;
    };
    const read = client.send(new GetItemCommand({ TableName: 'ledger', Key: { pk: { S: 'k' } } }));
    await readArrived;

    // Act
    await client.send(
      new PutItemCommand({ TableName: 'ledger', Item: { pk: { S: 'k' }, v: { S: 'meanwhile' } } }),
    );
    letGo();

    // Assess: the read arrived first (log order) but answered with the write it waited for
    expect((await read).Item?.v).toEqual({ S: 'meanwhile' });
    expect(fake.log.map((r) => r.operation)).toEqual(['DynamoDB.GetItem', 'DynamoDB.PutItem']);
    client.destroy();
  });
});
