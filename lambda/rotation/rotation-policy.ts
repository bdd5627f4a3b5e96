import { ROTATION_KEY_PREFIX } from '../../contract/ledger-keys';
import { daysLeft } from '../domain/alert-policy';
import type { ExpiryResult } from '../domain/expiry';
import type { RotationFailureReason } from '../ports/application-management';
import type { LedgerAttribute, StoredRecord } from '../ports/keyed-ledger';

/**
 * Decisions of automatic rotation, as pure functions: which credential is due, and what to do
 * with the ledger record of its expiry cycle. The rotate call is made at most once per cycle:
 * a cycle's record is claimed before the call and never claimed again after a call whose
 * outcome is known to be final (requested, or refused for a reason that will not go away).
 */

export type RotationState =
  /** A run owns the attempt right now. */
  | 'claimed'
  /** Amazon accepted the request (204); the new secret arrives through the notification queue. */
  | 'requested'
  /** The attempt failed for a reason that may go away (throttling, 5xx, timeout): the next run retries. */
  | 'retry'
  /** The attempt failed for a reason that will not go away by itself: alerted once, not retried. */
  | 'failed'
  /** A run claimed the attempt and never recorded its outcome (it died): alerted once, not retried. */
  | 'unknown';

/** Everything that can stop a rotation, before or at the rotate call. */
export type AttemptFailureReason =
  | RotationFailureReason
  /** GetSecretValue failed. */
  | 'secret-unreadable'
  /** The secret's JSON lacks the client id or secret. */
  | 'credentials-malformed'
  /** LWA answered `invalid_client`: the stored secret is wrong or expired. */
  | 'token-rejected'
  /** The client authenticated, but LWA refused the rotation scope (not a production app, not enrolled). */
  | 'rotation-scope-refused'
  /** LWA answered something that says nothing certain about the secret. */
  | 'lwa-inconclusive'
  /** LWA did not answer (5xx, 429, timeout). */
  | 'lwa-unavailable';

export interface AttemptFailure {
  readonly reason: AttemptFailureReason;
  readonly retryable: boolean;
  readonly guidance: string;
  readonly status?: number;
  /** Amazon's or LWA's error code, or the AWS error name. */
  readonly errorCode?: string;
  readonly errorMessage?: string;
  /** SP-API's `details`, which often say what is wrong (such as an expired secret). */
  readonly errorDetails?: string;
  readonly requestId?: string;
}

/** How an attempt ended: Amazon accepted the request, or something stopped it. */
export type AttemptOutcome = { readonly requested: true; readonly requestId?: string } | AttemptFailure;

/** The alerts a record can owe: `failed` covers both retryable and permanent failures. */
export type RotationAlertKind = 'requested' | 'failed' | 'unknown' | 'new-secret-missing';
const ALERT_KINDS: readonly RotationAlertKind[] = ['requested', 'failed', 'unknown', 'new-secret-missing'];

export interface RotationRecord {
  /** 0 when the cycle has no record yet. */
  readonly revision: number;
  readonly state?: RotationState;
  readonly attempts: number;
  readonly claimedAt?: string;
  readonly claimedBy?: string;
  readonly requestedAt?: string;
  /** The AWSCURRENT version the last attempt used: a permanent failure is retried once it changes. */
  readonly versionId?: string;
  readonly failure?: AttemptFailure;
  /** `x-amzn-RequestId` of the last rotate call, for Amazon support. */
  readonly requestId?: string;
  /** An alert recorded as due but not yet accepted by SNS: published before anything else. */
  readonly pendingAlert?: RotationAlertKind;
  /** When the "new secret did not arrive" or "outcome unknown" follow-up was alerted. */
  readonly followUpAlertedAt?: string;
}

export const EMPTY_RECORD: RotationRecord = { revision: 0, attempts: 0 };

export interface RotationTiming {
  /** A claim older than this without an outcome belongs to a run that died. */
  readonly staleClaimMs: number;
  /** How long after a successful request the new secret must have started a new cycle. */
  readonly newSecretGraceMs: number;
}

export interface RotationCandidate {
  readonly secretArn: string;
  readonly secretName: string;
  readonly appName: string;
  readonly expiresAt: Date;
  readonly daysLeft: number;
  /** Id of the AWSCURRENT version, as ListSecrets reports it. */
  readonly currentVersionId?: string;
}

export function rotationKey(secretArn: string, cycleExpiresAt: Date): string {
  return `${ROTATION_KEY_PREFIX}${secretArn}#${cycleExpiresAt.toISOString()}`;
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

const STATES: readonly RotationState[] = ['claimed', 'requested', 'retry', 'failed', 'unknown'];

function str(attributes: Readonly<Record<string, LedgerAttribute>>, name: string): string | undefined {
  const value = attributes[name];
  return typeof value === 'string' ? value : undefined;
}
function num(attributes: Readonly<Record<string, LedgerAttribute>>, name: string): number | undefined {
  const value = attributes[name];
  return typeof value === 'number' ? value : undefined;
}

export function fromStored(stored: StoredRecord | undefined): RotationRecord {
  if (!stored) return EMPTY_RECORD;
  const a = stored.attributes;
  const state = str(a, 'state');
  const reason = str(a, 'failureReason') as AttemptFailureReason | undefined;
  return {
    revision: stored.revision,
    state: STATES.find((s) => s === state),
    attempts: num(a, 'attempts') ?? 0,
    claimedAt: str(a, 'claimedAt'),
    claimedBy: str(a, 'claimedBy'),
    requestedAt: str(a, 'requestedAt'),
    versionId: str(a, 'versionId'),
    failure:
      reason === undefined
        ? undefined
        : {
            reason,
            retryable: a.retryable === true,
            guidance: str(a, 'guidance') ?? '',
            status: num(a, 'failureStatus'),
            errorCode: str(a, 'errorCode'),
            errorMessage: str(a, 'errorMessage'),
            errorDetails: str(a, 'errorDetails'),
            requestId: str(a, 'requestId'),
          },
    requestId: str(a, 'requestId'),
    pendingAlert: ALERT_KINDS.find((k) => k === str(a, 'pendingAlert')),
    followUpAlertedAt: str(a, 'followUpAlertedAt'),
  };
}

export function toStored(
  record: RotationRecord,
  candidate: RotationCandidate,
): Record<string, LedgerAttribute | undefined> {
  const failure = record.failure;
  return {
    secretArn: candidate.secretArn,
    appName: candidate.appName,
    cycleExpiresAt: candidate.expiresAt.toISOString(),
    state: record.state,
    attempts: record.attempts,
    claimedAt: record.claimedAt,
    claimedBy: record.claimedBy,
    requestedAt: record.requestedAt,
    versionId: record.versionId,
    failureReason: failure?.reason,
    retryable: failure?.retryable,
    guidance: failure?.guidance,
    failureStatus: failure?.status,
    errorCode: failure?.errorCode,
    errorMessage: failure?.errorMessage,
    errorDetails: failure?.errorDetails,
    requestId: record.requestId,
    pendingAlert: record.pendingAlert,
    followUpAlertedAt: record.followUpAlertedAt,
  };
}
