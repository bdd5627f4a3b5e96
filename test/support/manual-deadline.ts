/**
 * The deadline timer of the credential transport, held by the test: a request's deadline fires
 * only when the test says so, so no test races a real timer against a reply.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SetTimer } from '../../lambda/adapters/http/credential-transport';

interface ArmedDeadline {
  readonly fire: () => void;
  readonly ms: number;
}

export class ManualDeadline {
  private readonly armed: ArmedDeadline[] = [];
  /** The deadline (ms) of every request started, in order. */
  readonly startedMs: number[] = [];

  readonly setTimer: SetTimer = (fire, ms) => {
    const entry = { fire, ms };
    this.armed.push(entry);
    this.startedMs.push(ms);
    return () => {
      const index = this.armed.indexOf(entry);
      if (index >= 0) this.armed.splice(index, 1);
    };
  };

  /** Deadlines armed and neither fired nor cancelled (a finished request cancels its own). */
  get pending(): number {
    return this.armed.length;
  }

  /** Fires the deadline of the request started last, as if its time had run out. */
  fireLatest(): void {
    const entry = this.armed.pop();
    if (!entry) throw new Error('no request deadline is armed');
    entry.fire();
  }

  /**
   * A nock reply for a request whose answer never comes in time: the deadline fires as the
   * request arrives, and the reply never comes.
   */
  expireOnArrival(): () => Promise<never> {
    return () => {
      this.fireLatest();
      return new Promise<never>(() => undefined);
    };
  }
}

/** A plain-http server on 127.0.0.1 for tests of the real transport; `close` ends every connection. */
export interface LoopbackServer {
  readonly origin: string;
  /** Requests received, in order. */
  readonly requests: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[];
  close(): Promise<void>;
}

export async function loopbackServer(
  handle: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void,
): Promise<LoopbackServer> {
  const requests: LoopbackServer['requests'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handle(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
