import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Duration, Token } from 'aws-cdk-lib';
import { ConfigError, parseWholeNumber, validateTagKey } from '../contract/config-rules';
import type { CredentialFieldNames, CredentialFieldOverrides } from '../contract/credential-fields';
import { resolveCredentialFields } from '../contract/credential-fields';
import { DEFAULT_LWA_TOKEN_ENDPOINT } from '../contract/endpoints';
import { DEFAULT_APP_TAG_KEY, DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS } from '../contract/tags';

/** The version stages the intake moves when it stores a new secret; it may move no other. */
export const STAGES_THE_INTAKE_MOVES = ['AWSCURRENT', 'AWSPENDING'] as const;

/**
 * The AWS account from which Amazon's Selling Partner API delivers notifications to SQS. Its
 * documentation asks queue owners to let this account send, and use the queue's KMS key.
 */
export const AMAZON_NOTIFICATIONS_ACCOUNT = '437568002678';
/** Deliveries of one message before SQS moves it to the dead-letter queue. */
export const NOTIFICATION_MAX_RECEIVE_COUNT = 5;
/** SQS's longest retention: a new secret in the dead-letter queue waits this long for a redrive. */
export const NOTIFICATION_RETENTION = Duration.days(14);
/** The handler's timeout; the queue's visibility timeout and the claim lease follow from it. */
export const NOTIFICATION_FUNCTION_TIMEOUT = Duration.minutes(2);
const DEFAULT_BATCH_SIZE = 5;

export interface SpApiNotificationIntakeProps {
  /** Topic of the credential alerts (the monitor's alert topic): new secret in place, verification failed, notification problems. */
  readonly alertTopic: sns.ITopic;
  /**
   * The monitor's ledger table (partition key `pk`, TTL attribute `ttl`). Notification claims
   * live under keys starting with `notification#`, and the function may touch no other item.
   */
  readonly ledgerTable: dynamodb.ITable;
  /** Topic the dead-letter-queue alarm notifies: the operators'. */
  readonly operatorTopic: sns.ITopic;
  /**
   * Tag key that marks a secret as an SP-API app's LWA credentials. The function can read and
   * write only secrets carrying it.
   * @default 'lwa:app'
   */
  readonly appTagKey?: string;
  /**
   * The owner names alerts are routed to (the monitor's `owners`): an `lwa:owner` tag naming
   * another is reported as a tag problem.
   * @default - none
   */
  readonly ownerNames?: string[];
  /**
   * Names of the JSON fields of an app's secret that hold the client id, the client secret and
   * the (optional) refresh token. Fields not named here are kept unchanged.
   * @default - clientId, clientSecret, refreshToken
   */
  readonly credentialFields?: CredentialFieldOverrides;
  /**
   * Customer-managed KMS keys that encrypt app secrets. The function gets kms:Decrypt,
   * kms:Encrypt and kms:GenerateDataKey on them, through Secrets Manager only. Each key's own
   * policy must allow the account's IAM policies (the default key policy does).
   * @default - none: app secrets use the AWS managed key aws/secretsmanager
   */
  readonly secretEncryptionKeys?: kms.IKey[];
  /**
   * LWA token endpoint used to verify a new client secret before it becomes current.
   * @default 'https://api.amazon.com/auth/o2/token'
   */
  readonly lwaTokenEndpoint?: string;
  /**
   * Messages per invocation (1 to 10); they are handled one after the other.
   * @default 5
   */
  readonly batchSize?: number;
  /**
   * Retention of the function's logs.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Store a new client secret Amazon delivers in the app's secret, verify it with LWA and make
   * it current. This grants the function GetSecretValue, PutSecretValue and
   * UpdateSecretVersionStage (AWSCURRENT and AWSPENDING only) on secrets that carry both the app
   * tag and `lwa:client-id`. Off, the function reads and writes no secret value: a new secret is
   * held, encrypted, in the held-secrets queue for 14 days, the secret's `lwa:expires-at` moves
   * to when the stored secret stops working, and one alert says how to store it.
   * @default false
   */
  readonly storeNewSecrets?: boolean;
  /**
   * Rotation window in days, to recognise an expiry notice whose date no client secret can have.
   * @default 180
   */
  readonly windowDays?: number;
}

/** Checks the endpoint at synth: only HTTPS carries client secrets. */
export function validateLwaTokenEndpoint(key: string, raw: string): string {
  if (Token.isUnresolved(raw)) return raw;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(key, raw, 'an https:// URL such as https://api.amazon.com/auth/o2/token');
  }
  if (url.protocol !== 'https:') {
    throw new ConfigError(key, raw, 'an https:// URL: the token request carries the client secret');
  }
  return raw;
}

/** Resolved configuration of the intake, every default applied and validated. */
export interface ResolvedIntakeConfig {
  readonly appTagKey: string;
  readonly credentialFields: CredentialFieldNames;
  readonly lwaTokenEndpoint: string;
  readonly batchSize: number;
  readonly windowDays: number;
  readonly storeNewSecrets: boolean;
}

/** Applies defaults and validates props; errors name the prop, the value and the expected form. */
export function resolveIntakeConfig(props: SpApiNotificationIntakeProps): ResolvedIntakeConfig {
  const appTagKey = validateTagKey('appTagKey', props.appTagKey ?? DEFAULT_APP_TAG_KEY);
  const credentialFields = resolveCredentialFields('credentialFields', props.credentialFields ?? {});
  const lwaTokenEndpoint = validateLwaTokenEndpoint(
    'lwaTokenEndpoint',
    props.lwaTokenEndpoint ?? DEFAULT_LWA_TOKEN_ENDPOINT,
  );
  const batchSize = parseWholeNumber('batchSize', props.batchSize ?? DEFAULT_BATCH_SIZE, 1, 10, 'messages');
  const windowDays = parseWholeNumber(
    'windowDays',
    props.windowDays ?? DEFAULT_WINDOW_DAYS,
    1,
    MAX_WINDOW_DAYS,
    'days',
  );
  return {
    appTagKey,
    credentialFields,
    lwaTokenEndpoint,
    batchSize,
    windowDays,
    storeNewSecrets: props.storeNewSecrets ?? false,
  };
}
