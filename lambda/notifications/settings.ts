import { required } from '../domain/env-values';
import { ConfigError, parseOwnerNames, parseWholeNumber, validateTagKey } from '../../contract/config-rules';
import { DEFAULT_APP_TAG_KEY, DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS } from '../../contract/tags';
import { credentialFieldsFromEnv } from '../../contract/credential-fields';
import type { NotificationSettings } from './process-notification';
import { NOTIFICATION_ENV } from '../../contract/environment';

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
      ownerNames: parseOwnerNames(NOTIFICATION_ENV.ownerNames, env[NOTIFICATION_ENV.ownerNames]),
    },
  };
}
