import type { SetTimer } from './credential-transport';
import { CredentialTransport } from './credential-transport';
import { parseRetryAfter } from './application-management';
import type { WebhookTarget } from '../../domain/webhook-config';
import type { DeliveryOutcome, WebhookPoster } from '../../ports/webhook-poster';

/**
 * Posts one payload to one webhook, retrying throttling (429), server errors (5xx) and
 * timeouts with exponential backoff and full jitter, honouring `Retry-After`, within a bounded
 * number of attempts and the invocation's deadline. Each post goes through the credential
 * transport: the URL is a credential, so no redirect is followed, http is refused, the answer
 * is capped and each attempt has a hard deadline. Outcomes are values: an HTTP error carries
 * the URL, so it is never thrown or logged.
 */

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A `Retry-After` longer than this ends the attempts: the invocation's own retry comes later. */
  readonly maxRetryAfterMs: number;
  /** Hard deadline of one attempt, connection to last byte. */
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

export interface WebhookSenderOptions {
  readonly policy?: RetryPolicy;
  /** Starts each attempt's deadline timer (tests fire it themselves). @default setTimeout */
  readonly setTimer?: SetTimer;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly clock?: () => Date;
  /** Called before each retry wait (for metrics and logs). */
  readonly onRetry?: (target: WebhookTarget, attempt: number, delayMs: number, reason: string) => void;
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
  private readonly transport: CredentialTransport;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly clock: () => Date;

  constructor(private readonly options: WebhookSenderOptions = {}) {
    this.policy = options.policy ?? DEFAULT_RETRY_POLICY;
    this.transport = new CredentialTransport({
      setting: 'the webhook secret',
      deadlineMs: this.policy.timeoutMs,
      setTimer: options.setTimer,
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
    const result = await this.transport.send({
      method: 'POST',
      url: target.url,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
    });
    // The reasons name a status, an error code or the scheme and host: never the URL.
    if (result.kind === 'refused') return { ok: false, reason: result.reason, retryable: false };
    if (result.kind === 'no-answer') {
      return {
        ok: false,
        reason: result.reason === 'deadline' ? 'deadline exceeded' : result.code,
        retryable: true,
      };
    }
    const { status, headers } = result;
    // An answer too big to read is classified by its status alone.
    const data = result.kind === 'answer' ? result.body : undefined;
    const retryAfterSeconds = parseRetryAfter(headers['retry-after'], this.clock());
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
