import nock from 'nock';
import { createLogger, createMetrics } from '../../../lambda/commons/powertools';
import { MS_PER_HOUR } from '../../../lambda/domain/iso-date';
import { LIVE_CHECK_METRIC, LiveCheckRunError, makeHandler } from '../../../lambda/live-check/make-handler';
import type { LiveCheckSettings } from '../../../lambda/live-check/settings';
import { LwaTokenClient } from '../../../lambda/sp-api/lwa-token-client';
import { FakeClock, InMemoryKeyedLedger, StaticCredentials } from '../rotation/fakes';
import type { CapturedOutput } from '../support/captured-output';
import { captureOutput, emittedMetrics } from '../support/captured-output';
import { InMemoryCatalog, ScriptedPublisher } from '../support/in-memory';

const NOW = new Date('2026-05-27T09:00:00Z');
const ARN_PREFIX = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:';
const SECRET_VALUE = 'SENTINEL-live-secret-1f2e';
const SETTINGS: LiveCheckSettings = {
  tagKey: 'lwa:app',
  optInTagKey: 'lwa:live-check',
  scope: 'all',
  defaultWindowDays: 180,
  region: 'eu-west-1',
  realertMs: 24 * MS_PER_HOUR,
  concurrency: 1,
  checkBudgetMs: 30_000,
};

let output: CapturedOutput;
beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => {
  output.restore();
  nock.cleanAll();
});
afterAll(() => nock.enableNetConnect());

function handlerFor(names: string[], unreadable: string[] = []) {
  const catalog = new InMemoryCatalog();
  const credentials = new StaticCredentials(new Map());
  for (const name of [...names, ...unreadable]) {
    const arn = `${ARN_PREFIX}${name}`;
    catalog.put({ arn, name, tags: { 'lwa:app': name, 'lwa:expires-at': '2026-07-01T00:00:00Z' } });
    credentials.set(
      arn,
      unreadable.includes(name)
        ? {
            ok: false,
            problem: 'unreadable',
            retryable: false,
            detail: 'GetSecretValue failed: AccessDeniedException',
          }
        : { ok: true, credentials: { clientId: `id-${name}`, clientSecret: SECRET_VALUE } },
    );
  }
  const time = new FakeClock(NOW.getTime());
  return makeHandler({
    catalog,
    ledger: new InMemoryKeyedLedger(),
    credentials,
    tokens: new LwaTokenClient({ endpoint: 'https://api.amazon.com/auth/o2/token', timeoutMs: 200 }),
    publisher: new ScriptedPublisher(),
    settings: SETTINGS,
    logger: createLogger(),
    metrics: createMetrics(),
    clock: time.clock,
  });
}

describe('live-check makeHandler: metrics tell outages from rejections', () => {
  it('counts accepted, rejected and unavailable answers separately', async () => {
    // GIVEN three secrets: accepted, rejected, LWA down
    const handler = handlerFor(['a', 'b', 'c']);
    nock('https://api.amazon.com').post('/auth/o2/token').reply(200, { access_token: 'Atc|SENTINEL-token' });
    nock('https://api.amazon.com').post('/auth/o2/token').reply(401, { error: 'invalid_client' });
    nock('https://api.amazon.com').post('/auth/o2/token').reply(502, 'Bad gateway');

    // WHEN the handler runs
    const summary = await handler({}, { getRemainingTimeInMillis: () => 240_000 });

    // THEN each count has its metric, and nothing printed holds a sentinel
    const metrics = emittedMetrics(output.records());
    const value = (name: string) => metrics.find((m) => m.name === name)?.value;
    expect(summary).toMatchObject({ accepted: 1, secretRejected: 1, lwaUnavailable: 1 });
    expect(value(LIVE_CHECK_METRIC.accepted)).toBe(1);
    expect(value(LIVE_CHECK_METRIC.secretRejected)).toBe(1);
    expect(value(LIVE_CHECK_METRIC.lwaUnavailable)).toBe(1);
    expect(output.text()).not.toContain('SENTINEL');
  });

  it('fails the invocation when a secret cannot be read', async () => {
    // GIVEN one secret the role may not read
    const handler = handlerFor([], ['locked']);

    // WHEN the handler runs THEN it throws naming the count
    await expect(handler({}, { getRemainingTimeInMillis: () => 240_000 })).rejects.toThrow(LiveCheckRunError);
    expect(output.text()).toContain('AccessDeniedException');
  });
});
