import { UnsupportedByFake, validationError } from './aws-error';
import type { JsonObject } from './json-input';
import { isJsonObject, onlyKnownMembers, optionalArray, requiredString } from './json-input';
import { describeSecret, listSecretVersionIds, listSecrets } from './secrets-manager-listing';
import type { FakeSecret, SecretSeed, SecretVersion } from './secrets-manager-store';
import { SecretStore } from './secrets-manager-store';
import { getSecretValue, putSecretValue, updateSecretVersionStage } from './secrets-manager-versions';

export type { FakeSecret, SecretSeed, SecretVersion } from './secrets-manager-store';

/**
 * Secrets Manager (awsJson1_1, target prefix `secretsmanager`): secret metadata and tags, and
 * the version calls the notification intake makes (GetSecretValue, PutSecretValue,
 * UpdateSecretVersionStage). A version holds a value only when a test gives one or
 * PutSecretValue stores one; the monitor never asks for one, and `FakeAws.calls` counts
 * GetSecretValue, so a test can show that. The listing calls are in secrets-manager-listing.ts,
 * the version calls in secrets-manager-versions.ts; this class is what a test seeds and reads.
 */
export class FakeSecretsManager {
  private readonly store: SecretStore;

  constructor(
    readonly region: string,
    readonly accountId: string,
  ) {
    this.store = new SecretStore(region, accountId);
  }

  /** At most this many secrets a ListSecrets page (undefined: as MaxResults asks), to exercise paging. */
  get listPageLimit(): number | undefined {
    return this.store.listPageLimit;
  }

  set listPageLimit(limit: number | undefined) {
    this.store.listPageLimit = limit;
  }

  createSecret(seed: SecretSeed): FakeSecret {
    const secret = this.store.add(seed);
    if (seed.firstVersionAt) this.putSecretValue(secret.arn, seed.firstVersionAt, seed.value);
    return secret;
  }

  /** Finds a secret by name, full ARN or ARN without the random suffix (as AWS does). */
  find(secretId: string): FakeSecret | undefined {
    return this.store.find(secretId);
  }

  get(secretId: string): FakeSecret {
    return this.store.stored(secretId);
  }

  all(): readonly FakeSecret[] {
    return this.store.secrets;
  }

  /** A new version labelled AWSCURRENT; the previous one becomes AWSPREVIOUS, as PutSecretValue does. */
  putSecretValue(secretId: string, at: Date, value?: string): string {
    const secret = this.store.stored(secretId);
    this.store.generation++;
    const versionId = this.store.nextId();
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
    const secret = this.store.stored(secretId);
    this.store.generation++;
    for (const [key, value] of Object.entries(tags)) secret.tags.set(key, value);
    secret.lastChangedAt = at;
  }

  untagResource(secretId: string, keys: readonly string[], at = new Date()): void {
    const secret = this.store.stored(secretId);
    this.store.generation++;
    for (const key of keys) secret.tags.delete(key);
    secret.lastChangedAt = at;
  }

  /** DeleteSecret with a recovery window: the secret stays, marked with its DeletedDate. */
  scheduleDeletion(secretId: string, at: Date): void {
    this.store.stored(secretId).deletedAt = at;
    this.store.generation++;
  }

  restoreSecret(secretId: string): void {
    this.store.stored(secretId).deletedAt = undefined;
    this.store.generation++;
  }

  /** The versions of a secret with their values, as a test reads them (never through the API). */
  versionsOf(secretId: string): readonly { versionId: string; stages: readonly string[]; value?: string }[] {
    return this.store.stored(secretId).versions.map((v) => ({
      versionId: v.versionId,
      stages: [...v.stages],
      ...(v.value === undefined ? {} : { value: v.value }),
    }));
  }

  handle(operation: string, input: JsonObject): JsonObject {
    switch (operation) {
      case 'ListSecrets':
        return listSecrets(this.store, input);
      case 'ListSecretVersionIds':
        return listSecretVersionIds(this.store, input);
      case 'DescribeSecret':
        return describeSecret(this.store, input);
      case 'TagResource':
        return this.tagResourceRequest(input);
      case 'UntagResource':
        return this.untagResourceRequest(input);
      case 'GetSecretValue':
        return getSecretValue(this.store, input);
      case 'PutSecretValue':
        return putSecretValue(this.store, input);
      case 'UpdateSecretVersionStage':
        return updateSecretVersionStage(this.store, input);
      default:
        throw new UnsupportedByFake(`the Secrets Manager operation ${operation}`);
    }
  }

  private tagResourceRequest(input: JsonObject): JsonObject {
    onlyKnownMembers(input, 'TagResource', ['SecretId', 'Tags']);
    const secret = this.store.existing(input);
    this.store.refuseIfDeleted(secret);
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
    const secret = this.store.existing(input);
    const keys = (optionalArray(input, 'TagKeys') ?? []).map((key) => {
      if (typeof key !== 'string') throw validationError('TagKeys must be strings');
      return key;
    });
    this.untagResource(secret.arn, keys);
    return {};
  }
}
