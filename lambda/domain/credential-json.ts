import type { CredentialFieldNames } from '../../contract/credential-fields';

/**
 * The JSON document stored in an app's secret: reading the LWA credentials out of it, and
 * replacing the client secret in it. Every error here names a field, never a value: the document
 * holds the client secret and a refresh token.
 */

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
