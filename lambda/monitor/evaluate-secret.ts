import type { CatalogSecret } from '../domain/catalog-secret';
import { planAlerts } from '../domain/alert-policy';
import type { LedgerEntry } from '../domain/ledger-entry';
import { ownerOf } from '../domain/owner-tag';
import { appNameOf } from './app-name';
import { evaluatedReport, lookupFailedReport } from './credential-report';
import { dateSecret } from './date-secret';
import type { MonitorRun } from './run-context';
import type { Pass } from './run-summary';
import type { CredentialReport } from './run-types';
import { hasSilentChange, recordSilentChange, sendPlannedAlerts } from './send-alerts';

/**
 * One secret: find its version date if needed, date it, plan its alerts, publish and record
 * them (or what changed silently), and report. Failures are counted in `pass` and reported on
 * the secret; they never stop the other secrets.
 */
export async function evaluateSecret(
  run: MonitorRun,
  pass: Pass,
  secret: CatalogSecret,
  entry: LedgerEntry,
): Promise<CredentialReport> {
  const { app, warning: appWarning } = appNameOf(secret, run.settings.tagKey);
  const { owner, warning: ownerWarning } = ownerOf(secret.tags, run.settings.ownerNames);
  const lookup = await run.versions.currentVersionFor(secret, entry);
  if (!lookup.ok) {
    pass.countFailure('lookupFailures');
    run.deps.log.error('Could not read the version metadata of a secret', {
      secret: secret.name,
      error: lookup.failure,
    });
    return lookupFailedReport(secret, { app, owner }, lookup.failure);
  }
  const dated = dateSecret(run, { secret, entry, app, owner, appWarning, ownerWarning }, lookup.version);
  const plan = planAlerts(dated.expiry, entry.alertState, run.now, run.settings.policy);
  const sent = await sendPlannedAlerts(run, pass, dated, plan);
  // In a dry run the state stays as read: the report shows the last alert really sent and, as
  // next alert, the one now due (which `alerts` lists as what a real run would send).
  const recorded = hasSilentChange(run, dated, plan, sent)
    ? await recordSilentChange(run, pass, dated, plan, sent)
    : sent;
  return evaluatedReport(run, dated, recorded);
}
