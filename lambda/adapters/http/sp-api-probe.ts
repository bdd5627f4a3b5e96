import type { SetTimer } from './credential-transport';
import { CredentialTransport, redirectTarget } from './credential-transport';
import { answerText } from '../../domain/answer-text';
import { parseRetryAfter } from './application-management';
import { firstSpApiError, saysSecretExpired } from '../../domain/sp-api-errors';
import {
  DEFAULT_SP_API_ENDPOINT,
  SP_API_ENDPOINT_EXPECTED,
  resolveSpApiEndpoint,
} from '../../../contract/endpoints';
import type { ProbeOutcome, SpApiProber } from '../../ports/sp-api-prober';
import type { ProbeOperation } from '../../domain/sp-api-operations';
import { PROBE_OPERATIONS } from '../../domain/sp-api-operations';

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
