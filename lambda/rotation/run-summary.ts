/** What one rotation run did, as counted by its steps. */

export type DeferReason = 'per-run limit' | 'time' | 'throttled';

export interface RotationSummary {
  /** Opted-in credentials inside the rotation window. */
  readonly candidates: number;
  /** Rotate calls made. */
  readonly calls: number;
  readonly requested: number;
  /** Attempts that failed and will be retried by a later run. */
  readonly retryLater: number;
  /** Attempts that failed for good this cycle. */
  readonly failedPermanently: number;
  /** Candidates left for the next run, and why. */
  readonly deferred: number;
  readonly deferReason?: DeferReason;
  readonly alertsPublished: number;
  readonly publishFailures: number;
  readonly ledgerFailures: number;
  readonly lookupFailures: number;
  readonly conflicts: number;
  /** Opted-in secrets skipped because they lack the `lwa:client-id` tag the role requires. */
  readonly withoutClientId: number;
  /** Attempts stopped by an unexpected error after the rotate call (left to the stale-claim check). */
  readonly internalErrors: number;
}

/** The counters while the run goes on; each step adds to them. */
export type RotationTally = { -readonly [K in keyof RotationSummary]: RotationSummary[K] };

export function emptyTally(): RotationTally {
  return {
    candidates: 0,
    calls: 0,
    requested: 0,
    retryLater: 0,
    failedPermanently: 0,
    deferred: 0,
    alertsPublished: 0,
    publishFailures: 0,
    ledgerFailures: 0,
    lookupFailures: 0,
    conflicts: 0,
    withoutClientId: 0,
    internalErrors: 0,
  };
}

export function rotationRunFailed(summary: RotationSummary): boolean {
  return (
    summary.publishFailures > 0 ||
    summary.ledgerFailures > 0 ||
    summary.lookupFailures > 0 ||
    summary.internalErrors > 0
  );
}
