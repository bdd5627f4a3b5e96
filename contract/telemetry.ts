/**
 * Every metric name and dimension of the product, shared by the functions (which emit) and the
 * CDK constructs (whose dashboard and alarms read): one service name and one namespace.
 */
export const SERVICE_NAME = 'lwa-expiry-monitor';
export const METRICS_NAMESPACE = 'LwaExpiryMonitor';

export const METRIC = {
  /**
   * Days left of each app's most urgent secret, one metric per app (dimension `app`): only with
   * the `perAppMetrics` opt-in, as each app is then a custom metric of its own.
   */
  daysUntilExpiry: 'DaysUntilExpiry',
  /** The fewest days left of any dated credential (0 or less once one has expired); no `app` dimension. */
  minDaysUntilExpiry: 'MinDaysUntilExpiry',
  credentialsMonitored: 'CredentialsMonitored',
  credentialsUndetermined: 'CredentialsUndetermined',
  /** Credentials at or past the most urgent threshold (including expired). */
  credentialsUrgent: 'CredentialsUrgent',
  /** Credentials at or past the least urgent threshold (including expired): their alerts have begun. */
  credentialsDue: 'CredentialsDue',
  /** Credentials whose expiry has passed (0 days left or fewer). */
  credentialsExpired: 'CredentialsExpired',
  credentialsWithTagProblems: 'CredentialsWithTagProblems',
  /** Credentials dated from their AWSCURRENT version's creation: an estimate, not Amazon's date. */
  credentialsEstimated: 'CredentialsEstimated',
  alertsPublished: 'AlertsPublished',
  publishFailures: 'PublishFailures',
  ledgerFailures: 'LedgerFailures',
  lookupFailures: 'LookupFailures',
  ledgerConflicts: 'LedgerConflicts',
  heartbeat: 'Heartbeat',
} as const;

export const DIMENSION = { app: 'app', service: 'service' } as const;

/**
 * The log line written for each alert a function publishes (the monitor's is what the dashboard's
 * alerts widget counts, by `severity`): counting alerts from the logs costs no metric per
 * severity, which would be billed in every hour that has such an alert, so more often the more
 * apps there are.
 */
export const ALERT_PUBLISHED_LOG = {
  message: 'Alert published',
  fields: { severity: 'severity' },
} as const;

/**
 * The log line the monitor writes for each monitored credential at the end of each run, which the
 * dashboard's Logs Insights table reads: the per-app view that costs no metric per app. Field
 * names are the keys of the line's JSON; `owner` only when the secret names one.
 */
export const CREDENTIAL_STATUS_LOG = {
  message: 'Credential status',
  fields: {
    app: 'app',
    secret: 'secret',
    owner: 'owner',
    status: 'status',
    daysLeft: 'daysLeft',
    expiresAt: 'expiresAt',
    source: 'source',
    band: 'band',
  },
} as const;

/** Metric names of the live check (service dimension only). */
export const LIVE_CHECK_METRIC = {
  accepted: 'LiveCheckAccepted',
  /** LWA answered invalid_client. */
  secretRejected: 'LiveCheckSecretRejected',
  /** SP-API answered 403: the LWA secret expired (LWA still issued a token). */
  secretExpired: 'LiveCheckSecretExpired',
  /** LWA refused the refresh token, or SP-API refused the call for another reason. */
  otherRejections: 'LiveCheckOtherRejections',
  /** LWA's answer said nothing certain, or gave no token for the SP-API call. */
  inconclusive: 'LiveCheckInconclusive',
  malformed: 'LiveCheckMalformed',
  /** LWA did not answer: an outage, not a verdict on any credential. */
  lwaUnavailable: 'LwaUnavailable',
  /** SP-API did not answer or throttled the call: an outage, not a verdict. */
  spApiUnavailable: 'SpApiUnavailable',
  readFailures: 'LiveCheckReadFailures',
  deferred: 'LiveCheckDeferred',
} as const;

/** Metric names of the rotation function (service dimension only: no per-app cost). */
export const ROTATION_METRIC = {
  requested: 'RotationsRequested',
  failed: 'RotationFailures',
  deferred: 'RotationsDeferred',
  calls: 'RotationCalls',
} as const;

/** Metric names of the webhook forwarder, shared with the construct's alarms (service dimension only). */
export const WEBHOOK_METRIC = {
  deliveries: 'WebhookDeliveries',
  failures: 'WebhookDeliveryFailures',
  retries: 'WebhookRetries',
  configProblems: 'WebhookConfigProblems',
} as const;

/**
 * Events (contract/events.ts) the bus did not take after the bounded retries, counted by every
 * function that puts events (service dimension only). The alert itself had gone out by SNS.
 */
export const EVENT_METRIC = {
  publishFailures: 'EventPublishFailures',
} as const;

/**
 * Failure counters of the notification handler (service dimension only), each written only by an
 * invocation in which that failure happened: a metric is billed for the hours it has data in, so
 * the bill follows failures, not the number of notifications. What every notification came to is
 * in its `Notification processed` log line (NOTIFICATION_LOG).
 */
export const NOTIFICATION_METRIC = {
  /** A new client secret LWA refused: it was not made current. */
  verificationFailures: 'NotificationVerificationFailures',
  /** LWA could not be reached to verify a new client secret: retried through SQS. */
  lwaUnavailable: 'NotificationLwaUnavailable',
  /** A notification whose client id no secret carries in its lwa:client-id tag. */
  unknownClients: 'NotificationUnknownClients',
  /** A notification whose client id several secrets carry. */
  ambiguousClients: 'NotificationAmbiguousClients',
  /** A message that is not a readable notification. */
  malformed: 'NotificationsMalformed',
} as const;

/** The log line the notification handler writes for each message it handled. */
export const NOTIFICATION_LOG = {
  message: 'Notification processed',
  fields: {
    messageId: 'messageId',
    notificationId: 'notificationId',
    type: 'notificationType',
    clientId: 'clientId',
    outcome: 'outcome',
    disposition: 'disposition',
  },
} as const;
