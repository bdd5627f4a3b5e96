import type { StackProps } from 'aws-cdk-lib';
import { CfnOutput, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { LwaExpiryMonitorProps } from './lwa-expiry-monitor';
import { LwaExpiryMonitor } from './lwa-expiry-monitor';

export interface LwaExpiryMonitorStackProps extends StackProps {
  readonly monitor: LwaExpiryMonitorProps;
}

/** Wiring only: one monitor, and the outputs an operator needs after `cdk deploy`. */
export class LwaExpiryMonitorStack extends Stack {
  readonly monitor: LwaExpiryMonitor;

  constructor(scope: Construct, id: string, props: LwaExpiryMonitorStackProps) {
    super(scope, id, props);
    this.monitor = new LwaExpiryMonitor(this, 'Monitor', props.monitor);
    new CfnOutput(this, 'AlertTopicArn', {
      value: this.monitor.topic.topicArn,
      description: 'SNS topic of the expiry alerts: subscribe more endpoints here',
    });
    new CfnOutput(this, 'LedgerTableName', {
      value: this.monitor.ledgerTable.tableName,
      description: 'DynamoDB alert ledger: which alert was sent for which expiry cycle',
    });
    new CfnOutput(this, 'OperatorTopicArn', {
      value: this.monitor.operatorTopic.topicArn,
      description: 'SNS topic of the alarms about the monitor itself',
    });
    new CfnOutput(this, 'DashboardUrl', {
      value: this.monitor.observability.dashboardUrl,
      description: 'CloudWatch dashboard: days left per app, alerts sent, run health, alarms',
    });
    if (this.monitor.notificationIntake) {
      new CfnOutput(this, 'NotificationQueueArn', {
        value: this.monitor.notificationIntake.queue.queueArn,
        description:
          'Register this SQS queue in the Developer Console for APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY and APPLICATION_OAUTH_CLIENT_NEW_SECRET',
      });
      new CfnOutput(this, 'NotificationQueueUrl', {
        value: this.monitor.notificationIntake.queue.queueUrl,
        description: 'The same queue by URL: lwa-expiry release-held moves held notifications back here',
      });
      new CfnOutput(this, 'HeldSecretsQueueUrl', {
        value: this.monitor.notificationIntake.heldSecretsQueue.queueUrl,
        description:
          'New client secrets held back while storeNewSecrets is off (14 days); release them with lwa-expiry release-held',
      });
      new CfnOutput(this, 'StoreNewSecrets', {
        value: String(this.monitor.notificationIntake.storeNewSecrets),
        description: 'Whether the notification intake stores and promotes new client secrets',
      });
    }
    if (this.monitor.webhookForwarder) {
      new CfnOutput(this, 'WebhookSecretArn', {
        value: this.monitor.webhookForwarder.webhookSecret.secretArn,
        description:
          'Put the webhook URLs here as JSON, e.g. {"slack":["https://hooks.slack.com/..."],"teams":[],"chime":[]}',
      });
    }
    new CfnOutput(this, 'MonitorFunctionName', {
      value: this.monitor.monitorFunction.functionName,
      description: 'Monitor function: invoke it to run a check now',
    });
  }
}
