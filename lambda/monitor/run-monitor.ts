import { warnAboutCatalog } from './catalog-warnings';
import type { LeaseRefusal } from './lease';
import { walkCatalog } from './page-walk';
import { errorName } from '../domain/error-name';
import type { MonitorRun } from './run-context';
import { startRun } from './run-context';
import { Pass } from './run-summary';
import type { MonitorDeps, MonitorSettings, RunOptions, RunSummary } from './run-types';

export { LEASE_CLOCK_MARGIN_MS } from './lease';
export { runFailed } from './run-summary';
export type {
  CredentialReport,
  MonitorDeps,
  MonitorSettings,
  RunOptions,
  RunSummary,
  SkipReason,
} from './run-types';

/**
 * Puts the events of the alerts sent on the bus, after every alert went out by SNS. The
 * publisher logs and counts what the bus did not take; nothing here changes the run's outcome.
 */
async function putEvents(run: MonitorRun): Promise<void> {
  const { events } = run.deps;
  if (events === undefined || run.events.length === 0) return;
  try {
    await events.publish(run.events.splice(0));
  } catch (error: unknown) {
    run.deps.log.error('Events not put on the event bus; the alerts themselves were sent', {
      error: errorName(error),
    });
  }
}

/**
 * One monitor run: page through the tagged secrets, date each one, decide its alerts, publish,
 * and record what was published. The order per alert is publish-then-record, so an alert that
 * SNS did not accept is never marked as sent; the only duplicate possible is a crash between
 * the two calls, a window of one DynamoDB write.
 *
 * The lease is taken at the first write (see `RunLease`). When taking it shows that another run
 * wrote while this one read, the run starts over once, under the lease; when another run holds
 * it, this run publishes and records nothing.
 */
export async function runMonitor(
  deps: MonitorDeps,
  settings: MonitorSettings,
  options: RunOptions,
): Promise<RunSummary> {
  const run = startRun(deps, settings, options);
  let pass = new Pass();
  let refusal: LeaseRefusal | undefined;
  try {
    refusal = await walkCatalog(run, pass);
    if (refusal?.kind === 'ledger-read-before-other-run') {
      deps.log.info(
        'Another monitor run wrote to the ledger while this one read it; starting over under the lease',
        { runId: options.runId, otherRunEnded: refusal.otherRunEnded.toISOString() },
      );
      run.lease.startOverUnderLease();
      pass = new Pass();
      refusal = await walkCatalog(run, pass);
    }
  } finally {
    if (run.lease.held && !(await run.lease.release())) pass.countFailure('ledgerFailures');
    await putEvents(run);
  }
  if (refusal?.kind === 'held-elsewhere') {
    deps.log.warn('Another monitor run holds the lease; this run publishes and records nothing', {
      runId: options.runId,
    });
    return new Pass().summary(options, false);
  }
  warnAboutCatalog(deps.log, settings.tagKey, pass.reports);
  return pass.summary(options, true);
}
