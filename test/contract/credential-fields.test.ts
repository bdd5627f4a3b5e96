import {
  CredentialFieldsError,
  DEFAULT_CREDENTIAL_FIELDS,
  credentialFieldsFromEnv,
  resolveCredentialFields,
} from '../../contract/credential-fields';
import { CREDENTIAL_FIELDS_ENV } from '../../contract/environment';
import { parseCredentials, withClientSecret } from '../../lambda/domain/credential-json';

const SECRET = 'amzn1.oa2-cs.v1.SENTINEL-credential-fields-secret';
const REFRESH = 'Atzr|SENTINEL-credential-fields-refresh';
const NEW = 'amzn1.oa2-cs.v1.SENTINEL-credential-fields-new';

describe('credential fields: which JSON fields hold the LWA credentials', () => {
  it('defaults to clientId, clientSecret and refreshToken', () => {
    expect(DEFAULT_CREDENTIAL_FIELDS).toEqual({
      clientId: 'clientId',
      clientSecret: 'clientSecret',
      refreshToken: 'refreshToken',
    });
    expect(credentialFieldsFromEnv({})).toEqual(DEFAULT_CREDENTIAL_FIELDS);
    expect(credentialFieldsFromEnv({ [CREDENTIAL_FIELDS_ENV]: '  ' })).toEqual(DEFAULT_CREDENTIAL_FIELDS);
  });

  it('takes a partial override from CREDENTIAL_FIELDS as JSON', () => {
    expect(credentialFieldsFromEnv({ CREDENTIAL_FIELDS: '{"clientSecret":"lwa_client_secret"}' })).toEqual({
      clientId: 'clientId',
      clientSecret: 'lwa_client_secret',
      refreshToken: 'refreshToken',
    });
  });

  it.each([
    ['not JSON', '{clientSecret: x}', 'CREDENTIAL_FIELDS is not JSON'],
    ['an array', '["a"]', 'must be a JSON object'],
    ['an unknown key', '{"secret":"x"}', 'unknown key(s) "secret"'],
    ['an empty name', '{"clientSecret":""}', 'the field name for clientSecret must be a non-empty string'],
    ['a name that is no string', '{"clientId":3}', 'the field name for clientId must be a non-empty string'],
    ['two roles on one field', '{"clientSecret":"clientId"}', 'must name three different fields'],
  ])('rejects %s with a message naming the problem', (_label, raw, message) => {
    expect(() => credentialFieldsFromEnv({ CREDENTIAL_FIELDS: raw })).toThrow(CredentialFieldsError);
    expect(() => credentialFieldsFromEnv({ CREDENTIAL_FIELDS: raw })).toThrow(message);
  });

  it('names the source of a bad construct prop', () => {
    expect(() => resolveCredentialFields('credentialFields', { refreshToken: 'x'.repeat(129) })).toThrow(
      'credentialFields: the field name for refreshToken must be a non-empty string of at most 128 characters',
    );
  });
});

describe('parseCredentials: reads the credentials, errors name fields and never values', () => {
  const fields = DEFAULT_CREDENTIAL_FIELDS;

  it('reads client id, client secret and the optional refresh token', () => {
    const value = JSON.stringify({
      clientId: 'amzn1.application-oa2-client.a',
      clientSecret: SECRET,
      refreshToken: REFRESH,
    });
    expect(parseCredentials(value, fields)).toEqual({
      ok: true,
      credentials: {
        clientId: 'amzn1.application-oa2-client.a',
        clientSecret: SECRET,
        refreshToken: REFRESH,
      },
    });
    const withoutRefresh = JSON.stringify({ clientId: 'c', clientSecret: SECRET });
    expect(parseCredentials(withoutRefresh, fields)).toEqual({
      ok: true,
      credentials: { clientId: 'c', clientSecret: SECRET, refreshToken: undefined },
    });
  });

  it.each([
    ['text that is not JSON', `clientSecret=${SECRET}`, 'the secret value is not a JSON object'],
    ['a JSON string', JSON.stringify(SECRET), 'the secret value is not a JSON object'],
    [
      'no client id',
      JSON.stringify({ clientSecret: SECRET }),
      'no non-empty string field "clientId" (client id)',
    ],
    [
      'no client secret',
      JSON.stringify({ clientId: 'c', refreshToken: REFRESH }),
      'no non-empty string field "clientSecret"',
    ],
    [
      'an empty client secret',
      JSON.stringify({ clientId: 'c', clientSecret: ' ' }),
      'no non-empty string field "clientSecret"',
    ],
    [
      'a refresh token that is not a string',
      JSON.stringify({ clientId: 'c', clientSecret: SECRET, refreshToken: 42 }),
      'field "refreshToken" (refresh token) is present but not a non-empty string',
    ],
  ])('refuses %s', (_label, value, reason) => {
    const parsed = parseCredentials(value, fields);
    expect(parsed).toEqual({ ok: false, reason: expect.stringContaining(reason) });
    expect(JSON.stringify(parsed)).not.toContain(SECRET);
    expect(JSON.stringify(parsed)).not.toContain(REFRESH);
  });
});

describe('withClientSecret: replaces only the client secret', () => {
  it('keeps every other field, nested ones included, in their order', () => {
    // Prepare
    const stored = JSON.stringify({
      region: 'eu',
      clientId: 'c',
      clientSecret: SECRET,
      refreshToken: REFRESH,
      nested: { clientSecret: 'not this one' },
    });

    // Act
    const replaced = withClientSecret(stored, DEFAULT_CREDENTIAL_FIELDS, NEW);

    // Assess
    expect(replaced.ok).toBe(true);
    if (!replaced.ok) return;
    expect(replaced.secretString).toBe(
      JSON.stringify({
        region: 'eu',
        clientId: 'c',
        clientSecret: NEW,
        refreshToken: REFRESH,
        nested: { clientSecret: 'not this one' },
      }),
    );
    expect(replaced.credentials).toEqual({ clientId: 'c', clientSecret: NEW, refreshToken: REFRESH });
  });

  it('uses the configured field names', () => {
    const fields = resolveCredentialFields('test', {
      clientId: 'id',
      clientSecret: 'secret',
      refreshToken: 'token',
    });
    const replaced = withClientSecret(
      JSON.stringify({ id: 'c', secret: SECRET, clientSecret: 'other' }),
      fields,
      NEW,
    );
    expect(replaced.ok && JSON.parse(replaced.secretString)).toEqual({
      id: 'c',
      secret: NEW,
      clientSecret: 'other',
    });
  });

  it('refuses a secret it cannot read, without echoing it', () => {
    const replaced = withClientSecret(`{"clientSecret": "${SECRET}"`, DEFAULT_CREDENTIAL_FIELDS, NEW);
    expect(replaced).toEqual({ ok: false, reason: 'the secret value is not a JSON object' });
  });
});
