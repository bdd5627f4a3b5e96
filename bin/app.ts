#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CredentialFieldsError } from '../lambda/sp-api/credential-fields';
import { ConfigError, checkRecipients, monitorPropsFromContext, unknownConfigKeys } from '../lib/config';
import { LwaExpiryMonitorStack } from '../lib/lwa-expiry-monitor-stack';

/**
 * aws-cdk-lib's built-in CloudFormation validation reports nothing for this stack (a test checks
 * that, with CDK_VALIDATION=true) and took more than half of every `cdk synth`; it runs only when
 * asked for. The cdk-nag checks below run on every synth either way.
 */
const app = new App({ builtinCloudFormationValidation: process.env.CDK_VALIDATION === 'true' });
try {
  const unknown = unknownConfigKeys(app.node.getAllContext() as Record<string, unknown>);
  if (unknown.length > 0) {
    throw new Error(
      `Unknown configuration key(s): ${unknown.join(', ')}. Known keys are listed in docs/configuration.md.`,
    );
  }
  const read = (key: string): unknown => app.node.tryGetContext(key);
  const monitor = monitorPropsFromContext(read);
  checkRecipients(monitor, read);
  new LwaExpiryMonitorStack(app, 'LwaExpiryMonitor', {
    description: 'lwa-expiry-monitor: alerts before Amazon LWA client secrets expire',
    monitor,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
} catch (error: unknown) {
  const userError =
    error instanceof ConfigError ||
    error instanceof CredentialFieldsError ||
    (error instanceof Error && error.message.startsWith('Unknown configuration'));
  if (userError) {
    // A user error: the message says everything; a stack trace would only hide it.
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
