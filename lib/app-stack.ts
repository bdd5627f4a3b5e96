import type { App } from 'aws-cdk-lib';
import { checkRecipients, monitorPropsFromContext, unknownConfigKeys } from './context-config';
import { LwaExpiryMonitorStack } from './lwa-expiry-monitor-stack';

export const STACK_NAME = 'LwaExpiryMonitor';

/** A configuration key nobody reads: most likely a typo of one that is. */
export class UnknownConfigKeysError extends Error {
  constructor(keys: readonly string[]) {
    super(
      `Unknown configuration key(s): ${keys.join(', ')}. Known keys are listed in docs/configuration.md.`,
    );
    this.name = 'UnknownConfigKeysError';
  }
}

/**
 * The stack `cdk synth` and `cdk deploy` build (bin/app.ts), configured from the app's context:
 * cdk.json and `-c key=value`. Also used by `npm run cost` to price the same stack.
 */
export function monitorStackFromContext(app: App): LwaExpiryMonitorStack {
  const unknown = unknownConfigKeys(app.node.getAllContext() as Record<string, unknown>);
  if (unknown.length > 0) throw new UnknownConfigKeysError(unknown);
  const read = (key: string): unknown => app.node.tryGetContext(key);
  const monitor = monitorPropsFromContext(read);
  checkRecipients(monitor, read);
  return new LwaExpiryMonitorStack(app, STACK_NAME, {
    description: 'lwa-expiry-monitor: alerts before Amazon LWA client secrets expire',
    monitor,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
}
