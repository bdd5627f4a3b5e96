import type { AxiosInstance, AxiosResponseHeaders, RawAxiosResponseHeaders } from 'axios';
import axios from 'axios';
import { parseRetryAfter } from '../sp-api/application-management';
import type { WebhookTarget } from './webhook-config';

/**
 * Posts one payload to one webhook, retrying throttling (429), server errors (5xx) and
 * timeouts with exponential backoff and full jitter, honouring `Retry-After`, within a bounded
 * number of attempts and the invocation's deadline. Outcomes are values: an axios error
 * carries the URL, which is a credential, so it is never thrown or logged.
 */

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A `Retry-After` longer than this ends the attempts: the invocation's own retry comes later. */
  readonly maxRetryAfterMs: number;
  /** Per-request timeout. */
  readonly timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 20_000,
  timeoutMs: 5_000,
};

/** Full jitter: a random wait between 0 and the exponential ceiling of this retry. */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

export type DeliveryOutcome =
  | { readonly ok: true; readonly attempts: number; readonly status: number }
  | {
      readonly ok: false;
      readonly attempts: number;
      readonly status?: number;
      /** Safe to log: a status, an error code or a short service error word, never the URL. */
      readonly reason: string;
      readonly retryable: boolean;
    };

export interface WebhookPoster {
  deliver(target: WebhookTarget, payload: unknown, deadline: Date): Promise<DeliveryOutcome>;
}

export interface WebhookSenderOptions {
  readonly policy?: RetryPolicy;
  readonly http?: AxiosInstance;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly clock?: () => Date;
  /** Called before each retry wait (for metrics and logs). */
  readonly onRetry?: (target: WebhookTarget, attempt: number, delayMs: number, reason: string) => void;
}

type Headers = RawAxiosResponseHeaders | AxiosResponseHeaders | undefined;

function header(headers: Headers, name: string): string | undefined {
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}

/** Short service error words (`no_service`, `invalid_payload`) are useful and safe; anything else is dropped. */
function safeBodyWord(data: unknown): string | undefined {
  return typeof data === 'string' && /^[\w .:-]{1,60}$/.test(data.trim()) ? data.trim() : undefined;
}

/** The legacy Teams connector answers 200 with an error text when Teams throttled it. */
function teamsThrottled(target: WebhookTarget, data: unknown): boolean {
  return target.channel === 'teams' && typeof data === 'string' && /\b429\b/.test(data);
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class WebhookSender implements WebhookPoster {
  private readonly policy: RetryPolicy;
  private readonly http: AxiosInstance;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly clock: () => Date;

  constructor(private readonly options: WebhookSenderOptions = {}) {
    this.policy = options.policy ?? DEFAULT_RETRY_POLICY;
    this.http =
      options.http ??
      axios.create({
        timeout: this.policy.timeoutMs,
        validateStatus: () => true,
        // A webhook never redirects; following one would send the alert somewhere unreviewed.
        maxRedirects: 0,
        // The answer is only classified, never parsed.
        responseType: 'text',
        transformResponse: (data: unknown) => data,
      });
    this.sleep = options.sleep ?? sleepFor;
    this.random = options.random ?? Math.random;
    this.clock = options.clock ?? (() => new Date());
  }

  async deliver(target: WebhookTarget, payload: unknown, deadline: Date): Promise<DeliveryOutcome> {
    const policy = this.policy;
    for (let attempt = 1; ; attempt++) {
      const answer = await this.postOnce(target, payload);
      if (answer.ok) return { ok: true, attempts: attempt, status: answer.status };
      const failure = { ok: false as const, attempts: attempt, status: answer.status, reason: answer.reason };
      if (!answer.retryable) return { ...failure, retryable: false };
      if (attempt >= policy.maxAttempts)
        return { ...failure, retryable: true, reason: `${answer.reason}; gave up after ${attempt} attempts` };
      let delay = backoffDelayMs(attempt, policy, this.random);
      if (answer.retryAfterMs !== undefined) {
        if (answer.retryAfterMs > policy.maxRetryAfterMs) {
          return {
            ...failure,
            retryable: true,
            reason: `${answer.reason}; Retry-After ${Math.ceil(answer.retryAfterMs / 1000)} s is beyond this invocation`,
          };
        }
        delay = Math.max(delay, answer.retryAfterMs);
      }
      if (this.clock().getTime() + delay + policy.timeoutMs > deadline.getTime()) {
        return { ...failure, retryable: true, reason: `${answer.reason}; no time left for another attempt` };
      }
      this.options.onRetry?.(target, attempt, delay, answer.reason);
      await this.sleep(delay);
    }
  }

  private async postOnce(
    target: WebhookTarget,
    payload: unknown,
  ): Promise<
    | { ok: true; status: number }
    | { ok: false; status?: number; reason: string; retryable: boolean; retryAfterMs?: number }
  > {
    let status: number;
    let data: unknown;
    let headers: Headers;
    try {
      const response = await this.http.post<unknown>(target.url, JSON.stringify(payload), {
        headers: { 'Content-Type': 'application/json' },
      });
      status = response.status;
      data = response.data;
      headers = response.headers;
    } catch (error: unknown) {
      // Only the code: the error's message, config and request all name the URL.
      const code = axios.isAxiosError(error) ? (error.code ?? 'network error') : 'request failed';
      return { ok: false, reason: code, retryable: true };
    }
    const retryAfterSeconds = parseRetryAfter(header(headers, 'retry-after'), this.clock());
    const retryAfterMs = retryAfterSeconds === undefined ? undefined : retryAfterSeconds * 1000;
    if (status >= 200 && status < 300) {
      if (teamsThrottled(target, data)) {
        return {
          ok: false,
          status: 429,
          reason: 'HTTP 429 (reported in a 200 answer)',
          retryable: true,
          retryAfterMs,
        };
      }
      return { ok: true, status };
    }
    const word = safeBodyWord(data);
    return {
      ok: false,
      status,
      reason: `HTTP ${status}${word ? ` ${word}` : ''}`,
      retryable: isRetryableStatus(status),
      retryAfterMs,
    };
  }
}
