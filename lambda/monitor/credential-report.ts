import { daysLeft, nextAlertAt } from '../domain/alert-policy';
import type { CatalogSecret } from '../domain/catalog-secret';
import type { MonitorRun } from './run-context';
import type { CredentialReport, SkipReason } from './run-types';
import type { DatedSecret } from './date-secret';
import type { AlertsSent } from './send-alerts';

/** The shapes of a secret's report: skipped, its version unreadable, or dated (or not) and alerted. */

export function skippedReport(secret: CatalogSecret, app: string, skipReason: SkipReason): CredentialReport {
  return {
    secretArn: secret.arn,
    secretName: secret.name,
    app,
    status: 'skipped',
    skipReason,
    warnings: [],
    reasons: [],
    alerts: [],
    failures: [],
  };
}

export function lookupFailedReport(secret: CatalogSecret, app: string, failure: string): CredentialReport {
  return {
    secretArn: secret.arn,
    secretName: secret.name,
    app,
    status: 'undetermined',
    warnings: [],
    reasons: [failure],
    alerts: [],
    failures: [failure],
  };
}

/** `sent.state` is the state recorded after the run: in a dry run, the state the run started from. */
export function evaluatedReport(run: MonitorRun, dated: DatedSecret, sent: AlertsSent): CredentialReport {
  const { secret, app, expiry } = dated;
  const cycle = sent.state.cycle;
  const current =
    expiry.status === 'dated' && cycle?.expiresAt === expiry.expiresAt.toISOString() ? cycle : undefined;
  return {
    secretArn: secret.arn,
    secretName: secret.name,
    app,
    status: expiry.status,
    expiresAt: expiry.status === 'dated' ? expiry.expiresAt : undefined,
    daysLeft: expiry.status === 'dated' ? daysLeft(expiry.expiresAt, run.now) : undefined,
    source: expiry.status === 'dated' ? expiry.source : undefined,
    warnings: dated.warnings,
    dateTagErrors: expiry.dateTagErrors ?? [],
    reasons: expiry.status === 'undetermined' ? expiry.reasons : [],
    alerts: sent.alerts,
    alertSubjects: sent.alertSubjects,
    lastAlert:
      current?.alertedDays !== undefined
        ? {
            severity: current.alertedDays === 0 ? 'expired' : `${current.alertedDays}-day`,
            at: current.lastAlertAt,
          }
        : undefined,
    nextAlertAt: nextAlertAt(expiry, sent.state, run.settings.policy),
    failures: sent.failures,
  };
}
