/**
 * PutSecretValue and UpdateSecretVersionStage as the notification intake calls them (through
 * SecretsManagerAppSecretVersions) and as Secrets Manager answers: idempotent per
 * ClientRequestToken, labels moved and AWSPREVIOUS left behind, and a label moved only from the
 * version that holds it.
 */
import {
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { SecretsManagerAppSecretVersions } from '../../../lambda/adapters/aws/app-secret-versions';
import { errorOf } from '../../support/error-of';
import { FakeAws } from '../../../tools/fake-aws';

const T0 = new Date('2027-01-04T00:00:00Z');
const TOKEN_A = '11111111-2222-4333-8444-555555555555';
const TOKEN_B = '66666666-7777-4888-8999-aaaaaaaaaaaa';

let fake: FakeAws;
let client: SecretsManagerClient;
let arn: string;
let initial: string;

beforeEach(async () => {
  fake = await FakeAws.start();
  client = new SecretsManagerClient({
    endpoint: fake.endpoint,
    region: fake.region,
    credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' },
    maxAttempts: 1,
  });
  arn = fake.secretsManager.createSecret({
    name: 'sp-api/acme',
    createdAt: T0,
    tags: { 'lwa:app': 'Acme' },
    firstVersionAt: T0,
    value: '{"clientSecret":"old"}',
  }).arn;
  initial = fake.secretsManager.currentVersion(arn)?.versionId ?? '';
});

afterEach(async () => {
  client.destroy();
  expect(fake.problems).toEqual([]);
  await fake.close();
});

function stages(): Record<string, readonly string[]> {
  return Object.fromEntries(fake.secretsManager.versionsOf(arn).map((v) => [v.versionId, v.stages]));
}

describe('FakeAws Secrets Manager: the versions of a new client secret, through the intake adapter', () => {
  it('stages AWSPENDING, promotes it (AWSPREVIOUS on the old one), clears AWSPENDING, and reads the current value', async () => {
    const versions = new SecretsManagerAppSecretVersions(client);

    expect(await versions.current(arn)).toEqual({
      versionId: initial,
      secretString: '{"clientSecret":"old"}',
    });
    const pending = await versions.putPending(arn, TOKEN_A, '{"clientSecret":"new"}');
    expect(pending).toBe(TOKEN_A);
    expect(stages()).toEqual({ [initial]: ['AWSCURRENT'], [TOKEN_A]: ['AWSPENDING'] });

    await versions.promote(arn, TOKEN_A, initial);
    expect(stages()).toEqual({ [initial]: ['AWSPREVIOUS'], [TOKEN_A]: ['AWSPENDING', 'AWSCURRENT'] });
    await versions.clearPending(arn, TOKEN_A);
    expect(stages()).toEqual({ [initial]: ['AWSPREVIOUS'], [TOKEN_A]: ['AWSCURRENT'] });
    expect(await versions.current(arn)).toEqual({
      versionId: TOKEN_A,
      secretString: '{"clientSecret":"new"}',
    });
  });

  it('treats the same token with the same value as one request, and refuses it with another value', async () => {
    const versions = new SecretsManagerAppSecretVersions(client);
    await versions.putPending(arn, TOKEN_A, '{"clientSecret":"new"}');
    expect(await versions.putPending(arn, TOKEN_A, '{"clientSecret":"new"}')).toBe(TOKEN_A);
    expect(fake.secretsManager.versionsOf(arn)).toHaveLength(2);

    const changed = await errorOf(versions.putPending(arn, TOKEN_A, '{"clientSecret":"other"}'));
    expect(changed.name).toBe('ResourceExistsException');
    expect(fake.secretsManager.versionsOf(arn).find((v) => v.versionId === TOKEN_A)?.value).toBe(
      '{"clientSecret":"new"}',
    );
  });

  it('refuses to move AWSCURRENT from a version that no longer holds it (a compare-and-swap)', async () => {
    const versions = new SecretsManagerAppSecretVersions(client);
    await versions.putPending(arn, TOKEN_A, '{"clientSecret":"a"}');
    // Someone makes another version current after the intake read `initial` as current
    const byHand = fake.secretsManager.putSecretValue(arn, T0, '{"clientSecret":"by-hand"}');

    const stale = await errorOf(versions.promote(arn, TOKEN_A, initial));

    expect(stale.name).toBe('InvalidParameterException');
    expect(stale.message).toContain(`attached to version ${byHand}`);
    expect(fake.secretsManager.currentVersion(arn)?.versionId).toBe(byHand);
  });

  it('refuses to move AWSCURRENT without naming the version that holds it', async () => {
    await new SecretsManagerAppSecretVersions(client).putPending(arn, TOKEN_A, '{"clientSecret":"a"}');
    const error = await errorOf(
      client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: arn,
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: TOKEN_A,
        }),
      ),
    );
    expect(error.name).toBe('InvalidParameterException');
    expect(error.message).toContain("RemoveFromVersionId can't be empty");
    expect(fake.secretsManager.currentVersion(arn)?.versionId).toBe(initial);
  });

  it('refuses to remove AWSCURRENT, to remove a label from a version without it, and an unknown version', async () => {
    const remove = (stage: string, from: string) =>
      errorOf(
        client.send(
          new UpdateSecretVersionStageCommand({
            SecretId: arn,
            VersionStage: stage,
            RemoveFromVersionId: from,
          }),
        ),
      );
    expect((await remove('AWSCURRENT', initial)).name).toBe('InvalidParameterException');
    expect((await remove('AWSPENDING', initial)).name).toBe('InvalidParameterException');
    const unknown = await errorOf(
      client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: arn,
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: TOKEN_B,
          RemoveFromVersionId: initial,
        }),
      ),
    );
    expect(unknown.name).toBe('ResourceNotFoundException');
    expect(stages()).toEqual({ [initial]: ['AWSCURRENT'] });
  });

  it('labels a version AWSCURRENT when PutSecretValue names no stage, moving AWSPREVIOUS along', async () => {
    await client.send(
      new PutSecretValueCommand({ SecretId: arn, ClientRequestToken: TOKEN_A, SecretString: 'a' }),
    );
    await client.send(
      new PutSecretValueCommand({ SecretId: arn, ClientRequestToken: TOKEN_B, SecretString: 'b' }),
    );
    expect(stages()).toEqual({ [initial]: [], [TOKEN_A]: ['AWSPREVIOUS'], [TOKEN_B]: ['AWSCURRENT'] });
  });

  it('refuses a token of the wrong length, a missing value and a secret scheduled for deletion', async () => {
    const put = (input: { ClientRequestToken?: string; SecretString?: string }) =>
      errorOf(
        client.send(new PutSecretValueCommand({ SecretId: arn, VersionStages: ['AWSPENDING'], ...input })),
      );
    expect((await put({ ClientRequestToken: 'short', SecretString: 'x' })).name).toBe('ValidationException');
    expect((await put({ ClientRequestToken: TOKEN_A })).name).toBe('InvalidParameterException');
    fake.secretsManager.scheduleDeletion(arn, T0);
    expect((await put({ ClientRequestToken: TOKEN_A, SecretString: 'x' })).name).toBe(
      'InvalidRequestException',
    );
    expect(fake.secretsManager.versionsOf(arn)).toHaveLength(1);
  });
});
