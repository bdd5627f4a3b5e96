import { AwsServiceError, UnsupportedByFake, validationError } from './aws-error';
import type { JsonObject } from './json-input';
import { epochSeconds, onlyKnownMembers, optionalArray, optionalString, requiredString } from './json-input';
import type { SecretStore, StoredSecret, StoredVersion } from './secrets-manager-store';

/**
 * The version calls the notification intake makes: GetSecretValue, PutSecretValue and
 * UpdateSecretVersionStage, with the checks the service makes. A version holds a value only when
 * a test gives one or PutSecretValue stores one.
 */

/** Takes `stage` off every version but `keep`; AWSCURRENT leaves AWSPREVIOUS where it was. */
export function moveStage(secret: StoredSecret, stage: string, keep: string | undefined): void {
  for (const version of secret.versions) {
    if (version.versionId === keep || !version.stages.includes(stage)) continue;
    version.stages = version.stages.filter((s) => s !== stage);
    if (stage === 'AWSCURRENT') {
      for (const other of secret.versions) other.stages = other.stages.filter((s) => s !== 'AWSPREVIOUS');
      version.stages.push('AWSPREVIOUS');
    }
  }
}

function clientRequestToken(store: SecretStore, input: JsonObject): string {
  // The SDK fills in a random token when the caller gives none.
  const token = optionalString(input, 'ClientRequestToken') ?? store.nextId();
  if (token.length < 32 || token.length > 64) {
    throw validationError(
      `1 validation error detected: Value '${token}' at 'clientRequestToken' failed to satisfy constraint: Member must have length between 32 and 64`,
    );
  }
  return token;
}

function versionStages(input: JsonObject): string[] {
  const stages = (optionalArray(input, 'VersionStages') ?? ['AWSCURRENT']).map((stage) => {
    if (typeof stage !== 'string' || stage.length < 1 || stage.length > 256) {
      throw validationError('VersionStages must be strings of 1 to 256 characters');
    }
    return stage;
  });
  if (stages.length < 1 || stages.length > 20) {
    throw validationError('VersionStages must have 1 to 20 members');
  }
  return stages;
}

/**
 * PutSecretValue: a new version with the given labels (AWSCURRENT when none are given), each
 * label moved off the version that had it; moving AWSCURRENT leaves AWSPREVIOUS behind. The
 * ClientRequestToken is the version id: the same token with the same value is ignored (the
 * request is idempotent), with another value it is refused, as Secrets Manager does.
 */
export function putSecretValue(store: SecretStore, input: JsonObject): JsonObject {
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
  const secret = store.existing(input);
  store.refuseIfDeleted(secret);
  const value = optionalString(input, 'SecretString');
  if (value === undefined) {
    throw new AwsServiceError(
      400,
      'InvalidParameterException',
      'You must provide either SecretString or SecretBinary.',
    );
  }
  const token = clientRequestToken(store, input);
  const stages = versionStages(input);
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
  store.generation++;
  for (const stage of new Set(stages)) moveStage(secret, stage, undefined);
  secret.versions.push({ versionId: token, createdAt: at, stages: [...new Set(stages)], value });
  secret.lastChangedAt = at;
  return { ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: [...new Set(stages)] };
}

function invalidParameter(message: string): AwsServiceError {
  return new AwsServiceError(400, 'InvalidParameterException', message);
}

function versionOf(secret: StoredSecret, id: string): StoredVersion {
  const found = secret.versions.find((v) => v.versionId === id);
  if (!found) {
    throw new AwsServiceError(
      400,
      'ResourceNotFoundException',
      `Secrets Manager can't find the specified secret version: ${id}`,
    );
  }
  return found;
}

/** Only RemoveFromVersionId: the label comes off that version (never AWSCURRENT, which can only move). */
function removeStage(store: SecretStore, secret: StoredSecret, stage: string, removeFrom: string): void {
  const from = versionOf(secret, removeFrom);
  if (!from.stages.includes(stage)) {
    throw invalidParameter(`The staging label ${stage} is not attached to version ${removeFrom}.`);
  }
  if (stage === 'AWSCURRENT') {
    throw invalidParameter(
      'You can only move the staging label AWSCURRENT to another version, not remove it.',
    );
  }
  store.generation++;
  from.stages = from.stages.filter((s) => s !== stage);
}

/** The compare-and-swap: a label another version holds moves only when RemoveFromVersionId names it. */
function checkHolder(
  holder: StoredVersion | undefined,
  stage: string,
  moveTo: string,
  removeFrom: string | undefined,
): void {
  if (holder !== undefined && holder.versionId !== moveTo && holder.versionId !== removeFrom) {
    throw invalidParameter(
      removeFrom === undefined
        ? `The parameter RemoveFromVersionId can't be empty. Staging label ${stage} is currently attached to version ${holder.versionId}, so you must explicitly reference that version in RemoveFromVersionId.`
        : `The staging label ${stage} is attached to version ${holder.versionId}, not to ${removeFrom}: RemoveFromVersionId must name the version that holds it.`,
    );
  }
  if (holder === undefined && removeFrom !== undefined) {
    throw invalidParameter(`The staging label ${stage} is not attached to version ${removeFrom}.`);
  }
}

/**
 * UpdateSecretVersionStage, with the service's own check: to move a label that another version
 * holds, RemoveFromVersionId must name that version, so a caller that read an older state fails
 * instead of overwriting (a compare-and-swap on the label). AWSCURRENT can only be moved, never
 * just removed; moving it leaves AWSPREVIOUS on the version it left.
 */
export function updateSecretVersionStage(store: SecretStore, input: JsonObject): JsonObject {
  onlyKnownMembers(input, 'UpdateSecretVersionStage', [
    'SecretId',
    'VersionStage',
    'MoveToVersionId',
    'RemoveFromVersionId',
  ]);
  const secret = store.existing(input);
  store.refuseIfDeleted(secret);
  const stage = requiredString(input, 'VersionStage');
  const moveTo = optionalString(input, 'MoveToVersionId');
  const removeFrom = optionalString(input, 'RemoveFromVersionId');
  const holder = secret.versions.find((v) => v.stages.includes(stage));
  if (moveTo === undefined) {
    if (removeFrom === undefined) {
      throw invalidParameter('You must specify MoveToVersionId, RemoveFromVersionId, or both.');
    }
    removeStage(store, secret, stage, removeFrom);
    return { ARN: secret.arn, Name: secret.name };
  }
  const target = versionOf(secret, moveTo);
  if (removeFrom !== undefined) versionOf(secret, removeFrom);
  checkHolder(holder, stage, moveTo, removeFrom);
  store.generation++;
  moveStage(secret, stage, moveTo);
  if (!target.stages.includes(stage)) target.stages.push(stage);
  if (stage === 'AWSCURRENT') {
    // The version that becomes current is no longer the previous one.
    target.stages = target.stages.filter((s) => s !== 'AWSPREVIOUS');
  }
  secret.lastChangedAt = new Date();
  return { ARN: secret.arn, Name: secret.name };
}

export function getSecretValue(store: SecretStore, input: JsonObject): JsonObject {
  onlyKnownMembers(input, 'GetSecretValue', ['SecretId', 'VersionStage', 'VersionId']);
  const secret = store.existing(input);
  store.refuseIfDeleted(secret);
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
