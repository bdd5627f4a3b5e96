/** Why a rotation request did not happen. */
export type RotationFailureReason =
  /** 400: the app cannot rotate by API (not enrolled, not a production app, no destination). */
  | 'not-enrolled'
  /** 401 / 403: the grantless token was refused for this operation. */
  | 'forbidden'
  /** 403 whose details say the LWA secret expired: only the Developer Console can rotate it now. */
  | 'secret-expired'
  /** 404: the endpoint does not serve the operation (wrong URL). */
  | 'not-found'
  /** 429: throttled (about one call a minute). */
  | 'throttled'
  /** 5xx: Amazon's side failed. */
  | 'server-error'
  /** No answer in time. */
  | 'timeout'
  /** No connection (DNS, refused, reset). */
  | 'network'
  /** Any other status. */
  | 'unexpected';

export type RotateOutcome =
  | { readonly kind: 'requested'; readonly status: number; readonly requestId?: string }
  | {
      readonly kind: 'failed';
      readonly reason: RotationFailureReason;
      /** True when the same call may succeed later without anyone changing anything. */
      readonly retryable: boolean;
      readonly status?: number;
      /** Amazon's error code, message and details, cut short; they never contain the token. */
      readonly errorCode?: string;
      readonly errorMessage?: string;
      readonly errorDetails?: string;
      /** What the operator should do, in one or two sentences. */
      readonly guidance: string;
      /** `x-amzn-RequestId`, for Amazon support. */
      readonly requestId?: string;
      /** From a `Retry-After` header, when Amazon sent one. */
      readonly retryAfterSeconds?: number;
    };

export interface ApplicationManagement {
  /** Asks Amazon for a new client secret of the app the grantless `accessToken` belongs to. */
  rotateClientSecret(accessToken: string): Promise<RotateOutcome>;
}
