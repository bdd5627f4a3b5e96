import { Aws, Duration, Token, Validations } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { productFunction } from './function-defaults';
import type { AppSecretStatement } from './app-secret-access';
import { grantAppSecretAccess } from './app-secret-access';
import { ledgerItemsStatement } from './ledger-access';
import { ConfigError, parseWholeNumber, validateTagKey } from '../contract/config-rules';
import {
  CLIENT_ID_TAG,
  DEFAULT_APP_TAG_KEY,
  DEFAULT_WINDOW_DAYS,
  EXPIRES_AT_TAG,
  MAX_WINDOW_DAYS,
} from '../contract/tags';
import { NOTIFICATION_KEY_PREFIX } from '../contract/ledger-keys';
import { NOTIFICATION_ENV } from '../contract/environment';
import type { CredentialFieldNames } from '../contract/credential-fields';
import { resolveCredentialFields } from '../contract/credential-fields';
import { alarmAtLeastOne, deadLetterMessages } from './alarms';
import { DEFAULT_LWA_TOKEN_ENDPOINT } from '../contract/endpoints';

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
const FUNCTION_TIMEOUT = Duration.minutes(2);
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
   * Names of the JSON fields of an app's secret that hold the client id, the client secret and
   * the (optional) refresh token. Fields not named here are kept unchanged.
   * @default - clientId, clientSecret, refreshToken
   */
  readonly credentialFields?: Partial<CredentialFieldNames>;
  /**
   * Customer-managed KMS keys that encrypt app secrets. The function gets kms:Decrypt,
   * kms:Encrypt and kms:GenerateDataKey on them, through Secrets Manager only. Each key's own
   * policy must allow the account's IAM policies (the default key policy does).
   * @default - none: app secrets use the AWS managed key aws/secretsmanager
   */
  readonly secretEncryptionKeys?: readonly kms.IKey[];
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

/** With storeNewSecrets: store a new client secret, then make it current (moving only these stages). */
const STORE_AND_PROMOTE: readonly AppSecretStatement[] = [
  {
    sid: 'StoreClientSecretOfAppSecrets',
    actions: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'],
  },
  {
    sid: 'PromoteClientSecretOfAppSecrets',
    actions: ['secretsmanager:UpdateSecretVersionStage'],
    conditions: { StringEquals: { 'secretsmanager:VersionStage': [...STAGES_THE_INTAKE_MOVES] } },
  },
];

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

/**
 * Receives Amazon's SP-API notifications about LWA client secrets (new secret, expiry date)
 * on an encrypted SQS queue, and handles them with a function of its own: it stores a new
 * secret, verifies it with LWA before it becomes current, and dates secrets with Amazon's
 * expiry time. Register the queue ARN in the Developer Console (docs/sp-api.md).
 */
export class SpApiNotificationIntake extends Construct {
  /** The queue to register in the Developer Console for both notification types. */
  readonly queue: sqs.Queue;
  /** Messages that failed 5 deliveries (a new secret that could not be stored is kept here 14 days). */
  readonly deadLetterQueue: sqs.Queue;
  /**
   * New secrets held back while storing is off, exactly as Amazon sent them, for 14 days;
   * `lwa-expiry release-held` moves them back to `queue`. Kept whether storing is on or off, so
   * that turning storing on never deletes a held secret.
   */
  readonly heldSecretsQueue: sqs.Queue;
  /** Whether the function stores and promotes new secrets (and so may read and write values). */
  readonly storeNewSecrets: boolean;
  readonly handler: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** Encrypts both queues; Amazon's account may use it to send. */
  readonly key: kms.Key;
  /** Fires when a message reaches the dead-letter queue. */
  readonly deadLetterAlarm: cloudwatch.Alarm;
  readonly appTagKey: string;
  readonly credentialFields: CredentialFieldNames;

  constructor(scope: Construct, id: string, props: SpApiNotificationIntakeProps) {
    super(scope, id);
    this.appTagKey = validateTagKey('appTagKey', props.appTagKey ?? DEFAULT_APP_TAG_KEY);
    this.credentialFields = resolveCredentialFields('credentialFields', props.credentialFields ?? {});
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
    this.storeNewSecrets = props.storeNewSecrets ?? false;

    this.key = new kms.Key(this, 'QueueKey', {
      description: 'lwa-expiry-monitor: SP-API notification queues',
      enableKeyRotation: true,
    });
    // Amazon's notification service encrypts what it sends with this key, so it must be allowed
    // to use it. The statement is the one Amazon documents for KMS-encrypted destinations.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAmazonSellingPartnerNotifications',
        principals: [new iam.AccountPrincipal(AMAZON_NOTIFICATIONS_ACCOUNT)],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
      }),
    );

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: NOTIFICATION_RETENTION,
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      // Retention counts from the first arrival, also in the dead-letter queue: the longest SQS has.
      retentionPeriod: NOTIFICATION_RETENTION,
      // AWS's guidance for Lambda event sources: at least six times the function timeout, so a
      // message is not delivered again while an invocation still works on it.
      visibilityTimeout: Duration.seconds(FUNCTION_TIMEOUT.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: NOTIFICATION_MAX_RECEIVE_COUNT },
    });
    this.queue.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAmazonSellingPartnerNotifications',
        principals: [new iam.AccountPrincipal(AMAZON_NOTIFICATIONS_ACCOUNT)],
        actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes'],
        resources: [this.queue.queueArn],
      }),
    );
    // Only Amazon's notification account sends here. Principals of this account keep what their
    // own IAM policies grant, which the dead-letter redrive (StartMessageMoveTask sends with the
    // caller's permissions) and release-held need; every other account is refused outright.
    this.queue.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'RefuseOtherSenders',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['sqs:SendMessage'],
        resources: [this.queue.queueArn],
        conditions: {
          StringNotEquals: { 'aws:PrincipalAccount': [AMAZON_NOTIFICATIONS_ACCOUNT, Aws.ACCOUNT_ID] },
        },
      }),
    );
    this.heldSecretsQueue = new sqs.Queue(this, 'HeldSecretsQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      // Longer than the 7 days the replaced secret keeps working.
      retentionPeriod: NOTIFICATION_RETENTION,
    });
    this.heldSecretsQueue.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'RefuseOtherAccounts',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['sqs:*'],
        resources: [this.heldSecretsQueue.queueArn],
        conditions: { StringNotEquals: { 'aws:PrincipalAccount': Aws.ACCOUNT_ID } },
      }),
    );

    const handler = productFunction(this, {
      id: 'Handler',
      functionId: 'Handler',
      entry: 'notifications/index.ts',
      description: 'lwa-expiry-monitor: handles SP-API notifications about LWA client secrets',
      timeout: FUNCTION_TIMEOUT,
      environment: {
        [NOTIFICATION_ENV.topicArn]: props.alertTopic.topicArn,
        [NOTIFICATION_ENV.tableName]: props.ledgerTable.tableName,
        [NOTIFICATION_ENV.tagKey]: this.appTagKey,
        [NOTIFICATION_ENV.credentialFields]: JSON.stringify(this.credentialFields),
        [NOTIFICATION_ENV.lwaTokenEndpoint]: lwaTokenEndpoint,
        // A lapsed claim must never cut a live invocation short: it outlasts the function timeout.
        [NOTIFICATION_ENV.claimLeaseSeconds]: String(FUNCTION_TIMEOUT.toSeconds() + 60),
        [NOTIFICATION_ENV.maxReceiveCount]: String(NOTIFICATION_MAX_RECEIVE_COUNT),
        [NOTIFICATION_ENV.storeNewSecrets]: String(this.storeNewSecrets),
        [NOTIFICATION_ENV.heldQueueUrl]: this.heldSecretsQueue.queueUrl,
        [NOTIFICATION_ENV.windowDays]: String(windowDays),
      },
      logRetention: props.logRetention,
      roleDescription: this.storeNewSecrets
        ? 'lwa-expiry-monitor notifications: stores and verifies new client secrets of app secrets tagged with a client id, dates them'
        : 'lwa-expiry-monitor notifications: dates app secrets from Amazon notices, holds new client secrets back (reads no secret value)',
    });
    this.logGroup = handler.logGroup;
    this.role = handler.role;
    this.handler = handler.fn;
    this.grantHandlerPermissions(props);
    this.handler.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize,
        // One bad message must not send the whole batch back: only failed ones are retried.
        reportBatchItemFailures: true,
        // Notifications are rare; two concurrent invocations at most keep secret writes calm.
        maxConcurrency: 2,
      }),
    );

    this.deadLetterAlarm = alarmAtLeastOne(
      this,
      'DeadLetterAlarm',
      deadLetterMessages(this.deadLetterQueue),
      'An SP-API notification could not be processed and is in the dead-letter queue (kept 14 days from arrival). It may hold a new LWA client secret: read the credential alert and the handler logs, fix the cause, then redrive the dead-letter queue to the notification queue. See docs/sp-api.md.',
      props.operatorTopic,
    );

    this.acknowledgeReviewedFindings(props.alertTopic.masterKey !== undefined);
    Validations.of(this.heldSecretsQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'Nothing consumes this queue automatically: it keeps held notifications until a person releases them (lwa-expiry release-held) or they expire; a dead-letter queue would have nothing to catch.',
    });
  }

  private grantHandlerPermissions(props: SpApiNotificationIntakeProps): void {
    const role = this.role;
    // An app secret a notification can be about: it carries the app tag and the client id tag.
    grantAppSecretAccess(role, {
      appTagKey: this.appTagKey,
      listSid: 'FindAppSecretByClientId',
      statements: [
        {
          sid: 'DateAppSecrets',
          actions: ['secretsmanager:TagResource'],
          // The expiry tag only: the function cannot rename an app or untag a secret out of scope.
          conditions: { 'ForAllValues:StringEquals': { 'aws:TagKeys': [EXPIRES_AT_TAG] } },
        },
        ...(this.storeNewSecrets ? STORE_AND_PROMOTE : []),
      ],
      keys: {
        sid: 'AppSecretKeysThroughSecretsManager',
        actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
        keys: this.storeNewSecrets ? (props.secretEncryptionKeys ?? []) : [],
      },
    });
    if (!this.storeNewSecrets) this.grantHoldNewSecrets();
    role.addToPolicy(
      ledgerItemsStatement(
        'NotificationClaimsAndClientRecords',
        ['dynamodb:UpdateItem', 'dynamodb:GetItem'],
        props.ledgerTable,
        // Its own items only: the monitor's entries (keyed by secret ARN) stay out of reach.
        [`${NOTIFICATION_KEY_PREFIX}*`],
      ),
    );
    props.alertTopic.grantPublish(role);
  }

  /**
   * Holding a new secret back is the one thing it sends anywhere: to this stack's own queue,
   * encrypted with the queues' key (SQS asks KMS for a data key on the sender's behalf).
   */
  private grantHoldNewSecrets(): void {
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'HoldNewSecrets',
        actions: ['sqs:SendMessage'],
        resources: [this.heldSecretsQueue.queueArn],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'EncryptHeldNewSecrets',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [this.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `sqs.${Aws.REGION}.amazonaws.com` } },
      }),
    );
  }

  /** cdk-nag findings that are deliberate; each says why. */
  private acknowledgeReviewedFindings(encryptedTopic: boolean): void {
    const role = Validations.of(this.role);
    role.acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only actions that accept no resource ARN use "*": secretsmanager:ListSecrets (finding the secret of a client id by tag), and the X-Ray PutTraceSegments/PutTelemetryRecords of active tracing.',
    });
    role.acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:*]',
      reason: this.storeNewSecrets
        ? `GetSecretValue, PutSecretValue, UpdateSecretVersionStage (AWSCURRENT and AWSPENDING only) and TagResource (the ${EXPIRES_AT_TAG} key only) on secrets of this account and region that carry the tags ${this.appTagKey} and ${CLIENT_ID_TAG} (aws:ResourceTag conditions); which app secret a notification is about is only known at run time.`
        : `TagResource (the ${EXPIRES_AT_TAG} key only) on secrets of this account and region that carry the tags ${this.appTagKey} and ${CLIENT_ID_TAG} (aws:ResourceTag conditions); which app secret a notification is about is only known at run time.`,
    });
    if (encryptedTopic) {
      role.acknowledge({
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason:
          'Publishing to a KMS-encrypted SNS topic needs the GenerateDataKey family on the topic key; the statement is scoped to that one key.',
      });
    }
  }
}
