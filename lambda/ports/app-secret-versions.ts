export interface CurrentSecretValue {
  readonly versionId: string;
  /** Undefined when the secret holds binary data, which cannot be an app's JSON. Never log it. */
  readonly secretString?: string;
}

export interface AppSecretVersions {
  current(secretArn: string): Promise<CurrentSecretValue>;
  /**
   * Stores `secretString` as a new version labelled AWSPENDING only; the same token with the
   * same value is a no-op in Secrets Manager, which makes a redelivery idempotent.
   */
  putPending(secretArn: string, clientRequestToken: string, secretString: string): Promise<string>;
  /** Moves AWSCURRENT from `previousVersionId` to `versionId` (Secrets Manager labels the old one AWSPREVIOUS). */
  promote(secretArn: string, versionId: string, previousVersionId: string): Promise<void>;
  /** Takes AWSPENDING off a version that has become current. */
  clearPending(secretArn: string, versionId: string): Promise<void>;
  tagExpiry(secretArn: string, expiresAt: Date): Promise<void>;
}
