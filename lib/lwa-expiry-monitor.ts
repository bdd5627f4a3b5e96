import { Annotations, Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { productFunction } from './function-defaults';
import { accountSecretsArn, grantAppSecretAccess } from './app-secret-access';
import { ledgerItemsStatement } from './ledger-access';
import { AUTOMATION_SEVERITY, TEST_SEVERITY, URGENT_AUTOMATION_SEVERITIES } from '../contract/severities';
import {
  DEFAULT_EXPIRED_REMINDER_HOURS,
  DEFAULT_THRESHOLDS_DAYS,
  parseThresholds,
  parseWholeNumber,
  validateTagKey,
  validateWindow,
} from '../contract/config-rules';
import { LEASE_KEY } from '../contract/ledger-keys';
import { MONITOR_ENV } from '../contract/environment';
import type { CredentialFieldNames } from '../contract/credential-fields';
import { MonitorObservability } from './observability';
import type { AutoRotationProps } from './auto-rotation';
import { AutoRotation } from './auto-rotation';
import type { LiveCheckProps } from './live-check';
import { LiveCheck } from './live-check';
import type { WebhookForwarderProps } from './webhook-forwarder-config';
import { WebhookForwarder } from './webhook-forwarder';
import { SpApiNotificationIntake } from './sp-api-notifications';

import { DEFAULT_APP_TAG_KEY, DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS } from '../contract/tags';
import {
  ConfigError,
  MAX_TIMELY_PERIOD_MS,
  parseScheduleExpression,
  validateEmails,
  validatePhoneNumbers,
} from './validation';

/** Props the monitor supplies itself to the automation constructs. */
type AutomationWiring = 'alertTopic' | 'operatorTopic' | 'ledgerTable' | 'appTagKey';

export const DEFAULT_SCHEDULE_EXPRESSION = 'rate(1 hour)';

/** After a rotation, Amazon keeps the previous client secret working this many days. */
const OLD_SECRET_OVERLAP_DAYS = 7;

export interface LwaExpiryMonitorProps {
  /**
   * Days before expiry at which an alert is sent, once each per expiry cycle. An "expired"
   * alert always follows at expiry.
   * @default [30, 7, 1]
   */
  readonly thresholdsDays?: readonly number[];
  /**
   * Rotation window in days: a client secret expires this long after it was rotated. A secret's
   * `lwa:window-days` tag overrides it.
   * @default 180 (Amazon's rule)
   */
  readonly windowDays?: number;
  /**
   * When the monitor runs. An alert is sent by the first run after its threshold is reached,
   * so the period is the most an alert can be late; keep it at 4 hours or less so the 1-day
   * alert arrives at least 20 hours before expiry.
   * @default rate(1 hour)
   */
  readonly scheduleExpression?: string;
  /**
   * Tag key that marks a secret as an SP-API app's LWA credentials; its value is the app name.
   * @default 'lwa:app'
   */
  readonly appTagKey?: string;
  /**
   * Email addresses subscribed to every alert. Each address must confirm the subscription
   * from the email SNS sends after deployment.
   * @default - no email subscription
   */
  readonly alertEmails?: readonly string[];
  /**
   * E.164 phone numbers subscribed by SMS to the severities in `smsSeverities`.
   * @default - no SMS subscription
   */
  readonly alertPhoneNumbers?: readonly string[];
  /**
   * Email addresses told when the monitor itself is in trouble (missed runs, errors, undated
   * or urgent credentials, undeliverable schedule events), through a separate operator topic.
   * @default - the `alertEmails`
   */
  readonly operatorEmails?: readonly string[];
  /**
   * Alert severities delivered by SMS: `<n>-day` for a threshold, `expired`, `resolved`,
   * `undetermined`, and the automation severities of contract/severities.ts.
   * @default - thresholds of 7 days or fewer (or the most urgent one if none is), `expired`,
   * and the automation alerts that mean access is at risk now: `verification-failed`,
   * `secret-rejected`, `rotation-failed`
   */
  readonly smsSeverities?: readonly string[];
  /**
   * How often an expired credential is reminded about until it is rotated.
   * @default Duration.hours(24)
   */
  readonly expiredReminderInterval?: Duration;
  /**
   * Customer-managed KMS key for the alert and operator topics. When given, its key policy
   * must let `cloudwatch.amazonaws.com` use kms:Decrypt and kms:GenerateDataKey*, or the
   * alarms cannot notify the operator topic.
   * @default - a new key with rotation enabled
   */
  readonly topicKey?: kms.IKey;
  /**
   * Consume Amazon's two LWA notifications from an SQS queue: the expiry date Amazon announces
   * becomes the secret's `lwa:expires-at`, and a new client secret Amazon delivers is stored,
   * verified against LWA and only then made current. Register the queue (stack output
   * `NotificationQueueArn`) in the Developer Console for it to receive anything.
   * @default true
   */
  readonly notificationIntake?: boolean;
  /**
   * Opt-in: let the notification intake store a new client secret Amazon delivers in the app's
   * secret, verify it with LWA and make it current. Grants the intake GetSecretValue,
   * PutSecretValue and UpdateSecretVersionStage (AWSCURRENT, AWSPENDING) on secrets tagged with
   * both the app tag and `lwa:client-id`. Off, no function of the default deploy can read or write
   * a secret value: a new secret is held (encrypted, 14 days) and one alert says how to store it.
   * Automatic rotation needs it.
   * @default false
   */
  readonly storeNewSecrets?: boolean;
  /**
   * Names of the JSON fields in each app's secret value, used by the functions that read or
   * write secret values (never by the monitor).
   * @default - clientId, clientSecret, refreshToken
   */
  readonly credentialFields?: Partial<CredentialFieldNames>;
  /**
   * Customer-managed KMS keys that encrypt app secrets, for the functions that read or write
   * secret values. Secrets under the AWS managed key need none.
   * @default - none
   */
  readonly secretEncryptionKeys?: readonly kms.IKey[];
  /**
   * Opt-in automatic rotation: when a credential has this few days left, ask Amazon for a new
   * client secret (`rotateApplicationClientSecret`), at most once per expiry cycle. Needs the
   * notification intake, which receives the new secret.
   * @default - off
   */
  readonly autoRotation?: Omit<AutoRotationProps, AutomationWiring>;
  /**
   * Opt-in live check: exchange opted-in credentials at the LWA token endpoint on a schedule
   * and alert critically when LWA rejects the secret.
   * @default - off
   */
  readonly liveCheck?: Omit<LiveCheckProps, AutomationWiring>;
  /**
   * Forward every alert to Slack, Microsoft Teams or Amazon Chime incoming webhooks, whose URLs
   * are kept in a Secrets Manager secret (stack output `WebhookSecretArn`).
   * @default - off
   */
  readonly webhooks?: boolean | Omit<WebhookForwarderProps, AutomationWiring>;
  /**
   * Retention of the monitor's logs.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the alert ledger when the stack is deleted. Deleting it forgets which
   * alerts were sent, so a redeployed monitor would send them again.
   * @default RemovalPolicy.RETAIN
   */
  readonly ledgerRemovalPolicy?: RemovalPolicy;
}

/** Resolved configuration, every default applied and validated. */
export interface ResolvedMonitorConfig {
  readonly thresholdsDays: readonly number[];
  readonly windowDays: number;
  readonly scheduleExpression: string;
  readonly schedulePeriodMs?: number;
  readonly appTagKey: string;
  readonly alertEmails: readonly string[];
  readonly alertPhoneNumbers: readonly string[];
  readonly operatorEmails: readonly string[];
  readonly smsSeverities: readonly string[];
  readonly expiredReminderHours: number;
}

/** The SMS default: urgent alerts only. */
export function defaultSmsSeverities(thresholdsDays: readonly number[]): string[] {
  const urgent = thresholdsDays.filter((d) => d <= 7);
  const chosen = urgent.length > 0 ? urgent : [Math.min(...thresholdsDays)];
  return [
    ...[...chosen].sort((a, b) => b - a).map((d) => `${d}-day`),
    'expired',
    ...URGENT_AUTOMATION_SEVERITIES,
  ];
}

/** Applies defaults and validates props; errors name the prop, the value and the expected form. */
export function resolveMonitorConfig(props: LwaExpiryMonitorProps): ResolvedMonitorConfig {
  const thresholdsDays = parseThresholds('thresholdsDays', props.thresholdsDays ?? DEFAULT_THRESHOLDS_DAYS);
  const windowDays = parseWholeNumber(
    'windowDays',
    props.windowDays ?? DEFAULT_WINDOW_DAYS,
    1,
    MAX_WINDOW_DAYS,
    'days',
  );
  // Name the setting that was given: thresholds too large for the default window are a
  // thresholdsDays mistake, not a windowDays one.
  if (props.windowDays === undefined && windowDays <= Math.max(...thresholdsDays)) {
    throw new ConfigError(
      'thresholdsDays',
      thresholdsDays.join(','),
      `thresholds shorter than the ${windowDays}-day rotation window (windowDays), or every alert would be due at once`,
    );
  }
  validateWindow('windowDays', windowDays, thresholdsDays);
  const schedule = parseScheduleExpression(
    'scheduleExpression',
    props.scheduleExpression ?? DEFAULT_SCHEDULE_EXPRESSION,
  );
  const appTagKey = validateTagKey('appTagKey', props.appTagKey ?? DEFAULT_APP_TAG_KEY);
  const alertEmails = validateEmails('alertEmails', props.alertEmails ?? []);
  const alertPhoneNumbers = validatePhoneNumbers('alertPhoneNumbers', props.alertPhoneNumbers ?? []);
  const operatorEmails = validateEmails('operatorEmails', props.operatorEmails ?? alertEmails);
  const allowed = [
    ...thresholdsDays.map((d) => `${d}-day`),
    'expired',
    'resolved',
    'undetermined',
    ...Object.values(AUTOMATION_SEVERITY),
  ];
  const smsSeverities = props.smsSeverities ? [...props.smsSeverities] : defaultSmsSeverities(thresholdsDays);
  for (const severity of smsSeverities) {
    if (!allowed.includes(severity))
      throw new ConfigError('smsSeverities', severity, `one of ${allowed.join(', ')}`);
  }
  if (smsSeverities.length === 0) {
    throw new ConfigError('smsSeverities', smsSeverities, `at least one of ${allowed.join(', ')}`);
  }
  const reminder = props.expiredReminderInterval ?? Duration.hours(DEFAULT_EXPIRED_REMINDER_HOURS);
  const expiredReminderHours = parseWholeNumber(
    'expiredReminderInterval',
    reminder.toHours({ integral: false }),
    1,
    24 * 30,
    'hours',
  );
  return {
    thresholdsDays,
    windowDays,
    scheduleExpression: schedule.expression,
    schedulePeriodMs: schedule.periodMs,
    appTagKey,
    alertEmails,
    alertPhoneNumbers,
    operatorEmails,
    smsSeverities,
    expiredReminderHours,
  };
}

/**
 * Watches the LWA client secrets of SP-API apps stored in Secrets Manager and alerts through
 * SNS before Amazon's 180-day rotation deadline. Reads secret metadata only.
 */
export class LwaExpiryMonitor extends Construct {
  readonly config: ResolvedMonitorConfig;
  readonly topic: sns.Topic;
  /** Alarm notifications about the monitor itself. */
  readonly operatorTopic: sns.Topic;
  readonly observability: MonitorObservability;
  /** Amazon notification intake, unless `notificationIntake` is false. */
  readonly notificationIntake?: SpApiNotificationIntake;
  readonly autoRotation?: AutoRotation;
  readonly liveCheck?: LiveCheck;
  readonly webhookForwarder?: WebhookForwarder;
  readonly topicKey: kms.IKey;
  readonly ledgerTable: dynamodb.Table;
  readonly monitorFunction: lambda.Function;
  readonly monitorRole: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly schedule: events.Rule;
  /** Scheduled events EventBridge could not deliver to the monitor. */
  readonly scheduleDeadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: LwaExpiryMonitorProps = {}) {
    super(scope, id);
    this.config = resolveMonitorConfig(props);
    const config = this.config;

    if (config.schedulePeriodMs !== undefined && config.schedulePeriodMs > MAX_TIMELY_PERIOD_MS) {
      Annotations.of(this).addWarningV2(
        'lwa-expiry-monitor:slowSchedule',
        `scheduleExpression "${config.scheduleExpression}" runs less often than every 4 hours: an alert can arrive up to one period late, so the 1-day alert may arrive less than 20 hours before expiry.`,
      );
    }

    this.topicKey = props.topicKey ?? this.createTopicKey();
    this.topic = new sns.Topic(this, 'AlertTopic', {
      displayName: 'LWA expiry', // SMS sender name: at most 10 characters
      masterKey: this.topicKey,
      enforceSSL: true,
    });
    for (const email of config.alertEmails) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    }
    for (const phone of config.alertPhoneNumbers) {
      this.topic.addSubscription(
        new subscriptions.SmsSubscription(phone, {
          filterPolicy: {
            // The test alert proves the SMS path too, whatever severities are chosen.
            severity: sns.SubscriptionFilter.stringFilter({
              allowlist: [...config.smsSeverities, TEST_SEVERITY],
            }),
          },
        }),
      );
    }

    this.operatorTopic = new sns.Topic(this, 'OperatorTopic', {
      displayName: 'LWA ops',
      masterKey: this.topicKey,
      enforceSSL: true,
    });
    // enforceSSL replaces the default topic policy, so CloudWatch alarms need their own grant.
    this.operatorTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.operatorTopic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*`,
          },
        },
      }),
    );
    for (const email of config.operatorEmails) {
      this.operatorTopic.addSubscription(new subscriptions.EmailSubscription(email));
    }

    this.ledgerTable = new dynamodb.Table(this, 'AlertLedger', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: 'ttl',
      removalPolicy: props.ledgerRemovalPolicy ?? RemovalPolicy.RETAIN,
    });

    const timeout = Duration.minutes(5);
    const monitor = productFunction(this, {
      id: 'Monitor',
      entry: 'monitor/index.ts',
      description: 'lwa-expiry-monitor: alerts before LWA client secrets expire',
      timeout,
      environment: {
        [MONITOR_ENV.topicArn]: this.topic.topicArn,
        [MONITOR_ENV.tableName]: this.ledgerTable.tableName,
        [MONITOR_ENV.tagKey]: config.appTagKey,
        [MONITOR_ENV.thresholdsDays]: config.thresholdsDays.join(','),
        [MONITOR_ENV.windowDays]: String(config.windowDays),
        [MONITOR_ENV.expiredReminderHours]: String(config.expiredReminderHours),
        // A lapsed lease must never cut a live run short: it outlasts the function timeout.
        [MONITOR_ENV.leaseSeconds]: String(timeout.toSeconds() + 60),
      },
      logRetention: props.logRetention,
      roleDescription:
        'lwa-expiry-monitor: reads secret metadata (never values), writes its ledger, publishes alerts',
      // Lambda retries a failed asynchronous invocation twice: a failed publish is retried
      // within minutes, not only at the next scheduled run.
      retryAttempts: 2,
    });
    this.logGroup = monitor.logGroup;
    this.monitorRole = monitor.role;
    this.monitorFunction = monitor.fn;
    this.grantMonitorPermissions(config.appTagKey);

    this.scheduleDeadLetterQueue = new sqs.Queue(this, 'ScheduleDeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.schedule = new events.Rule(this, 'Schedule', {
      description: 'Runs the LWA expiry monitor',
      schedule: events.Schedule.expression(config.scheduleExpression),
    });
    this.schedule.addTarget(
      new targets.LambdaFunction(this.monitorFunction, {
        // EventBridge retries a failed delivery (throttling, service errors) for up to an hour,
        // then parks the event in the dead-letter queue, where an alarm sees it.
        retryAttempts: 8,
        maxEventAge: Duration.hours(1),
        deadLetterQueue: this.scheduleDeadLetterQueue,
      }),
    );
    this.observability = new MonitorObservability(this, 'Observability', {
      monitorFunction: this.monitorFunction,
      scheduleDeadLetterQueue: this.scheduleDeadLetterQueue,
      operatorTopic: this.operatorTopic,
      thresholdsDays: config.thresholdsDays,
      // A cron schedule's period is not read off the expression: assume up to three days between
      // runs (a weekdays-only cron leaves a weekend), so its gaps never look like missed runs.
      runPeriod: Duration.millis(config.schedulePeriodMs ?? 3 * 86_400_000),
    });
    if (props.autoRotation && props.notificationIntake === false) {
      throw new ConfigError(
        'autoRotation',
        'with notificationIntake false',
        'notificationIntake left on: Amazon delivers the rotated secret only through the notification queue',
      );
    }
    if (props.notificationIntake ?? true) {
      this.notificationIntake = new SpApiNotificationIntake(this, 'NotificationIntake', {
        alertTopic: this.topic,
        ledgerTable: this.ledgerTable,
        operatorTopic: this.operatorTopic,
        appTagKey: config.appTagKey,
        credentialFields: props.credentialFields,
        secretEncryptionKeys: props.secretEncryptionKeys,
        logRetention: props.logRetention,
        storeNewSecrets: props.storeNewSecrets,
        windowDays: config.windowDays,
      });
    } else if (props.storeNewSecrets === true) {
      throw new ConfigError(
        'storeNewSecrets',
        'true with notificationIntake false',
        'notificationIntake left on: new secrets arrive only through the notification queue',
      );
    }
    // The monitor's own resources, which callers cannot replace...
    const wiring = {
      alertTopic: this.topic,
      operatorTopic: this.operatorTopic,
      ledgerTable: this.ledgerTable,
      appTagKey: config.appTagKey,
    };
    // ...and the monitor-wide settings, which each automation's own props may override.
    const shared = {
      logRetention: props.logRetention,
      credentialFields: props.credentialFields,
      secretEncryptionKeys: props.secretEncryptionKeys,
      windowDays: config.windowDays,
    };
    if (props.autoRotation) {
      if (!this.notificationIntake) {
        throw new ConfigError(
          'autoRotation',
          'with notificationIntake false',
          'notificationIntake left on: Amazon delivers the rotated secret only through the notification queue',
        );
      }
      if (!this.notificationIntake.storeNewSecrets) {
        throw new ConfigError(
          'autoRotation',
          'with storeNewSecrets off',
          'storeNewSecrets on as well: a rotation the stack requests must be stored when it arrives, or the app is locked out 7 days later',
        );
      }
      this.autoRotation = new AutoRotation(this, 'AutoRotation', {
        ...shared,
        ...props.autoRotation,
        ...wiring,
      });
      const daysBefore = this.autoRotation.config.rotateDaysBefore;
      if (daysBefore <= OLD_SECRET_OVERLAP_DAYS) {
        Annotations.of(this).addWarningV2(
          'lwa-expiry-monitor:shortRotationLead',
          `autoRotateDaysBefore is ${daysBefore}: after a rotation the previous client secret works ${OLD_SECRET_OVERLAP_DAYS} more days at most (never past its own expiry), so apps get a full week to switch to the new secret, and you a week to fix a new secret that fails verification, only when rotation starts more than ${OLD_SECRET_OVERLAP_DAYS} days before expiry. Keep it above ${OLD_SECRET_OVERLAP_DAYS} (the default is 14).`,
        );
      }
    }
    if (props.liveCheck) {
      this.liveCheck = new LiveCheck(this, 'LiveCheck', { ...shared, ...props.liveCheck, ...wiring });
    }
    if (props.webhooks) {
      const options = props.webhooks === true ? {} : props.webhooks;
      this.webhookForwarder = new WebhookForwarder(this, 'Webhooks', {
        logRetention: props.logRetention,
        ...options,
        ...wiring,
      });
    }
    this.observability.watchAlarmsBelow(this);
    this.acknowledgeReviewedFindings();
  }

  /** cdk-nag findings that are deliberate; each says why. */
  private acknowledgeReviewedFindings(): void {
    const role = Validations.of(this.monitorRole);
    role.acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only actions that accept no resource ARN use "*": secretsmanager:ListSecrets, and the X-Ray PutTraceSegments/PutTelemetryRecords of active tracing.',
    });
    role.acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:*]',
      reason: `ListSecretVersionIds (metadata only) on any secret in this account and region whose tag ${this.config.appTagKey} exists (aws:ResourceTag condition); the set of app secrets is not known at deploy time.`,
    });
    role.acknowledge({
      id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      reason:
        'Publishing to a KMS-encrypted SNS topic needs the GenerateDataKey family on the topic key; the statement is scoped to that one key.',
    });
    Validations.of(this.scheduleDeadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue of the schedule target; a DLQ of a DLQ would only move the problem.',
    });
  }

  private createTopicKey(): kms.Key {
    const key = new kms.Key(this, 'AlertTopicKey', {
      description: 'lwa-expiry-monitor alert topic',
      enableKeyRotation: true,
    });
    // CloudWatch alarms publish to the topic; without this grant they fail silently.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    return key;
  }

  private grantMonitorPermissions(appTagKey: string): void {
    const role = this.monitorRole;
    grantAppSecretAccess(role, { appTagKey, listSid: 'ListSecretMetadata', versionMetadata: true });
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadAlertLedger',
        // Scan cannot be narrowed to some keys; the run keeps only its own items.
        actions: ['dynamodb:Scan'],
        resources: [this.ledgerTable.tableArn],
      }),
    );
    // Its own items only: one per secret (keyed by the secret's ARN) and the run lease. The
    // other functions' claims and records stay out of its reach.
    role.addToPolicy(
      ledgerItemsStatement('WriteOwnLedgerItems', ['dynamodb:PutItem'], this.ledgerTable, [
        accountSecretsArn(),
        LEASE_KEY,
      ]),
    );
    this.topic.grantPublish(role);
  }
}
