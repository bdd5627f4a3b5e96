import { ListSecretsCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { toCatalogSecret } from './secret-catalog';
import { type CatalogSecret } from '../../domain/catalog-secret';
import { CLIENT_ID_TAG } from '../../../contract/tags';
import type { DirectorySecret, SecretLookup, SecretDirectory } from '../../ports/secret-directory';

export interface SecretDirectoryOptions {
  /** Tag key that marks a secret as an app's LWA credentials (`lwa:app` by default). */
  readonly appTagKey: string;
  /** Region the function runs in: a replica of a secret whose primary lives elsewhere is read-only. */
  readonly region?: string;
}

const PAGE_SIZE = 100;

/** The decision, apart from the paging: which listed secrets really carry this client id. */
export function matchClientId(
  listed: readonly CatalogSecret[],
  clientId: string,
  options: SecretDirectoryOptions,
): SecretLookup {
  const matches: DirectorySecret[] = [];
  for (const secret of listed) {
    // The ListSecrets filters are prefix matches on any tag: check the exact tag and value.
    if (secret.tags[CLIENT_ID_TAG] !== clientId) continue;
    if (!Object.hasOwn(secret.tags, options.appTagKey)) continue;
    if (secret.deletedDate !== undefined) continue;
    if (
      secret.primaryRegion !== undefined &&
      options.region !== undefined &&
      secret.primaryRegion !== options.region
    ) {
      continue;
    }
    const app = (secret.tags[options.appTagKey] ?? '').trim();
    matches.push({
      arn: secret.arn,
      name: secret.name,
      appName: app === '' ? secret.name : app,
      tags: secret.tags,
      currentVersionId: secret.currentVersionId,
    });
  }
  const [first] = matches;
  if (first === undefined) return { kind: 'none' };
  if (matches.length === 1) return { kind: 'one', secret: first };
  return { kind: 'ambiguous', secrets: matches };
}

export class SecretsManagerDirectory implements SecretDirectory {
  constructor(
    private readonly client: SecretsManagerClient,
    private readonly options: SecretDirectoryOptions,
  ) {}

  async findByClientId(clientId: string): Promise<SecretLookup> {
    const listed: CatalogSecret[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListSecretsCommand({
          // Two filters are ANDed, but each matches any tag: a secret with the key on one tag and
          // the value on another passes both, hence the exact check in matchClientId.
          Filters: [
            { Key: 'tag-key', Values: [CLIENT_ID_TAG] },
            { Key: 'tag-value', Values: [clientId] },
          ],
          MaxResults: PAGE_SIZE,
          IncludePlannedDeletion: false,
          NextToken: nextToken,
        }),
      );
      for (const entry of page.SecretList ?? []) {
        const secret = toCatalogSecret(entry);
        if (secret) listed.push(secret);
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return matchClientId(listed, clientId, this.options);
  }
}
