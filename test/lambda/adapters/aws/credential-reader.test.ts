import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { SecretsManagerCredentialReader } from '../../../../lambda/adapters/aws/credential-reader';
import { DEFAULT_CREDENTIAL_FIELDS } from '../../../../contract/credential-fields';

const secretsManager = mockClient(SecretsManagerClient);
const ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:acme-AbCdEf';
const SECRET_VALUE = 'SENTINEL-client-secret-0b7d';

function reader(): SecretsManagerCredentialReader {
  return new SecretsManagerCredentialReader(
    new SecretsManagerClient({ region: 'eu-west-1' }),
    DEFAULT_CREDENTIAL_FIELDS,
  );
}

beforeEach(() => secretsManager.reset());

describe('SecretsManagerCredentialReader: the credentials of the AWSCURRENT version', () => {
  it('returns the client id, secret and optional refresh token', async () => {
    secretsManager.on(GetSecretValueCommand, { SecretId: ARN }).resolves({
      SecretString: JSON.stringify({
        clientId: 'id',
        clientSecret: SECRET_VALUE,
        refreshToken: 'Atzr|r',
        other: 1,
      }),
      VersionId: 'v1',
    });
    await expect(reader().read(ARN)).resolves.toEqual({
      ok: true,
      credentials: { clientId: 'id', clientSecret: SECRET_VALUE, refreshToken: 'Atzr|r' },
      versionId: 'v1',
    });
  });

  it.each([
    [JSON.stringify({ clientId: 'id', secret: SECRET_VALUE }), /"clientSecret"/],
    [`not json ${SECRET_VALUE}`, /not a JSON object/],
  ])('reports an incomplete secret by field name, never by content', async (secretString, detail) => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: secretString });
    const read = await reader().read(ARN);
    expect(read).toMatchObject({ ok: false, problem: 'malformed', retryable: false });
    expect(read.ok ? '' : read.detail).toMatch(detail);
    expect(JSON.stringify(read)).not.toContain(SECRET_VALUE);
  });

  it('reports a binary secret as malformed', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1]) });
    await expect(reader().read(ARN)).resolves.toMatchObject({ ok: false, problem: 'malformed' });
  });

  it.each([
    ['AccessDeniedException', false],
    ['DecryptionFailure', false],
    ['ThrottlingException', true],
    ['InternalServiceError', true],
  ])('classifies %s (retryable %s)', async (name, retryable) => {
    secretsManager.on(GetSecretValueCommand).rejects(Object.assign(new Error(`${name} on ${ARN}`), { name }));
    const read = await reader().read(ARN);
    expect(read).toMatchObject({ ok: false, problem: 'unreadable', retryable });
    expect(read.ok ? '' : read.detail).toContain(name);
  });
});
