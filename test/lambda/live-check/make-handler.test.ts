import nock from 'nock';
import { createLogger, createMetrics } from '../../../lambda/runtime/powertools';
import { MS_PER_HOUR } from '../../../contract/time';
import { LiveCheckRunError, makeHandler } from '../../../lambda/live-check/make-handler';
import type { LiveCheckSettings } from '../../../lambda/live-check/settings';
import { LwaTokenClient } from '../../../lambda/adapters/http/lwa-token-client';
import { SpApiProbe } from '../../../lambda/adapters/http/sp-api-probe';
import { ManualDeadline } from '../../support/manual-deadline';
import { FakeClock } from '../support/fake-clock';
import { InMemoryKeyedLedger, StaticCredentials } from '../support/in-memory';
import type { CapturedOutput } from '../support/captured-output';
import { captureOutput, emittedMetrics } from '../support/captured-output';
import { METRIC_CATALOG, emittedMetricKey, metricKey } from '../../../scripts/cost/metric-catalog';
import { InMemoryCatalog, ScriptedPublisher } from '../support/in-memory';
import { LIVE_CHECK_METRIC } from '../../../contract/telemetry';

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
    catalog.put({
      arn,
      name,
      tags: {
        'lwa:app': name,
        'lwa:client-id': `amzn1.application-oa2-client.${name}`,
        'lwa:expires-at': '2026-07-01T00:00:00Z',
      },
    });
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
  const deadline = new ManualDeadline();
  return makeHandler({
    catalog,
    ledger: new InMemoryKeyedLedger(),
    credentials,
    // Deadlines the test never fires: no real timer races nock's replies.
    tokens: new LwaTokenClient({
      endpoint: 'https://api.amazon.com/auth/o2/token',
      setTimer: deadline.setTimer,
    }),
    spApi: new SpApiProbe({ endpoint: 'na', setTimer: deadline.setTimer }, time.clock),
    publisher: new ScriptedPublisher(),
    settings: SETTINGS,
    logger: createLogger(),
    metrics: createMetrics(),
    clock: time.clock,
    sleep: time.sleep,
  });
}

describe('live-check makeHandler: metrics tell outages from rejections', () => {
  it('counts accepted, rejected, expired and unavailable answers separately', async () => {
    // GIVEN five secrets: accepted, rejected, LWA down, expired, SP-API down
    const handler = handlerFor(['a', 'b', 'c', 'd', 'e']);
    const lwa = () => nock('https://api.amazon.com').post('/auth/o2/token');
    const spApi = () => nock('https://sellingpartnerapi-na.amazon.com').get('/notifications/v1/destinations');
    lwa().reply(200, { access_token: 'Atc|SENTINEL-token' });
    spApi().reply(200, { payload: [] });
    lwa().reply(401, { error: 'invalid_client' });
    lwa().reply(502, 'Bad gateway');
    lwa().reply(200, { access_token: 'Atc|SENTINEL-token' });
    spApi().reply(403, {
      errors: [
        {
          code: 'Unauthorized',
          message: 'Access to requested resource is denied.',
          details: 'The LWA secret token you provided has expired.',
        },
      ],
    });
    lwa().reply(200, { access_token: 'Atc|SENTINEL-token' });
    spApi().reply(503, '');

    // WHEN the handler runs
    const summary = await handler({}, { getRemainingTimeInMillis: () => 240_000 });

    // THEN each count has its metric, and nothing printed holds a sentinel
    const metrics = emittedMetrics(output.records());
    const value = (name: string) => metrics.find((m) => m.name === name)?.value;
    expect(summary).toMatchObject({
      accepted: 1,
      secretRejected: 1,
      lwaUnavailable: 1,
      secretExpired: 1,
      spApiUnavailable: 1,
    });
    expect(value(LIVE_CHECK_METRIC.accepted)).toBe(1);
    expect(value(LIVE_CHECK_METRIC.secretRejected)).toBe(1);
    expect(value(LIVE_CHECK_METRIC.lwaUnavailable)).toBe(1);
    expect(value(LIVE_CHECK_METRIC.secretExpired)).toBe(1);
    // ...and they are exactly the ones `npm run cost` counts for this function.
    expect(new Set(metrics.map(emittedMetricKey))).toEqual(
      new Set(METRIC_CATALOG['live-check'].map(metricKey)),
    );
    expect(value(LIVE_CHECK_METRIC.spApiUnavailable)).toBe(1);
    expect(value(LIVE_CHECK_METRIC.inconclusive)).toBe(0);
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
