import { ConfigError } from '../../../contract/config-rules';
import { webhookEnvironment } from '../../../lambda/webhooks/settings';
import { WEBHOOK_ENV } from '../../../contract/environment';

describe('webhookEnvironment: the forwarder reads where the URLs are, never the URLs', () => {
  it('requires the secret id and applies the defaults', () => {
    expect(webhookEnvironment({ [WEBHOOK_ENV.secretId]: 'arn:x' })).toEqual({
      secretId: 'arn:x',
      tableName: undefined,
      cacheMs: 300_000,
      maxAttempts: 4,
    });
    expect(() => webhookEnvironment({})).toThrow(ConfigError);
  });

  it('reads the receipts table, cache and attempts', () => {
    expect(
      webhookEnvironment({
        [WEBHOOK_ENV.secretId]: 'arn:x',
        [WEBHOOK_ENV.tableName]: 'ledger',
        [WEBHOOK_ENV.cacheSeconds]: '60',
        [WEBHOOK_ENV.maxAttempts]: '2',
      }),
    ).toEqual({ secretId: 'arn:x', tableName: 'ledger', cacheMs: 60_000, maxAttempts: 2 });
    expect(() =>
      webhookEnvironment({ [WEBHOOK_ENV.secretId]: 'arn:x', [WEBHOOK_ENV.maxAttempts]: '9' }),
    ).toThrow(WEBHOOK_ENV.maxAttempts);
  });
});
