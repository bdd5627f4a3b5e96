import { isLoopbackHost } from '../../../contract/endpoints';
import type { Readable } from 'node:stream';
import type { AxiosInstance } from 'axios';
import axios from 'axios';

/**
 * The one HTTP transport of every request that carries a credential or runs inside a deadline
 * (the LWA token exchange, the SP-API calls, the webhook posts), so that a credential goes only
 * where it is sent:
 * - no redirect is ever followed: a 3xx is an answer like any other, and the client secret,
 *   refresh token, access token or webhook URL is never replayed to wherever it points;
 * - https only; plain http is accepted for a loopback host alone (a local test double), and
 *   anything else is refused before a byte is sent; no proxy from the environment either;
 * - the answer is read up to a size cap: a bigger one is an outcome, not a crash;
 * - each request has a hard total deadline, from the connection to the last byte. (axios's own
 *   `timeout` is an idle timer: a server dripping a byte every 100 ms keeps it from firing.)
 *
 * Results are values, never thrown errors: an axios error carries the request, its headers and
 * its body, and with them the credential.
 */

/** Starts a timer that calls `fire` after `ms`; returns the function that cancels it. */
export type SetTimer = (fire: () => void, ms: number) => () => void;

export const realTimer: SetTimer = (fire, ms) => {
  const handle = setTimeout(fire, ms);
  return () => clearTimeout(handle);
};

/** The largest answer read: LWA's and SP-API's answers here are a few hundred bytes. */
export const MAX_ANSWER_BYTES = 64 * 1024;

export const SECURE_URL_EXPECTED =
  'an https:// URL without user name or password (plain http only to a loopback host such as 127.0.0.1, for local tests)';

/**
 * Why a request may not go to `url`, or undefined when it may. The text names the scheme and
 * the host only: a webhook URL's path is a credential.
 */
export function destinationProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a valid absolute URL';
  }
  // axios would send user:password as an Authorization header to that host.
  if (parsed.username || parsed.password) return 'the URL carries a user name or password';
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)) return undefined;
  if (parsed.protocol === 'http:') {
    return `plain http to ${parsed.hostname} is refused: credentials travel over https only (http only to a loopback host)`;
  }
  return `the scheme ${parsed.protocol} is refused: https only`;
}

export interface TransportOptions {
  /** Where the URL comes from (an environment variable, a setting), for the refusal text. */
  readonly setting: string;
  /** Hard limit of one request, from the connection to the last byte of the answer. */
  readonly deadlineMs: number;
  /** @default 64 KiB */
  readonly maxAnswerBytes?: number;
  /** Starts the deadline timer; tests inject one they fire themselves. @default setTimeout */
  readonly setTimer?: SetTimer;
}

export interface OutgoingRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export type AnswerHeaders = Readonly<Record<string, string>>;

export type TransportResult =
  /** The server answered (any status, a 3xx included) and the whole body was read. */
  | {
      readonly kind: 'answer';
      readonly status: number;
      readonly headers: AnswerHeaders;
      readonly body: string;
    }
  /** The server answered, but the body exceeded the cap and was not read. */
  | {
      readonly kind: 'too-large';
      readonly status: number;
      readonly headers: AnswerHeaders;
      readonly limitBytes: number;
    }
  /** No complete answer: the deadline passed, or the connection failed. */
  | { readonly kind: 'no-answer'; readonly reason: 'deadline' | 'network'; readonly code: string }
  /** The destination was refused before anything was sent. */
  | { readonly kind: 'refused'; readonly reason: string };

type BodyRead =
  | { readonly kind: 'read'; readonly text: string }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'aborted' }
  | { readonly kind: 'failed'; readonly code: string };

function errorCode(error: unknown): string {
  if (axios.isAxiosError(error)) return error.code ?? 'network error';
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'request failed';
}

function headersOf(raw: unknown): AnswerHeaders {
  const headers: Record<string, string> = {};
  if (typeof raw !== 'object' || raw === null) return headers;
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof value === 'string') headers[key.toLowerCase()] = value;
    else if (Array.isArray(value)) headers[key.toLowerCase()] = value.map(String).join(', ');
    else if (typeof value === 'number') headers[key.toLowerCase()] = String(value);
  }
  return headers;
}

/** Reads the body up to `limit` bytes, stopping (and closing the connection) past it or on abort. */
function readCapped(stream: Readable, limit: number, signal: AbortSignal): Promise<BodyRead> {
  return new Promise<BodyRead>((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyRead) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (result.kind !== 'read') stream.destroy();
      resolve(result);
    };
    const onAbort = () => settle({ kind: 'aborted' });
    if (signal.aborted) {
      settle({ kind: 'aborted' });
      return;
    }
    signal.addEventListener('abort', onAbort);
    stream.on('data', (chunk: Buffer | string) => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size > limit) settle({ kind: 'too-large' });
      else chunks.push(buffer);
    });
    stream.on('end', () => settle({ kind: 'read', text: Buffer.concat(chunks).toString('utf8') }));
    stream.on('error', (error: unknown) =>
      settle(signal.aborted ? { kind: 'aborted' } : { kind: 'failed', code: errorCode(error) }),
    );
    stream.on('close', () => {
      if (!settled) settle(signal.aborted ? { kind: 'aborted' } : { kind: 'failed', code: 'ECONNRESET' });
    });
  });
}

export class CredentialTransport {
  private readonly http: AxiosInstance;
  private readonly setTimer: SetTimer;
  readonly maxAnswerBytes: number;

  constructor(private readonly options: TransportOptions) {
    this.setTimer = options.setTimer ?? realTimer;
    this.maxAnswerBytes = options.maxAnswerBytes ?? MAX_ANSWER_BYTES;
    this.http = axios.create({
      // A redirect would replay the credential to wherever it points; 0 also keeps axios on
      // Node's own http/https, without the redirect-following wrapper.
      maxRedirects: 0,
      // HTTP(S)_PROXY in the environment would see the request; in Lambda none is wanted.
      proxy: false,
      // Every status is an answer for the caller to read, not an exception carrying the request.
      validateStatus: () => true,
      // The body is read here, under the size cap and the deadline.
      responseType: 'stream',
    });
  }

  async send(request: OutgoingRequest): Promise<TransportResult> {
    const problem = destinationProblem(request.url);
    if (problem !== undefined) return { kind: 'refused', reason: `${this.options.setting}: ${problem}` };
    const controller = new AbortController();
    const cancel = this.setTimer(() => controller.abort(), this.options.deadlineMs);
    try {
      let response;
      try {
        response = await this.http.request<Readable>({
          method: request.method,
          url: request.url,
          headers: { ...request.headers },
          data: request.body,
          signal: controller.signal,
        });
      } catch (error: unknown) {
        // Only the code: the error object also holds the request, and the credential with it.
        return controller.signal.aborted
          ? { kind: 'no-answer', reason: 'deadline', code: 'deadline exceeded' }
          : { kind: 'no-answer', reason: 'network', code: errorCode(error) };
      }
      const status = response.status;
      const headers = headersOf(response.headers);
      const read = await readCapped(response.data, this.maxAnswerBytes, controller.signal);
      switch (read.kind) {
        case 'read':
          return { kind: 'answer', status, headers, body: read.text };
        case 'too-large':
          return { kind: 'too-large', status, headers, limitBytes: this.maxAnswerBytes };
        case 'aborted':
          return { kind: 'no-answer', reason: 'deadline', code: 'deadline exceeded' };
        case 'failed':
          return { kind: 'no-answer', reason: 'network', code: read.code };
      }
    } finally {
      cancel();
    }
  }
}

/** The origin a 3xx points to (scheme and host only: the rest may be a credential), for reports. */
export function redirectTarget(headers: AnswerHeaders, from: string): string {
  const location = headers.location;
  if (location === undefined) return 'no Location';
  try {
    return new URL(location, from).origin;
  } catch {
    return 'an unreadable Location';
  }
}
