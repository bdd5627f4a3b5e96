/**
 * The environment variables of every function: the constructs set them (lib/), the functions
 * read them (each function's settings.ts), and the docs list them. One name, one place.
 */

/** Environment variable holding the field names as JSON, such as {"clientSecret":"lwa_client_secret"}. */
export const CREDENTIAL_FIELDS_ENV = 'CREDENTIAL_FIELDS';

/**
 * Environment variable holding the configured owner names, comma-separated (`payments,search`):
 * an `lwa:owner` tag naming another owner is reported. Set only when owners are configured;
 * unset means none is.
 */
export const OWNER_NAMES_ENV = 'OWNER_NAMES';

/**
 * The event bus the monitor, the notification intake, rotation and the live check put their
 * events on (contract/events.ts); unset, they put none.
 */
export const EVENT_BUS_ENV = 'EVENT_BUS_NAME';

/** Environment variables the monitor reads; the construct sets every one of them. */
export const MONITOR_ENV = {
  topicArn: 'ALERT_TOPIC_ARN',
  tableName: 'LEDGER_TABLE_NAME',
  tagKey: 'APP_TAG_KEY',
  thresholdsDays: 'THRESHOLDS_DAYS',
  windowDays: 'WINDOW_DAYS',
  expiredReminderHours: 'EXPIRED_REMINDER_HOURS',
  leaseSeconds: 'LEASE_SECONDS',
  /** `true` to emit `DaysUntilExpiry` per app (one custom metric per app); anything else does not. */
  perAppMetrics: 'PER_APP_METRICS',
  ownerNames: OWNER_NAMES_ENV,
} as const;

/** Environment variables the notification handler reads; the construct sets every one of them. */
export const NOTIFICATION_ENV = {
  topicArn: 'ALERT_TOPIC_ARN',
  tableName: 'LEDGER_TABLE_NAME',
  tagKey: 'APP_TAG_KEY',
  credentialFields: CREDENTIAL_FIELDS_ENV,
  claimLeaseSeconds: 'CLAIM_LEASE_SECONDS',
  maxReceiveCount: 'MAX_RECEIVE_COUNT',
  /** Read by LwaTokenClient itself. */
  lwaTokenEndpoint: 'LWA_TOKEN_ENDPOINT',
  /** `true` to store and promote new client secrets; anything else holds them back. */
  storeNewSecrets: 'STORE_NEW_SECRETS',
  /** Queue where new secrets wait while storing is off. */
  heldQueueUrl: 'HELD_QUEUE_URL',
  windowDays: 'WINDOW_DAYS',
  ownerNames: OWNER_NAMES_ENV,
} as const;

/** Environment variables every scheduled automation function (rotation, live check) reads. */
export const SCHEDULED_AUTOMATION_ENV = {
  topicArn: 'ALERT_TOPIC_ARN',
  tableName: 'LEDGER_TABLE_NAME',
  tagKey: 'APP_TAG_KEY',
  optInTagKey: 'OPT_IN_TAG_KEY',
  scope: 'AUTOMATION_SCOPE',
  windowDays: 'WINDOW_DAYS',
  ownerNames: OWNER_NAMES_ENV,
} as const;

/** Environment variables of the rotation function; the AutoRotation construct sets each one. */
export const ROTATION_ENV = {
  ...SCHEDULED_AUTOMATION_ENV,
  rotateDaysBefore: 'ROTATE_DAYS_BEFORE',
  maxRequestsPerRun: 'MAX_ROTATIONS_PER_RUN',
  spApiEndpoint: 'SP_API_ENDPOINT',
} as const;

/** Environment variables of the live-check function; the LiveCheck construct sets each one. */
export const LIVE_CHECK_ENV = {
  ...SCHEDULED_AUTOMATION_ENV,
  realertHours: 'REALERT_HOURS',
  /** Where the check's SP-API call goes; the same variable as the rotation function's. */
  spApiEndpoint: ROTATION_ENV.spApiEndpoint,
} as const;

/** Environment variables of the webhook forwarder; the WebhookForwarder construct sets them. */
export const WEBHOOK_ENV = {
  /** ARN (or name) of the secret holding the webhook URLs; never the URLs themselves. */
  secretId: 'WEBHOOK_SECRET_ID',
  /** Ledger table for delivery receipts; unset: no receipts. */
  tableName: 'LEDGER_TABLE_NAME',
  cacheSeconds: 'WEBHOOK_CACHE_SECONDS',
  maxAttempts: 'WEBHOOK_MAX_ATTEMPTS',
} as const;
