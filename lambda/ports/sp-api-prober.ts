import type { SpApiError } from '../domain/sp-api-errors';
import type { ProbeOperation } from '../domain/sp-api-operations';

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
