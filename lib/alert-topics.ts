import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { TEST_SEVERITY } from '../contract/severities';
import type { ResolvedMonitorConfig } from './monitor-config';
import type { OwnerCondition } from './owners-config';
import { alertSubscribers, ownerFilterConditions } from './owners-config';

/** The two topics: credential alerts for their owners, alarms about the monitor for its operators. */
export interface AlertTopics {
  readonly topicKey: kms.IKey;
  readonly topic: sns.Topic;
  readonly operatorTopic: sns.Topic;
}

/**
 * The alert and operator topics, encrypted with `topicKey` (or a new key) and TLS-only, with
 * the configured email and SMS subscriptions. Owners get no topic of their own: each
 * subscription's filter policy on the message attribute `owner` routes an app's alerts to its
 * owner's recipients (and, unless `defaultRecipientsGet` is `unowned`, to the default ones).
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
  const emails = alertSubscribers(
    config.alertEmails,
    config.owners.map((o) => ({ owner: o.name, endpoints: o.emails })),
    config.defaultRecipientsGet,
    // SNS sends one address the same mail however it is spelt.
    (email) => email.toLowerCase(),
  );
  for (const { endpoint, condition } of emails) {
    const owner = ownerFilter(condition);
    topic.addSubscription(
      new subscriptions.EmailSubscription(endpoint, owner ? { filterPolicy: { owner } } : {}),
    );
  }
  const phones = alertSubscribers(
    config.alertPhoneNumbers,
    config.owners.map((o) => ({ owner: o.name, endpoints: o.phones })),
    config.defaultRecipientsGet,
  );
  for (const { endpoint, condition } of phones) {
    const owner = ownerFilter(condition);
    topic.addSubscription(
      new subscriptions.SmsSubscription(endpoint, {
        filterPolicy: {
          // The test alert proves the SMS path too, whatever severities are chosen.
          severity: sns.SubscriptionFilter.stringFilter({
            allowlist: [...config.smsSeverities, TEST_SEVERITY],
          }),
          ...(owner ? { owner } : {}),
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

/** The `owner` filter of one subscriber: none when it gets every alert. */
function ownerFilter(condition: OwnerCondition): sns.SubscriptionFilter | undefined {
  const conditions = ownerFilterConditions(condition);
  return conditions === undefined ? undefined : new sns.SubscriptionFilter(conditions);
}
