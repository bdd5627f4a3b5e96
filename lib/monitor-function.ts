import type { Construct } from 'constructs';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { MONITOR_ENV } from '../contract/environment';
import { LEASE_KEY } from '../contract/ledger-keys';
import { accountSecretsArn, grantAppSecretAccess } from './app-secret-access';
import { ledgerItemsStatement } from './ledger-access';
import type { ResolvedMonitorConfig } from './monitor-config';
import { ownerNamesEnvironment } from './owners-config';
import type { ScheduledFunction } from './scheduled-function';
import { scheduledFunction } from './scheduled-function';
import { LIST_SECRETS_AND_TRACING, PUBLISH_TO_ENCRYPTED_TOPIC } from './reviewed-findings';

export interface MonitorFunctionProps {
  readonly config: ResolvedMonitorConfig;
  readonly alertTopic: sns.ITopic;
  readonly logRetention?: logs.RetentionDays;
  readonly ledgerRemovalPolicy?: RemovalPolicy;
}

/** The scheduled monitor and the alert ledger it keeps. */
export interface MonitorFunction extends ScheduledFunction {
  readonly ledgerTable: dynamodb.Table;
}

/**
 * The monitor's timeout. docs/performance.md states it, with the largest number of secrets one
 * invocation finishes within it (measured by `npm run bench`).
 */
export const MONITOR_TIMEOUT = Duration.minutes(5);

/**
 * The alert ledger and the monitor function on its schedule, with a role that reads secret
 * metadata (never values), writes its own ledger items and publishes alerts.
 */
export function createMonitorFunction(scope: Construct, props: MonitorFunctionProps): MonitorFunction {
  const { config } = props;
  const ledgerTable = new dynamodb.Table(scope, 'AlertLedger', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    encryption: dynamodb.TableEncryption.AWS_MANAGED,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    timeToLiveAttribute: 'ttl',
    removalPolicy: props.ledgerRemovalPolicy ?? RemovalPolicy.RETAIN,
  });
  const timeout = MONITOR_TIMEOUT;
  const made = scheduledFunction(scope, {
    id: 'Monitor',
    entry: 'monitor/index.ts',
    description: 'lwa-expiry-monitor: alerts before LWA client secrets expire',
    timeout,
    environment: {
      [MONITOR_ENV.topicArn]: props.alertTopic.topicArn,
      [MONITOR_ENV.tableName]: ledgerTable.tableName,
      [MONITOR_ENV.tagKey]: config.appTagKey,
      [MONITOR_ENV.thresholdsDays]: config.thresholdsDays.join(','),
      [MONITOR_ENV.windowDays]: String(config.windowDays),
      [MONITOR_ENV.expiredReminderHours]: String(config.expiredReminderHours),
      // A lapsed lease must never cut a live run short: it outlasts the function timeout.
      [MONITOR_ENV.leaseSeconds]: String(timeout.toSeconds() + 60),
      [MONITOR_ENV.perAppMetrics]: String(config.perAppMetrics),
      ...ownerNamesEnvironment(config.owners.map((o) => o.name)),
    },
    logRetention: props.logRetention,
    roleDescription:
      'lwa-expiry-monitor: reads secret metadata (never values), writes its ledger, publishes alerts',
    // Lambda retries a failed asynchronous invocation twice: a failed publish is retried
    // within minutes, not only at the next scheduled run.
    retryAttempts: 2,
    scheduleExpression: config.scheduleExpression,
    scheduleDescription: 'Runs the LWA expiry monitor',
  });
  grantMonitorPermissions(made.role, ledgerTable, props.alertTopic, config.appTagKey);
  acknowledgeReviewedFindings(made.role, config.appTagKey);
  return { ...made, ledgerTable };
}

function grantMonitorPermissions(
  role: iam.Role,
  ledgerTable: dynamodb.ITable,
  alertTopic: sns.ITopic,
  appTagKey: string,
): void {
  grantAppSecretAccess(role, { appTagKey, listSid: 'ListSecretMetadata', versionMetadata: true });
  role.addToPolicy(
    new iam.PolicyStatement({
      sid: 'ReadAlertLedger',
      // Scan cannot be narrowed to some keys; the run keeps only its own items.
      actions: ['dynamodb:Scan'],
      resources: [ledgerTable.tableArn],
    }),
  );
  // Its own items only: one per secret (keyed by the secret's ARN) and the run lease. The
  // other functions' claims and records stay out of its reach.
  role.addToPolicy(
    ledgerItemsStatement('WriteOwnLedgerItems', ['dynamodb:PutItem'], ledgerTable, [
      accountSecretsArn(),
      LEASE_KEY,
    ]),
  );
  alertTopic.grantPublish(role);
}

/** cdk-nag findings of the monitor's role that are deliberate; each says why. */
function acknowledgeReviewedFindings(role: iam.Role, appTagKey: string): void {
  const validations = Validations.of(role);
  validations.acknowledge(LIST_SECRETS_AND_TRACING);
  validations.acknowledge({
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:*]',
    reason: `ListSecretVersionIds (metadata only) on any secret in this account and region whose tag ${appTagKey} exists (aws:ResourceTag condition); the set of app secrets is not known at deploy time.`,
  });
  validations.acknowledge(PUBLISH_TO_ENCRYPTED_TOPIC);
}
