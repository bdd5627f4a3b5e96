/**
 * rotateApplicationClientSecret over HTTP, answered by nock: each status class becomes an
 * outcome with operator guidance, and the access token never leaves the request header.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import {
  ROTATE_CLIENT_SECRET_PATH,
  ROTATION_GUIDANCE,
  SpApiApplicationManagement,
  parseRetryAfter,
} from '../../../../lambda/adapters/http/application-management';
import { ManualDeadline, loopbackServer } from '../../../support/manual-deadline';
import { SP_API_REGION_ENDPOINTS, resolveSpApiEndpoint } from '../../../../contract/endpoints';

const ENDPOINT = 'https://sellingpartnerapi-eu.amazon.com';
const TOKEN = 'Atc|SENTINEL-access-token-5d1e';
const NOW = new Date('2026-05-27T09:00:00Z');

function client(deadline = new ManualDeadline()): SpApiApplicationManagement {
  return new SpApiApplicationManagement({ endpoint: 'eu', setTimer: deadline.setTimer }, () => NOW);
}

function rotateCall() {
  return nock(ENDPOINT).post(ROTATE_CLIENT_SECRET_PATH).matchHeader('x-amz-access-token', TOKEN);
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('resolveSpApiEndpoint: a region code or a full URL', () => {
  it.each([
    ['na', SP_API_REGION_ENDPOINTS.na],
    ['EU', SP_API_REGION_ENDPOINTS.eu],
    [' fe ', SP_API_REGION_ENDPOINTS.fe],
    ['https://sandbox.sellingpartnerapi-na.amazon.com', 'https://sandbox.sellingpartnerapi-na.amazon.com'],
    ['https://proxy.example.com/', 'https://proxy.example.com'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
  ])('accepts %j as %s', (raw, expected) => {
    expect(resolveSpApiEndpoint(raw)).toBe(expected);
  });

  it.each([
    'us',
    '',
    'http://sellingpartnerapi-na.amazon.com',
    'https://user:pw@proxy.example.com',
    'https://proxy.example.com/path',
    'https://proxy.example.com?x=1',
    'not a url',
  ])('rejects %j', (raw) => {
    expect(resolveSpApiEndpoint(raw)).toBeUndefined();
  });

  it('reads SP_API_ENDPOINT when no endpoint is given, and refuses an invalid one', () => {
    // GIVEN the environment names the fe region
    const previous = process.env.SP_API_ENDPOINT;
    process.env.SP_API_ENDPOINT = 'fe';
    try {
      // WHEN a client is built without an endpoint THEN it uses fe
      expect(new SpApiApplicationManagement().endpoint).toBe(SP_API_REGION_ENDPOINTS.fe);
      process.env.SP_API_ENDPOINT = 'mars';
      expect(() => new SpApiApplicationManagement()).toThrow(/Invalid SP-API endpoint "mars"/);
    } finally {
      if (previous === undefined) delete process.env.SP_API_ENDPOINT;
      else process.env.SP_API_ENDPOINT = previous;
    }
  });
});

describe('SpApiApplicationManagement.rotateClientSecret: 204 means Amazon will deliver a new secret', () => {
  it('posts with the grantless token in x-amz-access-token and reports the request id', async () => {
    // GIVEN Amazon answers 204 with a request id
    const scope = rotateCall().reply(204, '', { 'x-amzn-RequestId': 'req-123' });

    // WHEN the rotation is requested
    const outcome = await client().rotateClientSecret(TOKEN);

    // THEN the call was made once and the outcome is "requested"
    expect(scope.isDone()).toBe(true);
    expect(outcome).toEqual({ kind: 'requested', status: 204, requestId: 'req-123' });
  });
});

describe('SpApiApplicationManagement.rotateClientSecret: every error class has an outcome and guidance', () => {
  const errorBody = (code: string, message: string) => ({ errors: [{ code, message, details: '' }] });

  it.each([
    [400, 'not-enrolled', false, /Developer Console/],
    [401, 'forbidden', false, /not a production app/],
    [403, 'forbidden', false, /grantless and needs no role[\s\S]*client secret has expired/],
    [404, 'not-found', false, /endpoint/],
    [429, 'throttled', true, /next scheduled run retries/],
    [500, 'server-error', true, /next scheduled run retries/],
    [503, 'server-error', true, /next scheduled run retries/],
    [418, 'unexpected', false, /Developer Console/],
  ] as const)('HTTP %i → %s (retryable %s)', async (status, reason, retryable, guidance) => {
    // GIVEN Amazon answers with an SP-API error list
    rotateCall().reply(status, errorBody('InvalidInput', 'Application is not enrolled'), {
      'x-amzn-RequestId': 'req-e',
    });

    // WHEN the rotation is requested
    const outcome = await client().rotateClientSecret(TOKEN);

    // THEN it is classified, with Amazon's code and message kept short and the guidance attached
    expect(outcome).toMatchObject({
      kind: 'failed',
      reason,
      retryable,
      status,
      errorCode: 'InvalidInput',
      errorMessage: 'Application is not enrolled',
      requestId: 'req-e',
    });
    expect(outcome.kind === 'failed' && outcome.guidance).toMatch(guidance);
    expect(JSON.stringify(outcome)).not.toContain(TOKEN);
  });

  it('reads Retry-After on 429 as seconds or as an HTTP date', async () => {
    // GIVEN two throttled answers, one in seconds and one as a date 90 s ahead
    rotateCall().reply(429, '', { 'Retry-After': '61' });
    rotateCall().reply(429, '', { 'Retry-After': new Date(NOW.getTime() + 90_000).toUTCString() });

    // WHEN two requests are made
    const first = await client().rotateClientSecret(TOKEN);
    const second = await client().rotateClientSecret(TOKEN);

    // THEN both carry the wait Amazon asked for
    expect(first).toMatchObject({ reason: 'throttled', retryAfterSeconds: 61 });
    expect(second).toMatchObject({ reason: 'throttled', retryAfterSeconds: 90 });
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
  });

  it('classifies a timeout as retryable, without the token in the outcome', async () => {
    // GIVEN Amazon answers too late: the call's deadline fires as it arrives
    const deadline = new ManualDeadline();
    rotateCall().reply(deadline.expireOnArrival());

    // WHEN the rotation is requested
    const outcome = await client(deadline).rotateClientSecret(TOKEN);

    // THEN it is a retryable timeout
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'timeout', retryable: true });
    expect(outcome.kind === 'failed' && outcome.guidance).toBe(ROTATION_GUIDANCE.timeout);
    expect(JSON.stringify(outcome)).not.toContain(TOKEN);
  });

  it('classifies a refused connection as a retryable network problem', async () => {
    // GIVEN a loopback port nobody listens on
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    nock.enableNetConnect('127.0.0.1');

    // WHEN the rotation is requested there
    const outcome = await new SpApiApplicationManagement({
      endpoint: `http://127.0.0.1:${port}`,
      setTimer: new ManualDeadline().setTimer,
    }).rotateClientSecret(TOKEN);

    // THEN only the error code is kept: the error object, which holds the request, is dropped
    expect(outcome).toMatchObject({
      kind: 'failed',
      reason: 'network',
      retryable: true,
      errorCode: 'ECONNREFUSED',
    });
    expect(JSON.stringify(outcome)).not.toContain(TOKEN);
    nock.disableNetConnect();
  });

  it('never follows a redirect, so the token is never replayed elsewhere', async () => {
    // GIVEN the endpoint redirects to another host
    rotateCall().reply(307, '', { Location: 'https://elsewhere.example.com/steal?token=x' });
    const elsewhere = nock('https://elsewhere.example.com').post('/steal').reply(204);

    // WHEN the rotation is requested
    const outcome = await client().rotateClientSecret(TOKEN);

    // THEN the redirect is an unexpected answer naming only the target origin; the other host was never called
    expect(outcome).toMatchObject({
      kind: 'failed',
      reason: 'unexpected',
      status: 307,
      errorCode: 'redirect',
      errorMessage: 'HTTP 307 redirect to https://elsewhere.example.com, not followed',
    });
    expect(elsewhere.isDone()).toBe(false);
  });
});

describe("SpApiApplicationManagement.rotateClientSecret: Amazon's details are kept", () => {
  const expired = {
    errors: [
      {
        code: 'Unauthorized',
        message: 'Access to requested resource is denied.',
        details: 'The LWA secret token you provided has expired.',
      },
    ],
  };

  it('reads a 403 whose details say the secret expired as secret-expired, with plain guidance', async () => {
    // GIVEN the rotate call refused because the secret expired
    rotateCall().reply(403, expired, { 'x-amzn-RequestId': 'req-x' });

    // WHEN the rotation is requested
    const outcome = await client().rotateClientSecret(TOKEN);

    // THEN the details are kept and the guidance says: Developer Console, now; the API cannot fix it
    expect(outcome).toMatchObject({
      kind: 'failed',
      reason: 'secret-expired',
      retryable: false,
      status: 403,
      errorCode: 'Unauthorized',
      errorMessage: 'Access to requested resource is denied.',
      errorDetails: 'The LWA secret token you provided has expired.',
      requestId: 'req-x',
    });
    const guidance = outcome.kind === 'failed' ? outcome.guidance : '';
    expect(guidance).toMatch(
      /EXPIRED[\s\S]*Developer Console now[\s\S]*rotation by API cannot fix an expired secret/,
    );
    expect(guidance).not.toMatch(/role allows/);
  });

  it('keeps details of any error, printable and cut', async () => {
    rotateCall().reply(400, {
      errors: [
        {
          code: 'InvalidInput',
          message: 'Application is not enrolled',
          details: `No destination\n${'x'.repeat(600)}`,
        },
      ],
    });
    const outcome = await client().rotateClientSecret(TOKEN);
    const details = outcome.kind === 'failed' ? (outcome.errorDetails ?? '') : '';
    expect(details).toMatch(/^No destination\?x+\.\.\.$/);
    expect(details.length).toBe(300);
    expect(outcome).toMatchObject({ reason: 'not-enrolled' });
  });

  it('no guidance mentions a role for the grantless rotation call, except to say none is needed', () => {
    for (const text of Object.values(ROTATION_GUIDANCE)) expect(text).not.toMatch(/role allows/);
    expect(ROTATION_GUIDANCE.forbidden).toMatch(/needs no role/);
  });
});

describe('SpApiApplicationManagement: the token goes to the SP-API endpoint only', () => {
  beforeEach(() => nock.enableNetConnect('127.0.0.1'));
  afterEach(() => nock.disableNetConnect());

  it('is cut at its deadline by an endpoint that drips its answer', async () => {
    // GIVEN an endpoint that answers one byte at a time
    let started!: () => void;
    const dripping = new Promise<void>((resolve) => (started = resolve));
    const server = await loopbackServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.write('{', () => started());
      const drip = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(drip));
    });
    const deadline = new ManualDeadline();
    try {
      // WHEN the call is under way and its deadline fires
      const pending = new SpApiApplicationManagement(
        { endpoint: server.origin, setTimer: deadline.setTimer },
        () => NOW,
      ).rotateClientSecret(TOKEN);
      await dripping;
      deadline.fireLatest();

      // THEN a retryable timeout
      await expect(pending).resolves.toMatchObject({ kind: 'failed', reason: 'timeout', retryable: true });
      expect(deadline.startedMs).toEqual([10_000]);
    } finally {
      await server.close();
    }
  });

  it('reads an oversized error as its status, without crashing', async () => {
    const server = await loopbackServer((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(`{"errors":[{"code":"Unauthorized","details":"${'y'.repeat(100_000)}"}]}`);
    });
    try {
      const outcome = await new SpApiApplicationManagement(
        { endpoint: server.origin, setTimer: new ManualDeadline().setTimer },
        () => NOW,
      ).rotateClientSecret(TOKEN);
      expect(outcome).toMatchObject({
        kind: 'failed',
        reason: 'forbidden',
        status: 403,
        errorMessage: 'answer larger than 65536 bytes, not read',
      });
    } finally {
      await server.close();
    }
  });

  it('is not followed to another host by a 308', async () => {
    const other = await loopbackServer((_req, res) => res.end());
    const server = await loopbackServer((_req, res) => {
      res.writeHead(308, { location: `${other.origin}${ROTATE_CLIENT_SECRET_PATH}` });
      res.end();
    });
    try {
      const outcome = await new SpApiApplicationManagement(
        { endpoint: server.origin, setTimer: new ManualDeadline().setTimer },
        () => NOW,
      ).rotateClientSecret(TOKEN);
      expect(outcome).toMatchObject({ kind: 'failed', status: 308, errorCode: 'redirect' });
      expect(server.requests).toHaveLength(1);
      expect(other.requests).toHaveLength(0);
    } finally {
      await Promise.all([server.close(), other.close()]);
    }
  });
});
