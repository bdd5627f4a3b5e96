/**
 * The credential transport against real servers on 127.0.0.1: what it sends, where, for how
 * long, and how much of the answer it reads. Deadlines are fired by the test, never waited for.
 */
import nock from 'nock';
import {
  CredentialTransport,
  MAX_ANSWER_BYTES,
  destinationProblem,
} from '../../../../lambda/adapters/http/credential-transport';
import type { LoopbackServer } from '../../../support/manual-deadline';
import { ManualDeadline, loopbackServer } from '../../../support/manual-deadline';
import { isLoopbackHost } from '../../../../contract/endpoints';

const servers: LoopbackServer[] = [];
async function serve(...args: Parameters<typeof loopbackServer>): Promise<LoopbackServer> {
  const server = await loopbackServer(...args);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  nock.cleanAll();
});

function transport(deadline = new ManualDeadline(), maxAnswerBytes?: number) {
  return new CredentialTransport({
    setting: 'TEST_ENDPOINT',
    deadlineMs: 7_000,
    setTimer: deadline.setTimer,
    maxAnswerBytes,
  });
}

describe('CredentialTransport: a redirect is an answer, never followed', () => {
  it.each([307, 308, 302])('HTTP %i to another host: the other host receives nothing', async (status) => {
    // GIVEN a server that redirects to a second one
    const other = await serve((_req, res) => res.end('stolen'));
    const first = await serve((_req, res) => {
      res.writeHead(status, { location: `${other.origin}/steal?x=1` });
      res.end();
    });

    // WHEN a credential is posted to the first
    const result = await transport().send({
      method: 'POST',
      url: `${first.origin}/token`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'client_secret=SENTINEL',
    });

    // THEN the redirect is the answer, and the credential went to the first server only
    expect(result).toMatchObject({
      kind: 'answer',
      status,
      headers: { location: `${other.origin}/steal?x=1` },
    });
    expect(first.requests).toHaveLength(1);
    expect(other.requests).toHaveLength(0);
  });

  it('ignores HTTP(S)_PROXY: the request goes to its destination, not to a proxy', async () => {
    // GIVEN a proxy named in the environment
    const proxy = await serve((_req, res) => res.end('proxied'));
    const target = await serve((_req, res) => res.end('direct'));
    const saved = {
      HTTP_PROXY: process.env.HTTP_PROXY,
      http_proxy: process.env.http_proxy,
      NO_PROXY: process.env.NO_PROXY,
    };
    process.env.HTTP_PROXY = proxy.origin;
    process.env.http_proxy = proxy.origin;
    delete process.env.NO_PROXY;
    try {
      // WHEN a request is sent
      const result = await transport().send({ method: 'GET', url: `${target.origin}/x` });

      // THEN the destination answered, and the proxy saw nothing
      expect(result).toMatchObject({ kind: 'answer', body: 'direct' });
      expect(proxy.requests).toHaveLength(0);
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});

describe('CredentialTransport: a hard deadline per request', () => {
  it('cuts a server that drips its answer a byte at a time, when the deadline fires', async () => {
    // GIVEN a server that sends its headers and a first byte, then one byte every 100 ms forever
    let firstByteSent!: () => void;
    const dripping = new Promise<void>((resolve) => (firstByteSent = resolve));
    let connectionClosed!: Promise<void>;
    const server = await serve((_req, res) => {
      connectionClosed = new Promise((resolve) => res.on('close', () => resolve()));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{', () => firstByteSent());
      const drip = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(drip));
    });
    const deadline = new ManualDeadline();

    // WHEN the request is under way and its deadline fires
    const pending = transport(deadline).send({ method: 'GET', url: `${server.origin}/slow` });
    await dripping;
    deadline.fireLatest();
    const result = await pending;

    // THEN it ends as a deadline, with the connection closed, and the timer was the configured one
    expect(result).toEqual({ kind: 'no-answer', reason: 'deadline', code: 'deadline exceeded' });
    await connectionClosed;
    expect(deadline.startedMs).toEqual([7_000]);
  });

  it('cuts a server that never answers at all', async () => {
    // GIVEN a server that reads the request and never answers
    let arrived!: () => void;
    const received = new Promise<void>((resolve) => (arrived = resolve));
    const server = await serve(() => arrived());
    const deadline = new ManualDeadline();

    // WHEN the deadline fires once the request is there
    const pending = transport(deadline).send({ method: 'POST', url: `${server.origin}/`, body: 'x' });
    await received;
    deadline.fireLatest();

    // THEN a deadline outcome
    await expect(pending).resolves.toMatchObject({ kind: 'no-answer', reason: 'deadline' });
  });

  it('cancels the deadline once the answer is read', async () => {
    // GIVEN a prompt server
    const server = await serve((_req, res) => res.end('{"ok":true}'));
    const deadline = new ManualDeadline();

    // WHEN a request completes
    const result = await transport(deadline).send({ method: 'GET', url: `${server.origin}/` });

    // THEN its timer is gone
    expect(result).toMatchObject({ kind: 'answer', status: 200, body: '{"ok":true}' });
    expect(deadline.startedMs).toHaveLength(1);
    expect(deadline.pending).toBe(0);
  });

  it('reports a connection failure as no answer, with the error code only', async () => {
    // GIVEN a port nobody listens on any more
    const server = await serve((_req, res) => res.end());
    const origin = server.origin;
    await servers.pop()?.close();

    // WHEN a request is sent there
    const result = await transport().send({ method: 'GET', url: `${origin}/` });

    // THEN no answer, for a network reason
    expect(result).toMatchObject({ kind: 'no-answer', reason: 'network', code: 'ECONNREFUSED' });
  });
});

describe('CredentialTransport: the answer is read up to a cap', () => {
  it('reads an answer of exactly the cap, and stops at one byte more', async () => {
    // GIVEN answers of the cap and of the cap plus one byte
    const server = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('a'.repeat(req.url === '/big' ? 1025 : 1024));
    });
    const t = transport(new ManualDeadline(), 1024);

    // WHEN both are read
    const fits = await t.send({ method: 'GET', url: `${server.origin}/fits` });
    const big = await t.send({ method: 'GET', url: `${server.origin}/big` });

    // THEN the first is read whole, the second is an outcome carrying the status
    expect(fits).toMatchObject({ kind: 'answer', status: 200 });
    expect(fits.kind === 'answer' && fits.body.length).toBe(1024);
    expect(big).toEqual({ kind: 'too-large', status: 200, headers: expect.any(Object), limitBytes: 1024 });
  });

  it('caps at 64 KiB by default, whatever the server claims', async () => {
    // GIVEN a server streaming 1 MiB without a length
    const server = await serve((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      for (let i = 0; i < 16; i++) res.write('x'.repeat(65_536));
      res.end();
    });

    // WHEN it is asked
    const result = await transport().send({ method: 'GET', url: `${server.origin}/` });

    // THEN an outcome, not a crash
    expect(result).toMatchObject({ kind: 'too-large', status: 403, limitBytes: MAX_ANSWER_BYTES });
  });
});

describe('CredentialTransport: https only, plain http for a loopback host alone', () => {
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());

  it.each([
    'http://hooks.example.com/services/SENTINEL',
    'http://10.0.0.8/token',
    'http://128.0.0.1/token',
    'ftp://example.com/x',
    'https://user:pw@example.com/x',
    'not a url',
  ])('refuses %s before anything is sent, naming the setting', async (url) => {
    // GIVEN an interceptor that would record any request to the host
    const scope = nock(/.*/).persist().post(/.*/).reply(200, 'received');

    // WHEN a request is sent there
    const result = await transport().send({ method: 'POST', url, body: 'client_secret=SENTINEL' });

    // THEN it is refused, by setting name, and nothing reached any host
    expect(result).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/^TEST_ENDPOINT: /) });
    expect(result.kind === 'refused' && result.reason).not.toContain('SENTINEL');
    expect(scope.isDone()).toBe(false);
  });

  it.each([
    ['https://api.amazon.com/auth/o2/token', undefined],
    ['http://127.0.0.1:8080/x', undefined],
    ['http://127.10.20.30/x', undefined],
    ['http://localhost:9000/x', undefined],
    ['http://[::1]:9000/x', undefined],
    ['http://api.amazon.com/auth/o2/token', /plain http to api.amazon.com is refused/],
  ])('destinationProblem(%s)', (url, problem) => {
    if (problem === undefined) expect(destinationProblem(url)).toBeUndefined();
    else expect(destinationProblem(url)).toMatch(problem);
  });

  it('knows the loopback hosts', () => {
    expect(['127.0.0.1', '127.255.255.255', 'localhost', 'LOCALHOST', '[::1]'].every(isLoopbackHost)).toBe(
      true,
    );
    expect(
      ['127.0.0.256', '127.0.0', '128.0.0.1', 'localhost.example.com', '0.0.0.0', '[::2]'].some(
        isLoopbackHost,
      ),
    ).toBe(false);
  });
});
