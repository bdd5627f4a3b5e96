/**
 * The live check's SP-API call: against nock for what it sends and how answers are read, and
 * against real servers on 127.0.0.1 for redirects and size. Deadlines are fired by the test.
 */
import nock from 'nock';
import { SpApiProbe } from '../../../../lambda/adapters/http/sp-api-probe';
import { PROBE_OPERATIONS } from '../../../../lambda/domain/sp-api-operations';
import { ManualDeadline, loopbackServer } from '../../../support/manual-deadline';

const NOW = new Date('2026-05-27T09:00:00Z');
const TOKEN = 'Atza|SENTINEL-probe-token';
const EU = 'https://sellingpartnerapi-eu.amazon.com';
const EXPIRED = {
  errors: [
    {
      code: 'Unauthorized',
      message: 'Access to requested resource is denied.',
      details: 'The LWA secret token you provided has expired.',
    },
  ],
};

function probe(deadline = new ManualDeadline(), endpoint = 'eu') {
  return new SpApiProbe({ endpoint, setTimer: deadline.setTimer }, () => NOW);
}

describe('SpApiProbe: one cheap call, its answer read', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  it('calls the two operations with the token in x-amz-access-token', async () => {
    const destinations = nock(EU)
      .get('/notifications/v1/destinations')
      .matchHeader('x-amz-access-token', TOKEN)
      .reply(200, { payload: [] });
    const participations = nock(EU)
      .get('/sellers/v1/marketplaceParticipations')
      .matchHeader('x-amz-access-token', TOKEN)
      .reply(200, { payload: [] });
    await expect(probe().call('getDestinations', TOKEN)).resolves.toEqual({ kind: 'accepted', status: 200 });
    await expect(probe().call('getMarketplaceParticipations', TOKEN)).resolves.toEqual({
      kind: 'accepted',
      status: 200,
    });
    expect(destinations.isDone() && participations.isDone()).toBe(true);
    expect(PROBE_OPERATIONS.getDestinations.limit).toEqual({ ratePerSecond: 1, burst: 5 });
    expect(PROBE_OPERATIONS.getMarketplaceParticipations.limit).toEqual({ ratePerSecond: 0.016, burst: 15 });
  });

  it('tells an expired secret from any other 403', async () => {
    nock(EU).get('/notifications/v1/destinations').reply(403, EXPIRED, { 'x-amzn-RequestId': 'r1' });
    nock(EU)
      .get('/notifications/v1/destinations')
      .reply(403, { errors: [{ code: 'Unauthorized', message: 'Access to requested resource is denied.' }] });
    await expect(probe().call('getDestinations', TOKEN)).resolves.toEqual({
      kind: 'secret-expired',
      status: 403,
      error: EXPIRED.errors[0],
      requestId: 'r1',
    });
    await expect(probe().call('getDestinations', TOKEN)).resolves.toMatchObject({
      kind: 'refused',
      status: 403,
      error: { code: 'Unauthorized' },
    });
  });

  it('reads 429 (with Retry-After), 5xx and a missed deadline as outages', async () => {
    nock(EU).get('/notifications/v1/destinations').reply(429, '', { 'Retry-After': '7' });
    nock(EU).get('/notifications/v1/destinations').reply(503, '');
    const deadline = new ManualDeadline();
    nock(EU).get('/notifications/v1/destinations').reply(deadline.expireOnArrival());
    await expect(probe().call('getDestinations', TOKEN)).resolves.toMatchObject({
      kind: 'unavailable',
      status: 429,
      retryAfterSeconds: 7,
    });
    await expect(probe().call('getDestinations', TOKEN)).resolves.toMatchObject({
      kind: 'unavailable',
      status: 503,
    });
    await expect(probe(deadline).call('getDestinations', TOKEN)).resolves.toEqual({
      kind: 'unavailable',
      reason: 'SP-API did not answer within the deadline',
    });
  });

  it('refuses a plain-http endpoint that is not loopback at start-up', () => {
    expect(() => new SpApiProbe({ endpoint: 'http://sellingpartnerapi-eu.amazon.com' })).toThrow(
      /Invalid SP-API endpoint/,
    );
  });
});

describe('SpApiProbe: the token goes to the configured endpoint only', () => {
  beforeAll(() => nock.enableNetConnect('127.0.0.1'));
  afterAll(() => nock.disableNetConnect());

  it('does not follow a 307 to another host, and reports only its origin', async () => {
    const other = await loopbackServer((_req, res) => res.end('{}'));
    const server = await loopbackServer((_req, res) => {
      res.writeHead(307, { location: `${other.origin}/notifications/v1/destinations?steal=1` });
      res.end();
    });
    try {
      await expect(
        probe(new ManualDeadline(), server.origin).call('getDestinations', TOKEN),
      ).resolves.toEqual({
        kind: 'refused',
        status: 307,
        error: { code: 'redirect', message: `redirect to ${other.origin}, not followed` },
        requestId: undefined,
      });
      expect(other.requests).toHaveLength(0);
    } finally {
      await Promise.all([server.close(), other.close()]);
    }
  });

  it('reads an oversized answer by its status: a 2xx is still accepted, a 403 cannot be read', async () => {
    const server = await loopbackServer((req, res) => {
      res.writeHead(req.url?.startsWith('/sellers') ? 403 : 200, { 'content-type': 'application/json' });
      res.end(`{"payload":"${'p'.repeat(100_000)}"}`);
    });
    try {
      await expect(
        probe(new ManualDeadline(), server.origin).call('getDestinations', TOKEN),
      ).resolves.toEqual({
        kind: 'accepted',
        status: 200,
      });
      await expect(
        probe(new ManualDeadline(), server.origin).call('getMarketplaceParticipations', TOKEN),
      ).resolves.toMatchObject({
        kind: 'refused',
        status: 403,
        error: { message: 'answer larger than 65536 bytes, not read' },
      });
    } finally {
      await server.close();
    }
  });
});
