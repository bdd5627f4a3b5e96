import type { CatalogSecret } from '../domain/catalog-secret';
import { ownerOf } from '../domain/owner-tag';
import { appNameOf } from './app-name';
import { skippedReport } from './credential-report';
import type { MonitorRun } from './run-context';
import type { Pass } from './run-summary';
import type { SkipReason } from './run-types';

/** The secrets of a page to process: each once, pending deletions and replicas reported as skipped. */
export function admit(run: MonitorRun, pass: Pass, page: readonly CatalogSecret[]): CatalogSecret[] {
  const active: CatalogSecret[] = [];
  for (const secret of page) {
    if (pass.seen.has(secret.arn)) continue;
    pass.seen.add(secret.arn);
    const skip = skipReasonOf(secret, run.settings.region);
    if (skip) {
      run.deps.log.info('Secret skipped', { secret: secret.name, reason: skip });
      const identity = {
        app: appNameOf(secret, run.settings.tagKey).app,
        owner: ownerOf(secret.tags, undefined).owner,
      };
      pass.reports.push(skippedReport(secret, identity, skip));
    } else active.push(secret);
  }
  return active;
}

function skipReasonOf(secret: CatalogSecret, region: string): SkipReason | undefined {
  if (secret.deletedDate !== undefined) return 'pending-deletion';
  if (secret.primaryRegion !== undefined && secret.primaryRegion !== region) return 'replica';
  return undefined;
}
