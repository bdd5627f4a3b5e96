import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { parseWholeNumber } from '../contract/config-rules';
import type { AutomationBaseProps, AutomationOptions } from './automation-config';
import { ConfigError } from './validation';

/** Concurrent invocations the webhook forwarder may use at most (reserved concurrency). */
export const WEBHOOK_FORWARDER_CONCURRENCY = 2;

/** Options of the webhook channel a caller of the monitor may set (`LwaExpiryMonitorProps.webhooks`). */
export interface WebhookForwarderOptions extends AutomationOptions {
  /**
   * Secret holding the webhook URLs as JSON, such as
   * `{"slack":["https://hooks.slack.com/services/..."],"teams":[],"teamsWorkflows":[],"chime":[]}`.
   * Must be known by its complete ARN (a secret of this app, or `Secret.fromSecretCompleteArn`):
   * the forwarder may read exactly that secret and no other.
   * @default - a new secret holding `{}`; put the URLs into it after deployment
   */
  readonly webhookSecret?: secretsmanager.ISecret;
  /**
   * Attempts per webhook and invocation (the first included), with exponential backoff.
   * @default 4
   */
  readonly maxAttempts?: number;
  /**
   * How long the webhook URLs read from the secret are reused before it is read again.
   * @default Duration.minutes(5)
   */
  readonly cacheDuration?: Duration;
}

/** Props of the webhook forwarder on its own: its options and the monitor's resources. */
export interface WebhookForwarderProps extends AutomationBaseProps, WebhookForwarderOptions {
  /**
   * The monitor's ledger table, for delivery receipts (a retried invocation then posts only to
   * the webhooks that failed).
   * @default - no receipts: a retried invocation posts again to every webhook
   */
  readonly ledgerTable?: dynamodb.ITable;
}

/** Resolved configuration of the webhook forwarder, every default applied and validated. */
export interface ResolvedWebhookConfig {
  readonly maxAttempts: number;
  readonly cacheSeconds: number;
}

export function resolveWebhookConfig(props: WebhookForwarderProps): ResolvedWebhookConfig {
  if (props.webhookSecret && props.webhookSecret.secretFullArn === undefined) {
    throw new ConfigError(
      'webhookSecret',
      props.webhookSecret.secretName,
      'a secret known by its complete ARN (a Secret of this app, or Secret.fromSecretCompleteArn): the forwarder may read exactly that secret',
    );
  }
  return {
    maxAttempts: parseWholeNumber('maxAttempts', props.maxAttempts ?? 4, 1, 8, 'attempts'),
    cacheSeconds: parseWholeNumber(
      'cacheDuration',
      (props.cacheDuration ?? Duration.minutes(5)).toSeconds({ integral: false }),
      0,
      3600,
      'seconds',
    ),
  };
}
