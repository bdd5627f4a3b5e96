import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DETAIL_TYPES_BY_FUNCTION } from '../contract/events';
import { createAlertTopics } from './alert-topics';
import type { AutoRotationProps } from './auto-rotation';
import { AutoRotation } from './auto-rotation';
import { LiveCheck } from './live-check';
import type { ResolvedMonitorConfig } from './monitor-config';
import {
  checkIntakeOptIns,
  checkRotationStoresSecrets,
  longestRunGap,
  resolveMonitorConfig,
  warnIfShortRotationLead,
  warnIfSlowSchedule,
} from './monitor-config';
import type { ResolvedEventBus } from './event-publishing';
import { enableEventPublishing, eventPublishFailuresAlarm, resolveEventBus } from './event-publishing';
import { createMonitorFunction } from './monitor-function';
import type { LwaExpiryMonitorProps } from './monitor-props';
import { MonitorObservability } from './observability';
import { SpApiNotificationIntake } from './notification-intake';
import { WebhookForwarder } from './webhook-forwarder';

export type { LwaExpiryMonitorProps };

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
  /** The bus the product's events go on (docs/events.md), unless `events` is false. */
  readonly eventBus?: ResolvedEventBus;
  /** Fires when an event could not be put on the bus; unless `events` is false. */
  readonly eventPublishFailuresAlarm?: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: LwaExpiryMonitorProps = {}) {
    super(scope, id);
    const config = (this.config = resolveMonitorConfig(props));
    warnIfSlowSchedule(this, config);
    this.eventBus = resolveEventBus(props);

    const topics = createAlertTopics(this, config, props.topicKey);
    this.topicKey = topics.topicKey;
    this.topic = topics.topic;
    this.operatorTopic = topics.operatorTopic;

    const monitor = createMonitorFunction(this, {
      config,
      alertTopic: this.topic,
      logRetention: props.logRetention,
      ledgerRemovalPolicy: props.ledgerRemovalPolicy,
    });
    this.ledgerTable = monitor.ledgerTable;
    this.monitorFunction = monitor.fn;
    this.monitorRole = monitor.role;
    this.logGroup = monitor.logGroup;
    this.schedule = monitor.schedule;
    this.scheduleDeadLetterQueue = monitor.scheduleDeadLetterQueue;

    this.observability = new MonitorObservability(this, 'Observability', {
      monitorFunction: this.monitorFunction,
      monitorLogGroup: this.logGroup,
      perAppMetrics: config.perAppMetrics,
      scheduleDeadLetterQueue: this.scheduleDeadLetterQueue,
      operatorTopic: this.operatorTopic,
      thresholdsDays: config.thresholdsDays,
      runPeriod: longestRunGap(config),
    });

    checkIntakeOptIns(props);
    const { wiring, shared } = this.automationSettings(props);
    if (props.notificationIntake ?? true) {
      this.notificationIntake = new SpApiNotificationIntake(this, 'NotificationIntake', {
        ...shared,
        ...wiring,
        storeNewSecrets: props.storeNewSecrets,
      });
    }
    if (props.autoRotation) {
      this.autoRotation = this.createAutoRotation({ ...shared, ...props.autoRotation, ...wiring });
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
    this.eventPublishFailuresAlarm = this.enableEvents();
    this.completeDashboard();
  }

  /** The dashboard's views of the parts built after it: the intake's table, every alarm below. */
  private completeDashboard(): void {
    if (this.notificationIntake)
      this.observability.showNotificationOutcomes(this.notificationIntake.logGroup);
    this.observability.watchAlarmsBelow(this);
  }

  /** Each function that emits events may put its own on the bus; one alarm watches the failures. */
  private enableEvents(): cloudwatch.Alarm | undefined {
    const bus = this.eventBus;
    if (bus === undefined) return undefined;
    enableEventPublishing(this.monitorFunction, this.monitorRole, bus, DETAIL_TYPES_BY_FUNCTION.monitor);
    const intake = this.notificationIntake;
    if (intake) {
      enableEventPublishing(intake.handler, intake.role, bus, DETAIL_TYPES_BY_FUNCTION.notifications);
    }
    const rotation = this.autoRotation;
    if (rotation) {
      enableEventPublishing(rotation.rotationFunction, rotation.role, bus, DETAIL_TYPES_BY_FUNCTION.rotation);
    }
    const liveCheck = this.liveCheck;
    if (liveCheck) {
      enableEventPublishing(liveCheck.checkFunction, liveCheck.role, bus, DETAIL_TYPES_BY_FUNCTION.liveCheck);
    }
    return eventPublishFailuresAlarm(this, this.operatorTopic);
  }

  /** What the monitor hands every automation construct. */
  private automationSettings(props: LwaExpiryMonitorProps) {
    return {
      // The monitor's own resources, which callers cannot replace...
      wiring: {
        alertTopic: this.topic,
        operatorTopic: this.operatorTopic,
        ledgerTable: this.ledgerTable,
        appTagKey: this.config.appTagKey,
        ownerNames: this.config.owners.map((o) => o.name),
      },
      // ...and the monitor-wide settings, which each automation's own props may override.
      shared: {
        logRetention: props.logRetention,
        credentialFields: props.credentialFields,
        secretEncryptionKeys: props.secretEncryptionKeys,
        windowDays: this.config.windowDays,
      },
    };
  }

  /** Automatic rotation, which needs the intake to store the secrets it requests. */
  private createAutoRotation(props: AutoRotationProps): AutoRotation {
    checkRotationStoresSecrets(this.notificationIntake?.storeNewSecrets ?? false);
    const autoRotation = new AutoRotation(this, 'AutoRotation', props);
    warnIfShortRotationLead(this, autoRotation.config.rotateDaysBefore);
    return autoRotation;
  }
}
