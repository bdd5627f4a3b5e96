import { findSecrets } from './candidates';
import { checkOne } from './check-one';
import type { LiveCheckDeps, LiveCheckRunOptions } from './live-check-run';
import { startRun } from './live-check-run';
import { checkAll } from './pacing';
import type { LiveCheckSummary } from './run-summary';
import type { LiveCheckSettings } from './settings';

/**
 * One live-check run: for every opted-in secret, exchange its stored credentials at the LWA
 * token endpoint, then make one cheap SP-API call with the token (an expired secret may still
 * get a token: only SP-API tells), and alert on what the answers say. SP-API calls of one app
 * are spaced as its usage plan allows. Alerts are published before they are recorded, so one
 * SNS did not accept is sent again by the next run.
 */
export async function runLiveCheck(
  deps: LiveCheckDeps,
  settings: LiveCheckSettings,
  options: LiveCheckRunOptions,
): Promise<LiveCheckSummary> {
  const run = startRun(deps, settings, options);
  const secrets = await findSecrets(run);
  await checkAll(run, secrets, checkOne);
  if (run.tally.deferred > 0)
    deps.log.warn('Out of time: some secrets were not checked this run', { deferred: run.tally.deferred });
  return run.tally;
}
