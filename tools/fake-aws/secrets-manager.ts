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

/**
 * Secrets Manager (awsJson1_1, target prefix `secretsmanager`): secret metadata and tags, and
 * the version calls the notification intake makes (GetSecretValue, PutSecretValue,
 * UpdateSecretVersionStage). A version holds a value only when a test gives one or
 * PutSecretValue stores one; the monitor never asks for one, and `FakeAws.calls` counts
 * GetSecretValue, so a test can show that.
 * ListSecrets and ListSecretVersionIds follow the documented behaviour: prefix filters, `!`
 * negation, pages of at most 100 with an opaque NextToken, secrets scheduled for deletion hidden
 * unless IncludePlannedDeletion, versions without staging labels hidden unless
 * IncludeDeprecated.
 */

export interface SecretVersion {
  readonly versionId: string;
  readonly createdAt: Date;
  readonly stages: readonly string[];
}

/** A secret's metadata. Read-only here: change it through FakeSecretsManager's methods. */
export interface FakeSecret {
  readonly arn: string;
  readonly name: string;
  readonly createdAt: Date;
  readonly description?: string;
  readonly tags: ReadonlyMap<string, string>;
  readonly versions: readonly SecretVersion[];
  readonly lastChangedAt: Date;
  readonly deletedAt?: Date;
  /** Set on a replica (and on a primary that has replicas): the region of the primary. */
  readonly primaryRegion?: string;
}

interface StoredVersion {
  readonly versionId: string;
  readonly createdAt: Date;
  stages: string[];
  readonly value?: string;
}

interface StoredSecret extends FakeSecret {
  description?: string;
  tags: Map<string, string>;
  versions: StoredVersion[];
  lastChangedAt: Date;
  deletedAt?: Date;
}

export interface SecretSeed {
  readonly name: string;
  readonly createdAt: Date;
  readonly description?: string;
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Creation time of the first version, which becomes AWSCURRENT. Omit for a secret created
   * without a value: it has no version at all until `putSecretValue`.
   */
  readonly firstVersionAt?: Date;
  /** SecretString of the first version, when a test needs one. */
  readonly value?: string;
  readonly primaryRegion?: string;
}

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
const NOT_FOUND = "Secrets Manager can't find the specified secret.";

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

export class FakeSecretsManager {
  private readonly secrets: StoredSecret[] = [];
  /** By name, full ARN and ARN without its random suffix: every form a SecretId can take. */
  private readonly byId = new Map<string, StoredSecret>();
  /** Bumped by every change, so a listing can be reused across the pages of one scan. */
  private generation = 0;
  private listingCache?: {
    readonly key: string;
    readonly generation: number;
    readonly secrets: StoredSecret[];
  };
  private sequence = 0;
  private secretCount = 0;

  constructor(
    readonly region: string,
    readonly accountId: string,
  ) {}

  /** A stable, unique id in the shape of a UUID, so runs are reproducible. */
  private nextId(): string {
    this.sequence++;
    return `00000000-0000-4000-8000-${this.sequence.toString(16).padStart(12, '0')}`;
  }

  createSecret(seed: SecretSeed): FakeSecret {
    if (this.byId.has(seed.name)) {
      throw new Error(`FakeSecretsManager: a secret named ${seed.name} exists`);
    }
    // Secrets Manager appends a hyphen and six random characters to the name in the ARN.
    this.secretCount++;
    const suffix = (this.secretCount * 7919).toString(36).padStart(6, 'a').slice(-6);
    const secret: StoredSecret = {
      arn: `arn:aws:secretsmanager:${this.region}:${this.accountId}:secret:${seed.name}-${suffix}`,
      name: seed.name,
      createdAt: seed.createdAt,
      description: seed.description,
      tags: new Map(Object.entries(seed.tags ?? {})),
      versions: [],
      lastChangedAt: seed.createdAt,
      primaryRegion: seed.primaryRegion,
    };
    this.secrets.push(secret);
    for (const id of [secret.name, secret.arn, secret.arn.slice(0, -7)]) this.byId.set(id, secret);
    this.generation++;
    if (seed.firstVersionAt) this.putSecretValue(secret.arn, seed.firstVersionAt, seed.value);
    return secret;
  }

  /** Finds a secret by name, full ARN or ARN without the random suffix (as AWS does). */
  find(secretId: string): FakeSecret | undefined {
    return this.findStored(secretId);
  }

  private findStored(secretId: string): StoredSecret | undefined {
    return this.byId.get(secretId);
  }

  get(secretId: string): FakeSecret {
    return this.stored(secretId);
  }

  private stored(secretId: string): StoredSecret {
    const secret = this.findStored(secretId);
    if (!secret) throw new Error(`FakeSecretsManager: no secret ${secretId}`);
    return secret;
  }

  all(): readonly FakeSecret[] {
    return this.secrets;
  }

  /** A new version labelled AWSCURRENT; the previous one becomes AWSPREVIOUS, as PutSecretValue does. */
  putSecretValue(secretId: string, at: Date, value?: string): string {
    const secret = this.stored(secretId);
    this.generation++;
    const versionId = this.nextId();
    for (const version of secret.versions) {
      version.stages = version.stages.filter((stage) => stage !== 'AWSPREVIOUS');
      if (version.stages.includes('AWSCURRENT')) {
        version.stages = [...version.stages.filter((stage) => stage !== 'AWSCURRENT'), 'AWSPREVIOUS'];
      }
    }
    secret.versions.push({
      versionId,
      createdAt: at,
      stages: ['AWSCURRENT'],
      ...(value === undefined ? {} : { value }),
    });
    secret.lastChangedAt = at;
    return versionId;
  }

  currentVersion(secretId: string): SecretVersion | undefined {
    return this.get(secretId).versions.find((v) => v.stages.includes('AWSCURRENT'));
  }

  tagResource(secretId: string, tags: Readonly<Record<string, string>>, at = new Date()): void {
    const secret = this.stored(secretId);
    this.generation++;
    for (const [key, value] of Object.entries(tags)) secret.tags.set(key, value);
    secret.lastChangedAt = at;
  }

  untagResource(secretId: string, keys: readonly string[], at = new Date()): void {
    const secret = this.stored(secretId);
    this.generation++;
    for (const key of keys) secret.tags.delete(key);
    secret.lastChangedAt = at;
  }

  /** DeleteSecret with a recovery window: the secret stays, marked with its DeletedDate. */
  scheduleDeletion(secretId: string, at: Date): void {
    this.stored(secretId).deletedAt = at;
    this.generation++;
  }

  restoreSecret(secretId: string): void {
    this.stored(secretId).deletedAt = undefined;
    this.generation++;
  }

  handle(operation: string, input: JsonObject): JsonObject {
    switch (operation) {
      case 'ListSecrets':
        return this.listSecrets(input);
      case 'ListSecretVersionIds':
        return this.listSecretVersionIds(input);
      case 'DescribeSecret':
        return this.describeSecret(input);
      case 'TagResource':
        return this.tagResourceRequest(input);
      case 'UntagResource':
        return this.untagResourceRequest(input);
      case 'GetSecretValue':
        return this.getSecretValue(input);
      case 'PutSecretValue':
        return this.putSecretValueRequest(input);
      case 'UpdateSecretVersionStage':
        return this.updateSecretVersionStage(input);
      default:
        throw new UnsupportedByFake(`the Secrets Manager operation ${operation}`);
    }
  }

  private listSecrets(input: JsonObject): JsonObject {
    onlyKnownMembers(input, 'ListSecrets', ['Filters', 'MaxResults', 'NextToken', 'IncludePlannedDeletion']);
    const filters = parseFilters(input);
    const limit = pageSize(input);
    const includeDeleted = optionalBoolean(input, 'IncludePlannedDeletion') ?? false;
    const token = optionalString(input, 'NextToken');
    const offset = token === undefined ? 0 : decodeToken(token);
    const key = JSON.stringify([filters, includeDeleted]);
    let matching =
      this.listingCache?.key === key && this.listingCache.generation === this.generation
        ? this.listingCache.secrets
        : undefined;
    if (matching === undefined) {
      matching = this.secrets.filter(
        (s) => (includeDeleted || s.deletedAt === undefined) && filters.every((f) => matchesFilter(s, f)),
      );
      this.listingCache = { key, generation: this.generation, secrets: matching };
    }
    const page = matching.slice(offset, offset + limit);
    const result: Record<string, unknown> = { SecretList: page.map((s) => this.listEntry(s)) };
    if (offset + limit < matching.length) result.NextToken = encodeToken(offset + limit);
    return result;
  }

  private listEntry(secret: FakeSecret): JsonObject {
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

  private listSecretVersionIds(input: JsonObject): JsonObject {
    onlyKnownMembers(input, 'ListSecretVersionIds', [
      'SecretId',
      'MaxResults',
      'NextToken',
      'IncludeDeprecated',
    ]);
    const secret = this.findStored(requiredString(input, 'SecretId'));
    if (!secret) throw new AwsServiceError(400, 'ResourceNotFoundException', NOT_FOUND);
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

  private existing(input: JsonObject): StoredSecret {
    const secret = this.findStored(requiredString(input, 'SecretId'));
    if (!secret) throw new AwsServiceError(400, 'ResourceNotFoundException', NOT_FOUND);
    return secret;
  }

  private describeSecret(input: JsonObject): JsonObject {
    onlyKnownMembers(input, 'DescribeSecret', ['SecretId']);
    const secret = this.existing(input);
    const entry = { ...this.listEntry(secret) } as Record<string, unknown>;
    // DescribeSecret names the versions as VersionIdsToStages; ListSecrets as SecretVersionsToStages.
    entry.VersionIdsToStages = entry.SecretVersionsToStages;
    delete entry.SecretVersionsToStages;
    return entry;
  }

  private tagResourceRequest(input: JsonObject): JsonObject {
    onlyKnownMembers(input, 'TagResource', ['SecretId', 'Tags']);
    const secret = this.existing(input);
    if (secret.deletedAt !== undefined) {
      throw new AwsServiceError(
        400,
        'InvalidRequestException',
        "You can't perform this operation on the secret because it was marked for deletion.",
      );
    }
    const tags = optionalArray(input, 'Tags') ?? [];
    const parsed: Record<string, string> = {};
    for (const [index, tag] of tags.entries()) {
      if (!isJsonObject(tag)) throw validationError(`Tags[${index}] must be an object`);
      const key = requiredString(tag, 'Key');
      const value = requiredString(tag, 'Value');
      if (key.length < 1 || key.length > 128 || value.length > 256 || key.startsWith('aws:')) {
        throw validationError(`Tags[${index}] is not a valid tag`);
      }
      parsed[key] = value;
    }
    if (secret.tags.size + Object.keys(parsed).filter((k) => !secret.tags.has(k)).length > 50) {
      throw validationError('A secret can have at most 50 tags.');
    }
    this.tagResource(secret.arn, parsed);
    return {};
  }

  private untagResourceRequest(input: JsonObject): JsonObject {
    onlyKnownMembers(input, 'UntagResource', ['SecretId', 'TagKeys']);
    const secret = this.existing(input);
    const keys = (optionalArray(input, 'TagKeys') ?? []).map((key) => {
      if (typeof key !== 'string') throw validationError('TagKeys must be strings');
      return key;
    });
    this.untagResource(secret.arn, keys);
    return {};
  }

  private refuseIfDeleted(secret: StoredSecret): void {
    if (secret.deletedAt !== undefined) {
      throw new AwsServiceError(
        400,
        'InvalidRequestException',
        "You can't perform this operation on the secret because it was marked for deletion.",
      );
    }
  }

  /**
   * PutSecretValue: a new version with the given labels (AWSCURRENT when none are given), each
   * label moved off the version that had it; moving AWSCURRENT leaves AWSPREVIOUS behind. The
   * ClientRequestToken is the version id: the same token with the same value is ignored (the
   * request is idempotent), with another value it is refused, as Secrets Manager does.
   */
  private putSecretValueRequest(input: JsonObject): JsonObject {
    onlyKnownMembers(input, 'PutSecretValue', [
      'SecretId',
      'ClientRequestToken',
      'SecretString',
      'SecretBinary',
      'VersionStages',
      'RotationToken',
    ]);
    if (input.SecretBinary !== undefined) throw new UnsupportedByFake('PutSecretValue with SecretBinary');
    if (input.RotationToken !== undefined) throw new UnsupportedByFake('PutSecretValue with RotationToken');
    const secret = this.existing(input);
    this.refuseIfDeleted(secret);
    const value = optionalString(input, 'SecretString');
    if (value === undefined) {
      throw new AwsServiceError(
        400,
        'InvalidParameterException',
        'You must provide either SecretString or SecretBinary.',
      );
    }
    // The SDK fills in a random token when the caller gives none.
    const token = optionalString(input, 'ClientRequestToken') ?? this.nextId();
    if (token.length < 32 || token.length > 64) {
      throw validationError(
        `1 validation error detected: Value '${token}' at 'clientRequestToken' failed to satisfy constraint: Member must have length between 32 and 64`,
      );
    }
    const stages = (optionalArray(input, 'VersionStages') ?? ['AWSCURRENT']).map((stage) => {
      if (typeof stage !== 'string' || stage.length < 1 || stage.length > 256) {
        throw validationError('VersionStages must be strings of 1 to 256 characters');
      }
      return stage;
    });
    if (stages.length < 1 || stages.length > 20) {
      throw validationError('VersionStages must have 1 to 20 members');
    }
    const existing = secret.versions.find((v) => v.versionId === token);
    if (existing) {
      if (existing.value !== value) {
        throw new AwsServiceError(
          400,
          'ResourceExistsException',
          "You can't modify an existing version, you can only create a new version.",
        );
      }
      return { ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: existing.stages };
    }
    const at = new Date();
    this.generation++;
    for (const stage of new Set(stages)) this.moveStage(secret, stage, undefined);
    secret.versions.push({ versionId: token, createdAt: at, stages: [...new Set(stages)], value });
    secret.lastChangedAt = at;
    return { ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: [...new Set(stages)] };
  }

  /** Takes `stage` off every version but `keep`; AWSCURRENT leaves AWSPREVIOUS where it was. */
  private moveStage(secret: StoredSecret, stage: string, keep: string | undefined): void {
    for (const version of secret.versions) {
      if (version.versionId === keep || !version.stages.includes(stage)) continue;
      version.stages = version.stages.filter((s) => s !== stage);
      if (stage === 'AWSCURRENT') {
        for (const other of secret.versions) other.stages = other.stages.filter((s) => s !== 'AWSPREVIOUS');
        version.stages.push('AWSPREVIOUS');
      }
    }
  }

  /**
   * UpdateSecretVersionStage, with the service's own check: to move a label that another version
   * holds, RemoveFromVersionId must name that version, so a caller that read an older state fails
   * instead of overwriting (a compare-and-swap on the label). AWSCURRENT can only be moved, never
   * just removed; moving it leaves AWSPREVIOUS on the version it left.
   */
  private updateSecretVersionStage(input: JsonObject): JsonObject {
    onlyKnownMembers(input, 'UpdateSecretVersionStage', [
      'SecretId',
      'VersionStage',
      'MoveToVersionId',
      'RemoveFromVersionId',
    ]);
    const secret = this.existing(input);
    this.refuseIfDeleted(secret);
    const stage = requiredString(input, 'VersionStage');
    const moveTo = optionalString(input, 'MoveToVersionId');
    const removeFrom = optionalString(input, 'RemoveFromVersionId');
    const holder = secret.versions.find((v) => v.stages.includes(stage));
    const version = (id: string) => {
      const found = secret.versions.find((v) => v.versionId === id);
      if (!found) {
        throw new AwsServiceError(
          400,
          'ResourceNotFoundException',
          `Secrets Manager can't find the specified secret version: ${id}`,
        );
      }
      return found;
    };
    if (moveTo === undefined) {
      if (removeFrom === undefined) {
        throw new AwsServiceError(
          400,
          'InvalidParameterException',
          'You must specify MoveToVersionId, RemoveFromVersionId, or both.',
        );
      }
      const from = version(removeFrom);
      if (!from.stages.includes(stage)) {
        throw new AwsServiceError(
          400,
          'InvalidParameterException',
          `The staging label ${stage} is not attached to version ${removeFrom}.`,
        );
      }
      if (stage === 'AWSCURRENT') {
        throw new AwsServiceError(
          400,
          'InvalidParameterException',
          'You can only move the staging label AWSCURRENT to another version, not remove it.',
        );
      }
      this.generation++;
      from.stages = from.stages.filter((s) => s !== stage);
      return { ARN: secret.arn, Name: secret.name };
    }
    const target = version(moveTo);
    if (removeFrom !== undefined) version(removeFrom);
    if (holder !== undefined && holder.versionId !== moveTo && holder.versionId !== removeFrom) {
      throw new AwsServiceError(
        400,
        'InvalidParameterException',
        removeFrom === undefined
          ? `The parameter RemoveFromVersionId can't be empty. Staging label ${stage} is currently attached to version ${holder.versionId}, so you must explicitly reference that version in RemoveFromVersionId.`
          : `The staging label ${stage} is attached to version ${holder.versionId}, not to ${removeFrom}: RemoveFromVersionId must name the version that holds it.`,
      );
    }
    if (holder === undefined && removeFrom !== undefined) {
      throw new AwsServiceError(
        400,
        'InvalidParameterException',
        `The staging label ${stage} is not attached to version ${removeFrom}.`,
      );
    }
    this.generation++;
    this.moveStage(secret, stage, moveTo);
    if (!target.stages.includes(stage)) target.stages.push(stage);
    if (stage === 'AWSCURRENT') {
      // The version that becomes current is no longer the previous one.
      target.stages = target.stages.filter((s) => s !== 'AWSPREVIOUS');
    }
    secret.lastChangedAt = new Date();
    return { ARN: secret.arn, Name: secret.name };
  }

  /** The versions of a secret with their values, as a test reads them (never through the API). */
  versionsOf(secretId: string): readonly { versionId: string; stages: readonly string[]; value?: string }[] {
    return this.stored(secretId).versions.map((v) => ({
      versionId: v.versionId,
      stages: [...v.stages],
      ...(v.value === undefined ? {} : { value: v.value }),
    }));
  }

  private getSecretValue(input: JsonObject): JsonObject {
    onlyKnownMembers(input, 'GetSecretValue', ['SecretId', 'VersionStage', 'VersionId']);
    const secret = this.existing(input);
    if (secret.deletedAt !== undefined) {
      throw new AwsServiceError(
        400,
        'InvalidRequestException',
        "You can't perform this operation on the secret because it was marked for deletion.",
      );
    }
    const stage = optionalString(input, 'VersionStage') ?? 'AWSCURRENT';
    const versionId = optionalString(input, 'VersionId');
    const version = secret.versions.find((v) =>
      versionId !== undefined ? v.versionId === versionId : v.stages.includes(stage),
    );
    if (!version) {
      throw new AwsServiceError(
        400,
        'ResourceNotFoundException',
        "Secrets Manager can't find the specified secret value for staging label: " + stage,
      );
    }
    if (version.value === undefined)
      throw new UnsupportedByFake(`a value for ${secret.name} (seed one with value)`);
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: version.versionId,
      SecretString: version.value,
      VersionStages: version.stages,
      CreatedDate: epochSeconds(version.createdAt),
    };
  }
}
