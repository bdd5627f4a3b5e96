import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  DEFAULT_MAX_ROTATIONS_PER_RUN,
  DEFAULT_ROTATE_DAYS_BEFORE,
  MAX_ROTATIONS_PER_RUN,
} from '../contract/automation';
import { parseWholeNumber } from '../contract/config-rules';
import { ROTATION_ENV } from '../contract/environment';
import { ROTATION_KEY_PREFIX } from '../contract/ledger-keys';
import { AUTO_ROTATE_TAG } from '../contract/tags';
import type {
  ResolvedScheduledConfig,
  ScheduledAutomationOptions,
  ScheduledAutomationProps,
} from './automation-config';
import { deployedSpApiEndpoint, resolveScheduled } from './automation-config';
import { scheduledAutomation } from './scheduled-automation';

/** Options of the automatic rotation a caller of the monitor may set (`LwaExpiryMonitorProps.autoRotation`). */
export interface AutoRotationOptions extends ScheduledAutomationOptions {
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

/** Props of the automatic rotation on its own: its options and the monitor's resources. */
export interface AutoRotationProps extends ScheduledAutomationProps, AutoRotationOptions {}

/** Resolved configuration of the automatic rotation, every default applied and validated. */
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
