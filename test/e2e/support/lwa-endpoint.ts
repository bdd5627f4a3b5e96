import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A Login with Amazon token endpoint on 127.0.0.1 (plain http, which the credential transport
 * accepts for a loopback host only), for bundled functions pointed at it through
 * LWA_TOKEN_ENDPOINT. It answers each token request with the next scripted reply, or with an
 * access token once the script is used up, and keeps the requests' forms (they hold the client
 * secret being verified) in memory only, for the test to read.
 */

export interface LwaReply {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
}

export const LWA_ACCEPTED: LwaReply = {
  status: 200,
  body: { access_token: 'Atza|e2e-access-token', token_type: 'bearer', expires_in: 3600 },
};
export const LWA_INVALID_CLIENT: LwaReply = {
  status: 401,
  body: { error: 'invalid_client', error_description: 'Client authentication failed' },
};
export const LWA_INVALID_GRANT: LwaReply = {
  status: 400,
  body: { error: 'invalid_grant', error_description: 'The request has an invalid grant parameter' },
};
export const LWA_UNAVAILABLE: LwaReply = { status: 503, body: { error: 'temporarily_unavailable' } };

export const LWA_TOKEN_PATH = '/auth/o2/token';

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export class LocalLwaEndpoint {
  /** The form of every token request, in order. */
  readonly requests: Record<string, string>[] = [];
  private readonly script: LwaReply[] = [];
  private origin = '';

  private constructor(private readonly server: Server) {}

  static async start(): Promise<LocalLwaEndpoint> {
    const endpoint: LocalLwaEndpoint = new LocalLwaEndpoint(
      createServer((request, response) => void endpoint.serve(request, response)),
    );
    await new Promise<void>((resolve, reject) => {
      endpoint.server.once('error', reject);
      endpoint.server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = endpoint.server.address() as AddressInfo;
    endpoint.origin = `http://127.0.0.1:${port}`;
    return endpoint;
  }

  /** What LWA_TOKEN_ENDPOINT is set to. */
  get url(): string {
    return `${this.origin}${LWA_TOKEN_PATH}`;
  }

  /** Queues replies, one per coming token request. */
  answer(...replies: LwaReply[]): void {
    this.script.push(...replies);
  }

  /** Replies queued and not yet used. */
  get pending(): number {
    return this.script.length;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const contentType = String(request.headers['content-type'] ?? '');
    if (
      request.method !== 'POST' ||
      request.url !== LWA_TOKEN_PATH ||
      !contentType.startsWith('application/x-www-form-urlencoded')
    ) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'not_found' }));
      return;
    }
    this.requests.push(Object.fromEntries(new URLSearchParams(body)));
    const reply = this.script.shift() ?? LWA_ACCEPTED;
    const text = JSON.stringify(reply.body);
    response.writeHead(reply.status, {
      'content-type': 'application/json;charset=UTF-8',
      'content-length': Buffer.byteLength(text),
    });
    response.end(text);
  }
}
