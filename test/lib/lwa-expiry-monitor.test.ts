import { readdirSync } from 'node:fs';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import { AUTOMATION_SEVERITY } from '../../contract/severities';
import type { LwaExpiryMonitorProps } from '../../lib/lwa-expiry-monitor';
import { LwaExpiryMonitor } from '../../lib/lwa-expiry-monitor';
import { DEFAULT_SCHEDULE_EXPRESSION, resolveMonitorConfig } from '../../lib/monitor-config';
import type { IamStatement } from './cdk-test-app';
import {
  actionPatternGrants,
  allPolicyStatements,
  asList,
  DEFAULT_SMS_TAIL,
  defined,
  logicalIdOf,
  logicalIdsOfType,
  monitorInStack,
  newTestApp,
  statementsOfRole,
} from './cdk-test-app';

// The first synthesis in a worker loads much of aws-cdk-lib: seconds on a busy CI machine.
jest.setTimeout(30_000);

/** Every SMS filter policy admits the test alert. */
const SMS_FILTER_TAIL = [...DEFAULT_SMS_TAIL, 'test'];

/** Actions that read or write a secret's value. */
const SECRET_VALUE_ACTIONS = [
  'secretsmanager:GetSecretValue',
  'secretsmanager:BatchGetSecretValue',
  'secretsmanager:PutSecretValue',
];

/** `arn:<partition>:iam::<this account>:root`, as CDK writes the account principal. */
const ACCOUNT_ROOT = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']],
};

/** Allow statements whose action patterns, by name or wildcard, cover `action`. */
function grantingStatements(statements: IamStatement[], action: string): IamStatement[] {
  return statements.filter(
    (statement) =>
      statement.Effect === 'Allow' &&
      asList(statement.Action).some((pattern) => actionPatternGrants(pattern, action)),
  );
}

function subscriptionsOf(template: Template, topicLogicalId: string) {
  return Object.values(
    template.findResources('AWS::SNS::Subscription', {
      Properties: { TopicArn: { Ref: topicLogicalId } },
    }),
  ).map((resource) => resource.Properties as { Protocol: string; Endpoint: string; FilterPolicy?: unknown });
}

/** The synthesized resource of a construct, by its logical id. */
function resourceOf(
  template: Template,
  construct: IConstruct,
): { Type: string; Properties: Record<string, unknown> } {
  const resources = template.toJSON().Resources as Record<
    string,
    { Type: string; Properties: Record<string, unknown> }
  >;
  return defined(resources[logicalIdOf(construct)], `the resource of ${construct.node.path}`);
}

function environmentOf(template: Template, fn: IConstruct): Record<string, unknown> {
  const { Environment } = resourceOf(template, fn).Properties as {
    Environment: { Variables: Record<string, unknown> };
  };
  return Environment.Variables;
}

function topicPolicyStatements(template: Template, topic: IConstruct): IamStatement[] {
  const policies = Object.values(
    template.findResources('AWS::SNS::TopicPolicy', {
      Properties: { Topics: [{ Ref: logicalIdOf(topic) }] },
    }),
  );
  expect(policies).toHaveLength(1);
  return (policies[0]?.Properties as { PolicyDocument: { Statement: IamStatement[] } }).PolicyDocument
    .Statement;
}

/** Tests that only read the default template share one synthesis. */
let defaults: { stack: Stack; monitor: LwaExpiryMonitor; template: Template };

beforeAll(() => {
  const { stack, monitor } = monitorInStack();
  defaults = { stack, monitor, template: Template.fromStack(stack) };
});

describe('LwaExpiryMonitor: construct tests build the function without running esbuild', () => {
  it('skips bundling, so no bundled asset is staged', () => {
    // GIVEN an app whose context lists no stack for bundling
    const { app, stack } = monitorInStack();

    // WHEN the app is synthesized
    const assembly = app.synth();

    // THEN bundling was not required and no esbuild output was staged, yet the function has code
    expect(stack.bundlingRequired).toBe(false);
    expect(readdirSync(assembly.directory).filter((entry) => entry.startsWith('asset.'))).toEqual([]);
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Code: { S3Bucket: Match.anyValue(), S3Key: Match.stringLikeRegexp('\\.zip$') },
    });
  });
});

describe('LwaExpiryMonitor: an EventBridge schedule runs the monitor function', () => {
  it('runs every hour by default, retrying delivery and parking undeliverable events in a dead-letter queue', () => {
    // GIVEN a monitor with default props, synthesized once for this file
    const { monitor, template } = defaults;

    // THEN the rule fires rate(1 hour) at the function, with a retry policy and a DLQ
    expect(DEFAULT_SCHEDULE_EXPRESSION).toBe('rate(1 hour)');
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalIdOf(monitor.monitorFunction), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalIdOf(monitor.scheduleDeadLetterQueue), 'Arn'] } },
        }),
      ],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [logicalIdOf(monitor.monitorFunction), 'Arn'] },
      SourceArn: { 'Fn::GetAtt': [logicalIdOf(monitor.schedule), 'Arn'] },
    });
  });

  it('keeps the dead-letter queue encrypted, TLS-only, for 14 days, and lets only this rule send to it', () => {
    // GIVEN a monitor with default props, synthesized once for this file
    const { monitor, template } = defaults;

    // THEN the queue is SQS-managed encrypted with 14 days of retention and a TLS-only policy
    expect(resourceOf(template, monitor.scheduleDeadLetterQueue).Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalIdOf(monitor.scheduleDeadLetterQueue) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sqs:SendMessage',
            Principal: { Service: 'events.amazonaws.com' },
            Condition: {
              ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [logicalIdOf(monitor.schedule), 'Arn'] } },
            },
          }),
        ]),
      },
    });
  });

  it.each([
    ['rate(30 minutes)', 'rate(30 minutes)'],
    ['cron(0 */2 * * ? *)', 'cron(0 */2 * * ? *)'],
    ['  rate(2 hours)  ', 'rate(2 hours)'],
  ])('uses the configured schedule expression %p', (given, expected) => {
    // GIVEN a monitor with a custom schedule
    const { stack } = monitorInStack({ scheduleExpression: given });

    // WHEN the stack is synthesized
    const template = Template.fromStack(stack);

    // THEN the rule carries it, trimmed
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: expected });
  });
});

describe('LwaExpiryMonitor: the monitor function is a traced Node.js 24 arm64 function with explicit logs', () => {
  it('sets runtime, architecture, handler, tracing, timeout and memory', () => {
    // GIVEN a monitor with default props, synthesized once for this file
    const { monitor, template } = defaults;

    // THEN the function has the expected shape, its own role and log group
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 256,
      Timeout: 300,
      TracingConfig: { Mode: 'Active' },
      Role: { 'Fn::GetAtt': [logicalIdOf(monitor.monitorRole), 'Arn'] },
      LoggingConfig: { LogGroup: { Ref: logicalIdOf(monitor.logGroup) } },
    });
    // Lambda's own retries of a failed asynchronous invocation.
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalIdOf(monitor.monitorFunction) },
      MaximumRetryAttempts: 2,
    });
  });

  it('passes the whole configuration through environment variables, with source maps on', () => {
    // GIVEN a monitor with default props, synthesized once for this file
    const { monitor, template } = defaults;

    // THEN every variable the monitor reads is set, with the defaults
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          ALERT_TOPIC_ARN: { Ref: logicalIdOf(monitor.topic) },
          LEDGER_TABLE_NAME: { Ref: logicalIdOf(monitor.ledgerTable) },
          APP_TAG_KEY: 'lwa:app',
          THRESHOLDS_DAYS: '30,7,1',
          WINDOW_DAYS: '180',
          EXPIRED_REMINDER_HOURS: '24',
          // The lease outlasts the 300 s timeout.
          LEASE_SECONDS: '360',
          NODE_OPTIONS: '--enable-source-maps',
        }),
      },
    });
  });

  it('reflects custom thresholds (sorted), window, reminder interval and tag key', () => {
    // GIVEN a monitor with custom settings, thresholds out of order
    const { stack } = monitorInStack({
      thresholdsDays: [1, 14, 3],
      windowDays: 90,
      expiredReminderInterval: Duration.hours(6),
      appTagKey: 'sp-api/app',
    });

    // WHEN the stack is synthesized
    const template = Template.fromStack(stack);

    // THEN the environment carries them, thresholds most distant first
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          APP_TAG_KEY: 'sp-api/app',
          THRESHOLDS_DAYS: '14,3,1',
          WINDOW_DAYS: '90',
          EXPIRED_REMINDER_HOURS: '6',
        }),
      },
    });
  });

  it('keeps logs for a year by default in its own log group, without a log-retention custom resource', () => {
    // GIVEN a monitor with default props, synthesized once for this file
    const { monitor, template } = defaults;

    // THEN the monitor's log group keeps a year, and the only functions are the monitor and the
    // notification handler (each with its own log group): no log-retention helper function
    const intake = defined(monitor.notificationIntake, 'the notification intake');
    expect(resourceOf(template, monitor.logGroup)).toMatchObject({
      Type: 'AWS::Logs::LogGroup',
      Properties: { RetentionInDays: 365 },
    });
    template.resourceCountIs('Custom::LogRetention', 0);
    expect(logicalIdsOfType(template, 'AWS::Lambda::Function')).toEqual(
      [logicalIdOf(monitor.monitorFunction), logicalIdOf(intake.handler)].sort(),
    );
    expect(logicalIdsOfType(template, 'AWS::Logs::LogGroup')).toEqual(
      [logicalIdOf(monitor.logGroup), logicalIdOf(intake.logGroup)].sort(),
    );
  });

  it('uses the configured log retention', () => {
    // GIVEN a monitor keeping logs for a month
    const { stack } = monitorInStack({ logRetention: logs.RetentionDays.ONE_MONTH });

    // WHEN the stack is synthesized
    const template = Template.fromStack(stack);

    // THEN every log group, the monitor's and the notification handler's, keeps them 30 days
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(groups).toHaveLength(2);
    for (const group of groups) expect(group).toMatchObject({ Properties: { RetentionInDays: 30 } });
  });
});

describe('LwaExpiryMonitor: the alert topic is KMS-encrypted and TLS-only', () => {
  it('encrypts the topic with a new rotating key that CloudWatch alarms may use', () => {
    // GIVEN a monitor with default props, synthesized once for this file
    const { monitor, template } = defaults;

    // THEN the topic uses the key, which rotates and lets CloudWatch of this account publish
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [logicalIdOf(monitor.topicKey), 'Arn'] },
      DisplayName: 'LWA expiry',
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowCloudWatchAlarmsToPublish',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ]),
      },
    });
  });

  it('denies publishing without TLS', () => {
    // GIVEN a monitor with default props, synthesized once for this file
    const { monitor, template } = defaults;

    // THEN the alert topic's policy denies sns:Publish when aws:SecureTransport is false
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: logicalIdOf(monitor.topic) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Principal: '*',
            Action: 'sns:Publish',
            Resource: { Ref: logicalIdOf(monitor.topic) },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('uses a given key instead of creating one', () => {
    // GIVEN a monitor given an existing key
    const stack = new Stack(newTestApp(), 'WithOwnKey');
    const key = kms.Key.fromKeyArn(
      stack,
      'OwnKey',
      'arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555',
    );
    const monitor = new LwaExpiryMonitor(stack, 'Monitor', { topicKey: key });

    // WHEN the stack is synthesized
    const template = Template.fromStack(stack);

    // THEN no topic key is created (the only key is the notification queues' own) and both
    // topics use the given one
    const intake = defined(monitor.notificationIntake, 'the notification intake');
    expect(logicalIdsOfType(template, 'AWS::KMS::Key')).toEqual([logicalIdOf(intake.key)]);
    const topics = Object.values(template.findResources('AWS::SNS::Topic'));
    expect(topics).toHaveLength(2);
    for (const topic of topics) expect(topic).toMatchObject({ Properties: { KmsMasterKeyId: key.keyArn } });
  });

  it('creates no key at all with a given key and without the notification intake', () => {
    // GIVEN a monitor given an existing key, the notification intake turned off
    const stack = new Stack(newTestApp(), 'WithOwnKey');
    const key = kms.Key.fromKeyArn(
      stack,
      'OwnKey',
      'arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555',
    );
    new LwaExpiryMonitor(stack, 'Monitor', { topicKey: key, notificationIntake: false });

    // WHEN the stack is synthesized
    const template = Template.fromStack(stack);

    // THEN no key is created and the alert topic uses the given one
    template.resourceCountIs('AWS::KMS::Key', 0);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: key.keyArn });
  });

  it('subscribes nobody when no email or phone number is configured', () => {
    // GIVEN a monitor without subscribers, synthesized once for this file
    const { monitor, template } = defaults;

    // THEN the alert topic has no subscription
    expect(subscriptionsOf(template, logicalIdOf(monitor.topic))).toEqual([]);
  });

  it('subscribes every email address to every alert', () => {
    // GIVEN two email addresses
    const { stack, monitor } = monitorInStack({ alertEmails: ['ops@example.com', 'dev@example.org'] });

    // WHEN the stack is synthesized
    const template = Template.fromStack(stack);

    // THEN each has an unfiltered email subscription
    const emails = subscriptionsOf(template, logicalIdOf(monitor.topic));
    expect(emails).toEqual(
      expect.arrayContaining([
        { Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: expect.anything() },
        { Protocol: 'email', Endpoint: 'dev@example.org', TopicArn: expect.anything() },
      ]),
    );
    expect(emails).toHaveLength(2);
    expect(emails.every((subscription) => subscription.FilterPolicy === undefined)).toBe(true);
  });

  it('sends SMS only for the 7-day, 1-day, expired and urgent automation alerts by default', () => {
    // GIVEN two phone numbers and the default thresholds
    const { stack, monitor } = monitorInStack({ alertPhoneNumbers: ['+15555550100', '+447700900123'] });

    // WHEN the stack is synthesized
    const template = Template.fromStack(stack);

    // THEN each number has an SMS subscription filtered on the severity attribute
    const sms = subscriptionsOf(template, logicalIdOf(monitor.topic));
    expect(sms).toHaveLength(2);
    for (const endpoint of ['+15555550100', '+447700900123']) {
      expect(sms).toContainEqual({
        Protocol: 'sms',
        Endpoint: endpoint,
        TopicArn: expect.anything(),
        FilterPolicy: { severity: ['7-day', '1-day', ...SMS_FILTER_TAIL] },
      });
    }
  });

  it('sends SMS for the configured severities', () => {
    // GIVEN custom SMS severities
    const { stack, monitor } = monitorInStack({
      alertPhoneNumbers: ['+15555550100'],
      smsSeverities: ['30-day', 'expired', 'resolved', 'undetermined'],
    });

    // WHEN the stack is synthesized
    const template = Template.fromStack(stack);

    // THEN the filter policy lists exactly those
    expect(subscriptionsOf(template, logicalIdOf(monitor.topic))).toEqual([
      {
        Protocol: 'sms',
        Endpoint: '+15555550100',
        TopicArn: expect.anything(),
        FilterPolicy: { severity: ['30-day', 'expired', 'resolved', 'undetermined', 'test'] },
      },
    ]);
  });

  it('derives the default SMS severities from custom thresholds', () => {
    // GIVEN thresholds of 14, 3 and 2 days
    const { stack, monitor } = monitorInStack({
      thresholdsDays: [14, 3, 2],
      alertPhoneNumbers: ['+15555550100'],
    });

    // WHEN the stack is synthesized
    const template = Template.fromStack(stack);

    // THEN SMS carries the thresholds of 7 days or fewer, expired and the urgent automation alerts
    expect(subscriptionsOf(template, logicalIdOf(monitor.topic))[0]?.FilterPolicy).toEqual({
      severity: ['3-day', '2-day', ...SMS_FILTER_TAIL],
    });
  });
});

describe('LwaExpiryMonitor: the alert ledger is an encrypted, recoverable, on-demand table', () => {
  it('has key pk, TTL attribute ttl, PITR, SSE, on-demand billing and is retained', () => {
    // GIVEN a monitor with default props, synthesized once for this file
    const { monitor, template } = defaults;

    // THEN the table is configured as the ledger needs and survives stack deletion
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    expect(Object.keys(template.findResources('AWS::DynamoDB::Table'))).toEqual([
      logicalIdOf(monitor.ledgerTable),
    ]);
  });

  it('is deleted with the stack when ledgerRemovalPolicy says so', () => {
    // GIVEN a monitor whose ledger may be destroyed
    const { stack } = monitorInStack({ ledgerRemovalPolicy: RemovalPolicy.DESTROY });

    // WHEN the stack is synthesized
    const template = Template.fromStack(stack);

    // THEN the table is deleted with the stack
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
  });
});

describe('LwaExpiryMonitor: the monitor role reads secret metadata, never secret values', () => {
  const EXPECTED_ACTIONS = [
    'dynamodb:PutItem',
    'dynamodb:Scan',
    'events:PutEvents',
    'kms:Decrypt',
    'kms:GenerateDataKey*',
    'logs:CreateLogStream',
    'logs:PutLogEvents',
    'secretsmanager:ListSecretVersionIds',
    'secretsmanager:ListSecrets',
    'sns:Publish',
    'xray:PutTelemetryRecords',
    'xray:PutTraceSegments',
  ];

  it('grants exactly the actions the monitor uses', () => {
    // GIVEN a monitor with default props
    const { stack, monitor } = monitorInStack({ alertEmails: ['ops@example.com'] });

    // WHEN every statement of every policy attached to its role is collected
    const template = Template.fromStack(stack);
    const statements = statementsOfRole(template, logicalIdOf(monitor.monitorRole));

    // THEN the allowed actions are exactly the expected set, with no deny or NotAction tricks
    const actions = new Set(statements.flatMap((statement) => asList(statement.Action)));
    expect([...actions].sort()).toEqual(EXPECTED_ACTIONS);
    expect(statements.every((statement) => statement.Effect === 'Allow')).toBe(true);
    expect(statements.some((statement) => statement.NotAction !== undefined)).toBe(false);
  });

  it('would see a grant in any policy attached to the role (the collection is not vacuous)', () => {
    // GIVEN a monitor whose role is given extra statements through three kinds of policy
    const { stack, monitor } = monitorInStack();
    monitor.monitorRole.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: ['*'] }),
    );
    new iam.Policy(stack, 'ExtraPolicy', {
      roles: [monitor.monitorRole],
      statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })],
    });
    new iam.ManagedPolicy(stack, 'ExtraManagedPolicy', {
      roles: [monitor.monitorRole],
      statements: [new iam.PolicyStatement({ actions: ['sqs:ReceiveMessage'], resources: ['*'] })],
    });

    // WHEN every statement attached to the role is collected
    const statements = statementsOfRole(Template.fromStack(stack), logicalIdOf(monitor.monitorRole));

    // THEN all three extra grants are found
    const actions = statements.flatMap((statement) => asList(statement.Action));
    expect(actions).toEqual(
      expect.arrayContaining(['secretsmanager:GetSecretValue', 's3:GetObject', 'sqs:ReceiveMessage']),
    );
  });

  it.each([
    ['*', true],
    ['secretsmanager:*', true],
    ['secretsmanager:Get*', true],
    ['SecretsManager:getsecretvalue', true],
    ['secretsmanager:GetSecret?alue', true],
    ['secretsmanager:ListSecrets', false],
    ['secretsmanager:List*', false],
    ['kms:*', false],
  ])('recognises whether the action pattern %p grants GetSecretValue', (pattern, grants) => {
    // GIVEN an IAM action pattern WHEN matched against GetSecretValue THEN wildcards and case are honoured
    expect(actionPatternGrants(pattern, 'secretsmanager:GetSecretValue')).toBe(grants);
  });

  it("scopes the ledger, topic, key and log grants to this monitor's own resources", () => {
    // GIVEN a monitor with default props, synthesized once for this file
    const { monitor, template } = defaults;

    // WHEN the role's statements are collected
    const statements = statementsOfRole(template, logicalIdOf(monitor.monitorRole));
    const resourceOf = (action: string) =>
      statements.filter((statement) => asList(statement.Action).includes(action)).map((s) => s.Resource);

    // THEN each grant names exactly one resource of the monitor
    const getAtt = (construct: IConstruct) => ({ 'Fn::GetAtt': [logicalIdOf(construct), 'Arn'] });
    expect(resourceOf('dynamodb:PutItem')).toEqual([getAtt(monitor.ledgerTable)]);
    expect(resourceOf('sns:Publish')).toEqual([{ Ref: logicalIdOf(monitor.topic) }]);
    expect(resourceOf('kms:GenerateDataKey*')).toEqual([getAtt(monitor.topicKey)]);
    expect(resourceOf('logs:PutLogEvents')).toEqual([getAtt(monitor.logGroup)]);
  });

  it('has no managed policy and is assumed only by Lambda', () => {
    // GIVEN a monitor with default props, synthesized once for this file
    const { monitor, template } = defaults;

    // THEN the role carries no managed policy (no AWSLambdaBasicExecutionRole either)
    const roles: Record<string, unknown> = template.findResources('AWS::IAM::Role');
    const role = roles[logicalIdOf(monitor.monitorRole)];
    expect(role).toMatchObject({
      Properties: {
        AssumeRolePolicyDocument: {
          Statement: [
            { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
          ],
        },
      },
    });
    expect(role).not.toHaveProperty('Properties.ManagedPolicyArns');
  });

  it('grants the monitor role no secret-value action, and the template no "*" action', () => {
    // GIVEN a monitor with every subscription type
    const { stack, monitor } = monitorInStack({
      alertEmails: ['ops@example.com'],
      alertPhoneNumbers: ['+15555550100'],
    });

    // WHEN the monitor role's statements and every policy statement of the template are collected
    const template = Template.fromStack(stack);
    const roleActions = statementsOfRole(template, logicalIdOf(monitor.monitorRole)).flatMap((statement) =>
      asList(statement.Action),
    );
    const statements = allPolicyStatements(template);
    const allowed = statements.filter((statement) => statement.Effect === 'Allow');

    // THEN no action pattern of the monitor role covers a secret value
    expect(roleActions.length).toBeGreaterThan(5);
    for (const valueAction of SECRET_VALUE_ACTIONS) {
      expect(roleActions.filter((action) => actionPatternGrants(action, valueAction))).toEqual([]);
    }
    // ...and the only wildcard action is CDK's default key administration: "kms:*" for the account root
    const wildcards = allowed.filter((statement) =>
      asList(statement.Action).some((action) => action === '*' || /^[a-z0-9-]+:\*$/.test(action)),
    );
    expect(wildcards.length).toBeGreaterThan(0);
    for (const statement of wildcards) {
      expect(statement).toMatchObject({ Action: 'kms:*', Principal: { AWS: ACCOUNT_ROOT } });
    }
  });

  it('grants no secret-value action at all with the default settings: the intake dates secrets by tag only', () => {
    // GIVEN the default monitor (the notification intake on, storing new secrets off)
    const { stack } = monitorInStack({ alertEmails: ['ops@example.com'] });

    // WHEN every statement of the template is collected
    const statements = allPolicyStatements(Template.fromStack(stack));

    // THEN none grants a secret value, by name or by wildcard
    for (const valueAction of [
      'secretsmanager:GetSecretValue',
      'secretsmanager:BatchGetSecretValue',
      'secretsmanager:PutSecretValue',
      'secretsmanager:UpdateSecretVersionStage',
      'secretsmanager:UpdateSecret',
    ]) {
      expect(grantingStatements(statements, valueAction)).toEqual([]);
    }
  });

  it.each([
    [undefined, 'aws:ResourceTag/lwa:app'],
    ['sp-api:app', 'aws:ResourceTag/sp-api:app'],
  ])(
    'with storeNewSecrets, limits every GetSecretValue grant to secrets carrying the app tag and the client id (appTagKey %p)',
    (appTagKey, conditionKey) => {
      // GIVEN a monitor whose notification intake stores and verifies new client secrets
      const { stack, monitor } = monitorInStack({ appTagKey, storeNewSecrets: true });

      // WHEN every statement that grants GetSecretValue, by name or by wildcard, is collected
      const template = Template.fromStack(stack);
      const granting = grantingStatements(allPolicyStatements(template), 'secretsmanager:GetSecretValue');

      // THEN there are some (the intake's), each conditioned on both tags, and all on the intake role
      expect(granting.length).toBeGreaterThan(0);
      for (const statement of granting) {
        expect(statement.Condition?.Null).toEqual({
          [conditionKey]: 'false',
          'aws:ResourceTag/lwa:client-id': 'false',
        });
      }
      const intake = defined(monitor.notificationIntake, 'the notification intake');
      const intakeRole = statementsOfRole(template, logicalIdOf(intake.role));
      expect(grantingStatements(intakeRole, 'secretsmanager:GetSecretValue')).toEqual(granting);
      expect(grantingStatements(allPolicyStatements(template), 'secretsmanager:BatchGetSecretValue')).toEqual(
        [],
      );
    },
  );

  it('mentions GetSecretValue nowhere without the notification intake: a metadata-only deployment', () => {
    // GIVEN a monitor with every subscription type and the notification intake off
    const { stack } = monitorInStack({
      alertEmails: ['ops@example.com'],
      alertPhoneNumbers: ['+15555550100'],
      notificationIntake: false,
    });

    // WHEN the template is synthesized
    const template = Template.fromStack(stack);

    // THEN no statement grants a secret value, and the string appears nowhere at all
    for (const valueAction of SECRET_VALUE_ACTIONS) {
      expect(grantingStatements(allPolicyStatements(template), valueAction)).toEqual([]);
    }
    expect(JSON.stringify(template.toJSON())).not.toMatch(/GetSecretValue/i);
  });

  it('with every automation on, reads secret values only of tagged app secrets, or of the webhook secret', () => {
    // GIVEN a monitor with automatic rotation, the live check and the webhooks
    const { stack, monitor } = monitorInStack({
      storeNewSecrets: true,
      autoRotation: {},
      liveCheck: {},
      webhooks: true,
    });

    // WHEN every statement that grants GetSecretValue is collected
    const template = Template.fromStack(stack);
    const granting = grantingStatements(allPolicyStatements(template), 'secretsmanager:GetSecretValue');

    // THEN each is conditioned on the app tag (intake, rotation, live check), except the webhook
    // forwarder's, which names exactly one resource: the webhook secret
    const forwarder = defined(monitor.webhookForwarder, 'the webhook forwarder');
    const webhookSecret = { Ref: logicalIdOf(forwarder.webhookSecret) };
    const tagged = granting.filter((statement) => statement.Condition?.Null !== undefined);
    const untagged = granting.filter((statement) => statement.Condition?.Null === undefined);
    expect(tagged).toHaveLength(3);
    for (const statement of tagged) {
      expect(statement.Condition?.Null).toEqual({
        'aws:ResourceTag/lwa:app': 'false',
        'aws:ResourceTag/lwa:client-id': 'false',
      });
    }
    expect(untagged).toEqual([expect.objectContaining({ Resource: webhookSecret })]);
    expect(asList(untagged[0]?.Action)).toEqual(['secretsmanager:GetSecretValue']);
  });

  it('lets ListSecretVersionIds read only secrets carrying the app tag', () => {
    // GIVEN monitors with the default and a custom tag key
    for (const [appTagKey, expectedKey] of [
      [undefined, 'aws:ResourceTag/lwa:app'],
      ['sp-api:app', 'aws:ResourceTag/sp-api:app'],
    ] as const) {
      const { stack, monitor } = monitorInStack({ appTagKey });

      // WHEN the role's statements are collected
      const statements = statementsOfRole(Template.fromStack(stack), logicalIdOf(monitor.monitorRole));

      // THEN the version-metadata statement is conditioned on that tag existing
      const versionStatements = statements.filter((statement) =>
        asList(statement.Action).includes('secretsmanager:ListSecretVersionIds'),
      );
      expect(versionStatements).toHaveLength(1);
      expect(versionStatements[0]).toMatchObject({
        Action: 'secretsmanager:ListSecretVersionIds',
        Condition: { Null: { [expectedKey]: 'false' } },
      });
    }
  });

  it('uses "*" as a resource only for actions that accept no resource ARN', () => {
    // GIVEN a monitor with default props, synthesized once for this file
    const { monitor, template } = defaults;

    // WHEN the role's statements are collected
    const statements = statementsOfRole(template, logicalIdOf(monitor.monitorRole));

    // THEN only ListSecrets and the X-Ray actions have Resource "*"
    const starActions = statements
      .filter((statement) => asList(statement.Resource).includes('*'))
      .flatMap((statement) => asList(statement.Action))
      .sort();
    expect(starActions).toEqual([
      'secretsmanager:ListSecrets',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
  });
});

describe('LwaExpiryMonitor: warns when the schedule cannot keep the 1-day alert 20 hours ahead', () => {
  it.each(['rate(1 day)', 'rate(5 hours)', 'rate(300 minutes)'])('warns for %p', (scheduleExpression) => {
    // GIVEN a schedule slower than every 4 hours
    const { stack } = monitorInStack({ scheduleExpression });

    // WHEN the annotations are read
    const annotations = Annotations.fromStack(stack);

    // THEN a warning names the expression and the consequence
    annotations.hasWarning(
      '/TestStack/Monitor',
      Match.stringLikeRegexp(
        `scheduleExpression "${scheduleExpression.replace(/[()]/g, '\\$&')}" runs less often than every 4 hours`,
      ),
    );
  });

  it.each(['rate(1 hour)', 'rate(4 hours)', 'rate(240 minutes)', 'cron(0 */2 * * ? *)'])(
    'does not warn for %p',
    (scheduleExpression) => {
      // GIVEN a schedule at least every 4 hours (or a cron, whose period is not read)
      const { stack } = monitorInStack({ scheduleExpression });

      // WHEN the annotations are read
      const annotations = Annotations.fromStack(stack);

      // THEN there is no warning at all
      annotations.hasNoWarning('*', Match.anyValue());
    },
  );
});

describe('LwaExpiryMonitor: automatic rotation 7 days or less before expiry is warned about', () => {
  it.each([7, 3])('warns at rotateDaysBefore %p, naming the key and the 7-day overlap', (days) => {
    // GIVEN rotation that starts inside the 7 days the previous secret keeps working
    const { stack } = monitorInStack({ storeNewSecrets: true, autoRotation: { rotateDaysBefore: days } });

    // WHEN the annotations are read THEN a warning names the key and why
    Annotations.fromStack(stack).hasWarning(
      '/TestStack/Monitor',
      Match.stringLikeRegexp(
        `^autoRotateDaysBefore is ${days}: after a rotation the previous client secret works 7 more days at most`,
      ),
    );
  });

  it.each([8, 14])('does not warn at rotateDaysBefore %p', (days) => {
    const { stack } = monitorInStack({ storeNewSecrets: true, autoRotation: { rotateDaysBefore: days } });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('LwaExpiryMonitor: CloudWatch alarms may publish to the operator topic, and only there', () => {
  it('allows cloudwatch.amazonaws.com sns:Publish to the operator topic, from alarms of this account only', () => {
    // GIVEN a monitor with default props, synthesized once for this file
    const { monitor, template } = defaults;

    // WHEN the operator topic's policy is read
    const statements = topicPolicyStatements(template, monitor.operatorTopic);

    // THEN it denies publishing without TLS and lets CloudWatch alarms of this account publish
    const operatorTopic = { Ref: logicalIdOf(monitor.operatorTopic) };
    expect(statements).toEqual([
      expect.objectContaining({
        Effect: 'Deny',
        Action: 'sns:Publish',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
      {
        Sid: 'AllowCloudWatchAlarmsToPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: operatorTopic,
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: {
            'aws:SourceArn': {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':cloudwatch:',
                  { Ref: 'AWS::Region' },
                  ':',
                  { Ref: 'AWS::AccountId' },
                  ':alarm:*',
                ],
              ],
            },
          },
        },
      },
    ]);
  });

  it('gives CloudWatch no grant on the alert topic, whose subscribers are the credential owners', () => {
    // GIVEN a monitor with default props, synthesized once for this file
    const { monitor, template } = defaults;

    // WHEN the alert topic's policy is read
    const statements = topicPolicyStatements(template, monitor.topic);

    // THEN its only statement is the TLS deny
    expect(statements).toEqual([
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    ]);
  });

  it('lets CloudWatch of this account use the topic key to publish (kms:Decrypt, kms:GenerateDataKey*)', () => {
    // GIVEN a monitor with default props, synthesized once for this file
    const { monitor, template } = defaults;

    // WHEN the topic key's policy is read
    const { KeyPolicy } = resourceOf(template, monitor.topicKey).Properties as {
      KeyPolicy: { Statement: IamStatement[] };
    };

    // THEN it holds CDK's account-root administration and the CloudWatch grant, nothing else
    expect(KeyPolicy.Statement).toEqual([
      { Effect: 'Allow', Principal: { AWS: ACCOUNT_ROOT }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'AllowCloudWatchAlarmsToPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
  });
});

describe('LwaExpiryMonitor: the SP-API notification intake is on unless turned off', () => {
  let withoutIntake: { monitor: LwaExpiryMonitor; template: Template };

  beforeAll(() => {
    const { stack, monitor } = monitorInStack({ notificationIntake: false });
    withoutIntake = { monitor, template: Template.fromStack(stack) };
  });

  it("creates the intake by default, wired to the monitor's alert topic, ledger and tag key", () => {
    // GIVEN a monitor with default props, synthesized once for this file
    const { monitor, template } = defaults;

    // WHEN the intake's resources are looked up
    const intake = defined(monitor.notificationIntake, 'the notification intake');

    // THEN its handler reads its queue and works with the monitor's topic, ledger and tag key
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalIdOf(intake.queue), 'Arn'] },
      FunctionName: { Ref: logicalIdOf(intake.handler) },
    });
    expect(environmentOf(template, intake.handler)).toMatchObject({
      ALERT_TOPIC_ARN: { Ref: logicalIdOf(monitor.topic) },
      LEDGER_TABLE_NAME: { Ref: logicalIdOf(monitor.ledgerTable) },
      APP_TAG_KEY: 'lwa:app',
      CREDENTIAL_FIELDS: JSON.stringify({
        clientId: 'clientId',
        clientSecret: 'clientSecret',
        refreshToken: 'refreshToken',
      }),
    });
    expect(resourceOf(template, intake.queue).Properties).toMatchObject({
      KmsMasterKeyId: { 'Fn::GetAtt': [logicalIdOf(intake.key), 'Arn'] },
    });
  });

  it("alarms the operators, not the credential owners, on the intake's dead-letter queue", () => {
    // GIVEN a monitor with default props, synthesized once for this file
    const { monitor, template } = defaults;
    const intake = defined(monitor.notificationIntake, 'the notification intake');

    // WHEN the intake's alarm is read
    const alarm = resourceOf(template, intake.deadLetterAlarm);

    // THEN it watches the dead-letter queue and notifies the operator topic on alarm and recovery
    const operatorTopic = { Ref: logicalIdOf(monitor.operatorTopic) };
    expect(alarm.Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(intake.deadLetterQueue), 'QueueName'] } },
      ],
      AlarmActions: [operatorTopic],
      OKActions: [operatorTopic],
    });
  });

  it('passes the tag key, credential field names, secret keys and log retention on to the intake', () => {
    // GIVEN monitor-wide settings the intake shares
    const stack = new Stack(newTestApp(), 'Shared');
    const secretKey = kms.Key.fromKeyArn(
      stack,
      'SecretKey',
      'arn:aws:kms:eu-west-1:111122223333:key/aaaaaaaa-2222-3333-4444-555555555555',
    );
    const monitor = new LwaExpiryMonitor(stack, 'Monitor', {
      appTagKey: 'sp-api:app',
      credentialFields: { clientSecret: 'lwaClientSecret' },
      secretEncryptionKeys: [secretKey],
      logRetention: logs.RetentionDays.ONE_MONTH,
      storeNewSecrets: true,
    });

    // WHEN the stack is synthesized
    const template = Template.fromStack(stack);
    const intake = defined(monitor.notificationIntake, 'the notification intake');

    // THEN the intake's environment, role and log group follow them
    expect(environmentOf(template, intake.handler)).toMatchObject({
      APP_TAG_KEY: 'sp-api:app',
      CREDENTIAL_FIELDS: JSON.stringify({
        clientId: 'clientId',
        clientSecret: 'lwaClientSecret',
        refreshToken: 'refreshToken',
      }),
    });
    const intakeStatements = statementsOfRole(template, logicalIdOf(intake.role));
    expect(grantingStatements(intakeStatements, 'kms:Decrypt')).toContainEqual(
      expect.objectContaining({ Resource: secretKey.keyArn }),
    );
    expect(resourceOf(template, intake.logGroup).Properties).toMatchObject({ RetentionInDays: 30 });
  });

  it('creates none of it with notificationIntake false: no queue, key, handler or event source', () => {
    // GIVEN a monitor with the intake turned off, synthesized once for this describe
    const { monitor, template } = withoutIntake;

    // THEN only the monitor's own function, key and queue remain
    expect(monitor.notificationIntake).toBeUndefined();
    expect(logicalIdsOfType(template, 'AWS::Lambda::Function')).toEqual([
      logicalIdOf(monitor.monitorFunction),
    ]);
    expect(logicalIdsOfType(template, 'AWS::KMS::Key')).toEqual([logicalIdOf(monitor.topicKey)]);
    expect(logicalIdsOfType(template, 'AWS::SQS::Queue')).toEqual([
      logicalIdOf(monitor.scheduleDeadLetterQueue),
    ]);
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 0);
    expect(JSON.stringify(template.toJSON())).not.toContain('437568002678');
  });

  it('keeps the monitor itself unchanged when the intake is off', () => {
    // GIVEN the default monitor and one without the intake

    // WHEN the monitor's own resources are compared
    const own = (monitor: LwaExpiryMonitor, template: Template) =>
      [
        monitor.monitorFunction,
        monitor.monitorRole,
        monitor.topic,
        monitor.operatorTopic,
        monitor.ledgerTable,
      ].map((construct) => resourceOf(template, construct));

    // THEN they are identical: the intake adds to the monitor, it changes nothing of it
    expect(own(withoutIntake.monitor, withoutIntake.template)).toEqual(
      own(defaults.monitor, defaults.template),
    );
  });
});

describe('LwaExpiryMonitor: automatic rotation, the live check and the webhooks are opt-in', () => {
  let variants: Record<
    'rotation' | 'liveCheck' | 'webhooks' | 'all',
    { monitor: LwaExpiryMonitor; template: Template }
  >;

  const build = (props: LwaExpiryMonitorProps) => {
    const { stack, monitor } = monitorInStack(props);
    return { monitor, template: Template.fromStack(stack) };
  };

  beforeAll(() => {
    variants = {
      rotation: build({ storeNewSecrets: true, autoRotation: {} }),
      liveCheck: build({ liveCheck: {} }),
      webhooks: build({ webhooks: true }),
      all: build({
        appTagKey: 'sp-api:app',
        windowDays: 120,
        credentialFields: { clientSecret: 'lwaClientSecret' },
        logRetention: logs.RetentionDays.ONE_MONTH,
        storeNewSecrets: true,
        autoRotation: { rotateDaysBefore: 20 },
        liveCheck: { scope: 'all' },
        webhooks: true,
      }),
    };
  });

  const functionCount = (template: Template) => logicalIdsOfType(template, 'AWS::Lambda::Function').length;

  it('creates none of them by default: two functions, the monitor and the notification handler', () => {
    // GIVEN a monitor with default props, synthesized once for this file
    const { monitor, template } = defaults;

    // THEN no automation construct exists, and no schedule, secret or Lambda subscription of theirs
    expect(monitor.autoRotation).toBeUndefined();
    expect(monitor.liveCheck).toBeUndefined();
    expect(monitor.webhookForwarder).toBeUndefined();
    expect(functionCount(template)).toBe(2);
    template.resourceCountIs('AWS::Events::Rule', 1);
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it.each([
    ['rotation', 'autoRotation'],
    ['liveCheck', 'liveCheck'],
    ['webhooks', 'webhookForwarder'],
  ] as const)('adds exactly one function for %s, and only that construct', (variant, member) => {
    // GIVEN a monitor with one automation turned on, synthesized once for this describe
    const { monitor, template } = variants[variant];

    // THEN its construct exists, the others do not, and there is one function more than by default
    const members = ['autoRotation', 'liveCheck', 'webhookForwarder'] as const;
    for (const other of members) {
      expect(monitor[other] === undefined).toBe(other !== member);
    }
    expect(functionCount(template)).toBe(functionCount(defaults.template) + 1);
  });

  it('with all three on, has five functions and gives each automation the monitor-wide settings', () => {
    // GIVEN a monitor with custom settings and every automation on, synthesized once for this describe
    const { monitor, template } = variants.all;
    const rotation = defined(monitor.autoRotation, 'automatic rotation');
    const liveCheck = defined(monitor.liveCheck, 'the live check');
    const forwarder = defined(monitor.webhookForwarder, 'the webhook forwarder');

    // THEN the scheduled automations use the monitor's topic, ledger, tag key, window and field names
    expect(functionCount(template)).toBe(5);
    const shared = {
      ALERT_TOPIC_ARN: { Ref: logicalIdOf(monitor.topic) },
      LEDGER_TABLE_NAME: { Ref: logicalIdOf(monitor.ledgerTable) },
      APP_TAG_KEY: 'sp-api:app',
      WINDOW_DAYS: '120',
      CREDENTIAL_FIELDS: JSON.stringify({
        clientId: 'clientId',
        clientSecret: 'lwaClientSecret',
        refreshToken: 'refreshToken',
      }),
    };
    expect(environmentOf(template, rotation.rotationFunction)).toMatchObject({
      ...shared,
      ROTATE_DAYS_BEFORE: '20',
      AUTOMATION_SCOPE: 'tagged',
    });
    expect(environmentOf(template, liveCheck.checkFunction)).toMatchObject({
      ...shared,
      AUTOMATION_SCOPE: 'all',
    });
    // ...the forwarder is subscribed to the alert topic and keeps delivery receipts in the ledger
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: logicalIdOf(monitor.topic) },
      Endpoint: { 'Fn::GetAtt': [logicalIdOf(forwarder.forwarderFunction), 'Arn'] },
    });
    expect(environmentOf(template, forwarder.forwarderFunction)).toMatchObject({
      LEDGER_TABLE_NAME: { Ref: logicalIdOf(monitor.ledgerTable) },
      WEBHOOK_SECRET_ID: { Ref: logicalIdOf(forwarder.webhookSecret) },
    });
    // ...and every log group keeps the monitor's retention
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(groups).toHaveLength(5);
    for (const group of groups) expect(group).toMatchObject({ Properties: { RetentionInDays: 30 } });
  });

  it("sends every alarm, the monitor's and each automation's, to the operator topic only", () => {
    // GIVEN every automation on, synthesized once for this describe
    const { monitor, template } = variants.all;

    // WHEN every alarm of the template is read
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));

    // THEN each notifies the operator topic on alarm and on recovery, and nothing else
    const operatorTopic = { Ref: logicalIdOf(monitor.operatorTopic) };
    expect(alarms.length).toBeGreaterThan(monitor.observability.alarms.length);
    for (const alarm of alarms) {
      expect(alarm.Properties).toMatchObject({ AlarmActions: [operatorTopic], OKActions: [operatorTopic] });
    }
  });

  it("lets an automation's own props override a monitor-wide setting", () => {
    // GIVEN monitor-wide field names and other ones for the live check
    const { stack, monitor } = monitorInStack({
      credentialFields: { clientSecret: 'lwaClientSecret' },
      liveCheck: { credentialFields: { clientSecret: 'liveCheckSecret' } },
    });

    // WHEN the stack is synthesized
    const template = Template.fromStack(stack);

    // THEN the live check uses its own, the notification handler the monitor-wide ones
    const liveCheck = defined(monitor.liveCheck, 'the live check');
    const intake = defined(monitor.notificationIntake, 'the notification intake');
    expect(environmentOf(template, liveCheck.checkFunction).CREDENTIAL_FIELDS).toContain('"liveCheckSecret"');
    expect(environmentOf(template, intake.handler).CREDENTIAL_FIELDS).toContain('"lwaClientSecret"');
  });

  it('rejects automatic rotation without the notification intake, which delivers the new secret', () => {
    // GIVEN automatic rotation with the intake off WHEN the monitor is built THEN it throws a ConfigError
    const build = () =>
      monitorInStack({ storeNewSecrets: true, autoRotation: {}, notificationIntake: false });
    expect(build).toThrow(
      /Invalid configuration "autoRotation": "with notificationIntake false" is not valid; expected notificationIntake left on/,
    );
    expect(build).toThrow(expect.objectContaining({ name: 'ConfigError', key: 'autoRotation' }));
  });

  it('allows the live check and the webhooks without the notification intake', () => {
    // GIVEN the live check and the webhooks with the intake off WHEN the monitor is built
    const { stack, monitor } = monitorInStack({ liveCheck: {}, webhooks: true, notificationIntake: false });

    // THEN both exist next to the monitor's own function, and the intake does not
    expect(monitor.notificationIntake).toBeUndefined();
    expect(functionCount(Template.fromStack(stack))).toBe(3);
  });
});

describe('LwaExpiryMonitor: SMS may carry every automation severity', () => {
  it.each(Object.values(AUTOMATION_SEVERITY))('accepts %p in smsSeverities', (severity) => {
    // GIVEN an automation severity WHEN the props are resolved THEN it is kept as the SMS filter
    expect(resolveMonitorConfig({ smsSeverities: [severity] }).smsSeverities).toEqual([severity]);
  });

  it('includes credential-warning among them', () => {
    // GIVEN the live check's warning severity WHEN it is given THEN it is accepted
    expect(Object.values(AUTOMATION_SEVERITY)).toContain('credential-warning');
    expect(resolveMonitorConfig({ smsSeverities: ['credential-warning'] }).smsSeverities).toEqual([
      'credential-warning',
    ]);
  });

  it('filters an SMS subscription on all of them at once', () => {
    // GIVEN every automation severity and expired for SMS
    const severities = ['expired', ...Object.values(AUTOMATION_SEVERITY)];
    const { stack, monitor } = monitorInStack({
      alertPhoneNumbers: ['+15555550100'],
      smsSeverities: severities,
    });

    // WHEN the stack is synthesized
    const template = Template.fromStack(stack);

    // THEN the filter policy lists exactly those
    expect(subscriptionsOf(template, logicalIdOf(monitor.topic))[0]?.FilterPolicy).toEqual({
      severity: [...severities, 'test'],
    });
  });

  it('names every allowed severity, the automation ones included, when one is unknown', () => {
    // GIVEN an unknown severity WHEN the props are resolved THEN the error lists every allowed value
    expect(() => resolveMonitorConfig({ smsSeverities: ['critical'] })).toThrow(
      '"smsSeverities": "critical" is not valid; expected one of 30-day, 7-day, 1-day, expired, resolved, undetermined, new-secret, verification-failed, secret-rejected, rotation-requested, rotation-failed, notification-problem, credential-warning.',
    );
  });
});
