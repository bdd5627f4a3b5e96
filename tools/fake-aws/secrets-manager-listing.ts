import { AwsServiceError, UnsupportedByFake, validationError } from './aws-error';
import type { JsonObject } from './json-input';
import {
  epochSeconds,
  isJsonObject,
  onlyKnownMembers,
  optionalArray,
  optionalBoolean,
  optionalNumber,
  optionalString,
  requiredString,
} from './json-input';
import type { FakeSecret, SecretStore } from './secrets-manager-store';

/**
 * ListSecrets, ListSecretVersionIds and DescribeSecret as documented: prefix filters, `!`
 * negation, pages of at most 100 with an opaque NextToken, secrets scheduled for deletion hidden
 * unless IncludePlannedDeletion, versions without staging labels hidden unless IncludeDeprecated.
 */

const MAX_PAGE = 100;
const FILTER_KEYS = [
  'description',
  'name',
  'tag-key',
  'tag-value',
  'primary-region',
  'owning-service',
  'all',
];
const FILTER_VALUE_PATTERN = /^!?[a-zA-Z0-9 :_@/+=.\-!]*$/;
function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64');
}

function decodeToken(token: string): number {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (isJsonObject(decoded) && typeof decoded.offset === 'number') return decoded.offset;
  } catch {
    // fall through
  }
  throw new AwsServiceError(400, 'InvalidNextTokenException', 'The NextToken value is invalid.');
}

function pageSize(input: JsonObject): number {
  const maxResults = optionalNumber(input, 'MaxResults');
  if (maxResults === undefined) return MAX_PAGE;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_PAGE) {
    throw validationError(
      `1 validation error detected: Value '${maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${MAX_PAGE}`,
    );
  }
  return maxResults;
}

interface Filter {
  readonly key: string;
  readonly values: readonly string[];
}

function parseFilters(input: JsonObject): Filter[] {
  const raw = optionalArray(input, 'Filters') ?? [];
  if (raw.length > 10) throw validationError('Filters: Member must have length less than or equal to 10');
  return raw.map((entry, index) => {
    if (!isJsonObject(entry)) throw validationError(`Filters[${index}] must be an object`);
    onlyKnownMembers(entry, 'ListSecrets Filter', ['Key', 'Values']);
    const key = requiredString(entry, 'Key');
    if (!FILTER_KEYS.includes(key)) {
      throw validationError(
        `1 validation error detected: Value '${key}' at 'filters.${index + 1}.member.key' failed to satisfy constraint: Member must satisfy enum value set: [${FILTER_KEYS.join(', ')}]`,
      );
    }
    if (key === 'all' || key === 'owning-service')
      throw new UnsupportedByFake(`the ListSecrets filter ${key}`);
    const values = optionalArray(entry, 'Values') ?? [];
    if (values.length < 1 || values.length > 10) {
      throw validationError(`Filters[${index}].Values must have 1 to 10 members`);
    }
    for (const value of values) {
      if (typeof value !== 'string' || value.length > 512 || !FILTER_VALUE_PATTERN.test(value)) {
        throw validationError(
          `1 validation error detected: Value '${String(value)}' at 'filters.${index + 1}.member.values' failed to satisfy constraint: Member must satisfy regular expression pattern: ^\\!?[a-zA-Z0-9 :_@\\/\\+\\=\\.\\-\\!]*$`,
        );
      }
    }
    return { key, values: values as string[] };
  });
}

function* candidatesFor(secret: FakeSecret, key: string): Iterable<string> {
  switch (key) {
    case 'name':
      yield secret.name;
      return;
    case 'description':
      if (secret.description !== undefined) yield secret.description;
      return;
    case 'tag-key':
      yield* secret.tags.keys();
      return;
    case 'tag-value':
      yield* secret.tags.values();
      return;
    case 'primary-region':
      if (secret.primaryRegion !== undefined) yield secret.primaryRegion;
      return;
  }
}

function matchesFilter(secret: FakeSecret, filter: Filter): boolean {
  // description is documented as not case-sensitive; every other key is case-sensitive.
  const fold = (s: string) => (filter.key === 'description' ? s.toLowerCase() : s);
  return filter.values.some((raw) => {
    const negated = raw.startsWith('!');
    const prefix = fold(negated ? raw.slice(1) : raw);
    let hit = false;
    for (const candidate of candidatesFor(secret, filter.key)) {
      if (fold(candidate).startsWith(prefix)) {
        hit = true;
        break;
      }
    }
    return negated ? !hit : hit;
  });
}

export function listSecrets(store: SecretStore, input: JsonObject): JsonObject {
  onlyKnownMembers(input, 'ListSecrets', ['Filters', 'MaxResults', 'NextToken', 'IncludePlannedDeletion']);
  const filters = parseFilters(input);
  const limit = Math.min(pageSize(input), store.listPageLimit ?? MAX_PAGE);
  const includeDeleted = optionalBoolean(input, 'IncludePlannedDeletion') ?? false;
  const token = optionalString(input, 'NextToken');
  const offset = token === undefined ? 0 : decodeToken(token);
  const key = JSON.stringify([filters, includeDeleted]);
  let matching =
    store.listingCache?.key === key && store.listingCache.generation === store.generation
      ? store.listingCache.secrets
      : undefined;
  if (matching === undefined) {
    matching = store.secrets.filter(
      (s) => (includeDeleted || s.deletedAt === undefined) && filters.every((f) => matchesFilter(s, f)),
    );
    store.listingCache = { key, generation: store.generation, secrets: matching };
  }
  const page = matching.slice(offset, offset + limit);
  const result: Record<string, unknown> = { SecretList: page.map((s) => listEntry(s)) };
  if (offset + limit < matching.length) result.NextToken = encodeToken(offset + limit);
  return result;
}

export function listEntry(secret: FakeSecret): JsonObject {
  const entry: Record<string, unknown> = {
    ARN: secret.arn,
    Name: secret.name,
    LastChangedDate: epochSeconds(secret.lastChangedAt),
    Tags: [...secret.tags].map(([Key, Value]) => ({ Key, Value })),
    SecretVersionsToStages: Object.fromEntries(
      secret.versions.filter((v) => v.stages.length > 0).map((v) => [v.versionId, v.stages]),
    ),
    CreatedDate: epochSeconds(secret.createdAt),
  };
  if (secret.description !== undefined) entry.Description = secret.description;
  if (secret.deletedAt !== undefined) entry.DeletedDate = epochSeconds(secret.deletedAt);
  if (secret.primaryRegion !== undefined) entry.PrimaryRegion = secret.primaryRegion;
  return entry;
}

export function listSecretVersionIds(store: SecretStore, input: JsonObject): JsonObject {
  onlyKnownMembers(input, 'ListSecretVersionIds', [
    'SecretId',
    'MaxResults',
    'NextToken',
    'IncludeDeprecated',
  ]);
  const secret = store.existing(input);
  const limit = pageSize(input);
  const token = optionalString(input, 'NextToken');
  const offset = token === undefined ? 0 : decodeToken(token);
  const includeDeprecated = optionalBoolean(input, 'IncludeDeprecated') ?? false;
  const versions = secret.versions.filter((v) => includeDeprecated || v.stages.length > 0);
  const result: Record<string, unknown> = {
    ARN: secret.arn,
    Name: secret.name,
    Versions: versions.slice(offset, offset + limit).map((v) => ({
      VersionId: v.versionId,
      VersionStages: v.stages,
      CreatedDate: epochSeconds(v.createdAt),
    })),
  };
  if (offset + limit < versions.length) result.NextToken = encodeToken(offset + limit);
  return result;
}

export function describeSecret(store: SecretStore, input: JsonObject): JsonObject {
  onlyKnownMembers(input, 'DescribeSecret', ['SecretId']);
  const secret = store.existing(input);
  const entry = { ...listEntry(secret) } as Record<string, unknown>;
  // DescribeSecret names the versions as VersionIdsToStages; ListSecrets as SecretVersionsToStages.
  entry.VersionIdsToStages = entry.SecretVersionsToStages;
  delete entry.SecretVersionsToStages;
  return entry;
}
