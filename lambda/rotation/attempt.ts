import { errorName } from '../domain/error-name';
import { failureBeforeCall, readFailure, rotateOutcome, tokenFailure } from './call-outcome';
import { awaitCallSlot, callStarting, stopCalls } from './call-slots';
import { publishOwed, recordAndAlert, saveRecord } from './record-and-alert';
import type { StepPlan } from './rotation-policy';
import type { AttemptOutcome, RotationCandidate, RotationRecord } from './rotation-record';
import { claimFor, recordOutcome } from './rotation-policy';
import type { RotationRun } from './rotation-run';
import { candidateFields } from './rotation-run';

/**
 * One attempt at a cycle: wait for a call slot, claim the cycle, read the credentials, get a
 * grantless token, call Amazon, then record the outcome and alert it. The cycle is claimed
 * before the call, so no other run calls for it again.
 */

/** Something failed after the rotate call may have been made: the outcome is not known. */
interface StoppedAfterCall {
  readonly stoppedAfterCall: true;
  readonly error: unknown;
}

export async function attemptRotation(
  run: RotationRun,
  candidate: RotationCandidate,
  record: RotationRecord,
  plan: StepPlan,
): Promise<void> {
  const { deps } = run;
  const fields = candidateFields(candidate);
  const deferred = await awaitCallSlot(run);
  if (deferred) {
    run.tally.deferred++;
    deps.log.info('Rotation left for the next run', { ...fields, reason: deferred });
    if (plan.republish) await publishOwed(run, candidate, record, plan.republish);
    return;
  }
  const claimed = claimFor(record, candidate, run.options.runId, deps.clock());
  if (!(await saveRecord(run, candidate, claimed, record.revision))) {
    deps.log.info('Rotation not claimed: another run holds this cycle', fields);
    return;
  }
  const outcome = await callAmazon(run, candidate);
  if ('stoppedAfterCall' in outcome) {
    run.tally.internalErrors++;
    deps.log.error('Rotation attempt stopped after the call; its claim is left for the stale-claim check', {
      ...fields,
      error: errorName(outcome.error),
    });
    return;
  }
  const final = recordOutcome({ ...claimed, revision: record.revision + 1 }, outcome, deps.clock());
  countAndLog(run, outcome, fields);
  await recordAndAlert(run, candidate, final, record.revision + 1, true);
}

/** Credentials, grantless token, rotate call. */
async function callAmazon(
  run: RotationRun,
  candidate: RotationCandidate,
): Promise<AttemptOutcome | StoppedAfterCall> {
  const { deps } = run;
  let called = false;
  try {
    const read = await deps.credentials.read(candidate.secretArn);
    if (!read.ok) return readFailure(read);
    const token = await deps.tokens.rotationToken(read.credentials);
    if (token.kind !== 'accepted') return tokenFailure(token);
    called = true;
    callStarting(run);
    return rotateOutcome(await deps.applications.rotateClientSecret(token.accessToken));
  } catch (error: unknown) {
    // The call may have happened: leave the claim for the stale-claim path.
    if (called) return { stoppedAfterCall: true, error };
    return failureBeforeCall(error);
  }
}

function countAndLog(run: RotationRun, outcome: AttemptOutcome, fields: Record<string, unknown>): void {
  const { tally, deps } = run;
  if ('requested' in outcome) {
    tally.requested++;
    deps.log.info('Rotation requested from Amazon', { ...fields, requestId: outcome.requestId });
    return;
  }
  if (outcome.retryable) tally.retryLater++;
  else tally.failedPermanently++;
  if (outcome.reason === 'throttled') stopCalls(run, 'throttled');
  deps.log.warn('Rotation attempt failed', {
    ...fields,
    reason: outcome.reason,
    retryable: outcome.retryable,
    status: outcome.status,
    errorCode: outcome.errorCode,
    errorMessage: outcome.errorMessage,
    errorDetails: outcome.errorDetails,
    requestId: outcome.requestId,
  });
}
