/** Metric names of the live check (service dimension only). */
export const LIVE_CHECK_METRIC = {
  accepted: 'LiveCheckAccepted',
  secretRejected: 'LiveCheckSecretRejected',
  otherRejections: 'LiveCheckOtherRejections',
  malformed: 'LiveCheckMalformed',
  /** LWA did not answer: an outage, not a verdict on any credential. */
  lwaUnavailable: 'LwaUnavailable',
  readFailures: 'LiveCheckReadFailures',
  deferred: 'LiveCheckDeferred',
} as const;
