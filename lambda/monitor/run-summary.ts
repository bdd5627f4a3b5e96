import type { Severity } from '../domain/alert-policy';
import type { CredentialReport, RunOptions, RunSummary } from './run-types';

export type FailureCount = 'publishFailures' | 'ledgerFailures' | 'lookupFailures' | 'conflicts';

/**
 * What one pass over the catalog found. The pass owns it and its steps add to it: a report as
 * each secret finishes, a count as each call fails or an alert is sent (so severities stay in
 * the order they were sent). A pass that starts over is discarded whole.
 */
export class Pass {
  readonly reports: CredentialReport[] = [];
  /** ARNs already taken in: a secret listed twice (only a non-AWS endpoint does that) is processed once. */
  readonly seen = new Set<string>();
  private readonly failures: Record<FailureCount, number> = {
    publishFailures: 0,
    ledgerFailures: 0,
    lookupFailures: 0,
    conflicts: 0,
  };
  private readonly alertsBySeverity: Record<string, number> = {};

  countFailure(kind: FailureCount): void {
    this.failures[kind]++;
  }

  countAlert(severity: Severity): void {
    this.alertsBySeverity[severity] = (this.alertsBySeverity[severity] ?? 0) + 1;
  }

  summary(options: RunOptions, ran: boolean): RunSummary {
    const reports = this.reports;
    return {
      runId: options.runId,
      now: options.now.toISOString(),
      dryRun: options.dryRun ?? false,
      ran,
      credentials: reports.filter((r) => r.status !== 'skipped').length,
      skipped: reports.filter((r) => r.status === 'skipped').length,
      undetermined: reports.filter((r) => r.status === 'undetermined').length,
      withWarnings: reports.filter((r) => r.warnings.length > 0).length,
      ...this.failures,
      alertsBySeverity: this.alertsBySeverity,
      reports,
    };
  }
}

export function runFailed(summary: RunSummary): boolean {
  return summary.publishFailures + summary.ledgerFailures + summary.lookupFailures + summary.conflicts > 0;
}
