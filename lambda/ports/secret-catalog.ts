import type { CatalogSecret, CurrentVersion } from '../domain/catalog-secret';

export interface SecretCatalog {
  /** Pages of up to 100 secrets carrying `tagKey`, in the order Secrets Manager returns them. */
  pages(tagKey: string): AsyncIterable<readonly CatalogSecret[]>;
  /** The AWSCURRENT version and its creation time (metadata only; no secret value is read). */
  currentVersion(secretArn: string): Promise<CurrentVersion | undefined>;
}
