/** What the monitor knows of a secret: metadata from `ListSecrets`, never its value. */
export interface CatalogSecret {
  readonly arn: string;
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Id of the version labelled AWSCURRENT, as `ListSecrets` reports it. */
  readonly currentVersionId?: string;
  /** Set on a replica: the region of the primary secret. */
  readonly primaryRegion?: string;
  /** Set while the secret is scheduled for deletion. */
  readonly deletedDate?: Date;
}

export interface CurrentVersion {
  readonly versionId: string;
  readonly createdAt: Date;
}
