/**
 * One webhook post with retries, against nock: backoff with jitter on 429/5xx/timeouts,
 * Retry-After honoured, bounded attempts, and never the URL in an outcome.
 */
import nock from 'nock';
import type { WebhookTarget } from '../../../../lambda/domain/webhook-config';
import { targetId } from '../../../../lambda/domain/webhook-config';
import type { RetryPolicy } from '../../../../lambda/adapters/http/webhook-sender';
import {
  DEFAULT_RETRY_POLICY,
  WebhookSender,
  backoffDelayMs,
} from '../../../../lambda/adapters/http/webhook-sender';
import type { LoopbackServer } from '../../../support/manual-deadline';
import { ManualDeadline, loopbackServer } from '../../../support/manual-deadline';
import { FakeClock } from '../../support/fake-clock';

const ORIGIN = 'https://hooks.slack.com';
const PATH = '/services/T000/B000/SENTINELwebhookSecretPath';
const URL = `${ORIGIN}${PATH}`;
const TARGET: WebhookTarget = { channel: 'slack', url: URL, host: 'hooks.slack.com', id: targetId(URL) };
const NOW = new Date('2026-05-27T09:00:00Z');
const POLICY: RetryPolicy = { ...DEFAULT_RETRY_POLICY, timeoutMs: 200 };

function sender(time: FakeClock, random = () => 1, policy = POLICY, deadline = new ManualDeadline()) {
  const retries: { attempt: number; delayMs: number; reason: string }[] = [];
  const s = new WebhookSender({
    policy,
    setTimer: deadline.setTimer,
    sleep: time.sleep,
    random,
    clock: time.clock,
    onRetry: (_t, attempt, delayMs, reason) => retries.push({ attempt, delayMs, reason }),
  });
  return { s, retries };
}

const farDeadline = (time: FakeClock) => new Date(time.now + 60_000);

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('backoffDelayMs: exponential ceiling, full jitter', () => {
  it('doubles the ceiling each retry up to the maximum and scales it by the random draw', () => {
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffDelayMs(retry, POLICY, () => 1))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000,
    ]);
    expect(backoffDelayMs(3, POLICY, () => 0.25)).toBe(500);
    expect(backoffDelayMs(3, POLICY, () => 0)).toBe(0);
  });
});

describe('WebhookSender.deliver: retries what may succeed later', () => {
  it('posts the JSON payload once when the webhook accepts it', async () => {
    const time = new FakeClock(NOW.getTime());
    const scope = nock(ORIGIN)
      .post(PATH, { text: 'hello' })
      .matchHeader('content-type', /application\/json/)
      .reply(200, 'ok');
    const { s } = sender(time);
    await expect(s.deliver(TARGET, { text: 'hello' }, farDeadline(time))).resolves.toEqual({
      ok: true,
      attempts: 1,
      status: 200,
    });
    expect(scope.isDone()).toBe(true);
    expect(time.sleeps).toEqual([]);
  });

  it('retries 500 and 503 with growing, jittered waits, then succeeds', async () => {
    // GIVEN two server errors then success, and a jitter draw of one half
    const time = new FakeClock(NOW.getTime());
    nock(ORIGIN).post(PATH).reply(500, 'internal_error');
    nock(ORIGIN).post(PATH).reply(503);
    nock(ORIGIN).post(PATH).reply(200, 'ok');
    const { s, retries } = sender(time, () => 0.5);

    // WHEN the payload is delivered
    const outcome = await s.deliver(TARGET, { text: 'x' }, farDeadline(time));

    // THEN it took three attempts, waiting half of 500 ms then half of 1000 ms
    expect(outcome).toEqual({ ok: true, attempts: 3, status: 200 });
    expect(time.sleeps).toEqual([250, 500]);
    expect(retries.map((r) => r.reason)).toEqual(['HTTP 500 internal_error', 'HTTP 503']);
  });

  it('honours Retry-After on 429 when it is longer than the backoff', async () => {
    const time = new FakeClock(NOW.getTime());
    nock(ORIGIN).post(PATH).reply(429, 'rate_limited', { 'Retry-After': '3' });
    nock(ORIGIN).post(PATH).reply(200, 'ok');
    const { s } = sender(time);
    await expect(s.deliver(TARGET, {}, farDeadline(time))).resolves.toMatchObject({ ok: true, attempts: 2 });
    expect(time.sleeps).toEqual([3_000]);
  });

  it('gives up at once when Retry-After is beyond what this invocation may wait', async () => {
    const time = new FakeClock(NOW.getTime());
    nock(ORIGIN).post(PATH).reply(429, '', { 'Retry-After': '120' });
    const { s } = sender(time);
    const outcome = await s.deliver(TARGET, {}, farDeadline(time));
    expect(outcome).toMatchObject({ ok: false, attempts: 1, status: 429, retryable: true });
    expect(outcome.ok ? '' : outcome.reason).toMatch(/Retry-After 120 s is beyond this invocation/);
    expect(time.sleeps).toEqual([]);
  });

  it('retries a timeout, and stops after maxAttempts', async () => {
    // GIVEN a webhook that never answers in time: each attempt's deadline fires as it arrives
    const time = new FakeClock(NOW.getTime());
    const deadline = new ManualDeadline();
    nock(ORIGIN).post(PATH).times(4).reply(deadline.expireOnArrival());
    const { s } = sender(time, () => 1, POLICY, deadline);

    // WHEN the payload is delivered
    const outcome = await s.deliver(TARGET, {}, farDeadline(time));

    // THEN four attempts of the policy's deadline each, three waits, a retryable failure that names no URL
    expect(outcome).toMatchObject({ ok: false, attempts: 4, retryable: true });
    expect(outcome.ok ? '' : outcome.reason).toMatch(/^deadline exceeded; gave up after 4 attempts$/);
    expect(deadline.startedMs).toEqual([200, 200, 200, 200]);
    expect(time.sleeps).toEqual([500, 1000, 2000]);
    expect(JSON.stringify(outcome)).not.toContain('SENTINEL');
  });

  it('does not retry a client error such as 404 no_service (a deleted webhook)', async () => {
    const time = new FakeClock(NOW.getTime());
    nock(ORIGIN).post(PATH).reply(404, 'no_service');
    const { s } = sender(time);
    await expect(s.deliver(TARGET, {}, farDeadline(time))).resolves.toEqual({
      ok: false,
      attempts: 1,
      status: 404,
      reason: 'HTTP 404 no_service',
      retryable: false,
    });
  });

  it('drops a response body that is not a short error word (it could echo anything)', async () => {
    const time = new FakeClock(NOW.getTime());
    nock(ORIGIN).post(PATH).reply(400, `invalid payload for ${URL}`);
    const { s } = sender(time);
    const outcome = await s.deliver(TARGET, {}, farDeadline(time));
    expect(outcome).toMatchObject({ ok: false, reason: 'HTTP 400' });
  });

  it('stops retrying when the next attempt could not finish before the deadline', async () => {
    const time = new FakeClock(NOW.getTime());
    nock(ORIGIN).post(PATH).reply(502);
    const { s } = sender(time);
    const outcome = await s.deliver(TARGET, {}, new Date(time.now + 300));
    expect(outcome).toMatchObject({ ok: false, attempts: 1, retryable: true });
    expect(outcome.ok ? '' : outcome.reason).toMatch(/no time left/);
  });

  it('reads a Teams connector 200 that reports throttling as a 429 to retry', async () => {
    const time = new FakeClock(NOW.getTime());
    const teams: WebhookTarget = { ...TARGET, channel: 'teams' };
    nock(ORIGIN)
      .post(PATH)
      .reply(200, 'Microsoft Teams endpoint returned HTTP error 429 with ContextId tcid=0');
    nock(ORIGIN).post(PATH).reply(200, '1');
    const { s } = sender(time);
    await expect(s.deliver(teams, {}, farDeadline(time))).resolves.toMatchObject({ ok: true, attempts: 2 });
  });

  it('never follows a redirect', async () => {
    const time = new FakeClock(NOW.getTime());
    nock(ORIGIN).post(PATH).reply(301, '', { Location: 'https://elsewhere.example.com/' });
    const elsewhere = nock('https://elsewhere.example.com').post('/').reply(200);
    const { s } = sender(time);
    await expect(s.deliver(TARGET, {}, farDeadline(time))).resolves.toMatchObject({
      ok: false,
      status: 301,
      retryable: false,
    });
    expect(elsewhere.isDone()).toBe(false);
  });
});

describe('WebhookSender: the URL (a credential) goes to its own host only', () => {
  const servers: LoopbackServer[] = [];
  beforeEach(() => nock.enableNetConnect('127.0.0.1'));
  afterEach(async () => {
    nock.disableNetConnect();
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  function loopTarget(origin: string): WebhookTarget {
    const url = `${origin}/services/T000/B000/SENTINELpath`;
    return { channel: 'slack', url, host: '127.0.0.1', id: targetId(url) };
  }

  it('refuses a plain-http webhook before sending anything, without naming the URL', async () => {
    // GIVEN an http URL to a host that is not loopback
    const time = new FakeClock(NOW.getTime());
    const url = 'http://hooks.example.com/services/T000/B000/SENTINELplain';
    const scope = nock('http://hooks.example.com').post(/.*/).reply(200, 'ok');

    // WHEN it is delivered to
    const outcome = await sender(time).s.deliver(
      { channel: 'slack', url, host: 'hooks.example.com', id: targetId(url) },
      {},
      farDeadline(time),
    );

    // THEN refused, not retried, and nothing reached the host
    expect(outcome).toMatchObject({ ok: false, attempts: 1, retryable: false });
    expect(outcome.ok ? '' : outcome.reason).toMatch(/plain http to hooks.example.com is refused/);
    expect(JSON.stringify(outcome)).not.toContain('SENTINEL');
    expect(scope.isDone()).toBe(false);
  });

  it('does not follow a 307 or 308 to another host', async () => {
    // GIVEN a webhook that redirects to a second server
    const other = await loopbackServer((_req, res) => res.end('ok'));
    const hook = await loopbackServer((req, res) => {
      res.writeHead(req.url?.includes('308') ? 308 : 307, { location: `${other.origin}/collect` });
      res.end();
    });
    servers.push(other, hook);
    const time = new FakeClock(NOW.getTime());

    // WHEN an alert is posted
    const outcome = await sender(time).s.deliver(loopTarget(hook.origin), { text: 'x' }, farDeadline(time));

    // THEN the redirect is a failure, and the other server received nothing
    expect(outcome).toMatchObject({ ok: false, status: 307, retryable: false });
    expect(other.requests).toHaveLength(0);
  });

  it('cuts a webhook that drips its answer at the attempt deadline', async () => {
    // GIVEN a webhook that answers one byte at a time
    let started!: () => void;
    const dripping = new Promise<void>((resolve) => (started = resolve));
    const hook = await loopbackServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('o', () => started());
      const drip = setInterval(() => res.write('k'), 100);
      res.on('close', () => clearInterval(drip));
    });
    servers.push(hook);
    const time = new FakeClock(NOW.getTime());
    const deadline = new ManualDeadline();
    const { s } = sender(time, () => 1, { ...POLICY, maxAttempts: 1 }, deadline);

    // WHEN the post is under way and its deadline fires
    const pending = s.deliver(loopTarget(hook.origin), {}, farDeadline(time));
    await dripping;
    deadline.fireLatest();

    // THEN a retryable failure, not a hang
    await expect(pending).resolves.toMatchObject({ ok: false, attempts: 1, retryable: true });
  });

  it('classifies an oversized answer by its status without reading it', async () => {
    const hook = await loopbackServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('x'.repeat(300_000));
    });
    servers.push(hook);
    const time = new FakeClock(NOW.getTime());
    await expect(sender(time).s.deliver(loopTarget(hook.origin), {}, farDeadline(time))).resolves.toEqual({
      ok: true,
      attempts: 1,
      status: 200,
    });
  });
});
