import { Aws, Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  AMAZON_NOTIFICATIONS_ACCOUNT,
  NOTIFICATION_FUNCTION_TIMEOUT,
  NOTIFICATION_MAX_RECEIVE_COUNT,
  NOTIFICATION_RETENTION,
} from './notification-intake-config';

/** The intake's queues and the key that encrypts them. */
export interface NotificationQueues {
  /** Encrypts every queue; Amazon's account may use it to send. */
  readonly key: kms.Key;
  readonly deadLetterQueue: sqs.Queue;
  /** The queue Amazon delivers to. */
  readonly queue: sqs.Queue;
  /** New secrets held back while storing is off. */
  readonly heldSecretsQueue: sqs.Queue;
}

/** The KMS-encrypted, TLS-only queues of the intake, each with the senders it admits. */
export function createNotificationQueues(scope: Construct): NotificationQueues {
  const key = createQueueKey(scope);
  const deadLetterQueue = new sqs.Queue(scope, 'DeadLetterQueue', {
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: key,
    enforceSSL: true,
    retentionPeriod: NOTIFICATION_RETENTION,
  });
  const queue = createDeliveryQueue(scope, key, deadLetterQueue);
  return { key, deadLetterQueue, queue, heldSecretsQueue: createHeldSecretsQueue(scope, key) };
}

function createQueueKey(scope: Construct): kms.Key {
  const key = new kms.Key(scope, 'QueueKey', {
    description: 'lwa-expiry-monitor: SP-API notification queues',
    enableKeyRotation: true,
  });
  // Amazon's notification service encrypts what it sends with this key, so it must be allowed
  // to use it. The statement is the one Amazon documents for KMS-encrypted destinations.
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowAmazonSellingPartnerNotifications',
      principals: [new iam.AccountPrincipal(AMAZON_NOTIFICATIONS_ACCOUNT)],
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: ['*'],
    }),
  );
  return key;
}

function createDeliveryQueue(scope: Construct, key: kms.IKey, deadLetterQueue: sqs.IQueue): sqs.Queue {
  const queue = new sqs.Queue(scope, 'Queue', {
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: key,
    enforceSSL: true,
    // Retention counts from the first arrival, also in the dead-letter queue: the longest SQS has.
    retentionPeriod: NOTIFICATION_RETENTION,
    // AWS's guidance for Lambda event sources: at least six times the function timeout, so a
    // message is not delivered again while an invocation still works on it.
    visibilityTimeout: Duration.seconds(NOTIFICATION_FUNCTION_TIMEOUT.toSeconds() * 6),
    deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: NOTIFICATION_MAX_RECEIVE_COUNT },
  });
  queue.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowAmazonSellingPartnerNotifications',
      principals: [new iam.AccountPrincipal(AMAZON_NOTIFICATIONS_ACCOUNT)],
      actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes'],
      resources: [queue.queueArn],
    }),
  );
  // Only Amazon's notification account sends here. Principals of this account keep what their
  // own IAM policies grant, which the dead-letter redrive (StartMessageMoveTask sends with the
  // caller's permissions) and release-held need; every other account is refused outright.
  queue.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'RefuseOtherSenders',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['sqs:SendMessage'],
      resources: [queue.queueArn],
      conditions: {
        StringNotEquals: { 'aws:PrincipalAccount': [AMAZON_NOTIFICATIONS_ACCOUNT, Aws.ACCOUNT_ID] },
      },
    }),
  );
  return queue;
}

function createHeldSecretsQueue(scope: Construct, key: kms.IKey): sqs.Queue {
  const heldSecretsQueue = new sqs.Queue(scope, 'HeldSecretsQueue', {
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: key,
    enforceSSL: true,
    // Longer than the 7 days the replaced secret keeps working.
    retentionPeriod: NOTIFICATION_RETENTION,
  });
  heldSecretsQueue.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'RefuseOtherAccounts',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['sqs:*'],
      resources: [heldSecretsQueue.queueArn],
      conditions: { StringNotEquals: { 'aws:PrincipalAccount': Aws.ACCOUNT_ID } },
    }),
  );
  Validations.of(heldSecretsQueue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      'Nothing consumes this queue automatically: it keeps held notifications until a person releases them (lwa-expiry release-held) or they expire; a dead-letter queue would have nothing to catch.',
  });
  return heldSecretsQueue;
}
