import {
  DEFAULT_LWA_TOKEN_ENDPOINT,
  LWA_TOKEN_ENDPOINT_ENV,
  ROTATION_SCOPE,
} from '../../../contract/endpoints';
import { ConfigError } from '../../../contract/config-rules';
import type { SetTimer } from './credential-transport';
import {
  CredentialTransport,
  SECURE_URL_EXPECTED,
  destinationProblem,
  redirectTarget,
} from './credential-transport';
import { answerText } from '../../domain/answer-text';
import type { LwaCredentials, LwaTokens, TokenOutcome } from '../../ports/lwa-tokens';

/**
 * Login with Amazon token exchange, used to prove that a client secret works (verification,
 * live check) and to get the grantless tokens of the SP-API calls. Every answer is read by one
 * rule, `classifyLwaAnswer`, whoever asks. Outcomes are values, never thrown errors: a thrown
 * HTTP error carries the request body, and so the client secret.
 */

/** Hard limit of one token request, connection to last byte. */
export const DEFAULT_LWA_DEADLINE_MS = 10_000;
/**
 * OAuth 2.0 (RFC 6749, 5.2) authenticates the client before it looks at the grant or the scope:
 * only `invalid_client` says the client failed to authenticate. These three come after a
 * successful client authentication.
 */
const CLIENT_AUTHENTICATED_ERRORS: ReadonlySet<string> = new Set([
  'invalid_grant',
  'invalid_scope',
  'unauthorized_client',
]);

/** OAuth's own words for "try again later", whatever status carries them. */
const OUTAGE_ERRORS: ReadonlySet<string> = new Set(['server_error', 'temporarily_unavailable']);

function bodyObject(body: unknown): Record<string, unknown> | undefined {
  let value = body;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * What an answer of the LWA token endpoint says about the client secret: the one rule every
 * caller (verification of a new secret, the live check, rotation) follows. Pure. `body` is the
 * answer's text or its parsed JSON; error codes and descriptions come back cut and printable.
 */
export function classifyLwaAnswer(status: number, body: unknown): TokenOutcome {
  const json = bodyObject(body);
  const error = answerText(json?.error, 64);
  const description = answerText(json?.error_description, 200);
  if (status >= 200 && status < 300) {
    const token = json?.access_token;
    if (typeof token === 'string' && token.length > 0 && token.length <= 8192) {
      const expires = json?.expires_in;
      return {
        kind: 'accepted',
        accessToken: token,
        expiresInSeconds: typeof expires === 'number' && expires > 0 ? expires : 3600,
      };
    }
    return {
      kind: 'inconclusive',
      status,
      error: error ?? 'no_access_token',
      description: description ?? 'LWA answered success without an access token',
    };
  }
  if (status === 408 || status === 429 || status >= 500 || (error && OUTAGE_ERRORS.has(error))) {
    return {
      kind: 'unavailable',
      status,
      reason: `LWA token endpoint answered HTTP ${status}${error ? ` ${error}` : ''}`,
    };
  }
  if (status >= 300 && status < 400) {
    // Never followed: the form carries the client secret and the refresh token.
    return { kind: 'inconclusive', status, error: 'redirect', description: 'redirect not followed' };
  }
  if (status >= 400 && status < 500 && error === 'invalid_client') {
    return { kind: 'rejected', status, error, description };
  }
  if (status >= 400 && status < 500 && error && CLIENT_AUTHENTICATED_ERRORS.has(error)) {
    return { kind: 'refused', status, error, description };
  }
  return { kind: 'inconclusive', status, error: error ?? `http_${status}`, description };
}

export interface LwaTokenClientOptions {
  /** @default process.env.LWA_TOKEN_ENDPOINT or https://api.amazon.com/auth/o2/token */
  readonly endpoint?: string;
  /** Hard limit of one token request. @default 10 000 */
  readonly deadlineMs?: number;
  /** Starts the deadline timer (tests fire it themselves). @default setTimeout */
  readonly setTimer?: SetTimer;
}

export class LwaTokenClient implements LwaTokens {
  readonly endpoint: string;
  private readonly transport: CredentialTransport;

  constructor(options: LwaTokenClientOptions = {}) {
    const endpoint = options.endpoint ?? process.env[LWA_TOKEN_ENDPOINT_ENV] ?? DEFAULT_LWA_TOKEN_ENDPOINT;
    // Refused at start-up, before any client secret could travel there.
    if (destinationProblem(endpoint) !== undefined) {
      throw new ConfigError(LWA_TOKEN_ENDPOINT_ENV, endpoint, SECURE_URL_EXPECTED);
    }
    this.endpoint = endpoint;
    this.transport = new CredentialTransport({
      setting: LWA_TOKEN_ENDPOINT_ENV,
      deadlineMs: options.deadlineMs ?? DEFAULT_LWA_DEADLINE_MS,
      setTimer: options.setTimer,
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
    const result = await this.transport.send({
      method: 'POST',
      url: this.endpoint,
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8',
        Accept: 'application/json',
      },
      body: form.toString(),
    });
    switch (result.kind) {
      case 'refused':
        return { kind: 'unavailable', reason: result.reason };
      case 'no-answer':
        return {
          kind: 'unavailable',
          reason:
            result.reason === 'deadline'
              ? 'LWA token endpoint did not answer within the deadline'
              : `LWA token endpoint unreachable (${answerText(result.code, 64) ?? 'network error'})`,
        };
      case 'too-large': {
        const outcome = classifyLwaAnswer(result.status, undefined);
        return outcome.kind === 'inconclusive'
          ? {
              ...outcome,
              error: 'answer_too_large',
              description: `answer larger than ${result.limitBytes} bytes, not read`,
            }
          : outcome;
      }
      case 'answer': {
        const outcome = classifyLwaAnswer(result.status, result.body);
        return outcome.kind === 'inconclusive' && result.status >= 300 && result.status < 400
          ? {
              ...outcome,
              description: `redirect to ${redirectTarget(result.headers, this.endpoint)} not followed`,
            }
          : outcome;
      }
    }
  }
}
