import type { CfnElement } from 'aws-cdk-lib';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { LwaExpiryMonitor } from '../../lib/lwa-expiry-monitor';
import type { AutoRotationProps, LiveCheckProps, WebhookForwarderProps } from '../../lib/sp-api-automation';
import {
  AutoRotation,
  LiveCheck,
  WEBHOOK_FORWARDER_CONCURRENCY,
  WebhookForwarder,
} from '../../lib/sp-api-automation';
import type { IamStatement } from './cdk-test-app';
import { actionPatternGrants, asList, newTestApp, statementsOfRole } from './cdk-test-app';

function logicalIdOf(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}

/** A stack with the real monitor, whose topics and ledger the automation constructs use. */
function monitorStack() {
  const app = newTestApp();
  const stack = new Stack(app, 'TestStack');
  const monitor = new LwaExpiryMonitor(stack, 'Monitor', { alertEmails: ['ops@example.com'] });
  const shared = { alertTopic: monitor.topic, operatorTopic: monitor.operatorTopic };
  return { app, stack, monitor, shared, scheduled: { ...shared, ledgerTable: monitor.ledgerTable } };
}

function rotationStack(props: Partial<AutoRotationProps> = {}) {
  const base = monitorStack();
  const rotation = new AutoRotation(base.stack, 'AutoRotation', { ...base.scheduled, ...props });
  return { ...base, rotation, template: Template.fromStack(base.stack) };
}

function liveCheckStack(props: Partial<LiveCheckProps> = {}) {
  const base = monitorStack();
  const liveCheck = new LiveCheck(base.stack, 'LiveCheck', { ...base.scheduled, ...props });
  return { ...base, liveCheck, template: Template.fromStack(base.stack) };
}

function webhookStack(props: Partial<WebhookForwarderProps> = {}) {
  const base = monitorStack();
  const forwarder = new WebhookForwarder(base.stack, 'Webhooks', { ...base.shared, ...props });
  return { ...base, forwarder, template: Template.fromStack(base.stack) };
}

/** Every (action, statement) pair a role's policies grant. */
function grants(statements: IamStatement[]): { action: string; statement: IamStatement }[] {
  return statements.flatMap((statement) => asList(statement.Action).map((action) => ({ action, statement })));
}

function actionsOf(statements: IamStatement[]): string[] {
  return [...new Set(grants(statements).map((g) => g.action))].sort();
}

function statementWith(statements: IamStatement[], action: string): IamStatement {
  const found = statements.find((s) => asList(s.Action).includes(action));
  if (!found) throw new Error(`no statement grants ${action}`);
  return found;
}

const APP_SECRETS_ARN = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':secretsmanager:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      ':secret:*',
    ],
  ],
};

describe('AutoRotation: a scheduled, least-privilege rotation function', () => {
  it('runs daily by default, with delivery retries and a dead-letter queue', () => {
    // GIVEN the construct with default props
    const { rotation, template } = rotationStack();

    // THEN the rule fires rate(1 day) at the function, and undeliverable events are kept
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 day)',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalIdOf(rotation.rotationFunction), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalIdOf(rotation.scheduleDeadLetterQueue), 'Arn'] } },
        }),
      ],
    });
  });

  it('builds the function like the monitor: Node 24, arm64, traced, source maps, own log group', () => {
    const { rotation, template, monitor } = rotationStack();
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: Match.absent(),
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 900,
      TracingConfig: { Mode: 'Active' },
      Role: { 'Fn::GetAtt': [logicalIdOf(rotation.role), 'Arn'] },
      LoggingConfig: { LogGroup: { Ref: logicalIdOf(rotation.logGroup) } },
      Environment: {
        Variables: {
          ALERT_TOPIC_ARN: { Ref: logicalIdOf(monitor.topic) },
          LEDGER_TABLE_NAME: { Ref: logicalIdOf(monitor.ledgerTable) },
          APP_TAG_KEY: 'lwa:app',
          OPT_IN_TAG_KEY: 'lwa:auto-rotate',
          AUTOMATION_SCOPE: 'tagged',
          WINDOW_DAYS: '180',
          ROTATE_DAYS_BEFORE: '14',
          MAX_ROTATIONS_PER_RUN: '10',
          SP_API_ENDPOINT: 'https://sellingpartnerapi-na.amazon.com',
          CREDENTIAL_FIELDS:
            '{"clientId":"clientId","clientSecret":"clientSecret","refreshToken":"refreshToken"}',
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: 'lwa-expiry-monitor',
          POWERTOOLS_METRICS_NAMESPACE: 'LwaExpiryMonitor',
        },
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalIdOf(rotation.rotationFunction) },
      MaximumRetryAttempts: 2,
    });
  });

  it('grants exactly what rotation needs: opted-in secret values, its own ledger items, publish', () => {
    // GIVEN the construct with default props
    const { rotation, template } = rotationStack();
    const statements = statementsOfRole(template, logicalIdOf(rotation.role));

    // THEN the complete action set is this one
    expect(actionsOf(statements)).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'kms:Decrypt',
      'kms:GenerateDataKey*',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'secretsmanager:GetSecretValue',
      'secretsmanager:ListSecretVersionIds',
      'secretsmanager:ListSecrets',
      'sns:Publish',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
    // AND secret values only of secrets tagged with the app tag and opted in
    expect(statementWith(statements, 'secretsmanager:GetSecretValue')).toMatchObject({
      Resource: APP_SECRETS_ARN,
      Condition: {
        Null: { 'aws:ResourceTag/lwa:app': 'false', 'aws:ResourceTag/lwa:client-id': 'false' },
        StringEqualsIgnoreCase: { 'aws:ResourceTag/lwa:auto-rotate': 'true' },
      },
    });
    expect(statementWith(statements, 'secretsmanager:ListSecretVersionIds').Condition).toEqual({
      Null: { 'aws:ResourceTag/lwa:app': 'false' },
    });
    // AND only ledger items whose key starts with rotation#
    expect(statementWith(statements, 'dynamodb:PutItem').Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['rotation#*'] },
    });
    // AND nothing that writes a secret
    expect(
      grants(statements).some((g) => actionPatternGrants(g.action, 'secretsmanager:PutSecretValue')),
    ).toBe(false);
  });

  it('with scope "all" reads every app secret, still only app secrets', () => {
    const { rotation, template } = rotationStack({ scope: 'all' });
    const statement = statementWith(
      statementsOfRole(template, logicalIdOf(rotation.role)),
      'secretsmanager:GetSecretValue',
    );
    expect(statement.Condition).toEqual({
      Null: { 'aws:ResourceTag/lwa:app': 'false', 'aws:ResourceTag/lwa:client-id': 'false' },
    });
  });

  it('may decrypt with the given customer keys, through Secrets Manager only', () => {
    const base = monitorStack();
    const key = new kms.Key(base.stack, 'AppSecretsKey', { enableKeyRotation: true });
    const rotation = new AutoRotation(base.stack, 'AutoRotation', {
      ...base.scheduled,
      secretEncryptionKeys: [key],
    });
    const template = Template.fromStack(base.stack);
    const statements = statementsOfRole(template, logicalIdOf(rotation.role));
    expect(statements.find((s) => s.Sid === 'DecryptAppSecretsThroughSecretsManager')).toMatchObject({
      Action: 'kms:Decrypt',
      Resource: { 'Fn::GetAtt': [logicalIdOf(key), 'Arn'] },
      Condition: {
        StringEquals: {
          'kms:ViaService': {
            'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.amazonaws.com']],
          },
        },
      },
    });
  });

  it('passes its settings to the function', () => {
    const { template } = rotationStack({
      scheduleExpression: 'cron(0 6 * * ? *)',
      rotateDaysBefore: 21,
      spApiEndpoint: 'eu',
      maxRotationsPerRun: 3,
      scope: 'all',
      optInTagKey: 'team:rotate',
      credentialFields: { clientSecret: 'lwa_client_secret' },
      lwaTokenEndpoint: 'https://lwa.example.com/auth/o2/token',
    });
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(0 6 * * ? *)' });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          ROTATE_DAYS_BEFORE: '21',
          SP_API_ENDPOINT: 'https://sellingpartnerapi-eu.amazon.com',
          MAX_ROTATIONS_PER_RUN: '3',
          AUTOMATION_SCOPE: 'all',
          OPT_IN_TAG_KEY: 'team:rotate',
          CREDENTIAL_FIELDS:
            '{"clientId":"clientId","clientSecret":"lwa_client_secret","refreshToken":"refreshToken"}',
          LWA_TOKEN_ENDPOINT: 'https://lwa.example.com/auth/o2/token',
        }),
      },
    });
  });

  it('alarms the operators on function errors and undeliverable schedule events', () => {
    const { rotation, template, monitor } = rotationStack();
    const operators = { Ref: logicalIdOf(monitor.operatorTopic) };
    const alarms = template.findResources('AWS::CloudWatch::Alarm');
    for (const alarm of [rotation.functionErrorsAlarm, rotation.scheduleDeadLetterAlarm]) {
      expect(alarms[logicalIdOf(alarm)]?.Properties).toMatchObject({
        AlarmActions: [operators],
        OKActions: [operators],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalIdOf(rotation.rotationFunction) } }],
    });
  });

  it.each<[string, Partial<AutoRotationProps>, RegExp]>([
    [
      'rotateDaysBefore 0',
      { rotateDaysBefore: 0 },
      /"rotateDaysBefore": 0 is not valid; expected a whole number of days from 1 to 179/,
    ],
    ['rotateDaysBefore beyond the window', { windowDays: 90, rotateDaysBefore: 90 }, /from 1 to 89/],
    [
      'an unknown region',
      { spApiEndpoint: 'us' },
      /"spApiEndpoint": "us" is not valid; expected na, eu, fe, or an https:\/\/ URL/,
    ],
    ['a plain-http endpoint', { spApiEndpoint: 'http://127.0.0.1:9000' }, /"spApiEndpoint"/],
    [
      'a schedule under an hour',
      { scheduleExpression: 'rate(30 minutes)' },
      /"scheduleExpression": "rate\(30 minutes\)" is not valid; expected a schedule of one hour or longer/,
    ],
    ['a malformed schedule', { scheduleExpression: 'daily' }, /"scheduleExpression"/],
    [
      'too many rotations per run',
      { maxRotationsPerRun: 15 },
      /"maxRotationsPerRun": 15 is not valid; expected a whole number of rotations from 1 to 14/,
    ],
    [
      'an unknown scope',
      { scope: 'some' as never },
      /"scope": "some" is not valid; expected one of tagged, all/,
    ],
    [
      'the app tag as opt-in tag',
      { optInTagKey: 'lwa:app' },
      /"optInTagKey": "lwa:app" is not valid; expected a tag key other than appTagKey/,
    ],
    [
      'an http token endpoint',
      { lwaTokenEndpoint: 'http://api.amazon.com/auth/o2/token' },
      /"lwaTokenEndpoint"/,
    ],
    [
      'duplicate credential fields',
      { credentialFields: { clientId: 'x', clientSecret: 'x' } },
      /three different fields/,
    ],
  ])('rejects %s with an exact message', (_label, props, message) => {
    const base = monitorStack();
    expect(() => new AutoRotation(base.stack, 'AutoRotation', { ...base.scheduled, ...props })).toThrow(
      message,
    );
  });
});

describe('LiveCheck: a scheduled check with read-only access to opted-in secrets', () => {
  it('runs daily by default and passes its settings', () => {
    const { liveCheck, template } = liveCheckStack();
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 day)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalIdOf(liveCheck.checkFunction), 'Arn'] } })],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 300,
      Environment: {
        Variables: Match.objectLike({
          OPT_IN_TAG_KEY: 'lwa:live-check',
          REALERT_HOURS: '24',
          AUTOMATION_SCOPE: 'tagged',
          SP_API_ENDPOINT: 'https://sellingpartnerapi-na.amazon.com',
        }),
      },
    });
  });

  it('grants reads and its own ledger items only', () => {
    const { liveCheck, template } = liveCheckStack({ realertInterval: Duration.hours(6) });
    const statements = statementsOfRole(template, logicalIdOf(liveCheck.role));
    expect(actionsOf(statements)).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'kms:Decrypt',
      'kms:GenerateDataKey*',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'secretsmanager:GetSecretValue',
      'secretsmanager:ListSecretVersionIds',
      'secretsmanager:ListSecrets',
      'sns:Publish',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
    expect(statementWith(statements, 'secretsmanager:GetSecretValue').Condition).toEqual({
      Null: { 'aws:ResourceTag/lwa:app': 'false', 'aws:ResourceTag/lwa:client-id': 'false' },
      StringEqualsIgnoreCase: { 'aws:ResourceTag/lwa:live-check': 'true' },
    });
    expect(statementWith(statements, 'dynamodb:GetItem').Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['livecheck#*'] },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ REALERT_HOURS: '6' }) },
    });
  });

  it('passes the SP-API endpoint of its call, a region or an https URL', () => {
    liveCheckStack({ spApiEndpoint: 'eu' }).template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ SP_API_ENDPOINT: 'https://sellingpartnerapi-eu.amazon.com' }),
      },
    });
    liveCheckStack({ spApiEndpoint: 'https://proxy.example.com' }).template.hasResourceProperties(
      'AWS::Lambda::Function',
      { Environment: { Variables: Match.objectLike({ SP_API_ENDPOINT: 'https://proxy.example.com' }) } },
    );
  });

  it.each<[string, Partial<LiveCheckProps>, RegExp]>([
    [
      'a re-alert interval under an hour',
      { realertInterval: Duration.minutes(30) },
      /"realertInterval": 0.5 is not valid/,
    ],
    [
      'a schedule under ten minutes',
      { scheduleExpression: 'rate(5 minutes)' },
      /expected a schedule of ten minutes or longer/,
    ],
    ['an unknown SP-API region', { spApiEndpoint: 'us' }, /"spApiEndpoint": "us" is not valid/],
    ['a plain-http SP-API endpoint', { spApiEndpoint: 'http://127.0.0.1:9000' }, /"spApiEndpoint"/],
  ])('rejects %s', (_label, props, message) => {
    const base = monitorStack();
    expect(() => new LiveCheck(base.stack, 'LiveCheck', { ...base.scheduled, ...props })).toThrow(message);
  });
});

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

describe('Opt-in: nothing exists unless its construct is created', () => {
  function counts(template: Template) {
    return {
      functions: Object.keys(template.findResources('AWS::Lambda::Function')).length,
      rules: Object.keys(template.findResources('AWS::Events::Rule')).length,
      lambdaSubscriptions: Object.keys(
        template.findResources('AWS::SNS::Subscription', { Properties: { Protocol: 'lambda' } }),
      ).length,
      secrets: Object.keys(template.findResources('AWS::SecretsManager::Secret')).length,
    };
  }

  it('each construct adds only its own function, schedule or subscription', () => {
    // GIVEN the monitor alone, and the monitor with each construct in turn
    const baseline = counts(Template.fromStack(monitorStack().stack));
    const withRotation = counts(rotationStack().template);
    const withLiveCheck = counts(liveCheckStack().template);
    const withWebhooks = counts(webhookStack().template);

    // THEN each adds exactly what it is made of
    expect(withRotation).toEqual({
      ...baseline,
      functions: baseline.functions + 1,
      rules: baseline.rules + 1,
    });
    expect(withLiveCheck).toEqual({
      ...baseline,
      functions: baseline.functions + 1,
      rules: baseline.rules + 1,
    });
    expect(withWebhooks).toEqual({
      ...baseline,
      functions: baseline.functions + 1,
      lambdaSubscriptions: baseline.lambdaSubscriptions + 1,
      secrets: baseline.secrets + 1,
    });
  });
});

describe('sp-api automation: passes the AWS Solutions cdk-nag checks', () => {
  function fullStack() {
    const base = monitorStack();
    new AutoRotation(base.stack, 'AutoRotation', base.scheduled);
    new LiveCheck(base.stack, 'LiveCheck', base.scheduled);
    new WebhookForwarder(base.stack, 'Webhooks', { ...base.shared, ledgerTable: base.monitor.ledgerTable });
    return base;
  }

  it('synthesizes with zero unacknowledged findings', () => {
    const { app } = fullStack();
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.violations).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('acknowledges exactly the findings of its constructs, each with a reason', () => {
    // GIVEN the constructs, and a pack that ignores every acknowledgement
    const { app, stack } = fullStack();
    const checks = new AwsSolutionsChecks(app);
    // Test-only: cdk-nag has no public switch to list acknowledged findings.
    Object.defineProperty(checks, 'isAcknowledged', { value: () => false });
    const ours = ['AutoRotation', 'LiveCheck', 'Webhooks'].map((id) => `${stack.stackName}/${id}/`);
    const isOurs = (path: string) => ours.some((prefix) => path.startsWith(prefix));

    // WHEN the pack validates the tree
    const raw = checks
      .validateScope(app)
      .violations.flatMap((v) =>
        (v as unknown as { violatingResources: { constructPath: string }[] }).violatingResources
          .filter((r) => isOurs(r.constructPath))
          .map(() => v.ruleName),
      );

    // THEN every raw finding of ours is acknowledged in our constructs, and no acknowledgement is stale
    const acknowledged = stack.node
      .findAll()
      .filter((construct) => isOurs(`${construct.node.path}/`))
      .flatMap((construct) => construct.node.metadata)
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([id, reason]) => {
        expect(reason.length).toBeGreaterThan(40);
        return id.replace(/^annotation::/i, '');
      });
    expect([...new Set(raw)].sort()).toEqual([...new Set(acknowledged)].sort());
  });
});
