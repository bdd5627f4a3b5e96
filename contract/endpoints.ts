/**
 * Where the functions talk to Amazon: the LWA token endpoint, the grantless scopes and the
 * SP-API regional endpoints. Every one of them can be overridden (a proxy, a test double).
 */

export const DEFAULT_LWA_TOKEN_ENDPOINT = 'https://api.amazon.com/auth/o2/token';

/** The environment variable that overrides the endpoint (set by the constructs). */
export const LWA_TOKEN_ENDPOINT_ENV = 'LWA_TOKEN_ENDPOINT';

export const ROTATION_SCOPE = 'sellingpartnerapi::client_credential:rotation';

/** Grantless scope of the Notifications API, whose getDestinations the live check calls. */
export const NOTIFICATIONS_SCOPE = 'sellingpartnerapi::notifications';

/** Regional SP-API endpoints; the rotation call is not region-specific, any of them serves the app. */
export const SP_API_REGION_ENDPOINTS = {
  na: 'https://sellingpartnerapi-na.amazon.com',
  eu: 'https://sellingpartnerapi-eu.amazon.com',
  fe: 'https://sellingpartnerapi-fe.amazon.com',
} as const;

export type SpApiRegion = keyof typeof SP_API_REGION_ENDPOINTS;

export const DEFAULT_SP_API_ENDPOINT: SpApiRegion = 'na';

export const SP_API_ENDPOINT_EXPECTED =
  'na, eu, fe, or an https:// URL of an SP-API endpoint without path, query or credentials';

/**
 * `na` | `eu` | `fe` → the regional endpoint; an https URL (a proxy, a test double) is kept.
 * Returns undefined for anything else, so the caller can name its own setting in the error.
 */
export function resolveSpApiEndpoint(value: string): string | undefined {
  const trimmed = value.trim();
  const region = trimmed.toLowerCase();
  if (Object.hasOwn(SP_API_REGION_ENDPOINTS, region)) return SP_API_REGION_ENDPOINTS[region as SpApiRegion];
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  // http is accepted for a loopback test double only: the access token must never travel in clear.
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  if (!secure || url.username || url.password || url.search || url.hash) return undefined;
  if (url.pathname !== '/' && url.pathname !== '') return undefined;
  return url.origin;
}

/** 127.0.0.0/8, ::1 and localhost: where a plain-http test double may listen. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]' || host === '::1') return true;
  const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return octets !== null && octets.slice(1).every((octet) => Number(octet) <= 255);
}
