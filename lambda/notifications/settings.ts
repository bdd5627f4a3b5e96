import { ConfigError, parseWholeNumber, validateTagKey } from '../domain/config-rules';
import { DEFAULT_APP_TAG_KEY, DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS } from '../domain/tag-contract';
import { CREDENTIAL_FIELDS_ENV, credentialFieldsFromEnv } from '../sp-api/credential-fields';
import type { NotificationSettings } from './process-notification';

/** Environment variables the notification handler reads; the construct sets every one of them. */
export const NOTIFICATION_ENV = {
  topicArn: 'ALERT_TOPIC_ARN',
  tableName: 'LEDGER_TABLE_NAME',
  tagKey: 'APP_TAG_KEY',
  credentialFields: CREDENTIAL_FIELDS_ENV,
  claimLeaseSeconds: 'CLAIM_LEASE_SECONDS',
  maxReceiveCount: 'MAX_RECEIVE_COUNT',
  /** Read by LwaTokenClient itself. */
  lwaTokenEndpoint: 'LWA_TOKEN_ENDPOINT',
  /** `true` to store and promote new client secrets; anything else holds them back. */
  storeNewSecrets: 'STORE_NEW_SECRETS',
  /** Queue where new secrets wait while storing is off. */
  heldQueueUrl: 'HELD_QUEUE_URL',
  windowDays: 'WINDOW_DAYS',
} as const;

export const DEFAULT_CLAIM_LEASE_SECONDS = 300;
export const DEFAULT_MAX_RECEIVE_COUNT = 5;

export interface NotificationEnvironment {
  readonly topicArn: string;
  readonly tableName: string;
  readonly heldQueueUrl?: string;
  readonly settings: NotificationSettings;
}

/** `true` or `false` exactly (any case): a typo must not silently turn storing on or off. */
function parseFlag(name: string, raw: string | undefined): boolean {
  if (raw === undefined || raw.trim() === '') return false;
  const value = raw.trim().toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ConfigError(name, raw, 'true or false');
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '')
    throw new ConfigError(name, value ?? '', 'a non-empty value');
  return value;
}

/** Reads and validates the handler's configuration at cold start; errors name the variable. */
export function notificationEnvironment(env: NodeJS.ProcessEnv): NotificationEnvironment {
  const heldQueueUrl = env[NOTIFICATION_ENV.heldQueueUrl]?.trim();
  return {
    topicArn: required(env, NOTIFICATION_ENV.topicArn),
    tableName: required(env, NOTIFICATION_ENV.tableName),
    heldQueueUrl: heldQueueUrl === '' ? undefined : heldQueueUrl,
    settings: {
      fields: credentialFieldsFromEnv(env),
      appTagKey: validateTagKey(NOTIFICATION_ENV.tagKey, env[NOTIFICATION_ENV.tagKey] ?? DEFAULT_APP_TAG_KEY),
      region: required(env, 'AWS_REGION'),
      leaseMs:
        parseWholeNumber(
          NOTIFICATION_ENV.claimLeaseSeconds,
          env[NOTIFICATION_ENV.claimLeaseSeconds] ?? String(DEFAULT_CLAIM_LEASE_SECONDS),
          1,
          43_200,
          'seconds',
        ) * 1000,
      maxReceiveCount: parseWholeNumber(
        NOTIFICATION_ENV.maxReceiveCount,
        env[NOTIFICATION_ENV.maxReceiveCount] ?? String(DEFAULT_MAX_RECEIVE_COUNT),
        1,
        1000,
        'receives',
      ),
      storeNewSecrets: parseFlag(NOTIFICATION_ENV.storeNewSecrets, env[NOTIFICATION_ENV.storeNewSecrets]),
      windowDays: parseWholeNumber(
        NOTIFICATION_ENV.windowDays,
        env[NOTIFICATION_ENV.windowDays] ?? String(DEFAULT_WINDOW_DAYS),
        1,
        MAX_WINDOW_DAYS,
        'days',
      ),
    },
  };
}
