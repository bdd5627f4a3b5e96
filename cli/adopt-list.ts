import type { SecretListEntry } from '@aws-sdk/client-secrets-manager';
import { GetSecretValueCommand, ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { globMatches } from './adopt-plan';
import type { CommandContext } from './context';
import { describeError } from './errors';
import { tagRecord } from './secret-tags';

/**
 * What `lwa-expiry adopt` lists: the secrets already monitored, and those whose name (or, with
 * `--by-field`, whose value) looks like LWA credentials.
 */

/** The value of a JSON field of the secret's current value; the value itself goes no further. */
export async function clientIdField(
  ctx: CommandContext,
  secretArn: string,
  field: string,
): Promise<string | undefined> {
  const { SecretString } = await ctx.clients.secretsManager.send(
    new GetSecretValueCommand({ SecretId: secretArn }),
  );
  if (SecretString === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(SecretString);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const value = (parsed as Record<string, unknown>)[field];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  } catch {
    return undefined;
  }
}

export interface Candidate {
  readonly secret: string;
  readonly state: 'monitored' | 'candidate';
  readonly why: string;
}

async function allSecrets(ctx: CommandContext): Promise<SecretListEntry[]> {
  const entries: SecretListEntry[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ctx.clients.secretsManager.send(
      new ListSecretsCommand({ NextToken: nextToken, MaxResults: 100 }),
    );
    entries.push(...(page.SecretList ?? []));
    nextToken = page.NextToken;
  } while (nextToken);
  return entries;
}

/** Why an untagged secret looks like LWA credentials (name or value field), if it does. */
async function candidateWhy(
  ctx: CommandContext,
  entry: SecretListEntry,
  name: string,
  patterns: readonly string[],
  byField: string | undefined,
): Promise<string | undefined> {
  const pattern = patterns.find((p) => globMatches(p, name));
  if (pattern) return `name matches ${pattern}`;
  if (byField === undefined || entry.ARN === undefined) return undefined;
  try {
    const found = (await clientIdField(ctx, entry.ARN, byField)) !== undefined;
    return found ? `its value has a ${byField} field` : undefined;
  } catch (error: unknown) {
    // Access denied on one secret (a KMS key, a resource policy) must not hide the others.
    return `unknown: could not read its value (${describeError(error)})`;
  }
}

export async function listCandidates(
  ctx: CommandContext,
  tagKey: string,
  region: string,
  patterns: readonly string[],
  byField: string | undefined,
): Promise<Candidate[]> {
  const candidates: Candidate[] = [];
  for (const entry of await allSecrets(ctx)) {
    const name = entry.Name ?? entry.ARN ?? '?';
    if (entry.DeletedDate !== undefined) continue;
    if (entry.PrimaryRegion !== undefined && entry.PrimaryRegion !== region) continue;
    const tags = tagRecord(entry.Tags);
    if (Object.hasOwn(tags, tagKey)) {
      candidates.push({
        secret: name,
        state: 'monitored',
        why: `tagged ${tagKey}=${JSON.stringify(tags[tagKey])}`,
      });
      continue;
    }
    const why = await candidateWhy(ctx, entry, name, patterns, byField);
    if (why !== undefined) candidates.push({ secret: name, state: 'candidate', why });
  }
  return candidates.sort((a, b) =>
    a.state === b.state ? a.secret.localeCompare(b.secret) : a.state === 'candidate' ? -1 : 1,
  );
}
