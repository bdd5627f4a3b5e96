import { WEBHOOK_ENV } from '../../contract/environment';
import { parseWholeNumber } from '../../contract/config-rules';
import { required } from '../domain/env-values';

export interface WebhookEnvironment {
  readonly secretId: string;
  readonly tableName?: string;
  readonly cacheMs: number;
  readonly maxAttempts: number;
}

export function webhookEnvironment(env: NodeJS.ProcessEnv): WebhookEnvironment {
  const table = env[WEBHOOK_ENV.tableName]?.trim();
  return {
    secretId: required(env, WEBHOOK_ENV.secretId),
    tableName: table === undefined || table === '' ? undefined : table,
    cacheMs:
      1000 *
      parseWholeNumber(WEBHOOK_ENV.cacheSeconds, env[WEBHOOK_ENV.cacheSeconds] ?? '300', 0, 3600, 'seconds'),
    maxAttempts: parseWholeNumber(
      WEBHOOK_ENV.maxAttempts,
      env[WEBHOOK_ENV.maxAttempts] ?? '4',
      1,
      8,
      'attempts',
    ),
  };
}
