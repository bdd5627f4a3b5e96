/**
 * Finds the app secret of an LWA client id through its `lwa:client-id` tag: metadata only,
 * never a secret value. Several matches are an error to report, never a guess: writing one
 * app's new client secret into another app's secret would break both.
 */

/** A secret tagged with the client id, as `ListSecrets` describes it (no value). */
export interface DirectorySecret {
  readonly arn: string;
  readonly name: string;
  /** Value of the app tag: the app's human name (the secret name when the tag is empty). */
  readonly appName: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Id of the AWSCURRENT version, as ListSecrets reports it. */
  readonly currentVersionId?: string;
}

export type SecretLookup =
  | { readonly kind: 'none' }
  | { readonly kind: 'one'; readonly secret: DirectorySecret }
  | { readonly kind: 'ambiguous'; readonly secrets: readonly DirectorySecret[] };

export interface SecretDirectory {
  findByClientId(clientId: string): Promise<SecretLookup>;
}
