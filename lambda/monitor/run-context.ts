import type { ProductEvent } from '../domain/product-events';
import { RunLease } from './lease';
import type { MonitorDeps, MonitorSettings, RunOptions } from './run-types';
import { VersionLookups } from './version-lookup';

/** What every step of one run reads: its ports, settings and options, its lease and version cache. */
export interface MonitorRun {
  readonly deps: MonitorDeps;
  readonly settings: MonitorSettings;
  readonly options: RunOptions;
  readonly now: Date;
  readonly dryRun: boolean;
  readonly lease: RunLease;
  readonly versions: VersionLookups;
  /** The events of the alerts SNS accepted, put on the bus at the end of the run. */
  readonly events: ProductEvent[];
}

export function startRun(deps: MonitorDeps, settings: MonitorSettings, options: RunOptions): MonitorRun {
  return {
    deps,
    settings,
    options,
    now: options.now,
    dryRun: options.dryRun ?? false,
    lease: new RunLease(deps.ledger, deps.log, options, settings.leaseMs),
    versions: new VersionLookups(deps.catalog, options.now),
    events: [],
  };
}
