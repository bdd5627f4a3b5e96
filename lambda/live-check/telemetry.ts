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
