import { CREDENTIAL_FIELDS_ENV } from './environment';
/**
 * Which fields of the JSON document stored in an app's secret hold the LWA credentials: set at
 * deploy time (`credentialFields`), read at run time (the CREDENTIAL_FIELDS variable).
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

/**
 * Field names to use instead of the defaults, as construct props take them: any of the three; the
 * others keep their default names (`clientId`, `clientSecret`, `refreshToken`).
 */
export interface CredentialFieldOverrides {
  /**
   * Field that holds the LWA client id.
   * @default 'clientId'
   */
  readonly clientId?: string;
  /**
   * Field that holds the LWA client secret.
   * @default 'clientSecret'
   */
  readonly clientSecret?: string;
  /**
   * Field that holds a seller's refresh token (optional in the secret).
   * @default 'refreshToken'
   */
  readonly refreshToken?: string;
}

export const DEFAULT_CREDENTIAL_FIELDS: CredentialFieldNames = {
  clientId: 'clientId',
  clientSecret: 'clientSecret',
  refreshToken: 'refreshToken',
};

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
