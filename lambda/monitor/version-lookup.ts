import type { CatalogSecret, CurrentVersion } from '../domain/catalog-secret';
import { needsCurrentVersionDate } from '../domain/expiry';
import type { LedgerEntry } from '../domain/ledger-entry';
import { NO_CURRENT_VERSION } from '../domain/ledger-entry';
import type { SecretCatalog } from '../ports/secret-catalog';
import { describeError } from './describe-error';

export type VersionLookup =
  { readonly ok: true; readonly version?: CurrentVersion } | { readonly ok: false; readonly failure: string };

/**
 * The AWSCURRENT version of each secret, looked up (ListSecretVersionIds) only when no date tag
 * makes it moot and neither the ledger nor an earlier pass of this run already knows it.
 */
export class VersionLookups {
  /** Versions looked up by this run, kept for a pass that starts over. */
  private readonly lookedUp = new Map<string, CurrentVersion>();

  constructor(
    private readonly catalog: SecretCatalog,
    private readonly now: Date,
  ) {}

  async currentVersionFor(secret: CatalogSecret, entry: LedgerEntry): Promise<VersionLookup> {
    if (!needsCurrentVersionDate(secret.tags, this.now)) return { ok: true, version: entry.currentVersion };
    const cached = entry.currentVersion;
    // ListSecrets names the AWSCURRENT version: while it is the one recorded, its date is known.
    if (cached && secret.currentVersionId !== undefined && cached.versionId === secret.currentVersionId) {
      return { ok: true, version: cached };
    }
    // A secret without a current version (created without a value) was looked up once already.
    if (cached?.versionId === NO_CURRENT_VERSION && secret.currentVersionId === undefined) {
      return { ok: true, version: cached };
    }
    // Looked up already in this run, before it started over: the same version needs no second call.
    const earlier = this.lookedUp.get(secret.arn);
    if (earlier && earlier.versionId === (secret.currentVersionId ?? NO_CURRENT_VERSION))
      return { ok: true, version: earlier };
    try {
      const found = await this.catalog.currentVersion(secret.arn);
      const version = found ?? { versionId: NO_CURRENT_VERSION, createdAt: new Date(0) };
      this.lookedUp.set(secret.arn, version);
      return { ok: true, version };
    } catch (error: unknown) {
      return { ok: false, failure: `ListSecretVersionIds failed: ${describeError(error)}` };
    }
  }
}
