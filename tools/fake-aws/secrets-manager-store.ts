import { AwsServiceError } from './aws-error';
import type { JsonObject } from './json-input';
import { requiredString } from './json-input';

/**
 * The secrets the Secrets Manager fake holds, indexed by every form a SecretId can take, with a
 * generation bumped by every change (so a listing can be reused across the pages of one scan).
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

export interface StoredVersion {
  readonly versionId: string;
  readonly createdAt: Date;
  stages: string[];
  readonly value?: string;
}

export interface StoredSecret extends FakeSecret {
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

const NOT_FOUND = "Secrets Manager can't find the specified secret.";
export const MARKED_FOR_DELETION =
  "You can't perform this operation on the secret because it was marked for deletion.";

export class SecretStore {
  readonly secrets: StoredSecret[] = [];
  /** By name, full ARN and ARN without its random suffix: every form a SecretId can take. */
  private readonly byId = new Map<string, StoredSecret>();
  /** Bumped by every change, so a listing can be reused across the pages of one scan. */
  generation = 0;
  listingCache?: {
    readonly key: string;
    readonly generation: number;
    readonly secrets: StoredSecret[];
  };
  /** At most this many secrets a ListSecrets page, whatever MaxResults asks (AWS may answer fewer). */
  listPageLimit?: number;
  private sequence = 0;
  private secretCount = 0;

  constructor(
    readonly region: string,
    readonly accountId: string,
  ) {}

  /** A stable, unique id in the shape of a UUID, so runs are reproducible. */
  nextId(): string {
    this.sequence++;
    return `00000000-0000-4000-8000-${this.sequence.toString(16).padStart(12, '0')}`;
  }

  /** A new secret without versions; refused when the name is taken. */
  add(seed: SecretSeed): StoredSecret {
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
    return secret;
  }

  find(secretId: string): StoredSecret | undefined {
    return this.byId.get(secretId);
  }

  /** For a test's own calls: an unknown id is a bug in the test. */
  stored(secretId: string): StoredSecret {
    const secret = this.find(secretId);
    if (!secret) throw new Error(`FakeSecretsManager: no secret ${secretId}`);
    return secret;
  }

  /** For a request: an unknown SecretId is the service's ResourceNotFoundException. */
  existing(input: JsonObject): StoredSecret {
    const secret = this.find(requiredString(input, 'SecretId'));
    if (!secret) throw new AwsServiceError(400, 'ResourceNotFoundException', NOT_FOUND);
    return secret;
  }

  refuseIfDeleted(secret: StoredSecret): void {
    if (secret.deletedAt !== undefined) {
      throw new AwsServiceError(400, 'InvalidRequestException', MARKED_FOR_DELETION);
    }
  }
}
