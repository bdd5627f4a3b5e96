import { LIVE_CHECK_KEY_PREFIX, ROTATION_KEY_PREFIX, WEBHOOK_KEY_PREFIX } from '../contract/ledger-keys';
import * as path from 'node:path';
import { Duration, SecretValue, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { alarmAtLeastOne, deadLetterMessages, functionErrorsAlarm, serviceMetric } from './alarms';
import type { ProductFunction, ProductFunctionSpec } from './function-defaults';
import { productFunction } from './function-defaults';
import type { Conditions } from './app-secret-access';
import { grantAppSecretAccess, grantSecretKeys } from './app-secret-access';
import { grantAutomationLedgerItems } from './ledger-access';
import { parseWholeNumber, validateTagKey } from '../contract/config-rules';
import {
  DEFAULT_APP_TAG_KEY,
  DEFAULT_WINDOW_DAYS,
  MAX_WINDOW_DAYS,
  AUTO_ROTATE_TAG,
  AUTOMATION_SCOPES,
  LIVE_CHECK_TAG,
  isAutomationScope,
} from '../contract/tags';
import type { AutomationScope } from '../contract/tags';
import {
  DEFAULT_MAX_ROTATIONS_PER_RUN,
  DEFAULT_ROTATE_DAYS_BEFORE,
  MAX_ROTATIONS_PER_RUN,
} from '../contract/automation';
import {
  DEFAULT_SP_API_ENDPOINT,
  SP_API_ENDPOINT_EXPECTED,
  resolveSpApiEndpoint,
} from '../contract/endpoints';
import type { CredentialFieldNames } from '../contract/credential-fields';
import { resolveCredentialFields } from '../contract/credential-fields';
import { WEBHOOK_METRIC } from '../contract/telemetry';
import { ConfigError, parseScheduleExpression } from './validation';
import {
  ROTATION_ENV,
  SCHEDULED_AUTOMATION_ENV,
  LIVE_CHECK_ENV,
  WEBHOOK_ENV,
  CREDENTIAL_FIELDS_ENV,
} from '../contract/environment';

/**
 * The opt-in SP-API automation: automatic rotation, the live check and the webhook channel.
 * Each is its own construct with its own function and least-privilege role, so that a stack
 * creates exactly the ones its configuration turns on, and nothing at all by default.
 */

export const DEFAULT_AUTOMATION_SCHEDULE = 'rate(1 day)';
/** Concurrent invocations the webhook forwarder may use at most (reserved concurrency). */
export const WEBHOOK_FORWARDER_CONCURRENCY = 2;
export { AUTO_ROTATE_TAG, LIVE_CHECK_TAG };
export type { AutomationScope };

/** Props every automation construct shares. */
export interface AutomationBaseProps {
  /** The monitor's alert topic: automation alerts go to the same subscribers as the expiry alerts. */
  readonly alertTopic: sns.ITopic;
  /** Topic the alarms about the automation function itself notify (the operators'). */
  readonly operatorTopic: sns.ITopic;
  /**
   * Tag key that marks a secret as an SP-API app's LWA credentials; its value is the app name.
   * @default 'lwa:app'
   */
  readonly appTagKey?: string;
  /**
   * Retention of the function's logs.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

/** Props of the two scheduled automations, which read app secrets' values. */
export interface ScheduledAutomationProps extends AutomationBaseProps {
  /** The monitor's ledger table (partition key `pk`, TTL attribute `ttl`). Items are prefixed per automation. */
  readonly ledgerTable: dynamodb.ITable;
  /**
   * When the function runs (EventBridge rate or cron expression).
   * @default rate(1 day)
   */
  readonly scheduleExpression?: string;
  /**
   * `tagged`: only secrets whose opt-in tag is `true`; `all`: every monitored secret, except those
   * whose opt-in tag is `false`. The function's role can only read the secrets in scope.
   * @default 'tagged'
   */
  readonly scope?: AutomationScope;
  /**
   * Names of the JSON fields of an app's secret that hold the LWA client id, client secret and
   * (optional) refresh token.
   * @default - clientId, clientSecret, refreshToken
   */
  readonly credentialFields?: Partial<CredentialFieldNames>;
  /**
   * Customer-managed KMS keys that encrypt app secrets; the function may decrypt with them,
   * through Secrets Manager only.
   * @default - none: the secrets use the AWS managed key aws/secretsmanager
   */
  readonly secretEncryptionKeys?: readonly kms.IKey[];
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

export interface AutoRotationProps extends ScheduledAutomationProps {
  /**
   * Request a new client secret once a credential has this many days left or fewer. After a
   * rotation the previous secret works for 7 more days, so keep this above 7.
   * @default 14
   */
  readonly rotateDaysBefore?: number;
  /**
   * SP-API endpoint of the rotate call: `na`, `eu`, `fe`, or a full https URL.
   * @default 'na'
   */
  readonly spApiEndpoint?: string;
  /**
   * Rotate calls one run makes at most (the API allows about one a minute); the rest waits for
   * the next run.
   * @default 10
   */
  readonly maxRotationsPerRun?: number;
  /**
   * Tag that opts a secret in (`true`) or out (`false`).
   * @default 'lwa:auto-rotate'
   */
  readonly optInTagKey?: string;
}

export interface LiveCheckProps extends ScheduledAutomationProps {
  /**
   * SP-API endpoint of the check's call (`getDestinations`, or `getMarketplaceParticipations`
   * with a refresh token): `na`, `eu`, `fe`, or a full https URL.
   * @default 'na'
   */
  readonly spApiEndpoint?: string;
  /**
   * How soon the same problem of the same secret is alerted again while it lasts.
   * @default Duration.hours(24)
   */
  readonly realertInterval?: Duration;
  /**
   * Tag that opts a secret in (`true`) or out (`false`).
   * @default 'lwa:live-check'
   */
  readonly optInTagKey?: string;
}

export interface WebhookForwarderProps extends AutomationBaseProps {
  /**
   * Secret holding the webhook URLs as JSON, such as
   * `{"slack":["https://hooks.slack.com/services/..."],"teams":[],"teamsWorkflows":[],"chime":[]}`.
   * Must be known by its complete ARN (a secret of this app, or `Secret.fromSecretCompleteArn`):
   * the forwarder may read exactly that secret and no other.
   * @default - a new secret holding `{}`; put the URLs into it after deployment
   */
  readonly webhookSecret?: secretsmanager.ISecret;
  /**
   * The monitor's ledger table, for delivery receipts (a retried invocation then posts only to
   * the webhooks that failed).
   * @default - no receipts: a retried invocation posts again to every webhook
   */
  readonly ledgerTable?: dynamodb.ITable;
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

/** Resolved settings shared by the scheduled automations. */
export interface ResolvedScheduledConfig {
  readonly scheduleExpression: string;
  readonly schedulePeriodMs?: number;
  readonly appTagKey: string;
  readonly optInTagKey: string;
  readonly scope: AutomationScope;
  readonly windowDays: number;
  readonly credentialFields: CredentialFieldNames;
  readonly lwaTokenEndpoint?: string;
}

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

function resolveScheduled(
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

/** Schedule, delivery retries and a dead-letter queue with its alarm: what every scheduled automation has. */
function scheduleFunction(
  scope: Construct,
  fn: lambda.IFunction,
  expression: string,
  description: string,
  operatorTopic: sns.ITopic,
): { rule: events.Rule; deadLetterQueue: sqs.Queue; deadLetterAlarm: cloudwatch.Alarm } {
  const deadLetterQueue = new sqs.Queue(scope, 'ScheduleDeadLetterQueue', {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  const rule = new events.Rule(scope, 'Schedule', {
    description,
    schedule: events.Schedule.expression(expression),
  });
  rule.addTarget(
    new targets.LambdaFunction(fn, {
      // EventBridge retries a failed delivery for up to an hour, then parks the event where an alarm sees it.
      retryAttempts: 8,
      maxEventAge: Duration.hours(1),
      deadLetterQueue,
    }),
  );
  Validations.of(deadLetterQueue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      'This queue is itself the dead-letter queue of the schedule target; a DLQ of a DLQ would only move the problem.',
  });
  const deadLetterAlarm = alarmAtLeastOne(
    scope,
    'ScheduleDeadLetterAlarm',
    deadLetterMessages(deadLetterQueue),
    `EventBridge could not deliver a scheduled run (${description}); the event is in the dead-letter queue.`,
    operatorTopic,
  );
  return { rule, deadLetterQueue, deadLetterAlarm };
}

/** With scope `tagged`, only the secrets opted in by their tag. */
function optedInConditions(config: ResolvedScheduledConfig): Conditions {
  return config.scope === 'tagged'
    ? { StringEqualsIgnoreCase: { [`aws:ResourceTag/${config.optInTagKey}`]: 'true' } }
    : {};
}

/** cdk-nag findings of a scheduled automation's role that are deliberate; each says why. */
function acknowledgeScheduledRoleFindings(role: iam.Role, appTagKey: string): void {
  const validations = Validations.of(role);
  validations.acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Only actions that accept no resource ARN use "*": secretsmanager:ListSecrets, and the X-Ray PutTraceSegments/PutTelemetryRecords of active tracing.',
  });
  validations.acknowledge({
    id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
    reason:
      'Publishing to a KMS-encrypted SNS topic needs the GenerateDataKey family on the topic key; the statement is scoped to that one key.',
  });
  validations.acknowledge({
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:*]',
    reason: `Secrets of this account and region whose tag ${appTagKey} exists (aws:ResourceTag condition), and for values also the opt-in tag unless the scope is "all"; the set of app secrets is not known at deploy time.`,
  });
}

/** A scheduled automation function (rotation, live check) with its role, schedule and alarms. */
interface ScheduledAutomation extends ProductFunction {
  readonly schedule: events.Rule;
  readonly scheduleDeadLetterQueue: sqs.Queue;
  readonly scheduleDeadLetterAlarm: cloudwatch.Alarm;
  readonly functionErrorsAlarm: cloudwatch.Alarm;
}

interface ScheduledAutomationSpec extends Pick<
  ProductFunctionSpec,
  'id' | 'entry' | 'description' | 'timeout' | 'roleDescription'
> {
  /** The function's own variables, besides those of SCHEDULED_AUTOMATION_ENV. */
  readonly environment: Record<string, string>;
  /** Its items in the ledger table, the only ones it may read and write. */
  readonly ledgerPrefix: string;
  readonly scheduleDescription: string;
  readonly errorsAlarmDescription: string;
}

/**
 * The one wiring of a scheduled automation: the function (retried twice on failure), read access
 * to the opted-in app secrets, its own ledger items, the alert topic, the schedule with its
 * dead-letter queue and alarm, an errors alarm, and the role's deliberate cdk-nag findings.
 */
function scheduledAutomation(
  scope: Construct,
  config: ResolvedScheduledConfig,
  props: ScheduledAutomationProps,
  spec: ScheduledAutomationSpec,
): ScheduledAutomation {
  const environment: Record<string, string> = {
    [SCHEDULED_AUTOMATION_ENV.topicArn]: props.alertTopic.topicArn,
    [SCHEDULED_AUTOMATION_ENV.tableName]: props.ledgerTable.tableName,
    [SCHEDULED_AUTOMATION_ENV.tagKey]: config.appTagKey,
    [SCHEDULED_AUTOMATION_ENV.optInTagKey]: config.optInTagKey,
    [SCHEDULED_AUTOMATION_ENV.scope]: config.scope,
    [SCHEDULED_AUTOMATION_ENV.windowDays]: String(config.windowDays),
    ...spec.environment,
    [CREDENTIAL_FIELDS_ENV]: JSON.stringify(config.credentialFields),
  };
  if (config.lwaTokenEndpoint) environment.LWA_TOKEN_ENDPOINT = config.lwaTokenEndpoint;
  const made = productFunction(scope, {
    id: spec.id,
    entry: spec.entry,
    description: spec.description,
    timeout: spec.timeout,
    environment,
    logRetention: props.logRetention,
    roleDescription: spec.roleDescription,
    // A failed run (alert not accepted, ledger error) is retried a minute later; claims prevent a second call.
    retryAttempts: 2,
  });
  grantAppSecretAccess(made.role, {
    appTagKey: config.appTagKey,
    listSid: 'ListSecretMetadata',
    versionMetadata: true,
    statements: [
      {
        sid: 'ReadValuesOfOptedInAppSecrets',
        actions: ['secretsmanager:GetSecretValue'],
        conditions: optedInConditions(config),
      },
    ],
    keys: {
      sid: 'DecryptAppSecretsThroughSecretsManager',
      actions: ['kms:Decrypt'],
      keys: props.secretEncryptionKeys ?? [],
    },
  });
  grantAutomationLedgerItems(made.role, props.ledgerTable, spec.ledgerPrefix);
  props.alertTopic.grantPublish(made.role);
  const scheduled = scheduleFunction(
    scope,
    made.fn,
    config.scheduleExpression,
    spec.scheduleDescription,
    props.operatorTopic,
  );
  const errorsAlarm = functionErrorsAlarm(
    scope,
    made.fn,
    spec.errorsAlarmDescription,
    props.operatorTopic,
    Duration.hours(1),
  );
  acknowledgeScheduledRoleFindings(made.role, config.appTagKey);
  return {
    ...made,
    schedule: scheduled.rule,
    scheduleDeadLetterQueue: scheduled.deadLetterQueue,
    scheduleDeadLetterAlarm: scheduled.deadLetterAlarm,
    functionErrorsAlarm: errorsAlarm,
  };
}

// ---------------------------------------------------------------- automatic rotation

/** `na`, `eu`, `fe` or an https URL; the deployed function cannot reach a loopback test double. */
function deployedSpApiEndpoint(raw: string | undefined): string {
  const endpointRaw = raw ?? DEFAULT_SP_API_ENDPOINT;
  const spApiEndpoint = resolveSpApiEndpoint(endpointRaw);
  if (spApiEndpoint === undefined || !spApiEndpoint.startsWith('https://')) {
    throw new ConfigError('spApiEndpoint', endpointRaw, SP_API_ENDPOINT_EXPECTED);
  }
  return spApiEndpoint;
}

export interface ResolvedRotationConfig extends ResolvedScheduledConfig {
  readonly rotateDaysBefore: number;
  readonly spApiEndpoint: string;
  readonly maxRotationsPerRun: number;
}

export function resolveRotationConfig(props: AutoRotationProps): ResolvedRotationConfig {
  // Runs never overlap (the function may take 15 minutes) and calls stay far below the API limit.
  const base = resolveScheduled(props, AUTO_ROTATE_TAG, props.optInTagKey, 3_600_000, 'one hour');
  const rotateDaysBefore = parseWholeNumber(
    'rotateDaysBefore',
    props.rotateDaysBefore ?? DEFAULT_ROTATE_DAYS_BEFORE,
    1,
    base.windowDays - 1,
    'days',
  );
  return {
    ...base,
    rotateDaysBefore,
    spApiEndpoint: deployedSpApiEndpoint(props.spApiEndpoint),
    maxRotationsPerRun: parseWholeNumber(
      'maxRotationsPerRun',
      props.maxRotationsPerRun ?? DEFAULT_MAX_ROTATIONS_PER_RUN,
      1,
      MAX_ROTATIONS_PER_RUN,
      'rotations',
    ),
  };
}

/**
 * Opt-in automatic rotation: a scheduled function that asks Amazon for a new client secret
 * (`rotateApplicationClientSecret`) for every opted-in credential inside `rotateDaysBefore`
 * days of expiry, at most once per expiry cycle. The new secret arrives through the
 * notification queue, whose handler stores and verifies it.
 */
export class AutoRotation extends Construct {
  readonly config: ResolvedRotationConfig;
  readonly rotationFunction: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly schedule: events.Rule;
  readonly scheduleDeadLetterQueue: sqs.Queue;
  readonly functionErrorsAlarm: cloudwatch.Alarm;
  readonly scheduleDeadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: AutoRotationProps) {
    super(scope, id);
    this.config = resolveRotationConfig(props);
    const config = this.config;
    const made = scheduledAutomation(this, config, props, {
      id: 'Rotation',
      entry: path.join('rotation', 'index.ts'),
      description: 'lwa-expiry-monitor: requests new LWA client secrets before they expire (opt-in)',
      // Lambda's ceiling: room for up to 14 rotate calls a minute apart.
      timeout: Duration.minutes(15),
      environment: {
        [ROTATION_ENV.rotateDaysBefore]: String(config.rotateDaysBefore),
        [ROTATION_ENV.maxRequestsPerRun]: String(config.maxRotationsPerRun),
        [ROTATION_ENV.spApiEndpoint]: config.spApiEndpoint,
      },
      roleDescription:
        'lwa-expiry-monitor automatic rotation: reads opted-in app secrets, records its claims, publishes alerts',
      ledgerPrefix: ROTATION_KEY_PREFIX,
      scheduleDescription: 'Runs the LWA automatic rotation',
      errorsAlarmDescription:
        'The automatic rotation function failed (an alert SNS did not accept, a ledger or Secrets Manager error). Owed alerts are re-sent by the next run; see its logs.',
    });
    this.rotationFunction = made.fn;
    this.role = made.role;
    this.logGroup = made.logGroup;
    this.schedule = made.schedule;
    this.scheduleDeadLetterQueue = made.scheduleDeadLetterQueue;
    this.scheduleDeadLetterAlarm = made.scheduleDeadLetterAlarm;
    this.functionErrorsAlarm = made.functionErrorsAlarm;
  }
}

// ---------------------------------------------------------------- live check

export interface ResolvedLiveCheckConfig extends ResolvedScheduledConfig {
  readonly realertHours: number;
  readonly spApiEndpoint: string;
}

export function resolveLiveCheckConfig(props: LiveCheckProps): ResolvedLiveCheckConfig {
  const base = resolveScheduled(props, LIVE_CHECK_TAG, props.optInTagKey, 10 * 60_000, 'ten minutes');
  const realert = props.realertInterval ?? Duration.hours(24);
  return {
    ...base,
    realertHours: parseWholeNumber(
      'realertInterval',
      realert.toHours({ integral: false }),
      1,
      24 * 30,
      'hours',
    ),
    spApiEndpoint: deployedSpApiEndpoint(props.spApiEndpoint),
  };
}

/**
 * Opt-in live check: a scheduled function that exchanges each opted-in app's stored
 * credentials at the LWA token endpoint, makes one cheap SP-API call with the token, and alerts
 * critically when LWA rejects the client secret (`invalid_client`) or SP-API says it expired, as
 * a warning on other refusals, and not at all on LWA or SP-API outages.
 */
export class LiveCheck extends Construct {
  readonly config: ResolvedLiveCheckConfig;
  readonly checkFunction: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly schedule: events.Rule;
  readonly scheduleDeadLetterQueue: sqs.Queue;
  readonly functionErrorsAlarm: cloudwatch.Alarm;
  readonly scheduleDeadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: LiveCheckProps) {
    super(scope, id);
    this.config = resolveLiveCheckConfig(props);
    const config = this.config;
    const made = scheduledAutomation(this, config, props, {
      id: 'LiveCheck',
      entry: path.join('live-check', 'index.ts'),
      description: 'lwa-expiry-monitor: checks that LWA still accepts the stored credentials (opt-in)',
      timeout: Duration.minutes(5),
      environment: {
        [LIVE_CHECK_ENV.realertHours]: String(config.realertHours),
        [LIVE_CHECK_ENV.spApiEndpoint]: config.spApiEndpoint,
      },
      roleDescription:
        'lwa-expiry-monitor live check: reads opted-in app secrets, records its checks, publishes alerts',
      ledgerPrefix: LIVE_CHECK_KEY_PREFIX,
      scheduleDescription: 'Runs the LWA live check',
      errorsAlarmDescription:
        'The live check failed (a secret it may not read, an alert SNS did not accept, a ledger error). See its logs.',
    });
    this.checkFunction = made.fn;
    this.role = made.role;
    this.logGroup = made.logGroup;
    this.schedule = made.schedule;
    this.scheduleDeadLetterQueue = made.scheduleDeadLetterQueue;
    this.scheduleDeadLetterAlarm = made.scheduleDeadLetterAlarm;
    this.functionErrorsAlarm = made.functionErrorsAlarm;
  }
}

// ---------------------------------------------------------------- webhooks

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

/**
 * The webhook channel: a function subscribed to the alert topic that posts every alert to the
 * Slack, Microsoft Teams and Amazon Chime incoming webhooks listed in a Secrets Manager secret.
 * It sees exactly what SNS delivers to email, so the alert semantics are the same. Failed posts
 * are retried with backoff, counted and alarmed; an invocation that still fails is retried by
 * Lambda and then kept in a dead-letter queue, as are alerts SNS could not hand to Lambda.
 */
export class WebhookForwarder extends Construct {
  readonly config: ResolvedWebhookConfig;
  /** The secret holding the webhook URLs (the one given, or the one created). */
  readonly webhookSecret: secretsmanager.ISecret;
  readonly forwarderFunction: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** Alerts neither SNS nor Lambda could deliver to the forwarder (subscription and function DLQ). */
  readonly deadLetterQueue: sqs.Queue;
  readonly subscription: subscriptions.LambdaSubscription;
  readonly functionErrorsAlarm: cloudwatch.Alarm;
  readonly deliveryFailuresAlarm: cloudwatch.Alarm;
  readonly configProblemsAlarm: cloudwatch.Alarm;
  readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: WebhookForwarderProps) {
    super(scope, id);
    this.config = resolveWebhookConfig(props);
    const created = props.webhookSecret === undefined;
    this.webhookSecret =
      props.webhookSecret ??
      new secretsmanager.Secret(this, 'WebhookSecret', {
        description:
          'lwa-expiry-monitor webhook URLs, JSON: {"slack":[...],"teams":[...],"teamsWorkflows":[...],"chime":[...]}',
        // Not a credential: an empty configuration, replaced after deployment by the real URLs.
        secretStringValue: SecretValue.unsafePlainText('{}'),
      });
    const secretArn = this.webhookSecret.secretFullArn ?? this.webhookSecret.secretArn;

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    const environment: Record<string, string> = {
      // The secret's ARN only: the URLs never appear in the environment or the template.
      [WEBHOOK_ENV.secretId]: secretArn,
      [WEBHOOK_ENV.cacheSeconds]: String(this.config.cacheSeconds),
      [WEBHOOK_ENV.maxAttempts]: String(this.config.maxAttempts),
    };
    if (props.ledgerTable) environment[WEBHOOK_ENV.tableName] = props.ledgerTable.tableName;

    const made = productFunction(this, {
      id: 'Forwarder',
      entry: path.join('webhooks', 'index.ts'),
      description: 'lwa-expiry-monitor: forwards alerts to Slack, Teams and Chime webhooks',
      timeout: Duration.seconds(90),
      environment,
      logRetention: props.logRetention,
      roleDescription: 'lwa-expiry-monitor webhook forwarder: reads the webhook secret only',
      // Lambda retries a failed invocation twice, then parks the event in the dead-letter queue.
      retryAttempts: 2,
      deadLetterQueue: this.deadLetterQueue,
      // It fans out: a burst of alerts must neither starve the monitor of account concurrency nor
      // flood a webhook. Throttled SNS deliveries are retried by SNS, so nothing is lost.
      reservedConcurrentExecutions: WEBHOOK_FORWARDER_CONCURRENCY,
    });
    this.forwarderFunction = made.fn;
    this.role = made.role;
    this.logGroup = made.logGroup;

    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadTheWebhookSecretOnly',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [secretArn],
      }),
    );
    const key = this.webhookSecret.encryptionKey;
    grantSecretKeys(this.role, {
      sid: 'DecryptTheWebhookSecretThroughSecretsManager',
      actions: ['kms:Decrypt'],
      keys: key ? [key] : [],
    });
    if (props.ledgerTable) {
      grantAutomationLedgerItems(this.role, props.ledgerTable, WEBHOOK_KEY_PREFIX);
    }

    this.subscription = new subscriptions.LambdaSubscription(this.forwarderFunction, {
      // Alerts SNS cannot hand to Lambda (throttling, permissions) are kept, not dropped.
      deadLetterQueue: this.deadLetterQueue,
    });
    props.alertTopic.addSubscription(this.subscription);

    const period = Duration.minutes(5);
    this.functionErrorsAlarm = functionErrorsAlarm(
      this,
      this.forwarderFunction,
      'The webhook forwarder failed: an alert did not reach every webhook (Lambda retries twice, then keeps it in the dead-letter queue). See its logs for channel and host.',
      props.operatorTopic,
      period,
    );
    this.deliveryFailuresAlarm = alarmAtLeastOne(
      this,
      'DeliveryFailuresAlarm',
      serviceMetric(WEBHOOK_METRIC.failures, cloudwatch.Stats.SUM, period),
      'Alert posts to a webhook failed after retries. Check the webhook URL in the webhook secret and the service status; the logs name channel and host.',
      props.operatorTopic,
    );
    this.configProblemsAlarm = alarmAtLeastOne(
      this,
      'ConfigProblemsAlarm',
      serviceMetric(WEBHOOK_METRIC.configProblems, cloudwatch.Stats.SUM, period),
      'The webhook secret is unreadable, not JSON, or lists entries that were ignored (unknown channel, not https). See the forwarder logs.',
      props.operatorTopic,
    );
    this.deadLetterAlarm = alarmAtLeastOne(
      this,
      'DeadLetterAlarm',
      deadLetterMessages(this.deadLetterQueue),
      'Alerts could not be forwarded to the webhooks and are kept in the dead-letter queue. Fix the cause, then inspect and purge the queue.',
      props.operatorTopic,
    );

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only the X-Ray PutTraceSegments/PutTelemetryRecords actions of active tracing use "*"; they accept no resource ARN.',
    });
    if (created) {
      Validations.of(this.webhookSecret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'Incoming-webhook URLs are issued by Slack, Teams and Chime; Secrets Manager cannot rotate them. They are replaced by hand when the service issues new ones.',
      });
    }
  }
}
