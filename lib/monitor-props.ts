import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { CredentialFieldOverrides } from '../contract/credential-fields';
import type { AutoRotationOptions } from './auto-rotation';
import type { LiveCheckOptions } from './live-check';
import type { WebhookForwarderOptions } from './webhook-forwarder-config';
import type { OwnerRecipients } from './owners-config';

export interface LwaExpiryMonitorProps {
  /**
   * Days before expiry at which an alert is sent, once each per expiry cycle. An "expired"
   * alert always follows at expiry.
   * @default [30, 7, 1]
   */
  readonly thresholdsDays?: number[];
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
  readonly alertEmails?: string[];
  /**
   * E.164 phone numbers subscribed by SMS to the severities in `smsSeverities`.
   * @default - no SMS subscription
   */
  readonly alertPhoneNumbers?: string[];
  /**
   * Email addresses told when the monitor itself is in trouble (missed runs, errors, undated
   * or urgent credentials, undeliverable schedule events), through a separate operator topic.
   * @default - the `alertEmails`
   */
  readonly operatorEmails?: string[];
  /**
   * Alert severities delivered by SMS: `<n>-day` for a threshold, `expired`, `resolved`,
   * `undetermined`, and the automation severities of contract/severities.ts.
   * @default - thresholds of 7 days or fewer (or the most urgent one if none is), `expired`,
   * and the automation alerts that mean access is at risk now: `verification-failed`,
   * `secret-rejected`, `rotation-failed`
   */
  readonly smsSeverities?: string[];
  /**
   * Teams that own apps, by owner name (1 to 64 letters, digits, `.`, `_` or `-`, starting with
   * a letter or digit): the alerts about a secret tagged `lwa:owner=<name>` also go to that
   * owner's `emails` (every alert) and `phones` (the `smsSeverities`), through SNS subscription
   * filter policies on the message attribute `owner`. Each owner needs at least one recipient.
   * @default - none
   */
  readonly owners?: { [owner: string]: OwnerRecipients };
  /**
   * What `alertEmails` and `alertPhoneNumbers` get: `all` alerts, or only those of `unowned`
   * apps (no `lwa:owner` tag, a malformed one, or one naming no configured owner). `unowned`
   * needs `owners`. Checked at synth.
   * @default 'all'
   */
  readonly defaultRecipientsGet?: string;
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
  readonly credentialFields?: CredentialFieldOverrides;
  /**
   * Customer-managed KMS keys that encrypt app secrets, for the functions that read or write
   * secret values. Secrets under the AWS managed key need none.
   * @default - none
   */
  readonly secretEncryptionKeys?: kms.IKey[];
  /**
   * Opt-in automatic rotation: when a credential has this few days left, ask Amazon for a new
   * client secret (`rotateApplicationClientSecret`), at most once per expiry cycle. Needs the
   * notification intake, which receives the new secret.
   * @default - off
   */
  readonly autoRotation?: AutoRotationOptions;
  /**
   * Opt-in live check: exchange opted-in credentials at the LWA token endpoint on a schedule
   * and alert critically when LWA rejects the secret.
   * @default - off
   */
  readonly liveCheck?: LiveCheckOptions;
  /**
   * Forward every alert to Slack, Microsoft Teams or Amazon Chime incoming webhooks, whose URLs
   * are kept in a Secrets Manager secret (stack output `WebhookSecretArn`).
   * @default - off
   */
  readonly webhooks?: boolean | WebhookForwarderOptions;
  /**
   * Opt-in: also publish `DaysUntilExpiry` per app (dimension `app`), for alarms on one app, and
   * graph it per app on the dashboard. Each app is then a custom metric of its own, $0.30 a month
   * at list price. Off, the metrics have no `app` dimension (`MinDaysUntilExpiry` is the fewest
   * days left of any app) and the dashboard lists each app from the monitor's logs.
   * @default false
   */
  readonly perAppMetrics?: boolean;
  /**
   * Put an EventBridge event on `eventBusName` for every alert and credential change (threshold
   * crossed, expired, resolved, new secret stored and promoted, rotation requested and failed,
   * live check rejected), so that other systems can act on them; docs/events.md has the schema.
   * Each function that emits gets events:PutEvents on that bus only.
   * @default true
   */
  readonly events?: boolean;
  /**
   * The event bus the events go on: a bus name, or an event bus ARN (for a bus of another
   * account, whose resource policy must let this account put events).
   * @default 'default' - the account's default event bus
   */
  readonly eventBusName?: string;
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
