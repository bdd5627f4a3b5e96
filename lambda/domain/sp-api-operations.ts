import type { RateLimit } from './call-pacer';
/**
 * One cheap SP-API call that proves an access token still opens SP-API. An expired client
 * secret may still get an LWA token; only an SP-API call then fails (HTTP 403, details "The LWA
 * secret token you provided has expired."), so the live check does not stop at the token.
 */

export type ProbeOperation = 'getDestinations' | 'getMarketplaceParticipations';

export interface ProbeOperationSpec {
  readonly path: string;
  /** Amazon's usage plan of the operation. */
  readonly limit: RateLimit;
  /** Grantless operations take a client_credentials token of this scope; the others a seller's. */
  readonly grantless: boolean;
}

export const PROBE_OPERATIONS: Readonly<Record<ProbeOperation, ProbeOperationSpec>> = {
  /** Notifications API, grantless (scope sellingpartnerapi::notifications): 1 request/s, burst 5. */
  getDestinations: {
    path: '/notifications/v1/destinations',
    limit: { ratePerSecond: 1, burst: 5 },
    grantless: true,
  },
  /** Sellers API, with a seller's refresh token: 0.016 requests/s, burst 15. */
  getMarketplaceParticipations: {
    path: '/sellers/v1/marketplaceParticipations',
    limit: { ratePerSecond: 0.016, burst: 15 },
    grantless: false,
  },
};

/** The API allows 0.0167 requests per second (burst 1): one call a minute. */
export const ROTATION_CALL_SPACING_MS = 60_000;
