/**
 * Run by test/lib/cloudformation-validation.test.ts in a child process: aws-cdk-lib's
 * CloudFormation validation plugin (the one `new App()` runs by default) on the stack with every
 * opt-in on, and on a template with a known mistake. Prints both reports as JSON. A child process,
 * because the plugin's WebAssembly engine keeps a jest worker from exiting cleanly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Stage } from 'aws-cdk-lib';
import { App, CfnResource, CloudFormationValidatePlugin, Stack } from 'aws-cdk-lib';
import { LwaExpiryMonitorStack } from '../../../lib/lwa-expiry-monitor-stack';

const outdir = mkdtempSync(path.join(tmpdir(), 'lwa-cfn-validate-'));
const plugin = new CloudFormationValidatePlugin();

function newApp(name: string): App {
  return new App({
    outdir: path.join(outdir, name),
    context: { 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: false,
  });
}

function validate(app: Stage, stack: Stack) {
  const template = app.synth().getStackByName(stack.stackName);
  return plugin.validate({
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
}

try {
  const stackApp = newApp('stack');
  const stack = new LwaExpiryMonitorStack(stackApp, 'LwaExpiryMonitor', {
    monitor: {
      alertEmails: ['ops@example.com'],
      alertPhoneNumbers: ['+15555550100'],
      storeNewSecrets: true,
      autoRotation: {},
      liveCheck: {},
      webhooks: true,
    },
  });
  const brokenApp = newApp('broken');
  const broken = new Stack(brokenApp, 'Broken');
  // A queue whose retention period is not a number.
  new CfnResource(broken, 'Queue', {
    type: 'AWS::SQS::Queue',
    properties: { MessageRetentionPeriod: { not: 'a number' } },
  });
  console.log(JSON.stringify({ stack: validate(stackApp, stack), broken: validate(brokenApp, broken) }));
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
