import { daysLeft } from '../domain/alert-policy';
import type { ExpiryResult } from '../domain/expiry';
import type { AttemptOutcome, RotationAlertKind, RotationCandidate, RotationRecord } from './rotation-record';

/**
 * Decisions of automatic rotation, as pure functions: which credential is due, and what to do
 * with the ledger record of its expiry cycle. The rotate call is made at most once per cycle:
 * a cycle's record is claimed before the call and never claimed again after a call whose
 * outcome is known to be final (requested, or refused for a reason that will not go away).
 */

export interface RotationTiming {
  /** A claim older than this without an outcome belongs to a run that died. */
  readonly staleClaimMs: number;
  /** How long after a successful request the new secret must have started a new cycle. */
  readonly newSecretGraceMs: number;
}

/** Days left of a dated credential when it is inside the rotation window, else undefined. */
export function dueDaysLeft(expiry: ExpiryResult, now: Date, rotateDaysBefore: number): number | undefined {
  if (expiry.status !== 'dated') return undefined;
  const left = daysLeft(expiry.expiresAt, now);
  return left <= rotateDaysBefore ? left : undefined;
}

export type NextStep =
  /** Claim the cycle and make an attempt. */
  | { readonly type: 'attempt' }
  /** A run died holding the claim: record `unknown` and alert once. */
  | { readonly type: 'mark-unknown' }
  /** Amazon accepted the request long ago but no new secret arrived: alert once. */
  | { readonly type: 'new-secret-missing' }
  | { readonly type: 'nothing'; readonly why: string };

export interface StepPlan {
  /** An alert SNS did not accept last time, to publish unless the next step supersedes it. */
  readonly republish?: RotationAlertKind;
  readonly next: NextStep;
}

function olderThan(iso: string | undefined, now: Date, ms: number): boolean {
  if (iso === undefined) return true;
  const at = Date.parse(iso);
  return Number.isNaN(at) || now.getTime() - at > ms;
}

export function planStep(
  record: RotationRecord,
  candidate: RotationCandidate,
  now: Date,
  timing: RotationTiming,
): StepPlan {
  const republish = record.state === 'claimed' ? undefined : record.pendingAlert;
  switch (record.state) {
    case undefined:
    case 'retry':
      return { republish, next: { type: 'attempt' } };
    case 'claimed':
      return olderThan(record.claimedAt, now, timing.staleClaimMs)
        ? { next: { type: 'mark-unknown' } }
        : { next: { type: 'nothing', why: 'another run is attempting this cycle' } };
    case 'failed': {
      const valueChanged =
        candidate.currentVersionId !== undefined &&
        record.versionId !== undefined &&
        candidate.currentVersionId !== record.versionId;
      return valueChanged
        ? { republish, next: { type: 'attempt' } }
        : { republish, next: { type: 'nothing', why: 'failed permanently this cycle; alerted' } };
    }
    case 'requested':
      if (
        record.followUpAlertedAt === undefined &&
        olderThan(record.requestedAt, now, timing.newSecretGraceMs)
      ) {
        return { republish, next: { type: 'new-secret-missing' } };
      }
      return { republish, next: { type: 'nothing', why: 'already requested this cycle' } };
    case 'unknown':
      return { republish, next: { type: 'nothing', why: 'outcome unknown; alerted' } };
  }
}

/** The record once an attempt's outcome is known. */
export function recordOutcome(claimed: RotationRecord, outcome: AttemptOutcome, now: Date): RotationRecord {
  if ('requested' in outcome) {
    return {
      ...claimed,
      state: 'requested',
      requestedAt: now.toISOString(),
      failure: undefined,
      requestId: outcome.requestId,
      pendingAlert: 'requested',
    };
  }
  return {
    ...claimed,
    state: outcome.retryable ? 'retry' : 'failed',
    failure: outcome,
    requestId: outcome.requestId,
    pendingAlert: 'failed',
  };
}

export function claimFor(
  record: RotationRecord,
  candidate: RotationCandidate,
  runId: string,
  now: Date,
): RotationRecord {
  return {
    revision: record.revision,
    state: 'claimed',
    attempts: record.attempts + 1,
    claimedAt: now.toISOString(),
    claimedBy: runId,
    versionId: candidate.currentVersionId,
  };
}

// ---- ledger mapping ----
