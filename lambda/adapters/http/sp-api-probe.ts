import type { SetTimer } from './credential-transport';
import { CredentialTransport, redirectTarget } from './credential-transport';
import { answerText } from './answer-text';
import type { RateLimit } from './call-pacer';
import { parseRetryAfter } from './application-management';
import type { SpApiError } from './sp-api-errors';
import { firstSpApiError, saysSecretExpired } from './sp-api-errors';
import {
  DEFAULT_SP_API_ENDPOINT,
  SP_API_ENDPOINT_EXPECTED,
  resolveSpApiEndpoint,
} from '../../../contract/endpoints';

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

export type ProbeOutcome =
  /** SP-API answered 2xx: the token, and so the client secret behind it, works. */
  | { readonly kind: 'accepted'; readonly status: number }
  /** 403 whose details say the LWA secret expired: the app has lost SP-API access. */
  | {
      readonly kind: 'secret-expired';
      readonly status: number;
      readonly error: SpApiError;
      readonly requestId?: string;
    }
  /** Any other refusal (another 4xx, a 3xx that is not followed): says something is wrong, not what. */
  | {
      readonly kind: 'refused';
      readonly status: number;
      readonly error: SpApiError;
      readonly requestId?: string;
    }
  /** No answer (timeout, network, 429, 5xx): an outage, not a verdict. */
  | {
      readonly kind: 'unavailable';
      readonly status?: number;
      readonly reason: string;
      readonly retryAfterSeconds?: number;
    };

export interface SpApiProber {
  call(operation: ProbeOperation, accessToken: string): Promise<ProbeOutcome>;
}

export interface SpApiProbeOptions {
  /** `na`, `eu`, `fe` or a full https URL. @default process.env.SP_API_ENDPOINT, else na */
  readonly endpoint?: string;
  /** Hard limit of one call. @default 10 000 */
  readonly deadlineMs?: number;
  readonly setTimer?: SetTimer;
}

export class SpApiProbe implements SpApiProber {
  readonly endpoint: string;
  private readonly transport: CredentialTransport;

  constructor(
    options: SpApiProbeOptions = {},
    private readonly clock: () => Date = () => new Date(),
  ) {
    const configured = options.endpoint ?? process.env.SP_API_ENDPOINT ?? DEFAULT_SP_API_ENDPOINT;
    const endpoint = resolveSpApiEndpoint(configured);
    if (endpoint === undefined) {
      throw new Error(
        `Invalid SP-API endpoint ${JSON.stringify(configured)}: expected ${SP_API_ENDPOINT_EXPECTED}`,
      );
    }
    this.endpoint = endpoint;
    this.transport = new CredentialTransport({
      setting: 'SP_API_ENDPOINT',
      deadlineMs: options.deadlineMs ?? 10_000,
      setTimer: options.setTimer,
    });
  }

  async call(operation: ProbeOperation, accessToken: string): Promise<ProbeOutcome> {
    const url = `${this.endpoint}${PROBE_OPERATIONS[operation].path}`;
    const result = await this.transport.send({
      method: 'GET',
      url,
      headers: { 'x-amz-access-token': accessToken, Accept: 'application/json' },
    });
    if (result.kind === 'refused') return { kind: 'unavailable', reason: result.reason };
    if (result.kind === 'no-answer') {
      return {
        kind: 'unavailable',
        reason:
          result.reason === 'deadline'
            ? 'SP-API did not answer within the deadline'
            : `SP-API unreachable (${answerText(result.code, 64) ?? 'network error'})`,
      };
    }
    const { status, headers } = result;
    const requestId = answerText(headers['x-amzn-requestid'], 128);
    if (status >= 200 && status < 300) return { kind: 'accepted', status };
    if (status === 429 || status >= 500) {
      return {
        kind: 'unavailable',
        status,
        reason: `SP-API answered HTTP ${status}`,
        retryAfterSeconds: parseRetryAfter(headers['retry-after'], this.clock()),
      };
    }
    if (status >= 300 && status < 400) {
      // Not followed: the token header would be replayed to wherever it points.
      return {
        kind: 'refused',
        status,
        error: { code: 'redirect', message: `redirect to ${redirectTarget(headers, url)}, not followed` },
        requestId,
      };
    }
    const error =
      result.kind === 'answer'
        ? firstSpApiError(result.body)
        : { message: `answer larger than ${result.limitBytes} bytes, not read` };
    if (saysSecretExpired(status, error)) return { kind: 'secret-expired', status, error, requestId };
    return { kind: 'refused', status, error, requestId };
  }
}
