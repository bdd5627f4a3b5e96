import { Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AutoRotation } from '../../lib/auto-rotation';
import { LiveCheck } from '../../lib/live-check';
import { WebhookForwarder } from '../../lib/webhook-forwarder';

import { monitorStack, rotationStack, liveCheckStack, webhookStack } from './support/automation-stacks';

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
