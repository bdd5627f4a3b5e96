import { daysLeft, nextAlertAt } from '../domain/alert-policy';
import type { CatalogSecret } from '../domain/catalog-secret';
import type { MonitorRun } from './run-context';
import type { CredentialReport, SkipReason } from './run-types';
import type { DatedSecret } from './date-secret';
import type { AlertsSent } from './send-alerts';

/** The shapes of a secret's report: skipped, its version unreadable, or dated (or not) and alerted. */

/** The app a secret belongs to and the owner its `lwa:owner` tag names, if any. */
export interface SecretIdentity {
  readonly app: string;
  readonly owner?: string;
}

export function skippedReport(
  secret: CatalogSecret,
  identity: SecretIdentity,
  skipReason: SkipReason,
): CredentialReport {
  return {
    secretArn: secret.arn,
    secretName: secret.name,
    ...identityOf(identity),
    status: 'skipped',
    skipReason,
    warnings: [],
    reasons: [],
    alerts: [],
    failures: [],
  };
}

export function lookupFailedReport(
  secret: CatalogSecret,
  identity: SecretIdentity,
  failure: string,
): CredentialReport {
  return {
    secretArn: secret.arn,
    secretName: secret.name,
    ...identityOf(identity),
    status: 'undetermined',
    warnings: [],
    reasons: [failure],
    alerts: [],
    failures: [failure],
  };
}

/** `sent.state` is the state recorded after the run: in a dry run, the state the run started from. */
export function evaluatedReport(run: MonitorRun, dated: DatedSecret, sent: AlertsSent): CredentialReport {
  const { secret, app, owner, expiry } = dated;
  const cycle = sent.state.cycle;
  const current =
    expiry.status === 'dated' && cycle?.expiresAt === expiry.expiresAt.toISOString() ? cycle : undefined;
  return {
    secretArn: secret.arn,
    secretName: secret.name,
    ...identityOf({ app, owner }),
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

/** `owner` only when there is one, so a report without an owner has no such key. */
function identityOf(identity: SecretIdentity): SecretIdentity {
  return identity.owner === undefined ? { app: identity.app } : { app: identity.app, owner: identity.owner };
}
