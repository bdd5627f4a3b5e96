import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { AutoRotationProps } from '../../lib/auto-rotation';
import { AutoRotation } from '../../lib/auto-rotation';
import { actionPatternGrants, statementsOfRole } from './cdk-test-app';
import {
  logicalIdOf,
  monitorStack,
  rotationStack,
  grants,
  actionsOf,
  statementWith,
  APP_SECRETS_ARN,
} from './support/automation-stacks';

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
      { scope: 'some' },
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
