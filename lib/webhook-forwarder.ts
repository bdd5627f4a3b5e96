import * as path from 'node:path';
import { Duration, SecretValue, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { WEBHOOK_ENV } from '../contract/environment';
import { WEBHOOK_KEY_PREFIX } from '../contract/ledger-keys';
import { WEBHOOK_METRIC } from '../contract/telemetry';
import { alarmAtLeastOne, deadLetterMessages, functionErrorsAlarm, serviceMetric } from './alarms';
import { grantSecretKeys } from './app-secret-access';
import type { ProductFunction } from './function-defaults';
import { productFunction } from './function-defaults';
import { grantAutomationLedgerItems } from './ledger-access';
import type { ResolvedWebhookConfig, WebhookForwarderProps } from './webhook-forwarder-config';
import { WEBHOOK_FORWARDER_CONCURRENCY, resolveWebhookConfig } from './webhook-forwarder-config';

/**
 * The webhook channel: a function subscribed to the alert topic that posts every alert to the
 * Slack, Microsoft Teams and Amazon Chime incoming webhooks listed in a Secrets Manager secret.
 * It sees exactly what SNS delivers to email, so the alert semantics are the same. Failed posts
 * are retried with backoff, counted and alarmed; an invocation that still fails is retried by
 * Lambda and then kept in a dead-letter queue, as are alerts SNS could not hand to Lambda.
 */
export class WebhookForwarder extends Construct {
  readonly config: ResolvedWebhookConfig;
  /** The secret holding the webhook URLs (the one given, or the one created). */
  readonly webhookSecret: secretsmanager.ISecret;
  readonly forwarderFunction: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** Alerts neither SNS nor Lambda could deliver to the forwarder (subscription and function DLQ). */
  readonly deadLetterQueue: sqs.Queue;
  readonly subscription: subscriptions.LambdaSubscription;
  readonly functionErrorsAlarm: cloudwatch.Alarm;
  readonly deliveryFailuresAlarm: cloudwatch.Alarm;
  readonly configProblemsAlarm: cloudwatch.Alarm;
  readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: WebhookForwarderProps) {
    super(scope, id);
    this.config = resolveWebhookConfig(props);
    this.webhookSecret = props.webhookSecret ?? this.createWebhookSecret();
    const secretArn = this.webhookSecret.secretFullArn ?? this.webhookSecret.secretArn;
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const made = this.createForwarder(props, secretArn);
    this.forwarderFunction = made.fn;
    this.role = made.role;
    this.logGroup = made.logGroup;
    this.grantForwarderAccess(props, secretArn);

    this.subscription = new subscriptions.LambdaSubscription(this.forwarderFunction, {
      // Alerts SNS cannot hand to Lambda (throttling, permissions) are kept, not dropped.
      deadLetterQueue: this.deadLetterQueue,
    });
    props.alertTopic.addSubscription(this.subscription);

    const period = Duration.minutes(5);
    this.functionErrorsAlarm = functionErrorsAlarm(
      this,
      this.forwarderFunction,
      'The webhook forwarder failed: an alert did not reach every webhook (Lambda retries twice, then keeps it in the dead-letter queue). See its logs for channel and host.',
      props.operatorTopic,
      period,
    );
    this.deliveryFailuresAlarm = alarmAtLeastOne(
      this,
      'DeliveryFailuresAlarm',
      serviceMetric(WEBHOOK_METRIC.failures, cloudwatch.Stats.SUM, period),
      'Alert posts to a webhook failed after retries. Check the webhook URL in the webhook secret and the service status; the logs name channel and host.',
      props.operatorTopic,
    );
    this.configProblemsAlarm = alarmAtLeastOne(
      this,
      'ConfigProblemsAlarm',
      serviceMetric(WEBHOOK_METRIC.configProblems, cloudwatch.Stats.SUM, period),
      'The webhook secret is unreadable, not JSON, or lists entries that were ignored (unknown channel, not https). See the forwarder logs.',
      props.operatorTopic,
    );
    this.deadLetterAlarm = alarmAtLeastOne(
      this,
      'DeadLetterAlarm',
      deadLetterMessages(this.deadLetterQueue),
      'Alerts could not be forwarded to the webhooks and are kept in the dead-letter queue. Fix the cause, then inspect and purge the queue.',
      props.operatorTopic,
    );
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only the X-Ray PutTraceSegments/PutTelemetryRecords actions of active tracing use "*"; they accept no resource ARN.',
    });
  }

  /** A secret holding `{}`, for the URLs to be put in after deployment. */
  private createWebhookSecret(): secretsmanager.Secret {
    const secret = new secretsmanager.Secret(this, 'WebhookSecret', {
      description:
        'lwa-expiry-monitor webhook URLs, JSON: {"slack":[...],"teams":[...],"teamsWorkflows":[...],"chime":[...]}',
      // Not a credential: an empty configuration, replaced after deployment by the real URLs.
      secretStringValue: SecretValue.unsafePlainText('{}'),
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Incoming-webhook URLs are issued by Slack, Teams and Chime; Secrets Manager cannot rotate them. They are replaced by hand when the service issues new ones.',
    });
    return secret;
  }

  private createForwarder(props: WebhookForwarderProps, secretArn: string): ProductFunction {
    const environment: Record<string, string> = {
      // The secret's ARN only: the URLs never appear in the environment or the template.
      [WEBHOOK_ENV.secretId]: secretArn,
      [WEBHOOK_ENV.cacheSeconds]: String(this.config.cacheSeconds),
      [WEBHOOK_ENV.maxAttempts]: String(this.config.maxAttempts),
    };
    if (props.ledgerTable) environment[WEBHOOK_ENV.tableName] = props.ledgerTable.tableName;
    return productFunction(this, {
      id: 'Forwarder',
      entry: path.join('webhooks', 'index.ts'),
      description: 'lwa-expiry-monitor: forwards alerts to Slack, Teams and Chime webhooks',
      timeout: Duration.seconds(90),
      environment,
      logRetention: props.logRetention,
      roleDescription: 'lwa-expiry-monitor webhook forwarder: reads the webhook secret only',
      // Lambda retries a failed invocation twice, then parks the event in the dead-letter queue.
      retryAttempts: 2,
      deadLetterQueue: this.deadLetterQueue,
      // It fans out: a burst of alerts must neither starve the monitor of account concurrency nor
      // flood a webhook. Throttled SNS deliveries are retried by SNS, so nothing is lost.
      reservedConcurrentExecutions: WEBHOOK_FORWARDER_CONCURRENCY,
    });
  }

  /** The webhook secret (and its key), and the forwarder's delivery receipts in the ledger. */
  private grantForwarderAccess(props: WebhookForwarderProps, secretArn: string): void {
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadTheWebhookSecretOnly',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [secretArn],
      }),
    );
    const key = this.webhookSecret.encryptionKey;
    grantSecretKeys(this.role, {
      sid: 'DecryptTheWebhookSecretThroughSecretsManager',
      actions: ['kms:Decrypt'],
      keys: key ? [key] : [],
    });
    if (props.ledgerTable) grantAutomationLedgerItems(this.role, props.ledgerTable, WEBHOOK_KEY_PREFIX);
  }
}
