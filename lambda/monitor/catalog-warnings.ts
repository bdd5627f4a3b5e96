import type { LogPort } from '../ports/log';
import type { CredentialReport } from './run-types';

/** Warns when the catalog looks misconfigured: no secret tagged, or one app name on several secrets. */
export function warnAboutCatalog(log: LogPort, tagKey: string, reports: readonly CredentialReport[]): void {
  if (reports.length === 0) {
    log.warn(
      `No secret carries the tag ${JSON.stringify(tagKey)}: nothing is monitored. Check the tag key on your secrets.`,
    );
  }
  const byApp = new Map<string, string[]>();
  for (const report of reports) {
    if (report.status === 'skipped') continue;
    byApp.set(report.app, [...(byApp.get(report.app) ?? []), report.secretName]);
  }
  for (const [app, secrets] of byApp) {
    if (secrets.length > 1) log.warn('Several secrets share one app name', { app, secrets });
  }
}
