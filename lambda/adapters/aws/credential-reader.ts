import { errorName } from '../../domain/error-name';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { CredentialFieldNames } from '../../../contract/credential-fields';
import { parseCredentials } from '../../domain/credential-json';
import type { CredentialRead, CredentialReader } from '../../ports/credential-reader';

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
      const name = errorName(error);
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
