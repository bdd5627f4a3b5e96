import type { DeferReason } from './run-summary';
import type { RotationRun } from './rotation-run';

/**
 * Pacing of one run: rotate calls are spaced by the API's limit and capped per run, no call
 * starts unless the run has time to finish it, and no credential is touched past the deadline.
 */

/** True once the run's deadline has come: even ledger reads and alerts must not run into the timeout. */
export function pastDeadline(run: RotationRun): boolean {
  return run.deps.clock().getTime() >= run.options.deadline.getTime();
}

/** Leaves the `remaining` candidates for the next run. */
export function deferRemaining(run: RotationRun, remaining: number): void {
  run.tally.deferred += remaining;
  run.slots.deferReason ??= 'time';
  run.deps.log.warn('Run out of time; the remaining credentials wait for the next run', { remaining });
}

/** Waits for the next call slot; the reason when no further call may start this run. */
export async function awaitCallSlot(run: RotationRun): Promise<DeferReason | undefined> {
  const { deps, settings, slots } = run;
  if (slots.deferReason) return slots.deferReason;
  if (run.tally.calls >= settings.maxRequestsPerRun) return (slots.deferReason = 'per-run limit');
  const current = deps.clock().getTime();
  const startAt = Math.max(current, (slots.lastCallAt ?? -Infinity) + settings.callSpacingMs);
  if (startAt + settings.attemptBudgetMs > run.options.deadline.getTime())
    return (slots.deferReason = 'time');
  if (startAt > current) await deps.sleep(startAt - current);
  return undefined;
}

/** Counts a rotate call that is about to be made; the next one is spaced from now. */
export function callStarting(run: RotationRun): void {
  run.slots.lastCallAt = run.deps.clock().getTime();
  run.tally.calls++;
}

/** Amazon throttled a call: no further call this run. */
export function stopCalls(run: RotationRun, reason: DeferReason): void {
  run.slots.deferReason = reason;
}
