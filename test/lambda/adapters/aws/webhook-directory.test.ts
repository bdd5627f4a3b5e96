import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { WebhookConfigError } from '../../../../lambda/domain/webhook-config';
import { SecretsManagerWebhookDirectory } from '../../../../lambda/adapters/aws/webhook-directory';
import { FakeClock } from '../../support/fake-clock';

const secretsManager = mockClient(SecretsManagerClient);
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:lwa-webhooks-AbCdEf';
const NOW = new Date('2026-05-27T09:00:00Z').getTime();

function directory(time: FakeClock) {
  return new SecretsManagerWebhookDirectory(
    new SecretsManagerClient({ region: 'eu-west-1' }),
    SECRET_ARN,
    300_000,
    time.clock,
  );
}

beforeEach(() => secretsManager.reset());

describe('SecretsManagerWebhookDirectory: the URLs, read once and cached for five minutes', () => {
  it('reads the secret on first use and again only after the cache expired', async () => {
    // GIVEN a secret with one Slack URL
    secretsManager.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({
      SecretString: '{"slack":["https://hooks.slack.com/services/a"]}',
    });
    const time = new FakeClock(NOW);
    const webhooks = directory(time);

    // WHEN it is asked now, 4 minutes later and 6 minutes later
    await webhooks.config();
    time.advance(240_000);
    await webhooks.config();
    time.advance(120_000);
    const latest = await webhooks.config();

    // THEN Secrets Manager was called twice
    expect(secretsManager).toHaveReceivedCommandTimes(GetSecretValueCommand, 2);
    expect(latest).toMatchObject({ stale: false, targets: [{ channel: 'slack' }] });
  });

  it('keeps using the previous copy when a refresh fails, and says so', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .resolvesOnce({
        SecretString: '{"chime":["https://hooks.chime.aws/incomingwebhooks/x?format=application/json"]}',
      })
      .rejects(new Error('ThrottlingException'));
    const time = new FakeClock(NOW);
    const webhooks = directory(time);
    await webhooks.config();
    time.advance(600_000);
    await expect(webhooks.config()).resolves.toMatchObject({ stale: true, targets: [{ channel: 'chime' }] });
  });

  it('fails without a copy, naming the error but no content', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await expect(directory(new FakeClock(NOW)).config()).rejects.toThrow(
      new WebhookConfigError('cannot read the webhook secret: AccessDeniedException'),
    );
  });
});
