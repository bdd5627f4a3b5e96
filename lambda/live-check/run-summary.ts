/** What one live-check run found, as counted by its steps. */

export interface LiveCheckSummary {
  readonly checked: number;
  readonly accepted: number;
  /** LWA answered invalid_client. */
  readonly secretRejected: number;
  /** SP-API answered that the LWA secret expired. */
  readonly secretExpired: number;
  /** LWA refused the refresh token, or SP-API refused the call for another reason. */
  readonly otherRejections: number;
  /** LWA's answer said nothing certain, or issued no token for the SP-API call. */
  readonly inconclusive: number;
  readonly malformed: number;
  /** LWA did not answer: an outage, not a verdict on the credentials. */
  readonly lwaUnavailable: number;
  /** SP-API did not answer (or throttled the call): an outage, not a verdict. */
  readonly spApiUnavailable: number;
  /** Secrets whose value could not be read (permissions, KMS): an operator problem. */
  readonly readFailures: number;
  /** Opted-in secrets left unchecked because the run was out of time. */
  readonly deferred: number;
  readonly alertsPublished: number;
  readonly publishFailures: number;
  readonly ledgerFailures: number;
  readonly conflicts: number;
  /** Opted-in secrets skipped because they lack the `lwa:client-id` tag the role requires. */
  readonly withoutClientId: number;
}

/** The counters while the run goes on; each step adds to them. */
export type LiveCheckTally = { -readonly [K in keyof LiveCheckSummary]: LiveCheckSummary[K] };

export function emptyTally(): LiveCheckTally {
  return {
    checked: 0,
    accepted: 0,
    secretRejected: 0,
    secretExpired: 0,
    otherRejections: 0,
    inconclusive: 0,
    malformed: 0,
    lwaUnavailable: 0,
    spApiUnavailable: 0,
    readFailures: 0,
    deferred: 0,
    alertsPublished: 0,
    publishFailures: 0,
    ledgerFailures: 0,
    conflicts: 0,
    withoutClientId: 0,
  };
}

export function liveCheckRunFailed(summary: LiveCheckSummary): boolean {
  return summary.readFailures > 0 || summary.publishFailures > 0 || summary.ledgerFailures > 0;
}
