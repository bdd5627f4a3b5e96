import type { AxiosInstance } from 'axios';
import axios from 'axios';

/**
 * Login with Amazon token exchange, used to prove that a client secret works (verification,
 * live check) and to get the grantless token of the rotation call. Outcomes are values, never
 * thrown errors: a thrown axios error carries the request body, and so the client secret.
 */

export const DEFAULT_LWA_TOKEN_ENDPOINT = 'https://api.amazon.com/auth/o2/token';
export const ROTATION_SCOPE = 'sellingpartnerapi::client_credential:rotation';

export interface LwaCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  /** A seller's refresh token; lets the check prove the whole path a running app uses. */
  readonly refreshToken?: string;
}

export type TokenOutcome =
  /** LWA accepted the client credentials. The token is for the caller only: never log it. */
  | { readonly kind: 'accepted'; readonly accessToken: string; readonly expiresInSeconds: number }
  /** LWA answered and refused: `invalid_client` means the secret itself is rejected. */
  | {
      readonly kind: 'rejected';
      readonly status: number;
      readonly error: string;
      readonly description?: string;
    }
  /** LWA could not answer (timeout, network, 429, 5xx): says nothing about the secret. */
  | { readonly kind: 'unavailable'; readonly status?: number; readonly reason: string };

export interface LwaTokenClientOptions {
  /** @default process.env.LWA_TOKEN_ENDPOINT or https://api.amazon.com/auth/o2/token */
  readonly endpoint?: string;
  /** @default 10 000 */
  readonly timeoutMs?: number;
  readonly http?: AxiosInstance;
}

function safeText(value: unknown, max = 200): string | undefined {
  return typeof value === 'string' ? value.slice(0, max) : undefined;
}

export class LwaTokenClient {
  private readonly endpoint: string;
  private readonly http: AxiosInstance;

  constructor(options: LwaTokenClientOptions = {}) {
    this.endpoint = options.endpoint ?? process.env.LWA_TOKEN_ENDPOINT ?? DEFAULT_LWA_TOKEN_ENDPOINT;
    this.http =
      options.http ??
      axios.create({
        timeout: options.timeoutMs ?? 10_000,
        // Every status is an answer to classify here, not an exception carrying the form body.
        validateStatus: () => true,
      });
  }

  /** `grant_type=refresh_token` when a refresh token is given, else `client_credentials` + scope. */
  async exchange(credentials: LwaCredentials, scope: string = ROTATION_SCOPE): Promise<TokenOutcome> {
    const form = new URLSearchParams({
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
    });
    if (credentials.refreshToken) {
      form.set('grant_type', 'refresh_token');
      form.set('refresh_token', credentials.refreshToken);
    } else {
      form.set('grant_type', 'client_credentials');
      form.set('scope', scope);
    }
    return this.post(form);
  }

  /** The grantless token for `rotateApplicationClientSecret`. */
  async rotationToken(credentials: Pick<LwaCredentials, 'clientId' | 'clientSecret'>): Promise<TokenOutcome> {
    return this.exchange(
      { clientId: credentials.clientId, clientSecret: credentials.clientSecret },
      ROTATION_SCOPE,
    );
  }

  private async post(form: URLSearchParams): Promise<TokenOutcome> {
    let status: number;
    let data: unknown;
    try {
      const response = await this.http.post<unknown>(this.endpoint, form.toString(), {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      });
      status = response.status;
      data = response.data;
    } catch (error: unknown) {
      // Only the code and message: the error object also holds the request and its body.
      const code = axios.isAxiosError(error) ? (error.code ?? 'network error') : 'request failed';
      return { kind: 'unavailable', reason: `LWA token endpoint unreachable (${code})` };
    }
    const body = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
    if (status >= 200 && status < 300) {
      const accessToken = safeText(body.access_token, 4096);
      if (!accessToken)
        return { kind: 'unavailable', status, reason: 'LWA answered without an access token' };
      const expires = typeof body.expires_in === 'number' ? body.expires_in : 3600;
      return { kind: 'accepted', accessToken, expiresInSeconds: expires };
    }
    if (status === 429 || status >= 500) {
      return { kind: 'unavailable', status, reason: `LWA token endpoint answered HTTP ${status}` };
    }
    return {
      kind: 'rejected',
      status,
      error: safeText(body.error, 64) ?? `http_${status}`,
      description: safeText(body.error_description),
    };
  }
}
