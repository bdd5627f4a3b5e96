import type { CatalogSecret, CurrentVersion } from '../domain/catalog-secret';
import type { ExpiryResult } from '../domain/expiry';
import { resolveExpiry } from '../domain/expiry';
import type { LedgerEntry } from '../domain/ledger-entry';
import { NO_CURRENT_VERSION } from '../domain/ledger-entry';
import type { MonitorRun } from './run-context';

/** A secret with what is known of it once dated: the input to planning and sending its alerts. */
export interface DatedSecret {
  readonly secret: CatalogSecret;
  /** The ledger entry as this pass read it. */
  readonly entry: LedgerEntry;
  readonly app: string;
  /** The owner its alerts are routed to (its `lwa:owner` tag), when the tag names one. */
  readonly owner?: string;
  /** What is wrong with its `lwa:owner` tag, if anything; also in `warnings`. */
  readonly ownerWarning?: string;
  /** Its AWSCURRENT version, as recorded or looked up; undefined when not needed and not known. */
  readonly version?: CurrentVersion;
  readonly expiry: ExpiryResult;
  /** Tag problems: an empty app tag, a bad or unknown owner tag, then the expiry's own warnings. */
  readonly warnings: readonly string[];
}

/** Dates a secret from its tags or its version, and logs its tag problems. */
export function dateSecret(
  run: MonitorRun,
  known: {
    secret: CatalogSecret;
    entry: LedgerEntry;
    app: string;
    owner?: string;
    appWarning?: string;
    ownerWarning?: string;
  },
  version: CurrentVersion | undefined,
): DatedSecret {
  const { secret, app, owner } = known;
  const expiry = resolveExpiry({
    tags: secret.tags,
    currentVersionCreatedAt:
      version && version.versionId !== NO_CURRENT_VERSION ? version.createdAt : undefined,
    defaultWindowDays: run.settings.defaultWindowDays,
    now: run.now,
  });
  const tagWarnings = [known.appWarning, known.ownerWarning].filter((w): w is string => w !== undefined);
  const warnings = [...tagWarnings, ...expiry.warnings];
  if (warnings.length > 0)
    run.deps.log.warn('Secret has tag problems', { secret: secret.name, app, owner, warnings });
  return {
    secret,
    entry: known.entry,
    app,
    owner,
    ownerWarning: known.ownerWarning,
    version,
    expiry,
    warnings,
  };
}
