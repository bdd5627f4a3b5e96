import type { Severity } from '../domain/alert-policy';
import type { LedgerEntry } from '../domain/ledger-entry';
import { describeError } from './describe-error';
import type { MonitorRun } from './run-context';
import type { Pass } from './run-summary';

export type Recorded =
  { readonly ok: true; readonly saved: LedgerEntry } | { readonly ok: false; readonly failure: string };

/**
 * Saves `entry` (conditional on its revision); a conflict or a failed write is counted, logged
 * and returned as the secret's failure. `severity` names the alert just published, if any.
 */
export async function recordEntry(
  run: MonitorRun,
  pass: Pass,
  entry: LedgerEntry,
  secretName: string,
  severity?: Severity,
): Promise<Recorded> {
  const { log, ledger } = run.deps;
  try {
    const outcome = await ledger.save(entry, run.now);
    if (outcome.saved) return { ok: true, saved: { ...entry, revision: outcome.revision } };
    pass.countFailure('conflicts');
    log.error('Ledger write conflict: another run recorded this secret first', {
      secret: secretName,
      severity,
    });
    return { ok: false, failure: 'ledger write conflicted with another run; left as that run recorded it' };
  } catch (error: unknown) {
    pass.countFailure('ledgerFailures');
    log.error(
      severity ? 'Alert published but not recorded: the next run may send it again' : 'Ledger write failed',
      { secret: secretName, severity, error: describeError(error) },
    );
    return { ok: false, failure: `ledger write failed: ${describeError(error)}` };
  }
}
