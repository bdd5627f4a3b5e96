import { ROTATION_KEY_PREFIX } from '../../contract/ledger-keys';
import type { RotationFailureReason } from '../ports/application-management';
import type { LedgerAttribute, StoredRecord } from '../ports/keyed-ledger';

/**
 * The ledger record of one expiry cycle of a credential: its state, what stopped the last
 * attempt, the alert it owes, and how it is stored as ledger attributes.
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

export interface RotationCandidate {
  readonly secretArn: string;
  readonly secretName: string;
  readonly appName: string;
  /** The owner its alerts are routed to (its `lwa:owner` tag), when the tag names one. */
  readonly owner?: string;
  readonly expiresAt: Date;
  readonly daysLeft: number;
  /** Id of the AWSCURRENT version, as ListSecrets reports it. */
  readonly currentVersionId?: string;
  /** Its `lwa:client-id` tag, when it has the form of an LWA client id (for its events). */
  readonly clientId?: string;
}

export function rotationKey(secretArn: string, cycleExpiresAt: Date): string {
  return `${ROTATION_KEY_PREFIX}${secretArn}#${cycleExpiresAt.toISOString()}`;
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
