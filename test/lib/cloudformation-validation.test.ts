/**
 * bin/app.ts turns aws-cdk-lib's built-in CloudFormation validation off (it took more than half
 * of every synth): these tests run that same validation, its plugin called directly, on the stack
 * with every opt-in on, and show it finds nothing there while it does find a broken template.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, CfnResource, CloudFormationValidatePlugin, Stack } from 'aws-cdk-lib';
import type { Stage } from 'aws-cdk-lib';
import type { LwaExpiryMonitorProps } from '../../lib/lwa-expiry-monitor';
import { LwaExpiryMonitorStack } from '../../lib/lwa-expiry-monitor-stack';

// Schema validation of a whole stack, with aws-cdk-lib loaded fresh in this worker: seconds, and
// several times that on a busy machine. Only a backstop: nothing here measures speed.
jest.setTimeout(300_000);

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

/** One plugin for every test: it loads its schemas and rules once. */
const plugin = new CloudFormationValidatePlugin();

function validate(app: Stage, stack: Stack) {
  const template = app.synth().getStackByName(stack.stackName);
  const report = plugin.validate({
    templatePaths: [template.templateFullPath],
    stackTemplates: [
      {
        stackConstructPath: stack.node.path,
        templatePath: template.templateFullPath,
        accountId: undefined,
        region: undefined,
      },
    ],
    appConstruct: app,
  });
  return report;
}

function appWithOutdir(): App {
  const outdir = mkdtempSync(path.join(tmpdir(), 'lwa-cfn-validate-'));
  outdirs.push(outdir);
  return new App({
    outdir,
    context: { 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: false,
  });
}

describe('aws-cdk-lib CloudFormation validation, which bin/app.ts leaves off', () => {
  it('reports nothing for the stack with every opt-in on (every resource the defaults have, and more)', () => {
    // GIVEN the stack bin/app.ts deploys with every opt-in WHEN the validation plugin reads its template
    const monitor: LwaExpiryMonitorProps = {
      alertEmails: ['ops@example.com'],
      alertPhoneNumbers: ['+15555550100'],
      storeNewSecrets: true,
      autoRotation: {},
      liveCheck: {},
      webhooks: true,
    };
    const app = appWithOutdir();
    const stack = new LwaExpiryMonitorStack(app, 'LwaExpiryMonitor', { monitor });
    const report = validate(app, stack);

    // THEN it passes with no finding of any severity
    expect(report.violations).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('reports a resource whose property has the wrong type (the check can fail)', () => {
    // GIVEN a queue whose retention period is not a number
    const app = appWithOutdir();
    const stack = new Stack(app, 'Broken');
    new CfnResource(stack, 'Queue', {
      type: 'AWS::SQS::Queue',
      properties: { MessageRetentionPeriod: { not: 'a number' } },
    });

    // WHEN it is validated THEN the finding names the resource
    const report = validate(app, stack);
    expect(report.violations).not.toEqual([]);
    expect(JSON.stringify(report.violations)).toContain('Queue');
  });
});
