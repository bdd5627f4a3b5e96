import { parseWholeNumber } from '../domain/config-rules';
import { required } from '../rotation/settings';

/** Environment variables of the webhook forwarder; the WebhookForwarder construct sets them. */
export const WEBHOOK_ENV = {
  /** ARN (or name) of the secret holding the webhook URLs; never the URLs themselves. */
  secretId: 'WEBHOOK_SECRET_ID',
  /** Ledger table for delivery receipts; unset: no receipts. */
  tableName: 'LEDGER_TABLE_NAME',
  cacheSeconds: 'WEBHOOK_CACHE_SECONDS',
  maxAttempts: 'WEBHOOK_MAX_ATTEMPTS',
} as const;

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
