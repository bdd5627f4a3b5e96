import type { CfnElement } from 'aws-cdk-lib';
import { Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { SpApiNotificationIntake } from '../../lib/notification-intake';
import type { SpApiNotificationIntakeProps } from '../../lib/notification-intake-config';
import {
  AMAZON_NOTIFICATIONS_ACCOUNT,
  NOTIFICATION_MAX_RECEIVE_COUNT,
} from '../../lib/notification-intake-config';
import type { IamStatement } from './cdk-test-app';
import { actionPatternGrants, asList, newTestApp, statementsOfRole } from './cdk-test-app';

type IntakeOptions = Partial<
  Omit<SpApiNotificationIntakeProps, 'alertTopic' | 'ledgerTable' | 'operatorTopic'>
>;

/** A stack holding what the monitor would pass in (encrypted topics, the ledger table) and the intake. */
function intakeInStack(options: IntakeOptions = {}) {
  const app = newTestApp();
  const stack = new Stack(app, 'TestStack');
  const topicKey = new kms.Key(stack, 'TopicKey', { enableKeyRotation: true });
  const alertTopic = new sns.Topic(stack, 'AlertTopic', { masterKey: topicKey, enforceSSL: true });
  const operatorTopic = new sns.Topic(stack, 'OperatorTopic', { masterKey: topicKey, enforceSSL: true });
  const ledgerTable = new dynamodb.Table(stack, 'Ledger', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    timeToLiveAttribute: 'ttl',
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  });
  const intake = new SpApiNotificationIntake(stack, 'Notifications', {
    alertTopic,
    operatorTopic,
    ledgerTable,
    ...options,
  });
  return { app, stack, intake, alertTopic, operatorTopic, ledgerTable, template: Template.fromStack(stack) };
}

function logicalIdOf(construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).getLogicalId(element);
}

const AMAZON_ROOT = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${AMAZON_NOTIFICATIONS_ACCOUNT}:root`]],
};

const SECRET_VALUE_ACTIONS = [
  'secretsmanager:GetSecretValue',
  'secretsmanager:PutSecretValue',
  'secretsmanager:UpdateSecretVersionStage',
  'secretsmanager:TagResource',
];

function actionsOf(statements: readonly IamStatement[]): string[] {
  return [...new Set(statements.flatMap((s) => asList(s.Action)))].sort();
}

describe('SpApiNotificationIntake: a queue Amazon can deliver to', () => {
  it("lets Amazon's account 437568002678 send and read queue attributes, and nothing else", () => {
    // GIVEN / WHEN
    const { intake, template } = intakeInStack();

    // THEN the queue policy allows exactly SendMessage + GetQueueAttributes to Amazon's root, and denies plain HTTP
    const queueArn = { 'Fn::GetAtt': [logicalIdOf(intake.queue), 'Arn'] };
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalIdOf(intake.queue) }],
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sqs:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          {
            Sid: 'AllowAmazonSellingPartnerNotifications',
            Effect: 'Allow',
            Principal: { AWS: AMAZON_ROOT },
            Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes'],
            Resource: queueArn,
          },
          // Any other account's send is refused; this account's principals keep what IAM grants
          // them, which the dead-letter redrive and release-held need.
          {
            Sid: 'RefuseOtherSenders',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 'sqs:SendMessage',
            Resource: queueArn,
            Condition: {
              StringNotEquals: {
                'aws:PrincipalAccount': [AMAZON_NOTIFICATIONS_ACCOUNT, { Ref: 'AWS::AccountId' }],
              },
            },
          },
        ],
      },
    });
    const amazonStatements = Object.values(template.findResources('AWS::SQS::QueuePolicy'))
      .flatMap(
        (policy) =>
          (policy.Properties as { PolicyDocument: { Statement: IamStatement[] } }).PolicyDocument.Statement,
      )
      .filter(
        (s) => s.Effect === 'Allow' && JSON.stringify(s.Principal).includes(AMAZON_NOTIFICATIONS_ACCOUNT),
      );
    expect(amazonStatements).toHaveLength(1);
  });

  it("encrypts both queues with a rotating customer key whose policy lets Amazon's account use it", () => {
    // GIVEN / WHEN
    const { intake, template } = intakeInStack();

    // THEN
    const keyId = logicalIdOf(intake.key);
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'AllowAmazonSellingPartnerNotifications',
            Effect: 'Allow',
            Principal: { AWS: AMAZON_ROOT },
            Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
            Resource: '*',
          },
        ]),
      },
    });
    const resources = template.toJSON().Resources as Record<string, { Properties: Record<string, unknown> }>;
    for (const queue of [intake.queue, intake.deadLetterQueue]) {
      expect(resources[logicalIdOf(queue)]?.Properties.KmsMasterKeyId).toEqual({
        'Fn::GetAtt': [keyId, 'Arn'],
      });
    }
  });

  it('redrives to a 14-day dead-letter queue after 5 receives, with a visibility timeout of 6x the function timeout', () => {
    // GIVEN / WHEN
    const { intake, template } = intakeInStack();
    const resources = template.toJSON().Resources as Record<string, { Properties: Record<string, unknown> }>;

    // THEN
    const queue = resources[logicalIdOf(intake.queue)]?.Properties ?? {};
    const timeout = resources[logicalIdOf(intake.handler)]?.Properties.Timeout as number;
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * timeout);
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [logicalIdOf(intake.deadLetterQueue), 'Arn'] },
      maxReceiveCount: 5,
    });
    expect(NOTIFICATION_MAX_RECEIVE_COUNT).toBe(5);
    expect(resources[logicalIdOf(intake.deadLetterQueue)]?.Properties.MessageRetentionPeriod).toBe(
      14 * 86_400,
    );
    expect(queue.MessageRetentionPeriod).toBe(14 * 86_400);
  });

  it('alarms the operators as soon as one message is in the dead-letter queue', () => {
    // GIVEN / WHEN
    const { intake, operatorTopic, template } = intakeInStack();

    // THEN
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(intake.deadLetterQueue), 'QueueName'] } },
      ],
      Statistic: 'Maximum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: logicalIdOf(operatorTopic) }],
      OKActions: [{ Ref: logicalIdOf(operatorTopic) }],
    });
    expect(intake.deadLetterAlarm).toBeDefined();
  });
});

describe('SpApiNotificationIntake: the handler function', () => {
  it('reads the queue with batch item failures reported, in small batches', () => {
    // GIVEN / WHEN
    const { intake, template } = intakeInStack();

    // THEN
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalIdOf(intake.queue), 'Arn'] },
      FunctionName: { Ref: logicalIdOf(intake.handler) },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 5,
      ScalingConfig: { MaximumConcurrency: 2 },
    });
  });

  it('runs on Node.js 24, arm64, traced, logging to its own log group, configured by environment', () => {
    // GIVEN / WHEN
    const { intake, alertTopic, ledgerTable, template } = intakeInStack({
      lwaTokenEndpoint: 'https://lwa.example.com/token',
    });

    // THEN
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Role: { 'Fn::GetAtt': [logicalIdOf(intake.role), 'Arn'] },
      LoggingConfig: { LogGroup: { Ref: logicalIdOf(intake.logGroup) } },
      Environment: {
        Variables: {
          ALERT_TOPIC_ARN: { Ref: logicalIdOf(alertTopic) },
          LEDGER_TABLE_NAME: { Ref: logicalIdOf(ledgerTable) },
          APP_TAG_KEY: 'lwa:app',
          CREDENTIAL_FIELDS: JSON.stringify({
            clientId: 'clientId',
            clientSecret: 'clientSecret',
            refreshToken: 'refreshToken',
          }),
          LWA_TOKEN_ENDPOINT: 'https://lwa.example.com/token',
          CLAIM_LEASE_SECONDS: '180',
          MAX_RECEIVE_COUNT: '5',
          POWERTOOLS_SERVICE_NAME: 'lwa-expiry-monitor',
          POWERTOOLS_METRICS_NAMESPACE: 'LwaExpiryMonitor',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  it("defaults the LWA endpoint to Amazon's", () => {
    const { template } = intakeInStack();
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ LWA_TOKEN_ENDPOINT: 'https://api.amazon.com/auth/o2/token' }),
      },
    });
  });
});

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
const BOTH_TAGS = { 'aws:ResourceTag/lwa:app': 'false', 'aws:ResourceTag/lwa:client-id': 'false' };
const COMMON_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:UpdateItem',
  'kms:Decrypt',
  'kms:GenerateDataKey*',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'secretsmanager:ListSecrets',
  'secretsmanager:TagResource',
  'sns:Publish',
  'sqs:ChangeMessageVisibility',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
  'sqs:ReceiveMessage',
  'xray:PutTelemetryRecords',
  'xray:PutTraceSegments',
];

describe('SpApiNotificationIntake: by default the role can read and write no secret value', () => {
  it('has the complete, expected action set: tags, claims, its queues, alerts; no value action', () => {
    // GIVEN / WHEN
    const { intake, template } = intakeInStack();

    // THEN
    const statements = statementsOfRole(template, logicalIdOf(intake.role));
    expect(actionsOf(statements)).toEqual(
      [...COMMON_ACTIONS, 'kms:GenerateDataKey', 'sqs:SendMessage'].sort(),
    );
    expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
    expect(intake.storeNewSecrets).toBe(false);
    for (const action of SECRET_VALUE_ACTIONS.filter((a) => a !== 'secretsmanager:TagResource')) {
      expect(
        statements.some((s) => asList(s.Action).some((pattern) => actionPatternGrants(pattern, action))),
      ).toBe(false);
    }
  });

  it('may send only to its own held-secrets queue, encrypted through SQS with the queue key', () => {
    // GIVEN / WHEN
    const { intake, template } = intakeInStack();
    const statements = statementsOfRole(template, logicalIdOf(intake.role));

    // THEN
    expect(statements.filter((s) => asList(s.Action).includes('sqs:SendMessage'))).toEqual([
      {
        Sid: 'HoldNewSecrets',
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: { 'Fn::GetAtt': [logicalIdOf(intake.heldSecretsQueue), 'Arn'] },
      },
    ]);
    expect(statements.find((s) => s.Sid === 'EncryptHeldNewSecrets')).toEqual(
      expect.objectContaining({
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: { 'Fn::GetAtt': [logicalIdOf(intake.key), 'Arn'] },
      }),
    );
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          STORE_NEW_SECRETS: 'false',
          HELD_QUEUE_URL: { Ref: logicalIdOf(intake.heldSecretsQueue) },
        }),
      },
    });
  });

  it('keeps held secrets 14 days, encrypted, refusing every other account', () => {
    // GIVEN / WHEN
    const { intake, template } = intakeInStack();

    // THEN
    template.hasResourceProperties('AWS::SQS::Queue', {
      MessageRetentionPeriod: 14 * 86_400,
      KmsMasterKeyId: { 'Fn::GetAtt': [logicalIdOf(intake.key), 'Arn'] },
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalIdOf(intake.heldSecretsQueue) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'RefuseOtherAccounts',
            Effect: 'Deny',
            Action: 'sqs:*',
            Condition: { StringNotEquals: { 'aws:PrincipalAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ]),
      },
    });
  });

  it('dates secrets carrying both the app tag and the client id tag, with lwa:expires-at only', () => {
    // GIVEN / WHEN
    const { intake, template } = intakeInStack();
    const statements = statementsOfRole(template, logicalIdOf(intake.role));

    // THEN
    expect(statements.filter((s) => asList(s.Action).includes('secretsmanager:TagResource'))).toEqual([
      {
        Sid: 'DateAppSecrets',
        Effect: 'Allow',
        Action: 'secretsmanager:TagResource',
        Resource: APP_SECRETS_ARN,
        Condition: { Null: BOTH_TAGS, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['lwa:expires-at'] } },
      },
    ]);
    // ... ListSecrets alone on "*"; the ledger only under notification#
    expect(
      statements.filter((s) => asList(s.Resource as string | string[]).includes('*')).map((s) => s.Action),
    ).toEqual(expect.arrayContaining(['secretsmanager:ListSecrets']));
    expect(statements.find((s) => s.Sid === 'NotificationClaimsAndClientRecords')).toEqual(
      expect.objectContaining({
        Action: ['dynamodb:UpdateItem', 'dynamodb:GetItem'],
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['notification#*'] } },
      }),
    );
  });

  it('takes no grant on the keys of app secrets while it stores nothing', () => {
    // GIVEN
    const secretsKey = kms.Key.fromKeyArn(
      new Stack(newTestApp(), 'Keys'),
      'SecretsKey',
      'arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555',
    );
    // WHEN
    const { intake, template } = intakeInStack({ secretEncryptionKeys: [secretsKey] });
    // THEN
    expect(JSON.stringify(statementsOfRole(template, logicalIdOf(intake.role)))).not.toContain(
      '11111111-2222-3333-4444-555555555555',
    );
  });
});

describe('SpApiNotificationIntake: with storeNewSecrets, exactly what storing and promoting needs', () => {
  it('has the complete, expected action set', () => {
    // GIVEN / WHEN
    const { intake, template } = intakeInStack({ storeNewSecrets: true });

    // THEN
    const statements = statementsOfRole(template, logicalIdOf(intake.role));
    expect(actionsOf(statements)).toEqual(
      [
        ...COMMON_ACTIONS,
        'secretsmanager:GetSecretValue',
        'secretsmanager:PutSecretValue',
        'secretsmanager:UpdateSecretVersionStage',
      ].sort(),
    );
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ STORE_NEW_SECRETS: 'true' }) },
    });
  });

  it('reads and writes values only of secrets with both tags, and moves only AWSCURRENT and AWSPENDING', () => {
    // GIVEN / WHEN
    const { intake, template } = intakeInStack({ storeNewSecrets: true });
    const statements = statementsOfRole(template, logicalIdOf(intake.role));

    // THEN
    const secretStatements = statements.filter((s) =>
      asList(s.Action).some((a) => SECRET_VALUE_ACTIONS.includes(a) && a !== 'secretsmanager:TagResource'),
    );
    expect(secretStatements).toEqual([
      {
        Sid: 'StoreClientSecretOfAppSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'],
        Resource: APP_SECRETS_ARN,
        Condition: { Null: BOTH_TAGS },
      },
      {
        Sid: 'PromoteClientSecretOfAppSecrets',
        Effect: 'Allow',
        Action: 'secretsmanager:UpdateSecretVersionStage',
        Resource: APP_SECRETS_ARN,
        Condition: {
          Null: BOTH_TAGS,
          StringEquals: { 'secretsmanager:VersionStage': ['AWSCURRENT', 'AWSPENDING'] },
        },
      },
    ]);
  });

  it('grants no secret-value action anywhere without both tag conditions', () => {
    // GIVEN / WHEN
    const { intake, template } = intakeInStack({ storeNewSecrets: true, appTagKey: 'sp-api:app' });
    const statements = statementsOfRole(template, logicalIdOf(intake.role));

    // THEN every statement that grants a value action, by name or by wildcard, carries the condition
    for (const action of SECRET_VALUE_ACTIONS) {
      const granting = statements.filter(
        (s) =>
          s.Effect === 'Allow' && asList(s.Action).some((pattern) => actionPatternGrants(pattern, action)),
      );
      expect(granting.length).toBeGreaterThan(0);
      for (const statement of granting) {
        expect(statement.Condition?.Null).toEqual({
          'aws:ResourceTag/sp-api:app': 'false',
          'aws:ResourceTag/lwa:client-id': 'false',
        });
      }
    }
    expect(statements.some((s) => asList(s.NotAction).length > 0)).toBe(false);
  });

  it('uses extra KMS keys of app secrets only through Secrets Manager', () => {
    // GIVEN a key imported by ARN (a literal ARN, so its own scope does not matter)
    const secretsKey = kms.Key.fromKeyArn(
      new Stack(newTestApp(), 'Keys'),
      'SecretsKey',
      'arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555',
    );

    // WHEN
    const { intake, template } = intakeInStack({ storeNewSecrets: true, secretEncryptionKeys: [secretsKey] });

    // THEN
    expect(statementsOfRole(template, logicalIdOf(intake.role))).toContainEqual({
      Sid: 'AppSecretKeysThroughSecretsManager',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
      Resource: 'arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555',
      Condition: {
        StringEquals: {
          'kms:ViaService': {
            'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.amazonaws.com']],
          },
        },
      },
    });
  });
});

describe('SpApiNotificationIntake: function settings', () => {
  it('passes custom credential field names to the function', () => {
    const { template } = intakeInStack({ credentialFields: { clientSecret: 'lwa_client_secret' } });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          CREDENTIAL_FIELDS: JSON.stringify({
            clientId: 'clientId',
            clientSecret: 'lwa_client_secret',
            refreshToken: 'refreshToken',
          }),
        }),
      },
    });
  });
});

describe('SpApiNotificationIntake: rejects bad props at construction', () => {
  it.each([
    [{ lwaTokenEndpoint: 'http://api.amazon.com/auth/o2/token' }, 'Invalid configuration "lwaTokenEndpoint"'],
    [{ lwaTokenEndpoint: 'not a url' }, 'expected an https:// URL'],
    [{ appTagKey: 'aws:app' }, 'Invalid configuration "appTagKey"'],
    [
      { batchSize: 11 },
      'Invalid configuration "batchSize": 11 is not valid; expected a whole number of messages from 1 to 10.',
    ],
    [
      { credentialFields: { clientSecret: 'clientId' } },
      'credentialFields: clientId, clientSecret and refreshToken must name three different fields, got {"clientId":"clientId","clientSecret":"clientId","refreshToken":"refreshToken"}',
    ],
  ])('rejects %j', (options, message) => {
    expect(() => intakeInStack(options as IntakeOptions)).toThrow(message);
  });
});

describe('SpApiNotificationIntake: passes the AWS Solutions cdk-nag checks', () => {
  it('reports no finding', () => {
    const { app } = intakeInStack();
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.violations).toEqual([]);
  });

  it('acknowledges exactly the findings that exist, each with a reason', () => {
    // GIVEN a pack that ignores acknowledgements (test-only: cdk-nag has no public switch for it)
    const { app, intake } = intakeInStack();
    const checks = new AwsSolutionsChecks(app);
    Object.defineProperty(checks, 'isAcknowledged', { value: () => false });

    // WHEN
    const raw = checks.validateScope(app).violations.map((violation) => violation.ruleName);

    // THEN
    const acknowledged = intake.node
      .findAll()
      .flatMap((construct) => construct.node.metadata)
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([id, reason]) => {
        expect(reason.length).toBeGreaterThan(40);
        return id.replace(/^annotation::/i, '');
      });
    expect([...raw].sort()).toEqual([...new Set(acknowledged)].sort());
  });
});
