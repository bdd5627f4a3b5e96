import { parseWholeNumber, validateTagKey } from '../contract/config-rules';
import type { CredentialFieldNames, CredentialFieldOverrides } from '../contract/credential-fields';
import { resolveCredentialFields } from '../contract/credential-fields';
import {
  DEFAULT_SP_API_ENDPOINT,
  SP_API_ENDPOINT_EXPECTED,
  resolveSpApiEndpoint,
} from '../contract/endpoints';
import {
  AUTOMATION_SCOPES,
  DEFAULT_APP_TAG_KEY,
  DEFAULT_WINDOW_DAYS,
  MAX_WINDOW_DAYS,
  isAutomationScope,
} from '../contract/tags';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { ConfigError, parseScheduleExpression } from './validation';

/*
 * Props and resolution shared by the opt-in SP-API automation: automatic rotation, the live check
 * and the webhook channel. Each is its own construct with its own function and least-privilege
 * role, so that a stack creates exactly the ones its configuration turns on, and nothing at all
 * by default.
 */

export const DEFAULT_AUTOMATION_SCHEDULE = 'rate(1 day)';

/** Options every automation construct shares that a caller of the monitor may set. */
export interface AutomationOptions {
  /**
   * Retention of the function's logs.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

/** Props every automation construct shares. */
export interface AutomationBaseProps extends AutomationOptions {
  /** The monitor's alert topic: automation alerts go to the same subscribers as the expiry alerts. */
  readonly alertTopic: sns.ITopic;
  /** Topic the alarms about the automation function itself notify (the operators'). */
  readonly operatorTopic: sns.ITopic;
  /**
   * Tag key that marks a secret as an SP-API app's LWA credentials; its value is the app name.
   * @default 'lwa:app'
   */
  readonly appTagKey?: string;
}

/**
 * Options of the two scheduled automations, which read app secrets' values: what a caller of the
 * monitor may set (the monitor supplies the topics, the ledger table and the app tag key).
 */
export interface ScheduledAutomationOptions extends AutomationOptions {
  /**
   * The owner names alerts are routed to (the monitor's `owners`): an `lwa:owner` tag naming
   * another is reported as a tag problem.
   * @default - none
   */
  readonly ownerNames?: string[];
  /**
   * When the function runs (EventBridge rate or cron expression).
   * @default rate(1 day)
   */
  readonly scheduleExpression?: string;
  /**
   * `tagged`: only secrets whose opt-in tag is `true`; `all`: every monitored secret, except those
   * whose opt-in tag is `false`. The function's role can only read the secrets in scope. Any
   * other value is a ConfigError at synth.
   * @default 'tagged'
   */
  readonly scope?: string;
  /**
   * Names of the JSON fields of an app's secret that hold the LWA client id, client secret and
   * (optional) refresh token.
   * @default - clientId, clientSecret, refreshToken
   */
  readonly credentialFields?: CredentialFieldOverrides;
  /**
   * Customer-managed KMS keys that encrypt app secrets; the function may decrypt with them,
   * through Secrets Manager only.
   * @default - none: the secrets use the AWS managed key aws/secretsmanager
   */
  readonly secretEncryptionKeys?: kms.IKey[];
  /**
   * Rotation window in days (a secret's `lwa:window-days` tag overrides it), to date secrets
   * without an `lwa:expires-at` tag. Keep it equal to the monitor's.
   * @default 180
   */
  readonly windowDays?: number;
  /**
   * LWA token endpoint.
   * @default - https://api.amazon.com/auth/o2/token
   */
  readonly lwaTokenEndpoint?: string;
}

/** Props of the two scheduled automations, which read app secrets' values. */
export interface ScheduledAutomationProps extends AutomationBaseProps, ScheduledAutomationOptions {
  /** The monitor's ledger table (partition key `pk`, TTL attribute `ttl`). Items are prefixed per automation. */
  readonly ledgerTable: dynamodb.ITable;
}

/** Resolved settings shared by the scheduled automations. */
export interface ResolvedScheduledConfig {
  readonly scheduleExpression: string;
  readonly schedulePeriodMs?: number;
  readonly appTagKey: string;
  readonly optInTagKey: string;
  /** `tagged` or `all`. */
  readonly scope: string;
  readonly windowDays: number;
  readonly credentialFields: CredentialFieldNames;
  readonly lwaTokenEndpoint?: string;
}

/** An https URL without user name or password. */
function validateHttpsUrl(key: string, raw: string): string {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:' || url.username || url.password) {
    throw new ConfigError(key, raw, 'an https:// URL without credentials');
  }
  return raw;
}

/**
 * Schedule, scope, tag keys, window, credential fields and token endpoint of a scheduled
 * automation, defaults applied; a schedule more frequent than `minPeriodMs` is refused.
 */
export function resolveScheduled(
  props: ScheduledAutomationProps,
  defaultOptInTag: string,
  optInTagKey: string | undefined,
  minPeriodMs: number,
  minPeriodText: string,
): ResolvedScheduledConfig {
  const schedule = parseScheduleExpression(
    'scheduleExpression',
    props.scheduleExpression ?? DEFAULT_AUTOMATION_SCHEDULE,
  );
  if (schedule.periodMs !== undefined && schedule.periodMs < minPeriodMs) {
    throw new ConfigError(
      'scheduleExpression',
      schedule.expression,
      `a schedule of ${minPeriodText} or longer`,
    );
  }
  const scope = props.scope ?? 'tagged';
  if (!isAutomationScope(scope))
    throw new ConfigError('scope', scope, `one of ${AUTOMATION_SCOPES.join(', ')}`);
  const appTagKey = validateTagKey('appTagKey', props.appTagKey ?? DEFAULT_APP_TAG_KEY);
  const optIn = validateTagKey('optInTagKey', optInTagKey ?? defaultOptInTag);
  if (optIn === appTagKey) throw new ConfigError('optInTagKey', optIn, 'a tag key other than appTagKey');
  return {
    scheduleExpression: schedule.expression,
    schedulePeriodMs: schedule.periodMs,
    appTagKey,
    optInTagKey: optIn,
    scope,
    windowDays: parseWholeNumber(
      'windowDays',
      props.windowDays ?? DEFAULT_WINDOW_DAYS,
      2,
      MAX_WINDOW_DAYS,
      'days',
    ),
    credentialFields: resolveCredentialFields('credentialFields', props.credentialFields ?? {}),
    lwaTokenEndpoint:
      props.lwaTokenEndpoint === undefined
        ? undefined
        : validateHttpsUrl('lwaTokenEndpoint', props.lwaTokenEndpoint),
  };
}

/** `na`, `eu`, `fe` or an https URL; the deployed function cannot reach a loopback test double. */
export function deployedSpApiEndpoint(raw: string | undefined): string {
  const endpointRaw = raw ?? DEFAULT_SP_API_ENDPOINT;
  const spApiEndpoint = resolveSpApiEndpoint(endpointRaw);
  if (spApiEndpoint === undefined || !spApiEndpoint.startsWith('https://')) {
    throw new ConfigError('spApiEndpoint', endpointRaw, SP_API_ENDPOINT_EXPECTED);
  }
  return spApiEndpoint;
}
