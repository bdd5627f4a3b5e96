import { Aws, Validations } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { CredentialFieldNames } from '../contract/credential-fields';
import { NOTIFICATION_ENV } from '../contract/environment';
import { NOTIFICATION_KEY_PREFIX } from '../contract/ledger-keys';
import { CLIENT_ID_TAG, EXPIRES_AT_TAG } from '../contract/tags';
import { alarmAtLeastOne, deadLetterMessages } from './alarms';
import type { AppSecretStatement } from './app-secret-access';
import { grantAppSecretAccess } from './app-secret-access';
import type { ProductFunction } from './function-defaults';
import { productFunction } from './function-defaults';
import { ledgerItemsStatement } from './ledger-access';
import type { ResolvedIntakeConfig, SpApiNotificationIntakeProps } from './notification-intake-config';
import {
  NOTIFICATION_FUNCTION_TIMEOUT,
  NOTIFICATION_MAX_RECEIVE_COUNT,
  STAGES_THE_INTAKE_MOVES,
  resolveIntakeConfig,
} from './notification-intake-config';
import { createNotificationQueues } from './notification-queues';
import { PUBLISH_TO_ENCRYPTED_TOPIC } from './reviewed-findings';
import { ownerNamesEnvironment } from './owners-config';

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
    const config = resolveIntakeConfig(props);
    this.appTagKey = config.appTagKey;
    this.credentialFields = config.credentialFields;
    this.storeNewSecrets = config.storeNewSecrets;

    const queues = createNotificationQueues(this);
    this.key = queues.key;
    this.deadLetterQueue = queues.deadLetterQueue;
    this.queue = queues.queue;
    this.heldSecretsQueue = queues.heldSecretsQueue;

    const handler = this.createHandler(props, config);
    this.logGroup = handler.logGroup;
    this.role = handler.role;
    this.handler = handler.fn;
    this.grantHandlerPermissions(props);
    this.handler.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: config.batchSize,
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
  }

  private createHandler(props: SpApiNotificationIntakeProps, config: ResolvedIntakeConfig): ProductFunction {
    return productFunction(this, {
      id: 'Handler',
      functionId: 'Handler',
      entry: 'notifications/index.ts',
      description: 'lwa-expiry-monitor: handles SP-API notifications about LWA client secrets',
      timeout: NOTIFICATION_FUNCTION_TIMEOUT,
      environment: {
        [NOTIFICATION_ENV.topicArn]: props.alertTopic.topicArn,
        [NOTIFICATION_ENV.tableName]: props.ledgerTable.tableName,
        [NOTIFICATION_ENV.tagKey]: config.appTagKey,
        [NOTIFICATION_ENV.credentialFields]: JSON.stringify(config.credentialFields),
        [NOTIFICATION_ENV.lwaTokenEndpoint]: config.lwaTokenEndpoint,
        // A lapsed claim must never cut a live invocation short: it outlasts the function timeout.
        [NOTIFICATION_ENV.claimLeaseSeconds]: String(NOTIFICATION_FUNCTION_TIMEOUT.toSeconds() + 60),
        [NOTIFICATION_ENV.maxReceiveCount]: String(NOTIFICATION_MAX_RECEIVE_COUNT),
        [NOTIFICATION_ENV.storeNewSecrets]: String(config.storeNewSecrets),
        [NOTIFICATION_ENV.heldQueueUrl]: this.heldSecretsQueue.queueUrl,
        [NOTIFICATION_ENV.windowDays]: String(config.windowDays),
        ...ownerNamesEnvironment(props.ownerNames),
      },
      logRetention: props.logRetention,
      roleDescription: config.storeNewSecrets
        ? 'lwa-expiry-monitor notifications: stores and verifies new client secrets of app secrets tagged with a client id, dates them'
        : 'lwa-expiry-monitor notifications: dates app secrets from Amazon notices, holds new client secrets back (reads no secret value)',
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
      role.acknowledge(PUBLISH_TO_ENCRYPTED_TOPIC);
    }
  }
}
