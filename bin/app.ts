#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CredentialFieldsError } from '../lambda/sp-api/credential-fields';
import { ConfigError, checkRecipients, monitorPropsFromContext, unknownConfigKeys } from '../lib/config';
import { LwaExpiryMonitorStack } from '../lib/lwa-expiry-monitor-stack';

const app = new App();
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
