import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { parseWholeNumber } from '../contract/config-rules';
import { LIVE_CHECK_ENV } from '../contract/environment';
import { LIVE_CHECK_KEY_PREFIX } from '../contract/ledger-keys';
import { LIVE_CHECK_TAG } from '../contract/tags';
import type {
  ResolvedScheduledConfig,
  ScheduledAutomationOptions,
  ScheduledAutomationProps,
} from './automation-config';
import { deployedSpApiEndpoint, resolveScheduled } from './automation-config';
import { scheduledAutomation } from './scheduled-automation';

/** Options of the live check a caller of the monitor may set (`LwaExpiryMonitorProps.liveCheck`). */
export interface LiveCheckOptions extends ScheduledAutomationOptions {
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

/** Props of the live check on its own: its options and the monitor's resources. */
export interface LiveCheckProps extends ScheduledAutomationProps, LiveCheckOptions {}

/** Resolved configuration of the live check, every default applied and validated. */
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
