/**
 * What a test uses to set the fake up and steer it: a fake seeded before it listens, the client
 * configuration that waits for it, a test's own interception of each request, and short
 * ListSecrets pages.
 */
import {
  ListSecretsCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { FakeRequest } from '../../../tools/fake-aws';
import { FakeAws } from '../../../tools/fake-aws';
import { errorOf } from '../../support/error-of';

const T0 = new Date('2027-01-04T00:00:00Z');

beforeAll(() => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
});

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
