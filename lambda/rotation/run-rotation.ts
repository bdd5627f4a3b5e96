import { findCandidates } from './candidates';
import { deferRemaining, pastDeadline } from './call-slots';
import { rotateOne } from './rotate-one';
import type { RotationDeps, RotationRunOptions } from './rotation-run';
import { startRun } from './rotation-run';
import type { RotationSummary } from './run-summary';
import type { RotationSettings } from './settings';

/**
 * One run of automatic rotation: find the opted-in credentials inside the rotation window,
 * most urgent first, and for each expiry cycle claim, call and record at most once. Calls are
 * spaced by the API's limit, and no call starts unless the run has time to finish it.
 */
export async function runRotation(
  deps: RotationDeps,
  settings: RotationSettings,
  options: RotationRunOptions,
): Promise<RotationSummary> {
  const run = startRun(deps, settings, options);
  const candidates = await findCandidates(run);
  for (const [index, candidate] of candidates.entries()) {
    if (pastDeadline(run)) {
      deferRemaining(run, candidates.length - index);
      break;
    }
    await rotateOne(run, candidate);
  }
  run.tally.deferReason = run.slots.deferReason;
  return run.tally;
}
