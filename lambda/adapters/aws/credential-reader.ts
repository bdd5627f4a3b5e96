import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { CredentialFieldNames } from '../../../contract/credential-fields';
import type { StoredCredentials } from '../../domain/credential-json';
import { parseCredentials } from '../../domain/credential-json';

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

const TRANSIENT_ERROR = /throttl|internal|unavailable|timeout|timedout|networking|econnreset|too ?many/i;

export class SecretsManagerCredentialReader implements CredentialReader {
  constructor(
    private readonly client: SecretsManagerClient,
    private readonly fields: CredentialFieldNames,
  ) {}

  async read(secretArn: string): Promise<CredentialRead> {
    let secretString: string | undefined;
    let versionId: string | undefined;
    try {
      const result = await this.client.send(new GetSecretValueCommand({ SecretId: secretArn }));
      secretString = result.SecretString;
      versionId = result.VersionId;
    } catch (error: unknown) {
      // Secrets Manager error messages name the principal and the resource, never the value.
      const name = error instanceof Error ? error.name : 'UnknownError';
      const message = error instanceof Error ? error.message.slice(0, 200) : '';
      return {
        ok: false,
        problem: 'unreadable',
        retryable: TRANSIENT_ERROR.test(name),
        detail: `GetSecretValue failed: ${name}${message ? `: ${message}` : ''}`,
      };
    }
    if (secretString === undefined) {
      return {
        ok: false,
        problem: 'malformed',
        retryable: false,
        detail: 'the secret holds binary data, not JSON',
      };
    }
    const parsed = parseCredentials(secretString, this.fields);
    if (!parsed.ok) return { ok: false, problem: 'malformed', retryable: false, detail: parsed.reason };
    return { ok: true, credentials: parsed.credentials, versionId };
  }
}
