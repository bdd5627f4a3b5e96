/**
 * The monitor role's complete policy, as the deployed stack grants it (docs/security.md).
 *
 * Every statement that reaches the role is collected from the synthesized LwaExpiryMonitorStack:
 * its inline policies, every AWS::IAM::Policy, RolePolicy and ManagedPolicy attached to it, and
 * its managed policy ARNs. The statements are reduced to (action, resource kind, condition)
 * triples and compared with the expected set exactly, so that an added action, a widened
 * resource or a lost condition fails the test.
 */
import type { CfnElement } from 'aws-cdk-lib';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { IConstruct } from 'constructs';
import type { LwaExpiryMonitorStackProps } from '../../lib/lwa-expiry-monitor-stack';
import { LwaExpiryMonitorStack } from '../../lib/lwa-expiry-monitor-stack';
import type { IamStatement } from './cdk-test-app';
import { actionPatternGrants, allPolicyStatements, asList, newTestApp } from './cdk-test-app';

// The first synthesis in a worker loads much of aws-cdk-lib: seconds on a busy machine.
jest.setTimeout(30_000);

interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

interface Synthesized {
  readonly stack: LwaExpiryMonitorStack;
  readonly template: Template;
  readonly resources: Record<string, CfnResource>;
  readonly roleId: string;
}

function logicalIdOf(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}

function synthesize(props: LwaExpiryMonitorStackProps): Synthesized {
  const app = newTestApp();
  const stack = new LwaExpiryMonitorStack(app, 'LwaExpiryMonitor', props);
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, CfnResource>;
  return { stack, template, resources, roleId: logicalIdOf(stack.monitor.monitorRole) };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function statementsOf(document: unknown): IamStatement[] {
  const statements = (document as { Statement?: IamStatement | IamStatement[] } | undefined)?.Statement;
  return asList(statements);
}

/**
 * Every statement that applies to the role: inline, attached policy resources (by `Roles` or
 * `RoleName`), and managed policies named in `ManagedPolicyArns`. An AWS managed policy (an ARN
 * string) cannot be read here, so it is returned as an "external" marker that fails the test.
 */
function statementsReachingRole({ resources, roleId }: Synthesized): {
  statements: IamStatement[];
  external: unknown[];
} {
  const role = resources[roleId];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${roleId} is not a role`);
  const roleRef = { Ref: roleId };
  const statements: IamStatement[] = [];
  const external: unknown[] = [];
  for (const policy of asList(role.Properties?.Policies as { PolicyDocument: unknown }[] | undefined)) {
    statements.push(...statementsOf(policy.PolicyDocument));
  }
  for (const resource of Object.values(resources)) {
    const props = resource.Properties ?? {};
    const attached =
      asList(props.Roles as unknown[] | undefined).some((r) => same(r, roleRef)) ||
      same(props.RoleName, roleRef);
    if (
      attached &&
      ['AWS::IAM::Policy', 'AWS::IAM::RolePolicy', 'AWS::IAM::ManagedPolicy'].includes(resource.Type)
    ) {
      statements.push(...statementsOf(props.PolicyDocument));
    }
  }
  for (const arn of asList(role.Properties?.ManagedPolicyArns as unknown[] | undefined)) {
    const ref = (arn as { Ref?: string }).Ref;
    const managed = ref === undefined ? undefined : resources[ref];
    if (managed?.Type === 'AWS::IAM::ManagedPolicy')
      statements.push(...statementsOf(managed.Properties?.PolicyDocument));
    else external.push(arn);
  }
  return { statements, external };
}

const SECRETS_OF_THIS_ACCOUNT_AND_REGION = {
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

/** Names what a statement's resource is, in this stack's terms; anything else is "unexpected". */
function resourceKind(resource: unknown, synthesized: Synthesized, givenKeyArn?: string): string {
  const { monitor } = synthesized.stack;
  if (resource === '*') return '*';
  if (givenKeyArn !== undefined && resource === givenKeyArn) return 'the given topic key';
  const kinds: [string, unknown][] = [
    ['the ledger table', { 'Fn::GetAtt': [logicalIdOf(monitor.ledgerTable), 'Arn'] }],
    ['the alert topic', { Ref: logicalIdOf(monitor.topic) }],
    ['the log group', { 'Fn::GetAtt': [logicalIdOf(monitor.logGroup), 'Arn'] }],
    ['secrets of this account and region', SECRETS_OF_THIS_ACCOUNT_AND_REGION],
    [
      'the default event bus',
      Stack.of(monitor).resolve(
        Stack.of(monitor).formatArn({ service: 'events', resource: 'event-bus', resourceName: 'default' }),
      ),
    ],
  ];
  if (givenKeyArn === undefined)
    kinds.push(['the topic key', { 'Fn::GetAtt': [logicalIdOf(monitor.topicKey), 'Arn'] }]);
  return kinds.find(([, shape]) => same(resource, shape))?.[0] ?? `unexpected ${JSON.stringify(resource)}`;
}

/** `action → resource kind [if condition]`, one line per action and resource, sorted. */
function grants(synthesized: Synthesized, givenKeyArn?: string): string[] {
  return statementsReachingRole(synthesized)
    .statements.flatMap((statement) =>
      asList(statement.Action).flatMap((action) =>
        asList(statement.Resource).map((resource) => {
          const condition = statement.Condition ? ` if ${JSON.stringify(statement.Condition)}` : '';
          return `${statement.Effect ?? '?'} ${action} → ${resourceKind(resource, synthesized, givenKeyArn)}${condition}`;
        }),
      ),
    )
    .sort();
}

const TAG_CONDITION = (tagKey: string) => ` if {"Null":{"aws:ResourceTag/${tagKey}":"false"}}`;

const OWN_LEDGER_KEYS = {
  'ForAllValues:StringLike': {
    'dynamodb:LeadingKeys': [
      {
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
      },
      '#lease/monitor',
    ],
  },
};

const MONITOR_EVENTS = {
  StringEquals: {
    'events:source': 'lwa-expiry-monitor',
    'events:detail-type': [
      'LWA Credential Threshold Crossed',
      'LWA Credential Expired',
      'LWA Credential Resolved',
    ],
  },
};

function expectedGrants(tagKey: string, key: string): string[] {
  return [
    // Writes only its own items: one per secret (keyed by its ARN) and the run lease
    `Allow dynamodb:PutItem → the ledger table if ${JSON.stringify(OWN_LEDGER_KEYS)}`,
    'Allow dynamodb:Scan → the ledger table',
    `Allow kms:Decrypt → ${key}`,
    `Allow kms:GenerateDataKey* → ${key}`,
    'Allow logs:CreateLogStream → the log group',
    'Allow logs:PutLogEvents → the log group',
    `Allow secretsmanager:ListSecretVersionIds → secrets of this account and region${TAG_CONDITION(tagKey)}`,
    'Allow secretsmanager:ListSecrets → *',
    'Allow sns:Publish → the alert topic',
    // Its own events only, on the default bus (docs/events.md)
    `Allow events:PutEvents → the default event bus if ${JSON.stringify(MONITOR_EVENTS)}`,
    'Allow xray:PutTelemetryRecords → *',
    'Allow xray:PutTraceSegments → *',
  ].sort();
}

/** Actions that read or change a secret's value or its tags, or reach beyond metadata. */
const FORBIDDEN_ACTIONS = [
  'secretsmanager:GetSecretValue',
  'secretsmanager:BatchGetSecretValue',
  'secretsmanager:PutSecretValue',
  'secretsmanager:UpdateSecret',
  'secretsmanager:RotateSecret',
  'secretsmanager:DeleteSecret',
  'secretsmanager:TagResource',
  'secretsmanager:GetResourcePolicy',
  // The ledger is read with Scan and written with conditional PutItem only; nothing is deleted.
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:DeleteTable',
  'kms:Encrypt',
  'iam:PassRole',
];

let defaults: Synthesized;

beforeAll(() => {
  defaults = synthesize({
    monitor: { alertEmails: ['ops@example.com'], alertPhoneNumbers: ['+15555550100'] },
  });
});

describe('Monitor role: its complete policy is exactly what the monitor needs', () => {
  it('grants exactly these actions on these resources, and nothing else', () => {
    // GIVEN the stack as bin/app.ts deploys it, with email and SMS subscriptions

    // WHEN every statement reaching the monitor role is reduced to its grants
    const actual = grants(defaults);

    // THEN they are exactly the expected set
    expect(actual).toEqual(expectedGrants('lwa:app', 'the topic key'));
  });

  it('reads no managed policy it cannot see, and uses no Deny, NotAction or NotResource', () => {
    // GIVEN the default stack

    // WHEN the role's statements and managed policies are collected
    const { statements, external } = statementsReachingRole(defaults);

    // THEN there is no managed policy from outside the template (e.g. AWSLambdaBasicExecutionRole)
    expect(external).toEqual([]);
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.filter((s) => s.Effect !== 'Allow' || s.NotAction !== undefined)).toEqual([]);
    expect(statements.filter((s) => 'NotResource' in s)).toEqual([]);
  });

  it('has no "*" action, and no action pattern that reaches a secret value or a write outside its table and topic', () => {
    // GIVEN the default stack

    // WHEN the role's action patterns are listed
    const actions = statementsReachingRole(defaults).statements.flatMap((s) => asList(s.Action));

    // THEN none is a wildcard and none grants a forbidden action
    expect(actions.filter((action) => action.includes('*') && action !== 'kms:GenerateDataKey*')).toEqual([]);
    const reached = FORBIDDEN_ACTIONS.filter((forbidden) =>
      actions.some((a) => actionPatternGrants(a, forbidden)),
    );
    expect(reached).toEqual([]);
  });

  it('is the role of the monitor function, assumable by Lambda only, and named by no resource policy', () => {
    // GIVEN the default stack
    const { resources, roleId, template, stack } = defaults;

    // WHEN the function, the trust policy and every resource policy are read
    const fn = resources[logicalIdOf(stack.monitor.monitorFunction)];
    const trust = resources[roleId]?.Properties?.AssumeRolePolicyDocument;
    const namingRole = allPolicyStatements(template).filter(
      (s) => s.Principal !== undefined && JSON.stringify(s.Principal).includes(roleId),
    );

    // THEN nothing grants the role more than its own policy does
    expect(fn?.Properties?.Role).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    expect(trust).toEqual({
      Statement: [
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
      ],
      Version: '2012-10-17',
    });
    expect(namingRole).toEqual([]);
  });

  it('cannot publish to the operator topic, which only CloudWatch alarms use', () => {
    // GIVEN the default stack
    const operatorTopic = { Ref: logicalIdOf(defaults.stack.monitor.operatorTopic) };

    // WHEN the resources of the role's statements are listed
    const resources = statementsReachingRole(defaults).statements.flatMap((s) => asList(s.Resource));

    // THEN the operator topic is not among them
    expect(resources.filter((resource) => same(resource, operatorTopic))).toEqual([]);
  });
});

describe('Monitor role: follows the configured tag key and a given topic key', () => {
  it('conditions ListSecretVersionIds on the custom tag and scopes kms to the given key', () => {
    // GIVEN a custom app tag key and a customer-managed key from elsewhere
    const app = newTestApp();
    const keyStack = new Stack(app, 'Keys');
    const keyArn = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const synthesized = synthesize({
      monitor: { appTagKey: 'sp-api:app', topicKey: kms.Key.fromKeyArn(keyStack, 'Given', keyArn) },
    });

    // WHEN the role's grants are listed
    const actual = grants(synthesized, keyArn);

    // THEN only the condition's tag key and the key resource differ from the defaults
    expect(actual).toEqual(expectedGrants('sp-api:app', 'the given topic key'));
  });
});
