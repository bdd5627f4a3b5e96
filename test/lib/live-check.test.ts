import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import type { LiveCheckProps } from '../../lib/live-check';
import { LiveCheck } from '../../lib/live-check';
import { statementsOfRole } from './cdk-test-app';
import {
  logicalIdOf,
  monitorStack,
  liveCheckStack,
  actionsOf,
  statementWith,
} from './support/automation-stacks';

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
