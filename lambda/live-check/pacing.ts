import type { CatalogSecret } from '../domain/catalog-secret';
import type { RateLimit } from '../domain/call-pacer';
import type { ProbeOutcome } from '../ports/sp-api-prober';
import type { LiveCheckRun } from './live-check-run';

/**
 * Pacing of one run: a few checks run at once, none starts without the time to finish it, and
 * the SP-API calls of one app are spaced as its usage plan allows.
 */

/** The secrets not yet taken by a worker. */
interface CheckQueue {
  readonly secrets: readonly CatalogSecret[];
  next: number;
}

/** Runs `check` on every secret, `concurrency` at a time; those left when time runs out are counted deferred. */
export async function checkAll(
  run: LiveCheckRun,
  secrets: readonly CatalogSecret[],
  check: (run: LiveCheckRun, secret: CatalogSecret) => Promise<void>,
): Promise<void> {
  const queue: CheckQueue = { secrets, next: 0 };
  await Promise.all(
    Array.from({ length: Math.max(1, run.settings.concurrency) }, () => worker(run, queue, check)),
  );
}

async function worker(
  run: LiveCheckRun,
  queue: CheckQueue,
  check: (run: LiveCheckRun, secret: CatalogSecret) => Promise<void>,
): Promise<void> {
  while (queue.next < queue.secrets.length) {
    const secret = queue.secrets[queue.next++] as CatalogSecret;
    if (run.deps.clock().getTime() + run.settings.checkBudgetMs > run.options.deadline.getTime()) {
      run.tally.deferred++;
      continue;
    }
    await check(run, secret);
  }
}

/**
 * Waits for the slot of the next call under `key` and takes it; false, with nothing taken, when
 * that slot leaves no time to finish the check before the run's deadline.
 */
export async function awaitSpApiSlot(run: LiveCheckRun, key: string, limit: RateLimit): Promise<boolean> {
  const now = run.deps.clock().getTime();
  const start = run.pacer.earliest(key, limit, now);
  if (start + run.settings.checkBudgetMs > run.options.deadline.getTime()) return false;
  run.pacer.reserve(key, limit, start);
  if (start > now) await run.deps.sleep(start - now);
  return true;
}

/** A throttled call holds back the app's next call for as long as Amazon asks. */
export function holdBackIfThrottled(
  run: LiveCheckRun,
  key: string,
  limit: RateLimit,
  outcome: ProbeOutcome,
): void {
  if (outcome.kind === 'unavailable' && outcome.status === 429) {
    const waitMs =
      outcome.retryAfterSeconds !== undefined ? outcome.retryAfterSeconds * 1000 : 1000 / limit.ratePerSecond;
    run.pacer.block(key, run.deps.clock().getTime() + waitMs);
  }
}
