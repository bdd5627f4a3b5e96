import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { App } from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import type { LwaExpiryMonitorStackProps } from '../../lib/lwa-expiry-monitor-stack';
import { LwaExpiryMonitorStack } from '../../lib/lwa-expiry-monitor-stack';
import { AMAZON_NOTIFICATIONS_ACCOUNT } from '../../lib/notification-intake-config';
import type { IamStatement } from './cdk-test-app';
import {
  allPolicyStatements,
  defined,
  logicalIdOf,
  monitorStackInApp,
  newTestApp,
  resolveTokens,
} from './cdk-test-app';

// The first synthesis in a worker loads much of aws-cdk-lib: seconds on a busy CI machine.
jest.setTimeout(30_000);

const MONITOR_PROPS: LwaExpiryMonitorStackProps = {
  monitor: { alertEmails: ['ops@example.com'], alertPhoneNumbers: ['+15555550100'] },
};

/** The acceptance configuration with every opt-in on. */
const ALL_OPT_INS: LwaExpiryMonitorStackProps = {
  monitor: {
    ...MONITOR_PROPS.monitor,
    storeNewSecrets: true,
    autoRotation: {},
    liveCheck: {},
    webhooks: true,
  },
};

type Synthesized = ReturnType<typeof monitorStackInApp>;

/** Read-only tests share one synthesis per variant. */
let defaults: Synthesized;
let allOptIns: Synthesized;

beforeAll(() => {
  defaults = monitorStackInApp(MONITOR_PROPS.monitor);
  allOptIns = monitorStackInApp(ALL_OPT_INS.monitor);
});

interface ValidationReport {
  readonly pluginReports: {
    readonly pluginName: string;
    readonly conclusion: string;
    readonly violations: {
      readonly ruleName: string;
      readonly violatingConstructs: { constructPath: string }[];
    }[];
  }[];
}

function withoutPrincipal(statement: IamStatement): IamStatement {
  const { Principal: _principal, ...rest } = statement;
  return rest;
}

function readReport(app: App): ValidationReport {
  return JSON.parse(
    readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8'),
  ) as ValidationReport;
}

describe('LwaExpiryMonitorStack: wires one monitor and outputs what an operator needs', () => {
  it('outputs the topics, the ledger, the dashboard, the notification queue and the function name', () => {
    // GIVEN the stack, synthesized once for this file
    const { stack, template } = defaults;
    const { monitor } = stack;
    const intake = defined(monitor.notificationIntake, 'the notification intake');

    // THEN each output refers to the monitor's resource, and there is no webhook output
    const ref = (construct: IConstruct) => ({ Ref: logicalIdOf(construct) });
    template.hasOutput('AlertTopicArn', { Value: ref(monitor.topic) });
    template.hasOutput('OperatorTopicArn', { Value: ref(monitor.operatorTopic) });
    template.hasOutput('LedgerTableName', { Value: ref(monitor.ledgerTable) });
    template.hasOutput('MonitorFunctionName', { Value: ref(monitor.monitorFunction) });
    template.hasOutput('NotificationQueueArn', {
      Value: { 'Fn::GetAtt': [logicalIdOf(intake.queue), 'Arn'] },
    });
    template.hasOutput('NotificationQueueUrl', { Value: ref(intake.queue) });
    template.hasOutput('HeldSecretsQueueUrl', { Value: ref(intake.heldSecretsQueue) });
    // Storing new secrets is an opt-in: off by default
    template.hasOutput('StoreNewSecrets', { Value: 'false' });
    expect(Object.keys(template.findOutputs('*')).sort()).toEqual([
      'AlertTopicArn',
      'DashboardUrl',
      'HeldSecretsQueueUrl',
      'LedgerTableName',
      'MonitorFunctionName',
      'NotificationQueueArn',
      'NotificationQueueUrl',
      'OperatorTopicArn',
      'StoreNewSecrets',
    ]);
  });

  it("outputs the console address of the monitor's dashboard", () => {
    // GIVEN the stack, synthesized once for this file
    const { stack, template } = defaults;

    // WHEN the DashboardUrl output is resolved
    const output = defined(template.findOutputs('DashboardUrl').DashboardUrl, 'the DashboardUrl output');

    // THEN it opens the dashboard in the stack's region
    const dashboard = logicalIdOf(stack.monitor.observability.dashboard);
    expect(resolveTokens(output.Value)).toBe(
      `https://\${AWS::Region}.console.aws.amazon.com/cloudwatch/home?region=\${AWS::Region}#dashboards/dashboard/\${${dashboard}}`,
    );
  });

  it('outputs the webhook secret ARN when the webhooks are on', () => {
    // GIVEN the stack with every opt-in, synthesized once for this file
    const { stack, template } = allOptIns;
    const forwarder = defined(stack.monitor.webhookForwarder, 'the webhook forwarder');

    // THEN WebhookSecretArn names the secret the forwarder reads, beside the notification queue
    template.hasOutput('WebhookSecretArn', { Value: { Ref: logicalIdOf(forwarder.webhookSecret) } });
    template.hasOutput('NotificationQueueArn', {});
  });

  it('outputs no notification queue without the notification intake', () => {
    // GIVEN the stack with notificationIntake false
    const { template } = monitorStackInApp({ ...MONITOR_PROPS.monitor, notificationIntake: false });

    // THEN the queue output is gone and the others remain
    expect(Object.keys(template.findOutputs('*')).sort()).toEqual([
      'AlertTopicArn',
      'DashboardUrl',
      'LedgerTableName',
      'MonitorFunctionName',
      'OperatorTopicArn',
    ]);
  });

  it.each([
    ['by default', () => defaults],
    ['with every opt-in', () => allOptIns],
  ])("hard-codes no account id but Amazon's notification account, and no region (%s)", (_name, variant) => {
    // GIVEN the stack without an env, synthesized once for this file
    const { template } = variant();

    // WHEN the 12-digit numbers of the template, and the statements naming one, are listed
    const json = JSON.stringify(template.toJSON());
    const accountIds = new Set(json.match(/\b\d{12}\b/g) ?? []);
    const naming = allPolicyStatements(template).filter((statement) =>
      JSON.stringify(statement).includes(AMAZON_NOTIFICATIONS_ACCOUNT),
    );

    // THEN the only one is Amazon's SP-API notification account, and only as the principal of the
    // queue policy and the queue key policy; pseudo parameters are used for everything else
    expect(AMAZON_NOTIFICATIONS_ACCOUNT).toBe('437568002678');
    expect([...accountIds]).toEqual(['437568002678']);
    expect(naming.map((statement) => statement.Sid)).toEqual([
      'AllowAmazonSellingPartnerNotifications',
      'AllowAmazonSellingPartnerNotifications',
      // The queue refuses every account but Amazon's and its own.
      'RefuseOtherSenders',
    ]);
    for (const statement of naming.filter((s) => s.Effect !== 'Deny')) {
      expect(JSON.stringify(withoutPrincipal(statement))).not.toContain(AMAZON_NOTIFICATIONS_ACCOUNT);
    }
    // ... and in the deny, as the one other account allowed to send, beside this stack's own
    const deny = naming.find((s) => s.Effect === 'Deny');
    expect(deny?.Condition).toEqual({
      StringNotEquals: { 'aws:PrincipalAccount': [AMAZON_NOTIFICATIONS_ACCOUNT, { Ref: 'AWS::AccountId' }] },
    });
    expect(json).not.toMatch(/\b(us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d\b/);
    expect(json).toContain('AWS::AccountId');
  });

  it('hard-codes no account id at all without the notification intake', () => {
    // GIVEN the stack without the intake WHEN it is synthesized
    const { template } = monitorStackInApp({ ...MONITOR_PROPS.monitor, notificationIntake: false });

    // THEN no 12-digit number appears
    expect(JSON.stringify(template.toJSON())).not.toMatch(/\b\d{12}\b/);
  });

  it('passes stack props such as the description through', () => {
    // GIVEN a description WHEN the stack is synthesized THEN the template carries it
    const app = newTestApp();
    const stack = new LwaExpiryMonitorStack(app, 'Stack', { ...MONITOR_PROPS, description: 'lwa test' });
    expect(Template.fromStack(stack).toJSON()).toMatchObject({ Description: 'lwa test' });
  });

  it('holds the schedule, function, encrypted topic with both subscriptions, ledger and outputs', () => {
    // GIVEN the configuration of the acceptance check (one email, one phone number), synthesized once
    const { template } = defaults;

    // THEN every piece the issue names is present
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 hour)' });
    template.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x' });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sms',
      Endpoint: '+15555550100',
      FilterPolicy: {
        severity: [
          '7-day',
          '1-day',
          'expired',
          'verification-failed',
          'secret-rejected',
          'rotation-failed',
          'test',
        ],
      },
    });
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    expect(Object.keys(template.findOutputs('*'))).toEqual(
      expect.arrayContaining(['AlertTopicArn', 'LedgerTableName', 'MonitorFunctionName']),
    );
  });
});

describe.each([
  ['the default stack', MONITOR_PROPS],
  ['every opt-in on (automatic rotation, live check, webhooks)', ALL_OPT_INS],
  ['the notification intake off', { monitor: { ...MONITOR_PROPS.monitor, notificationIntake: false } }],
])('LwaExpiryMonitorStack with %s: passes the AWS Solutions cdk-nag checks', (_name, props) => {
  it('synthesizes with zero unacknowledged findings', () => {
    // GIVEN the stack with the AWS Solutions pack, registered as bin/app.ts does
    const app = newTestApp();
    new LwaExpiryMonitorStack(app, 'Stack', props);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    // WHEN the app is synthesized (a finding would make this throw)
    app.synth();

    // THEN the validation report holds no finding of any severity
    expect(readReport(app).pluginReports.flatMap((report) => report.violations)).toEqual([]);
  });

  it('reports no warning-level finding either', () => {
    // GIVEN the stack and the pack, run directly on the construct tree
    const app = newTestApp();
    new LwaExpiryMonitorStack(app, 'Stack', props);

    // WHEN the pack validates the tree
    const report = new AwsSolutionsChecks(app).validateScope(app);

    // THEN it succeeds with nothing reported
    expect(report.violations).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('acknowledges exactly the findings that exist: no stale and no missing acknowledgement', () => {
    // GIVEN the stack, and a pack that ignores every acknowledgement
    const app = newTestApp();
    new LwaExpiryMonitorStack(app, 'Stack', props);
    const checks = new AwsSolutionsChecks(app);
    // Test-only: cdk-nag has no public switch to list acknowledged findings, so its private
    // acknowledgement lookup is replaced to see every raw finding.
    Object.defineProperty(checks, 'isAcknowledged', { value: () => false });

    // WHEN the pack validates the tree
    const rawFindings = checks.validateScope(app).violations.map((violation) => violation.ruleName);

    // THEN the raw findings are exactly the acknowledged ones, each with a reason
    const acknowledged = app.node
      .findAll()
      .flatMap((construct) => construct.node.metadata)
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([id, reason]) => {
        expect(reason.length).toBeGreaterThan(20);
        return id.replace(/^annotation::/i, '');
      });
    expect([...rawFindings].sort()).toEqual([...new Set(acknowledged)].sort());
    expect(rawFindings.length).toBeGreaterThan(0);
  });
});

describe('LwaExpiryMonitorStack: a cdk-nag finding fails synthesis', () => {
  it('fails synthesis on a finding that is not acknowledged (the check can fail)', () => {
    // GIVEN the stack plus a queue that breaks two AWS Solutions rules, unacknowledged
    const app = newTestApp();
    const stack = new LwaExpiryMonitorStack(app, 'Stack', MONITOR_PROPS);
    new sqs.Queue(stack, 'UnreviewedQueue');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    // WHEN the app is synthesized
    const synth = () => app.synth();

    // THEN synthesis fails naming both rules, and the report lists them for that construct only
    expect(synth).toThrow(/AwsSolutions-SQS3[\s\S]*AwsSolutions-SQS4[\s\S]*validation-report\.json/);
    const violations = readReport(app).pluginReports.flatMap((report) => report.violations);
    expect(violations.map((violation) => violation.ruleName).sort()).toEqual([
      'AwsSolutions-SQS3',
      'AwsSolutions-SQS4',
    ]);
    expect(violations[0]?.violatingConstructs[0]?.constructPath).toBe('Stack/UnreviewedQueue/Resource');
  });
});
