import { errorName } from '../domain/error-name';
import { attemptRotation } from './attempt';
import { publishOwed, recordAndAlert } from './record-and-alert';
import type { NextStep } from './rotation-policy';
import type { RotationAlertKind, RotationCandidate, RotationRecord } from './rotation-record';
import { planStep } from './rotation-policy';
import { fromStored, rotationKey } from './rotation-record';
import type { RotationRun } from './rotation-run';
import { candidateFields } from './rotation-run';

/**
 * One credential of the run: read its cycle's record, plan the step, then attempt a rotation or
 * follow up on an earlier one (a run that died holding the claim, a new secret that never came).
 */
export async function rotateOne(run: RotationRun, candidate: RotationCandidate): Promise<void> {
  const record = await readRecord(run, candidate);
  if (record === undefined) return;
  const plan = planStep(record, candidate, run.deps.clock(), run.settings.timing);
  const { next } = plan;
  if (next.type === 'attempt') {
    await attemptRotation(run, candidate, record, plan);
    return;
  }
  await followUp(run, candidate, record, plan.republish, next);
}

/** The cycle's record; undefined when the ledger could not be read (counted and logged). */
async function readRecord(
  run: RotationRun,
  candidate: RotationCandidate,
): Promise<RotationRecord | undefined> {
  const key = rotationKey(candidate.secretArn, candidate.expiresAt);
  try {
    return fromStored(await run.deps.ledger.get(key));
  } catch (error: unknown) {
    run.tally.ledgerFailures++;
    run.deps.log.error('Could not read the rotation record; the credential is skipped this run', {
      ...candidateFields(candidate),
      error: errorName(error),
    });
    return undefined;
  }
}

/** Publishes an alert still owed, then records and alerts what became of an earlier attempt. */
async function followUp(
  run: RotationRun,
  candidate: RotationCandidate,
  record: RotationRecord,
  republish: RotationAlertKind | undefined,
  next: Exclude<NextStep, { type: 'attempt' }>,
): Promise<void> {
  const { deps } = run;
  const fields = candidateFields(candidate);
  const current = republish ? await publishOwed(run, candidate, record, republish) : record;
  switch (next.type) {
    case 'mark-unknown':
      deps.log.warn('A run died holding a rotation claim; outcome unknown, not retried this cycle', {
        ...fields,
        claimedBy: record.claimedBy,
        claimedAt: record.claimedAt,
      });
      await recordAndAlert(
        run,
        candidate,
        { ...current, state: 'unknown', pendingAlert: 'unknown' },
        current.revision,
        false,
      );
      break;
    case 'new-secret-missing':
      deps.log.warn('Rotation was requested but no new secret has arrived', {
        ...fields,
        requestedAt: record.requestedAt,
      });
      await recordAndAlert(
        run,
        candidate,
        { ...current, followUpAlertedAt: deps.clock().toISOString(), pendingAlert: 'new-secret-missing' },
        current.revision,
        false,
      );
      break;
    case 'nothing':
      break;
  }
}
