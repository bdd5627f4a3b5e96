import type { StoredCredentials } from '../domain/credential-json';
/**
 * Reads the LWA credentials of an app's secret (its AWSCURRENT version). The value lives only
 * in the returned object: problems are described by error name and field name, never content.
 */
export type CredentialRead =
  | { readonly ok: true; readonly credentials: StoredCredentials; readonly versionId?: string }
  | {
      readonly ok: false;
      /** `unreadable`: Secrets Manager refused or failed; `malformed`: the JSON lacks a field. */
      readonly problem: 'unreadable' | 'malformed';
      /** True when the same read may succeed later without anyone changing anything. */
      readonly retryable: boolean;
      readonly detail: string;
    };

export interface CredentialReader {
  read(secretArn: string): Promise<CredentialRead>;
}
