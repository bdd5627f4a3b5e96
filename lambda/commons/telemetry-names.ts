/**
 * Names shared by the functions (which emit) and the CDK construct (whose dashboard and alarms
 * read): one service name and one namespace for the whole product.
 */
export const SERVICE_NAME = 'lwa-expiry-monitor';
export const METRICS_NAMESPACE = 'LwaExpiryMonitor';

export const METRIC = {
  daysUntilExpiry: 'DaysUntilExpiry',
  credentialsMonitored: 'CredentialsMonitored',
  credentialsUndetermined: 'CredentialsUndetermined',
  /** Credentials at or past the most urgent threshold (including expired). */
  credentialsUrgent: 'CredentialsUrgent',
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

export const DIMENSION = { app: 'app', severity: 'severity', service: 'service' } as const;
