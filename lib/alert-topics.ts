import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { TEST_SEVERITY } from '../contract/severities';
import type { ResolvedMonitorConfig } from './monitor-config';

/** The two topics: credential alerts for their owners, alarms about the monitor for its operators. */
export interface AlertTopics {
  readonly topicKey: kms.IKey;
  readonly topic: sns.Topic;
  readonly operatorTopic: sns.Topic;
}

/**
 * The alert and operator topics, encrypted with `topicKey` (or a new key) and TLS-only, with
 * the configured email and SMS subscriptions.
 */
export function createAlertTopics(
  scope: Construct,
  config: ResolvedMonitorConfig,
  topicKey: kms.IKey | undefined,
): AlertTopics {
  const key = topicKey ?? createTopicKey(scope);
  const topic = new sns.Topic(scope, 'AlertTopic', {
    displayName: 'LWA expiry', // SMS sender name: at most 10 characters
    masterKey: key,
    enforceSSL: true,
  });
  for (const email of config.alertEmails) {
    topic.addSubscription(new subscriptions.EmailSubscription(email));
  }
  for (const phone of config.alertPhoneNumbers) {
    topic.addSubscription(
      new subscriptions.SmsSubscription(phone, {
        filterPolicy: {
          // The test alert proves the SMS path too, whatever severities are chosen.
          severity: sns.SubscriptionFilter.stringFilter({
            allowlist: [...config.smsSeverities, TEST_SEVERITY],
          }),
        },
      }),
    );
  }
  return { topicKey: key, topic, operatorTopic: createOperatorTopic(scope, config, key) };
}

function createOperatorTopic(scope: Construct, config: ResolvedMonitorConfig, key: kms.IKey): sns.Topic {
  const operatorTopic = new sns.Topic(scope, 'OperatorTopic', {
    displayName: 'LWA ops',
    masterKey: key,
    enforceSSL: true,
  });
  // enforceSSL replaces the default topic policy, so CloudWatch alarms need their own grant.
  operatorTopic.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsToPublish',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [operatorTopic.topicArn],
      conditions: {
        StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        ArnLike: {
          'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*`,
        },
      },
    }),
  );
  for (const email of config.operatorEmails) {
    operatorTopic.addSubscription(new subscriptions.EmailSubscription(email));
  }
  return operatorTopic;
}

function createTopicKey(scope: Construct): kms.Key {
  const key = new kms.Key(scope, 'AlertTopicKey', {
    description: 'lwa-expiry-monitor alert topic',
    enableKeyRotation: true,
  });
  // CloudWatch alarms publish to the topic; without this grant they fail silently.
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsToPublish',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
    }),
  );
  return key;
}
