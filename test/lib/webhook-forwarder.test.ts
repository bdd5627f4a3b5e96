import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { WebhookForwarder } from '../../lib/webhook-forwarder';
import { WEBHOOK_FORWARDER_CONCURRENCY } from '../../lib/webhook-forwarder-config';
import { statementsOfRole } from './cdk-test-app';
import {
  logicalIdOf,
  monitorStack,
  webhookStack,
  actionsOf,
  statementWith,
} from './support/automation-stacks';

describe('WebhookForwarder: alerts to Slack, Teams and Chime, URLs only in Secrets Manager', () => {
  it('fans out within a reserved concurrency, so a burst of alerts cannot starve the monitor or flood a webhook', () => {
    // GIVEN / WHEN
    const { forwarder, template } = webhookStack();
    // THEN
    expect(
      (template.toJSON().Resources as Record<string, { Properties: Record<string, unknown> }>)[
        logicalIdOf(forwarder.forwarderFunction)
      ]?.Properties.ReservedConcurrentExecutions,
    ).toBe(WEBHOOK_FORWARDER_CONCURRENCY);
    expect(WEBHOOK_FORWARDER_CONCURRENCY).toBe(2);
  });

  it('subscribes to the alert topic with a dead-letter queue, also used by the function', () => {
    const { forwarder, template, monitor } = webhookStack();
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: logicalIdOf(monitor.topic) },
      Endpoint: { 'Fn::GetAtt': [logicalIdOf(forwarder.forwarderFunction), 'Arn'] },
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [logicalIdOf(forwarder.deadLetterQueue), 'Arn'] },
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [logicalIdOf(forwarder.deadLetterQueue), 'Arn'] } },
      Timeout: 90,
    });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'sqs:SendMessage',
            Principal: { Service: 'sns.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': { Ref: logicalIdOf(monitor.topic) } } },
          }),
        ]),
      },
    });
  });

  it('creates an empty webhook secret by default and passes only its ARN', () => {
    const { forwarder, template } = webhookStack();
    const secretRef = { Ref: logicalIdOf(forwarder.webhookSecret) };
    template.hasResourceProperties('AWS::SecretsManager::Secret', { SecretString: '{}' });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          WEBHOOK_SECRET_ID: secretRef,
          WEBHOOK_CACHE_SECONDS: '300',
          WEBHOOK_MAX_ATTEMPTS: '4',
          LEDGER_TABLE_NAME: Match.absent(),
        }),
      },
    });
  });

  it('may read the webhook secret and nothing else', () => {
    // GIVEN an existing secret, imported by complete ARN, and the ledger for receipts
    const base = monitorStack();
    const arn = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:lwa-webhooks-AbCdEf';
    const secret = secretsmanager.Secret.fromSecretCompleteArn(base.stack, 'Existing', arn);
    const forwarder = new WebhookForwarder(base.stack, 'Webhooks', {
      ...base.shared,
      webhookSecret: secret,
      ledgerTable: base.monitor.ledgerTable,
    });
    const template = Template.fromStack(base.stack);
    const statements = statementsOfRole(template, logicalIdOf(forwarder.role));

    // THEN the complete action set, GetSecretValue on that ARN only, receipts under webhook#
    expect(actionsOf(statements)).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'secretsmanager:GetSecretValue',
      'sqs:SendMessage',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
    expect(statementWith(statements, 'secretsmanager:GetSecretValue').Resource).toBe(arn);
    expect(statementWith(statements, 'dynamodb:PutItem').Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['webhook#*'] },
    });
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ WEBHOOK_SECRET_ID: arn }) },
    });
  });

  it('may decrypt a secret encrypted with a customer key, through Secrets Manager only', () => {
    const base = monitorStack();
    const key = new kms.Key(base.stack, 'WebhookKey', { enableKeyRotation: true });
    const secret = new secretsmanager.Secret(base.stack, 'Hooks', { encryptionKey: key });
    const forwarder = new WebhookForwarder(base.stack, 'Webhooks', { ...base.shared, webhookSecret: secret });
    const statements = statementsOfRole(Template.fromStack(base.stack), logicalIdOf(forwarder.role));
    expect(statementWith(statements, 'kms:Decrypt')).toMatchObject({
      Resource: { 'Fn::GetAtt': [logicalIdOf(key), 'Arn'] },
      Condition: { StringEquals: { 'kms:ViaService': expect.anything() } },
    });
  });

  it('refuses a secret known only by name: the role must name exactly one secret', () => {
    const base = monitorStack();
    const byName = secretsmanager.Secret.fromSecretNameV2(base.stack, 'ByName', 'lwa-webhooks');
    expect(
      () => new WebhookForwarder(base.stack, 'Webhooks', { ...base.shared, webhookSecret: byName }),
    ).toThrow(/"webhookSecret": "lwa-webhooks" is not valid; expected a secret known by its complete ARN/);
  });

  it('alarms on function errors, delivery failures, configuration problems and the dead-letter queue', () => {
    const { forwarder, template, monitor } = webhookStack({ logRetention: logs.RetentionDays.THREE_MONTHS });
    const operators = [{ Ref: logicalIdOf(monitor.operatorTopic) }];
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'WebhookDeliveryFailures',
      Namespace: 'LwaExpiryMonitor',
      Dimensions: [{ Name: 'service', Value: 'lwa-expiry-monitor' }],
      AlarmActions: operators,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'WebhookConfigProblems',
      AlarmActions: operators,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(forwarder.deadLetterQueue), 'QueueName'] } },
      ],
      AlarmActions: operators,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalIdOf(forwarder.forwarderFunction) } }],
      AlarmActions: operators,
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  it('never puts a webhook URL in the template', () => {
    const base = monitorStack();
    const secret = new secretsmanager.Secret(base.stack, 'Hooks');
    new WebhookForwarder(base.stack, 'Webhooks', { ...base.shared, webhookSecret: secret });
    expect(JSON.stringify(Template.fromStack(base.stack).toJSON())).not.toMatch(
      /hooks\.slack\.com|webhook\.office\.com|hooks\.chime\.aws/,
    );
  });
});
