import type { CredentialRead } from '../ports/credential-reader';
import type { RotateOutcome } from '../ports/application-management';
import type { TokenOutcome } from '../ports/lwa-tokens';
import { errorName } from '../domain/error-name';
import { PRE_CALL_GUIDANCE } from './rotation-messages';
import type { AttemptFailure, AttemptOutcome } from './rotation-record';

/**
 * What each answer on the way to the rotate call means for the attempt, read exactly as the
 * ports report it: the secret read, LWA's grantless token, and Amazon's answer to the call.
 */

/** The secret could not be read, or lacks the credential fields. */
export function readFailure(read: Extract<CredentialRead, { ok: false }>): AttemptFailure {
  const reason = read.problem === 'unreadable' ? 'secret-unreadable' : 'credentials-malformed';
  const guidance = PRE_CALL_GUIDANCE[reason];
  return {
    reason,
    retryable: read.retryable,
    guidance: read.retryable ? guidance.retryable : guidance.permanent,
    errorMessage: read.detail,
  };
}

/** Why no grantless rotation token was issued, read by the one rule of `classifyLwaAnswer`. */
export function tokenFailure(token: Exclude<TokenOutcome, { kind: 'accepted' }>): AttemptFailure {
  switch (token.kind) {
    case 'rejected':
      return {
        reason: 'token-rejected',
        retryable: false,
        guidance: PRE_CALL_GUIDANCE['token-rejected'].permanent,
        status: token.status,
        errorCode: token.error,
        errorMessage: token.description,
      };
    case 'refused':
      return {
        reason: 'rotation-scope-refused',
        retryable: false,
        guidance: PRE_CALL_GUIDANCE['rotation-scope-refused'].permanent,
        status: token.status,
        errorCode: token.error,
        errorMessage: token.description,
      };
    case 'inconclusive':
      return {
        reason: 'lwa-inconclusive',
        retryable: true,
        guidance: PRE_CALL_GUIDANCE['lwa-inconclusive'].retryable,
        status: token.status,
        errorCode: token.error,
        errorMessage: token.description,
      };
    case 'unavailable':
      return {
        reason: 'lwa-unavailable',
        retryable: true,
        guidance: PRE_CALL_GUIDANCE['lwa-unavailable'].retryable,
        status: token.status,
        errorMessage: token.reason,
      };
  }
}

/** Amazon's answer to the rotate call. */
export function rotateOutcome(outcome: RotateOutcome): AttemptOutcome {
  if (outcome.kind === 'requested') return { requested: true, requestId: outcome.requestId };
  return {
    reason: outcome.reason,
    retryable: outcome.retryable,
    guidance: outcome.guidance,
    status: outcome.status,
    errorCode: outcome.errorCode,
    errorMessage: outcome.errorMessage,
    errorDetails: outcome.errorDetails,
    requestId: outcome.requestId,
  };
}

/** An internal error before Amazon was called: nothing happened, so the next run retries. */
export function failureBeforeCall(error: unknown): AttemptFailure {
  return {
    reason: 'unexpected',
    retryable: true,
    guidance:
      'An internal error stopped the attempt before Amazon was called; the next run retries. See the function logs.',
    errorCode: errorName(error),
  };
}
