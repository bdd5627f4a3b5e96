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
  SP_API_REGION_ENDPOINTS,
  SpApiApplicationManagement,
  parseRetryAfter,
  resolveSpApiEndpoint,
} from '../../../lambda/sp-api/application-management';

const ENDPOINT = 'https://sellingpartnerapi-eu.amazon.com';
const TOKEN = 'Atc|SENTINEL-access-token-5d1e';
const NOW = new Date('2026-05-27T09:00:00Z');

function client(timeoutMs = 2_000): SpApiApplicationManagement {
  return new SpApiApplicationManagement({ endpoint: 'eu', timeoutMs }, () => NOW);
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
    [401, 'forbidden', false, /production app/],
    [403, 'forbidden', false, /production app/],
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
    // GIVEN Amazon answers after the client's timeout
    rotateCall().delay(500).reply(204);

    // WHEN the rotation is requested with a 100 ms timeout
    const outcome = await client(100).rotateClientSecret(TOKEN);

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
    rotateCall().reply(307, '', { Location: 'https://elsewhere.example.com/steal' });
    const elsewhere = nock('https://elsewhere.example.com').post('/steal').reply(204);

    // WHEN the rotation is requested
    const outcome = await client().rotateClientSecret(TOKEN);

    // THEN the redirect is an unexpected answer and the other host was never called
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'unexpected', status: 307 });
    expect(elsewhere.isDone()).toBe(false);
  });
});
