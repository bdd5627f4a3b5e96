import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { App } from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { LwaExpiryMonitorStackProps } from '../../lib/lwa-expiry-monitor-stack';
import { LwaExpiryMonitorStack } from '../../lib/lwa-expiry-monitor-stack';
import { newTestApp } from './cdk-test-app';

// The first synthesis in a worker loads much of aws-cdk-lib: seconds on a busy CI machine.
jest.setTimeout(30_000);

const MONITOR_PROPS: LwaExpiryMonitorStackProps = {
  monitor: { alertEmails: ['ops@example.com'], alertPhoneNumbers: ['+15555550100'] },
};

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

function readReport(app: App): ValidationReport {
  return JSON.parse(
    readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8'),
  ) as ValidationReport;
}

describe('LwaExpiryMonitorStack: wires one monitor and outputs what an operator needs', () => {
  it('outputs the alert topic ARN, the ledger table name and the function name', () => {
    // GIVEN the stack
    const app = newTestApp();
    const stack = new LwaExpiryMonitorStack(app, 'Stack', MONITOR_PROPS);

    // WHEN it is synthesized
    const template = Template.fromStack(stack);

    // THEN each output refers to the monitor's resource
    const ref = (construct: { node: { defaultChild?: unknown } }) => ({
      Ref: stack.getLogicalId(construct.node.defaultChild as never),
    });
    template.hasOutput('AlertTopicArn', { Value: ref(stack.monitor.topic) });
    template.hasOutput('LedgerTableName', { Value: ref(stack.monitor.ledgerTable) });
    template.hasOutput('MonitorFunctionName', { Value: ref(stack.monitor.monitorFunction) });
  });

  it('hard-codes no account id or region', () => {
    // GIVEN the stack without an env
    const app = newTestApp();
    const stack = new LwaExpiryMonitorStack(app, 'Stack', MONITOR_PROPS);

    // WHEN it is synthesized
    const json = JSON.stringify(Template.fromStack(stack).toJSON());

    // THEN no 12-digit account id or region name appears; pseudo parameters are used instead
    expect(json).not.toMatch(/\b\d{12}\b/);
    expect(json).not.toMatch(/\b(us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d\b/);
    expect(json).toContain('AWS::AccountId');
  });

  it('passes stack props such as the description through', () => {
    // GIVEN a description WHEN the stack is synthesized THEN the template carries it
    const app = newTestApp();
    const stack = new LwaExpiryMonitorStack(app, 'Stack', { ...MONITOR_PROPS, description: 'lwa test' });
    expect(Template.fromStack(stack).toJSON()).toMatchObject({ Description: 'lwa test' });
  });

  it('holds the schedule, function, encrypted topic with both subscriptions, ledger and outputs', () => {
    // GIVEN the configuration of the acceptance check (one email, one phone number)
    const app = newTestApp();
    const stack = new LwaExpiryMonitorStack(app, 'Stack', MONITOR_PROPS);

    // WHEN it is synthesized
    const template = Template.fromStack(stack);

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
      FilterPolicy: { severity: ['7-day', '1-day', 'expired'] },
    });
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    expect(Object.keys(template.findOutputs('*'))).toEqual(
      expect.arrayContaining(['AlertTopicArn', 'LedgerTableName', 'MonitorFunctionName']),
    );
  });
});

describe('LwaExpiryMonitorStack: passes the AWS Solutions cdk-nag checks', () => {
  it('synthesizes with zero unacknowledged findings', () => {
    // GIVEN the stack with the AWS Solutions pack, registered as bin/app.ts does
    const app = newTestApp();
    new LwaExpiryMonitorStack(app, 'Stack', MONITOR_PROPS);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    // WHEN the app is synthesized (a finding would make this throw)
    app.synth();

    // THEN the validation report holds no finding of any severity
    expect(readReport(app).pluginReports.flatMap((report) => report.violations)).toEqual([]);
  });

  it('reports no warning-level finding either', () => {
    // GIVEN the stack and the pack, run directly on the construct tree
    const app = newTestApp();
    new LwaExpiryMonitorStack(app, 'Stack', MONITOR_PROPS);

    // WHEN the pack validates the tree
    const report = new AwsSolutionsChecks(app).validateScope(app);

    // THEN it succeeds with nothing reported
    expect(report.violations).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('acknowledges exactly the findings that exist: no stale and no missing acknowledgement', () => {
    // GIVEN the stack, and a pack that ignores every acknowledgement
    const app = newTestApp();
    new LwaExpiryMonitorStack(app, 'Stack', MONITOR_PROPS);
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
