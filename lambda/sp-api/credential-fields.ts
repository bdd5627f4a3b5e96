/**
 * The JSON document stored in an app's secret, and which of its fields hold the LWA
 * credentials. Every error here names a field, never a value: the document holds the client
 * secret and a refresh token.
 */

/** Names of the fields of an app's secret that hold its LWA credentials. */
export interface CredentialFieldNames {
  /** The LWA client id (required in the secret). */
  readonly clientId: string;
  /** The LWA client secret (required in the secret). */
  readonly clientSecret: string;
  /** A seller's refresh token (optional in the secret): verification then uses the refresh_token grant. */
  readonly refreshToken: string;
}

export const DEFAULT_CREDENTIAL_FIELDS: CredentialFieldNames = {
  clientId: 'clientId',
  clientSecret: 'clientSecret',
  refreshToken: 'refreshToken',
};

/** Environment variable holding the field names as JSON, such as {"clientSecret":"lwa_client_secret"}. */
export const CREDENTIAL_FIELDS_ENV = 'CREDENTIAL_FIELDS';

const ROLES = Object.keys(DEFAULT_CREDENTIAL_FIELDS) as (keyof CredentialFieldNames)[];
const MAX_FIELD_NAME_CHARS = 128;

/** A configuration mistake in the field names; its message quotes only field names. */
export class CredentialFieldsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialFieldsError';
  }
}

/**
 * Field names from a partial override (construct props or the parsed environment variable):
 * every name a non-empty string of at most 128 characters, all three distinct.
 */
export function resolveCredentialFields(
  source: string,
  overrides: Partial<Record<keyof CredentialFieldNames, unknown>> = {},
): CredentialFieldNames {
  const unknown = Object.keys(overrides).filter((key) => !(ROLES as string[]).includes(key));
  if (unknown.length > 0) {
    throw new CredentialFieldsError(
      `${source}: unknown key(s) ${unknown.map((k) => JSON.stringify(k)).join(', ')}; expected only ${ROLES.join(', ')}`,
    );
  }
  const resolved: Record<string, string> = {};
  for (const role of ROLES) {
    const name = overrides[role] ?? DEFAULT_CREDENTIAL_FIELDS[role];
    if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_FIELD_NAME_CHARS) {
      throw new CredentialFieldsError(
        `${source}: the field name for ${role} must be a non-empty string of at most ${MAX_FIELD_NAME_CHARS} characters`,
      );
    }
    resolved[role] = name;
  }
  const names = Object.values(resolved);
  if (new Set(names).size !== names.length) {
    throw new CredentialFieldsError(
      `${source}: clientId, clientSecret and refreshToken must name three different fields, got ${JSON.stringify(resolved)}`,
    );
  }
  return resolved as unknown as CredentialFieldNames;
}

/** Field names from `CREDENTIAL_FIELDS` (JSON object, partial allowed); the defaults when unset. */
export function credentialFieldsFromEnv(env: NodeJS.ProcessEnv): CredentialFieldNames {
  const raw = env[CREDENTIAL_FIELDS_ENV];
  if (raw === undefined || raw.trim() === '') return DEFAULT_CREDENTIAL_FIELDS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new CredentialFieldsError(
      `${CREDENTIAL_FIELDS_ENV} is not JSON; expected an object such as {"clientSecret":"lwa_client_secret"}`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CredentialFieldsError(
      `${CREDENTIAL_FIELDS_ENV} must be a JSON object such as {"clientSecret":"lwa_client_secret"}`,
    );
  }
  return resolveCredentialFields(CREDENTIAL_FIELDS_ENV, parsed);
}

/** The LWA credentials read from an app's secret. Never log this object. */
export interface StoredCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken?: string;
}

export type ParsedCredentials =
  | { readonly ok: true; readonly credentials: StoredCredentials }
  | { readonly ok: false; readonly reason: string };

type SecretDocument = Record<string, unknown>;

function parseDocument(secretString: string): SecretDocument | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    // JSON.parse's message quotes the text around the error: that text is the secret.
    return undefined;
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    ? (parsed as SecretDocument)
    : undefined;
}

function nonEmptyString(document: SecretDocument, field: string): string | undefined {
  const value = document[field];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Reads the credentials; a failure says which field is missing, never what any field holds. */
export function parseCredentials(secretString: string, fields: CredentialFieldNames): ParsedCredentials {
  const document = parseDocument(secretString);
  if (!document) return { ok: false, reason: 'the secret value is not a JSON object' };
  const clientId = nonEmptyString(document, fields.clientId);
  if (clientId === undefined) {
    return { ok: false, reason: `the secret has no non-empty string field "${fields.clientId}" (client id)` };
  }
  const clientSecret = nonEmptyString(document, fields.clientSecret);
  if (clientSecret === undefined) {
    return {
      ok: false,
      reason: `the secret has no non-empty string field "${fields.clientSecret}" (client secret)`,
    };
  }
  if (
    document[fields.refreshToken] !== undefined &&
    nonEmptyString(document, fields.refreshToken) === undefined
  ) {
    return {
      ok: false,
      reason: `the secret's field "${fields.refreshToken}" (refresh token) is present but not a non-empty string`,
    };
  }
  return {
    ok: true,
    credentials: { clientId, clientSecret, refreshToken: nonEmptyString(document, fields.refreshToken) },
  };
}

export type ReplacedClientSecret =
  | {
      readonly ok: true;
      /** The JSON to store as the new version. Never log it. */
      readonly secretString: string;
      /** The credentials of that new version. */
      readonly credentials: StoredCredentials;
    }
  | { readonly ok: false; readonly reason: string };

/**
 * The secret's JSON with only the client secret replaced: every other field (the client id,
 * refresh tokens, anything else the app stores) is kept, in its order.
 */
export function withClientSecret(
  secretString: string,
  fields: CredentialFieldNames,
  newClientSecret: string,
): ReplacedClientSecret {
  const parsed = parseCredentials(secretString, fields);
  const document = parseDocument(secretString);
  if (!parsed.ok || !document) return { ok: false, reason: parsed.ok ? 'unreadable secret' : parsed.reason };
  document[fields.clientSecret] = newClientSecret;
  return {
    ok: true,
    secretString: JSON.stringify(document),
    credentials: { ...parsed.credentials, clientSecret: newClientSecret },
  };
}
