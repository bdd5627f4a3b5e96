export interface LwaCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  /** A seller's refresh token; lets the check prove the whole path a running app uses. */
  readonly refreshToken?: string;
}

export type TokenOutcome =
  /** LWA issued a token. The token is for the caller only: never log it. */
  | { readonly kind: 'accepted'; readonly accessToken: string; readonly expiresInSeconds: number }
  /** invalid_client: the client failed to authenticate; the client secret (or id) is wrong. */
  | {
      readonly kind: 'rejected';
      readonly status: number;
      readonly error: 'invalid_client';
      readonly description?: string;
    }
  /** The client authenticated, but LWA refused the grant or scope (invalid_grant, invalid_scope, unauthorized_client): the secret is fine. */
  | {
      readonly kind: 'refused';
      readonly status: number;
      readonly error: string;
      readonly description?: string;
    }
  /** Any other answer (another 4xx, no error code, an unexpected body): says nothing certain about the secret. */
  | {
      readonly kind: 'inconclusive';
      readonly status: number;
      readonly error: string;
      readonly description?: string;
    }
  /** No answer (timeout, network, 429, 5xx, deadline): an outage, not a verdict. */
  | { readonly kind: 'unavailable'; readonly status?: number; readonly reason: string };

/** Exchanges an app's credentials for an LWA access token; reads the answer, never retries. */
export interface TokenExchanger {
  /** `grant_type=refresh_token` when a refresh token is given, else `client_credentials` + scope. */
  exchange(credentials: LwaCredentials, scope?: string): Promise<TokenOutcome>;
}

/** The LWA token endpoint as the automation features use it. */
export interface LwaTokens extends TokenExchanger {
  /** A grantless token of the scope that may rotate the app's client secret. */
  rotationToken(credentials: Pick<LwaCredentials, 'clientId' | 'clientSecret'>): Promise<TokenOutcome>;
}
