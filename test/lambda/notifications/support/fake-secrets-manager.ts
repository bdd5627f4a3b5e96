/**
 * Just enough of Secrets Manager behind aws-sdk-client-mock for the notification handler to
 * run against its real adapters: tag filters that match by prefix on any tag (as the real
 * ListSecrets does), versions with staging labels, idempotent PutSecretValue per token, and
 * UpdateSecretVersionStage with the checks the real service makes.
 */
import type {
  GetSecretValueCommandInput,
  ListSecretsCommandInput,
  PutSecretValueCommandInput,
  SecretListEntry,
  SecretsManagerClient,
  TagResourceCommandInput,
  UpdateSecretVersionStageCommandInput,
} from '@aws-sdk/client-secrets-manager';
import {
  GetSecretValueCommand,
  InvalidParameterException,
  ListSecretsCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  TagResourceCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { AwsClientStub } from 'aws-sdk-client-mock';

export interface FakeVersion {
  readonly id: string;
  readonly secretString: string;
  readonly stages: Set<string>;
}

export interface FakeSecret {
  readonly arn: string;
  readonly name: string;
  readonly tags: Record<string, string>;
  readonly versions: FakeVersion[];
  primaryRegion?: string;
}

const metadata = { $metadata: {} };
export const FAKE_REGION = 'eu-west-1';
export const FAKE_ACCOUNT = '111122223333';

export class FakeSecretsManager {
  readonly secrets: FakeSecret[] = [];
  /** Page size of ListSecrets, small so that paging is exercised. */
  pageSize = 2;
  /** Returns an error to make a call fail, as the service might. */
  fail: (command: string, input: unknown) => Error | undefined = () => undefined;
  private nextVersion = 1;

  add(name: string, tags: Record<string, string>, secretString: string): FakeSecret {
    const secret: FakeSecret = {
      arn: `arn:aws:secretsmanager:${FAKE_REGION}:${FAKE_ACCOUNT}:secret:${name}-AbCdEf`,
      name,
      tags: { ...tags },
      versions: [{ id: `initial-version-of-${name}`, secretString, stages: new Set(['AWSCURRENT']) }],
    };
    this.secrets.push(secret);
    return secret;
  }

  install(sm: AwsClientStub<SecretsManagerClient>): void {
    sm.on(ListSecretsCommand).callsFake((input: ListSecretsCommandInput) =>
      this.guard('ListSecrets', input, () => this.list(input)),
    );
    sm.on(GetSecretValueCommand).callsFake((input: GetSecretValueCommandInput) =>
      this.guard('GetSecretValue', input, () => this.get(input)),
    );
    sm.on(PutSecretValueCommand).callsFake((input: PutSecretValueCommandInput) =>
      this.guard('PutSecretValue', input, () => this.put(input)),
    );
    sm.on(UpdateSecretVersionStageCommand).callsFake((input: UpdateSecretVersionStageCommandInput) =>
      this.guard('UpdateSecretVersionStage', input, () => this.stage(input)),
    );
    sm.on(TagResourceCommand).callsFake((input: TagResourceCommandInput) =>
      this.guard('TagResource', input, () => this.tag(input)),
    );
  }

  /** The version holding `stage`, if any. */
  versionWith(secret: FakeSecret, stage: string): FakeVersion | undefined {
    return secret.versions.find((v) => v.stages.has(stage));
  }

  currentValue(secret: FakeSecret): string | undefined {
    return this.versionWith(secret, 'AWSCURRENT')?.secretString;
  }

  private guard<T>(command: string, input: unknown, run: () => T): T {
    const error = this.fail(command, input);
    if (error) throw error;
    return run();
  }

  private find(id: string | undefined): FakeSecret {
    const secret = this.secrets.find((s) => s.arn === id || s.name === id);
    if (!secret)
      throw new ResourceNotFoundException({
        message: "Secrets Manager can't find the specified secret.",
        ...metadata,
      });
    return secret;
  }

  private list(input: ListSecretsCommandInput) {
    const filters = input.Filters ?? [];
    const matching = this.secrets.filter((secret) =>
      filters.every((filter) => {
        const values = filter.Values ?? [];
        const tags = Object.entries(secret.tags);
        switch (filter.Key) {
          case 'tag-key':
            return values.some((v) => tags.some(([key]) => key.startsWith(v)));
          case 'tag-value':
            return values.some((v) => tags.some(([, value]) => value.startsWith(v)));
          default:
            throw new Error(`fake ListSecrets does not know the filter ${String(filter.Key)}`);
        }
      }),
    );
    const start = input.NextToken ? Number(input.NextToken) : 0;
    const size = Math.min(input.MaxResults ?? 100, this.pageSize);
    const page = matching.slice(start, start + size);
    const entries: SecretListEntry[] = page.map((secret) => ({
      ARN: secret.arn,
      Name: secret.name,
      Tags: Object.entries(secret.tags).map(([Key, Value]) => ({ Key, Value })),
      SecretVersionsToStages: Object.fromEntries(secret.versions.map((v) => [v.id, [...v.stages]])),
      PrimaryRegion: secret.primaryRegion,
    }));
    const next = start + size < matching.length ? String(start + size) : undefined;
    return { ...metadata, SecretList: entries, NextToken: next };
  }

  private get(input: GetSecretValueCommandInput) {
    const secret = this.find(input.SecretId);
    const version = input.VersionId
      ? secret.versions.find((v) => v.id === input.VersionId)
      : this.versionWith(secret, input.VersionStage ?? 'AWSCURRENT');
    if (!version) throw new ResourceNotFoundException({ message: 'version not found', ...metadata });
    return {
      ...metadata,
      ARN: secret.arn,
      Name: secret.name,
      VersionId: version.id,
      SecretString: version.secretString,
      VersionStages: [...version.stages],
    };
  }

  private put(input: PutSecretValueCommandInput) {
    const secret = this.find(input.SecretId);
    const token = input.ClientRequestToken ?? `generated-${this.nextVersion++}`;
    const secretString = input.SecretString ?? '';
    const existing = secret.versions.find((v) => v.id === token);
    if (existing) {
      if (existing.secretString !== secretString) {
        throw new ResourceExistsException({
          message: "You can't modify an existing version, you can only create a new version.",
          ...metadata,
        });
      }
      return {
        ...metadata,
        ARN: secret.arn,
        Name: secret.name,
        VersionId: token,
        VersionStages: [...existing.stages],
      };
    }
    const stages = new Set(input.VersionStages ?? ['AWSCURRENT']);
    for (const stage of stages) this.moveLabel(secret, stage, token);
    secret.versions.push({ id: token, secretString, stages });
    return { ...metadata, ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: [...stages] };
  }

  /** Takes `stage` off every other version; AWSCURRENT leaves AWSPREVIOUS behind, as the service does. */
  private moveLabel(secret: FakeSecret, stage: string, toVersionId: string): void {
    for (const version of secret.versions) {
      if (version.id !== toVersionId && version.stages.delete(stage) && stage === 'AWSCURRENT') {
        for (const other of secret.versions) other.stages.delete('AWSPREVIOUS');
        version.stages.add('AWSPREVIOUS');
      }
    }
  }

  private stage(input: UpdateSecretVersionStageCommandInput) {
    const secret = this.find(input.SecretId);
    const stage = input.VersionStage ?? '';
    const holder = this.versionWith(secret, stage);
    if (input.MoveToVersionId !== undefined) {
      const target = secret.versions.find((v) => v.id === input.MoveToVersionId);
      if (!target) throw new ResourceNotFoundException({ message: 'version not found', ...metadata });
      if (holder && holder.id !== target.id && holder.id !== input.RemoveFromVersionId) {
        throw new InvalidParameterException({
          message: `The parameter RemoveFromVersionId can't be empty. Staging label ${stage} is currently attached to version ${holder.id}, so you must explicitly reference that version in RemoveFromVersionId.`,
          ...metadata,
        });
      }
      this.moveLabel(secret, stage, target.id);
      target.stages.add(stage);
    } else if (input.RemoveFromVersionId !== undefined) {
      const from = secret.versions.find((v) => v.id === input.RemoveFromVersionId);
      if (!from?.stages.has(stage)) {
        throw new InvalidParameterException({
          message: `${stage} is not attached to that version`,
          ...metadata,
        });
      }
      from.stages.delete(stage);
    }
    return { ...metadata, ARN: secret.arn, Name: secret.name };
  }

  private tag(input: TagResourceCommandInput) {
    const secret = this.find(input.SecretId);
    for (const tag of input.Tags ?? []) {
      if (tag.Key !== undefined) secret.tags[tag.Key] = tag.Value ?? '';
    }
    return { ...metadata };
  }
}
