import type {
  ListSecretsCommandInput,
  ListSecretsCommandOutput,
  SecretListEntry,
} from '@aws-sdk/client-secrets-manager';
import { ListSecretVersionIdsCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretCatalog } from '../../ports/secret-catalog';
import type { CatalogSecret, CurrentVersion } from '../../domain/catalog-secret';
import { RequestPacer } from './request-pacer';
import { ListedPage } from './secret-listing';

const PAGE_SIZE = 100;
const CURRENT_STAGE = 'AWSCURRENT';

/**
 * ListSecretVersionIds requests per second this client makes at most: 40 a second with bursts
 * of 5, under Secrets Manager's quota of 50 a second per account and Region
 * (docs/performance.md), with room for other callers. A first run looks up most secrets, 8 at
 * a time: unpaced, it made about 130 a second on average at 10,000 secrets against the fake at
 * 20 ms, and real throttling would spend the SDK's retries and fail lookups. ListSecrets (100 a
 * second) needs no pacing: its pages come one after another, each a round trip.
 */
export const VERSION_LOOKUPS_PER_SECOND = 40;
export const VERSION_LOOKUP_BURST = 5;

function toTagMap(entry: SecretListEntry): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const tag of entry.Tags ?? []) {
    if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? '';
  }
  return tags;
}

function currentVersionIdOf(entry: SecretListEntry): string | undefined {
  for (const [versionId, stages] of Object.entries(entry.SecretVersionsToStages ?? {})) {
    if (stages.includes(CURRENT_STAGE)) return versionId;
  }
  return undefined;
}

export function toCatalogSecret(entry: SecretListEntry): CatalogSecret | undefined {
  if (entry.ARN === undefined) return undefined;
  return {
    arn: entry.ARN,
    name: entry.Name ?? entry.ARN,
    tags: toTagMap(entry),
    currentVersionId: currentVersionIdOf(entry),
    primaryRegion: entry.PrimaryRegion,
    deletedDate: entry.DeletedDate,
  };
}

export class SecretsManagerCatalog implements SecretCatalog {
  constructor(
    private readonly client: SecretsManagerClient,
    private readonly versionLookups = new RequestPacer(VERSION_LOOKUPS_PER_SECOND, VERSION_LOOKUP_BURST),
  ) {}

  /**
   * Every page, in order. Each page's request for the next is made early, from its raw body
   * (`ListedPage` in secret-listing.ts), and kept only if it asked for the NextToken the SDK then
   * decoded; otherwise the next page is asked for after this one is taken, as without it.
   */
  async *pages(tagKey: string): AsyncIterable<readonly CatalogSecret[]> {
    const input = (nextToken: string | undefined): ListSecretsCommandInput => ({
      // `tag-key` is a prefix match: the exact key is checked again below.
      Filters: [{ Key: 'tag-key', Values: [tagKey] }],
      MaxResults: PAGE_SIZE,
      IncludePlannedDeletion: false,
      NextToken: nextToken,
    });
    let listed: ListedPage | undefined = new ListedPage(this.client, input, undefined);
    while (listed) {
      listed.want();
      const page: ListSecretsCommandOutput = await listed.output;
      const prefetched = listed.prefetchedFor(page.NextToken);
      const secrets: CatalogSecret[] = [];
      for (const entry of page.SecretList ?? []) {
        const secret = toCatalogSecret(entry);
        if (secret && Object.hasOwn(secret.tags, tagKey)) secrets.push(secret);
      }
      yield secrets;
      listed =
        prefetched ?? (page.NextToken ? new ListedPage(this.client, input, page.NextToken) : undefined);
    }
  }

  async currentVersion(secretArn: string): Promise<CurrentVersion | undefined> {
    let nextToken: string | undefined;
    do {
      await this.versionLookups.take();
      const page = await this.client.send(
        new ListSecretVersionIdsCommand({ SecretId: secretArn, MaxResults: PAGE_SIZE, NextToken: nextToken }),
      );
      for (const version of page.Versions ?? []) {
        if (version.VersionStages?.includes(CURRENT_STAGE) && version.VersionId && version.CreatedDate) {
          return { versionId: version.VersionId, createdAt: version.CreatedDate };
        }
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return undefined;
  }
}
