import {
  DEFAULT_SP_API_ENDPOINT,
  SP_API_ENDPOINT_EXPECTED,
  resolveSpApiEndpoint,
} from '../../../contract/endpoints';
import type { SetTimer } from './credential-transport';
import { CredentialTransport, redirectTarget } from './credential-transport';
import { answerText } from '../../domain/answer-text';
import { firstSpApiError, saysSecretExpired } from '../../domain/sp-api-errors';
import type {
  RotationFailureReason,
  RotateOutcome,
  ApplicationManagement,
} from '../../ports/application-management';

/**
 * SP-API Application Management: `rotateApplicationClientSecret`
 * (`POST /applications/2023-11-30/clientSecret`). Amazon answers 204 with no body and delivers
 * the new client secret later, in an `APPLICATION_OAUTH_CLIENT_NEW_SECRET` notification on the
 * SQS queue registered in the Developer Console. Production apps only; about one call a minute.
 *
 * Outcomes are values, never thrown errors: a thrown HTTP error carries the request headers,
 * and so the access token.
 */

export const ROTATE_CLIENT_SECRET_PATH = '/applications/2023-11-30/clientSecret';
export const ROTATION_GUIDANCE: Record<RotationFailureReason, string> = {
  'not-enrolled':
    'Amazon refused the request (HTTP 400): the app is probably not enrolled for automatic rotation, is not a production app, or has no notification destination for APPLICATION_OAUTH_CLIENT_NEW_SECRET registered in the Developer Console. Rotate the secret in the Developer Console ("Rotate secret") before it expires.',
  forbidden:
    "Amazon refused the call (HTTP 401/403). The rotation call is grantless and needs no role. A 403 usually means the client secret has expired (Amazon's details then say so), or that the token is not valid for this operation because the app is not a production app. Rotate the secret in the Developer Console now. Automatic rotation will not retry this cycle unless the secret's value changes.",
  'secret-expired':
    'Amazon says the LWA client secret has EXPIRED (HTTP 403). Rotate it in the Developer Console now ("Rotate secret"): rotation by API cannot fix an expired secret, and re-authorising sellers does not help. Automatic rotation will not retry this cycle unless the secret\'s value changes.',
  'not-found':
    'The SP-API endpoint answered HTTP 404 for rotateApplicationClientSecret: check the configured SP-API endpoint (na, eu, fe or a full URL). Rotate the secret in the Developer Console in the meantime.',
  throttled:
    'Amazon throttled the request (HTTP 429, about one call a minute is allowed). Nothing to do: the next scheduled run retries.',
  'server-error':
    'Amazon could not process the request (HTTP 5xx). Nothing to do: the next scheduled run retries.',
  timeout: 'The SP-API endpoint did not answer in time. Nothing to do: the next scheduled run retries.',
  network:
    'The SP-API endpoint could not be reached (network or DNS). The next scheduled run retries; if this repeats, check the configured endpoint and the function network.',
  unexpected:
    'Amazon answered with an unexpected status. Rotate the secret in the Developer Console and check the function logs (request id) with Amazon support.',
};

export interface ApplicationManagementClientOptions {
  /** `na`, `eu`, `fe` or a full https URL. @default process.env.SP_API_ENDPOINT, else na */
  readonly endpoint?: string;
  /** Hard limit of one call, connection to last byte. @default 10 000 */
  readonly deadlineMs?: number;
  /** Starts the deadline timer (tests fire it themselves). @default setTimeout */
  readonly setTimer?: SetTimer;
}

/** `Retry-After` as seconds (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

function reasonOf(status: number): RotationFailureReason {
  if (status === 400) return 'not-enrolled';
  if (status === 401 || status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 429) return 'throttled';
  if (status >= 500) return 'server-error';
  return 'unexpected';
}

const RETRYABLE: ReadonlySet<RotationFailureReason> = new Set([
  'throttled',
  'server-error',
  'timeout',
  'network',
]);

export function isRetryable(reason: RotationFailureReason): boolean {
  return RETRYABLE.has(reason);
}

export class SpApiApplicationManagement implements ApplicationManagement {
  readonly endpoint: string;
  private readonly transport: CredentialTransport;
  private readonly clock: () => Date;

  constructor(options: ApplicationManagementClientOptions = {}, clock: () => Date = () => new Date()) {
    const configured = options.endpoint ?? process.env.SP_API_ENDPOINT ?? DEFAULT_SP_API_ENDPOINT;
    const endpoint = resolveSpApiEndpoint(configured);
    if (endpoint === undefined) {
      throw new Error(
        `Invalid SP-API endpoint ${JSON.stringify(configured)}: expected ${SP_API_ENDPOINT_EXPECTED}`,
      );
    }
    this.endpoint = endpoint;
    this.clock = clock;
    this.transport = new CredentialTransport({
      setting: 'SP_API_ENDPOINT',
      deadlineMs: options.deadlineMs ?? 10_000,
      setTimer: options.setTimer,
    });
  }

  async rotateClientSecret(accessToken: string): Promise<RotateOutcome> {
    const url = `${this.endpoint}${ROTATE_CLIENT_SECRET_PATH}`;
    const result = await this.transport.send({
      method: 'POST',
      url,
      headers: { 'x-amz-access-token': accessToken, Accept: 'application/json' },
    });
    if (result.kind === 'refused' || result.kind === 'no-answer') {
      const reason: RotationFailureReason =
        result.kind === 'refused' ? 'unexpected' : result.reason === 'deadline' ? 'timeout' : 'network';
      return {
        kind: 'failed',
        reason,
        retryable: isRetryable(reason),
        errorCode: result.kind === 'refused' ? 'refused' : answerText(result.code, 64),
        errorMessage: result.kind === 'refused' ? answerText(result.reason, 300) : undefined,
        guidance: ROTATION_GUIDANCE[reason],
      };
    }
    const { status, headers } = result;
    const requestId = answerText(headers['x-amzn-requestid'], 128);
    if (status >= 200 && status < 300) return { kind: 'requested', status, requestId };
    const failure = {
      kind: 'failed' as const,
      status,
      requestId,
      retryAfterSeconds: parseRetryAfter(headers['retry-after'], this.clock()),
    };
    if (status >= 300 && status < 400) {
      // Not followed: the token header would be replayed to wherever it points.
      return {
        ...failure,
        reason: 'unexpected',
        retryable: false,
        errorCode: 'redirect',
        errorMessage: `HTTP ${status} redirect to ${redirectTarget(headers, url)}, not followed`,
        guidance: ROTATION_GUIDANCE.unexpected,
      };
    }
    const error =
      result.kind === 'answer'
        ? firstSpApiError(result.body)
        : { message: `answer larger than ${result.limitBytes} bytes, not read` };
    const reason = saysSecretExpired(status, error) ? 'secret-expired' : reasonOf(status);
    return {
      ...failure,
      reason,
      retryable: isRetryable(reason),
      errorCode: error.code,
      errorMessage: error.message,
      errorDetails: error.details,
      guidance: ROTATION_GUIDANCE[reason],
    };
  }
}
