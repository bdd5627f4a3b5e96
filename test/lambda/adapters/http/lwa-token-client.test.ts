/**
 * The LWA token exchange: the one rule that reads LWA's answers (pure), and the client that
 * asks, against nock and against real servers on 127.0.0.1 for redirects, drips and size.
 */
import nock from 'nock';
import type { TokenOutcome } from '../../../../lambda/ports/lwa-tokens';
import { LwaTokenClient, classifyLwaAnswer } from '../../../../lambda/adapters/http/lwa-token-client';
import { ConfigError } from '../../../../contract/config-rules';
import type { LoopbackServer } from '../../../support/manual-deadline';
import { ManualDeadline, loopbackServer } from '../../../support/manual-deadline';
import { NOTIFICATIONS_SCOPE, ROTATION_SCOPE } from '../../../../contract/endpoints';

const LWA = 'https://api.amazon.com';
const PATH = '/auth/o2/token';
const SECRET = 'amzn1.oa2-cs.v1.SENTINEL-client-secret';
const REFRESH = 'Atzr|SENTINEL-refresh-token';
/** A deadline the test never fires: no real timer races a reply. */
const held = () => new ManualDeadline().setTimer;
const CREDENTIALS = { clientId: 'amzn1.application-oa2-client.abc', clientSecret: SECRET };

describe('classifyLwaAnswer: only invalid_client says the secret is bad', () => {
  it.each<[string, number, unknown, Partial<TokenOutcome>]>([
    [
      'a token',
      200,
      { access_token: 'Atza|t', expires_in: 3600 },
      { kind: 'accepted', expiresInSeconds: 3600 },
    ],
    ['a token as JSON text', 200, '{"access_token":"Atza|t"}', { kind: 'accepted', expiresInSeconds: 3600 }],
    [
      'invalid_client (401)',
      401,
      { error: 'invalid_client', error_description: 'Client authentication failed' },
      { kind: 'rejected', status: 401, error: 'invalid_client', description: 'Client authentication failed' },
    ],
    ['invalid_client (400)', 400, { error: 'invalid_client' }, { kind: 'rejected', error: 'invalid_client' }],
    [
      'invalid_grant (a revoked refresh token)',
      400,
      {
        error: 'invalid_grant',
        error_description: 'The request has an invalid grant parameter : refresh_token',
      },
      { kind: 'refused', error: 'invalid_grant' },
    ],
    ['invalid_scope', 400, { error: 'invalid_scope' }, { kind: 'refused', error: 'invalid_scope' }],
    [
      'unauthorized_client',
      400,
      { error: 'unauthorized_client' },
      { kind: 'refused', error: 'unauthorized_client' },
    ],
    [
      'invalid_request',
      400,
      { error: 'invalid_request' },
      { kind: 'inconclusive', status: 400, error: 'invalid_request' },
    ],
    ['unsupported_grant_type', 400, { error: 'unsupported_grant_type' }, { kind: 'inconclusive' }],
    ['a 403 without error code', 403, '<html>Forbidden</html>', { kind: 'inconclusive', error: 'http_403' }],
    ['a 404 with an empty body', 404, '', { kind: 'inconclusive', error: 'http_404' }],
    [
      'a 200 without a token',
      200,
      { token_type: 'bearer' },
      { kind: 'inconclusive', error: 'no_access_token' },
    ],
    ['a 307', 307, '', { kind: 'inconclusive', error: 'redirect' }],
    ['a 429', 429, { error: 'invalid_client' }, { kind: 'unavailable', status: 429 }],
    ['a 500', 500, 'oops', { kind: 'unavailable', status: 500 }],
    ['a 503', 503, { error: 'server_error' }, { kind: 'unavailable', status: 503 }],
    ['a 408', 408, '', { kind: 'unavailable', status: 408 }],
    ['temporarily_unavailable in a 400', 400, { error: 'temporarily_unavailable' }, { kind: 'unavailable' }],
  ])('%s', (_label, status, body, expected) => {
    expect(classifyLwaAnswer(status, body)).toMatchObject(expected);
  });

  it('keeps error codes and descriptions printable and cut', () => {
    const outcome = classifyLwaAnswer(400, {
      error: 'invalid_client',
      error_description: `bad\n\u0007${'x'.repeat(500)}`,
    });
    expect(outcome).toMatchObject({ kind: 'rejected' });
    const description = outcome.kind === 'rejected' ? (outcome.description ?? '') : '';
    expect(description).toMatch(/^bad\?\?x+\.\.\.$/);
    expect(description.length).toBe(200);
  });
});

describe('LwaTokenClient: what it sends', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  function capture(status: number, body: nock.Body) {
    const forms: Record<string, string>[] = [];
    nock(LWA)
      .post(PATH, (b: string) => {
        forms.push(Object.fromEntries(new URLSearchParams(b)));
        return true;
      })
      .reply(status, body);
    return forms;
  }

  it('asks with client_credentials and the scope given, or with the refresh token', async () => {
    // GIVEN LWA issuing tokens
    const grantless = capture(200, { access_token: 'Atza|one' });
    const seller = capture(200, { access_token: 'Atza|two' });
    const client = new LwaTokenClient({ endpoint: `${LWA}${PATH}`, setTimer: held() });

    // WHEN both grants are asked for
    const first = await client.exchange(CREDENTIALS, NOTIFICATIONS_SCOPE);
    const second = await client.exchange({ ...CREDENTIALS, refreshToken: REFRESH });

    // THEN the forms are the right ones and both tokens come back
    expect(grantless[0]).toEqual({
      client_id: CREDENTIALS.clientId,
      client_secret: SECRET,
      grant_type: 'client_credentials',
      scope: NOTIFICATIONS_SCOPE,
    });
    expect(seller[0]).toMatchObject({ grant_type: 'refresh_token', refresh_token: REFRESH });
    expect(seller[0]?.scope).toBeUndefined();
    expect([first.kind, second.kind]).toEqual(['accepted', 'accepted']);
  });

  it('asks for the rotation scope for rotation', async () => {
    const forms = capture(400, { error: 'unauthorized_client', error_description: 'not allowed' });
    const outcome = await new LwaTokenClient({ endpoint: `${LWA}${PATH}`, setTimer: held() }).rotationToken(
      CREDENTIALS,
    );
    expect(forms[0]?.scope).toBe(ROTATION_SCOPE);
    expect(outcome).toEqual({
      kind: 'refused',
      status: 400,
      error: 'unauthorized_client',
      description: 'not allowed',
    });
  });

  it('reads the endpoint from LWA_TOKEN_ENDPOINT, and refuses a plain-http one at start-up', () => {
    const saved = process.env.LWA_TOKEN_ENDPOINT;
    try {
      process.env.LWA_TOKEN_ENDPOINT = 'https://lwa.example.test/auth/o2/token';
      expect(new LwaTokenClient().endpoint).toBe('https://lwa.example.test/auth/o2/token');
      process.env.LWA_TOKEN_ENDPOINT = 'http://api.amazon.com/auth/o2/token';
      expect(() => new LwaTokenClient()).toThrow(ConfigError);
      expect(() => new LwaTokenClient()).toThrow(
        /"LWA_TOKEN_ENDPOINT": "http:\/\/api.amazon.com\/auth\/o2\/token" is not valid; expected an https:\/\/ URL/,
      );
      expect(() => new LwaTokenClient({ endpoint: 'http://10.1.2.3/token' })).toThrow(/LWA_TOKEN_ENDPOINT/);
      expect(new LwaTokenClient({ endpoint: 'http://127.0.0.1:9/token' }).endpoint).toBe(
        'http://127.0.0.1:9/token',
      );
    } finally {
      if (saved === undefined) delete process.env.LWA_TOKEN_ENDPOINT;
      else process.env.LWA_TOKEN_ENDPOINT = saved;
    }
  });

  it('reports an unreachable endpoint as unavailable, without the form', async () => {
    // GIVEN a loopback port nobody listens on any more
    nock.enableNetConnect('127.0.0.1');
    const gone = await loopbackServer((_req, res) => res.end());
    await gone.close();

    // WHEN the exchange is tried there
    const outcome = await new LwaTokenClient({
      endpoint: `${gone.origin}${PATH}`,
      setTimer: held(),
    }).exchange(CREDENTIALS);

    // THEN an outage, named by its code only
    expect(outcome).toEqual({ kind: 'unavailable', reason: 'LWA token endpoint unreachable (ECONNREFUSED)' });
  });
});

describe('LwaTokenClient: the client secret goes to the LWA endpoint only', () => {
  const servers: LoopbackServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it.each([307, 308])('does not follow an HTTP %i: the other host never sees the secret', async (status) => {
    // GIVEN an endpoint redirecting to another host (which would happily take the form)
    const other = await loopbackServer((_req, res) => res.end('{"access_token":"Atza|stolen"}'));
    const lwa = await loopbackServer((_req, res) => {
      res.writeHead(status, {
        location: `${other.origin.replace('127.0.0.1', 'localhost')}/collect?secret=1`,
      });
      res.end();
    });
    servers.push(other, lwa);

    // WHEN a refresh token is exchanged there
    const outcome = await new LwaTokenClient({ endpoint: `${lwa.origin}${PATH}`, setTimer: held() }).exchange(
      {
        ...CREDENTIALS,
        refreshToken: REFRESH,
      },
    );

    // THEN no verdict on the secret, the target origin only is reported, and nothing reached it
    expect(outcome).toEqual({
      kind: 'inconclusive',
      status,
      error: 'redirect',
      description: `redirect to ${other.origin.replace('127.0.0.1', 'localhost')} not followed`,
    });
    expect(lwa.requests).toHaveLength(1);
    expect(other.requests).toHaveLength(0);
  });

  it('gives up at the deadline on an endpoint that drips its answer', async () => {
    // GIVEN an endpoint that answers one byte at a time, forever
    let started!: () => void;
    const dripping = new Promise<void>((resolve) => (started = resolve));
    const lwa = await loopbackServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{', () => started());
      const drip = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(drip));
    });
    servers.push(lwa);
    const deadline = new ManualDeadline();
    const client = new LwaTokenClient({
      endpoint: `${lwa.origin}${PATH}`,
      deadlineMs: 8_000,
      setTimer: deadline.setTimer,
    });

    // WHEN the exchange is under way and its deadline fires
    const pending = client.exchange(CREDENTIALS);
    await dripping;
    deadline.fireLatest();

    // THEN an outage, not a hang
    await expect(pending).resolves.toEqual({
      kind: 'unavailable',
      reason: 'LWA token endpoint did not answer within the deadline',
    });
    expect(deadline.startedMs).toEqual([8_000]);
  });

  it('reads an oversized answer as no verdict: inconclusive for a 4xx, unavailable for a 5xx', async () => {
    // GIVEN an endpoint whose answers are 200 KiB
    const lwa = await loopbackServer((req, res) => {
      res.writeHead(req.url === '/down' ? 503 : 400, { 'content-type': 'application/json' });
      res.end(`{"error":"invalid_client","pad":"${'x'.repeat(200 * 1024)}"}`);
    });
    servers.push(lwa);

    // WHEN each is asked
    const client = (path: string) =>
      new LwaTokenClient({ endpoint: `${lwa.origin}${path}`, setTimer: held() });
    const big4xx = await client('/token').exchange(CREDENTIALS);
    const big5xx = await client('/down').exchange(CREDENTIALS);

    // THEN neither crashes, and neither is read as a rejected secret
    expect(big4xx).toEqual({
      kind: 'inconclusive',
      status: 400,
      error: 'answer_too_large',
      description: 'answer larger than 65536 bytes, not read',
    });
    expect(big5xx).toMatchObject({ kind: 'unavailable', status: 503 });
  });
});
