/**
 * The rotation handler with the real Powertools Logger and Metrics (read back from stdout):
 * metrics per run, the run deadline from the Lambda context, failure surfaced as an error, and
 * no secret value or token in anything it prints.
 */
import nock from 'nock';
import { createLogger, createMetrics } from '../../../lambda/runtime/powertools';
import { MS_PER_DAY, MS_PER_HOUR } from '../../../contract/time';
import { RotationRunError, makeHandler } from '../../../lambda/rotation/make-handler';
import type { RotationSettings } from '../../../lambda/rotation/settings';
import {
  ROTATE_CLIENT_SECRET_PATH,
  SpApiApplicationManagement,
} from '../../../lambda/adapters/http/application-management';
import { LwaTokenClient } from '../../../lambda/adapters/http/lwa-token-client';
import type { CapturedOutput } from '../support/captured-output';
import { captureOutput, emittedMetrics } from '../support/captured-output';
import { METRIC_CATALOG, emittedMetricKey, metricKey } from '../../../scripts/cost/metric-catalog';
import { InMemoryCatalog, ScriptedPublisher } from '../support/in-memory';
import { ManualDeadline } from '../../support/manual-deadline';
import { FakeClock } from '../support/fake-clock';
import { InMemoryKeyedLedger, StaticCredentials } from '../support/in-memory';
import { ROTATION_METRIC } from '../../../contract/telemetry';

const NOW = new Date('2026-05-27T09:00:00Z');
const ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:acme-AbCdEf';
const SECRET_VALUE = 'SENTINEL-client-secret-a1b2';
const ACCESS_TOKEN = 'Atc|SENTINEL-token-c3d4';
const SETTINGS: RotationSettings = {
  tagKey: 'lwa:app',
  optInTagKey: 'lwa:auto-rotate',
  scope: 'tagged',
  defaultWindowDays: 180,
  rotateDaysBefore: 14,
  region: 'eu-west-1',
  maxRequestsPerRun: 10,
  callSpacingMs: 60_000,
  attemptBudgetMs: 45_000,
  timing: { staleClaimMs: MS_PER_HOUR, newSecretGraceMs: 6 * MS_PER_HOUR },
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

function setup(accepts: () => boolean = () => true) {
  const time = new FakeClock(NOW.getTime());
  const deadline = new ManualDeadline();
  const catalog = new InMemoryCatalog();
  catalog.put({
    arn: ARN,
    name: 'acme',
    tags: {
      'lwa:app': 'Acme',
      'lwa:client-id': 'amzn1.application-oa2-client.acme',
      'lwa:auto-rotate': 'true',
      'lwa:expires-at': new Date(NOW.getTime() + 5 * MS_PER_DAY).toISOString(),
    },
    currentVersionId: 'v1',
  });
  const publisher = new ScriptedPublisher(accepts);
  const handler = makeHandler({
    catalog,
    ledger: new InMemoryKeyedLedger(),
    credentials: new StaticCredentials(
      new Map([[ARN, { ok: true as const, credentials: { clientId: 'id', clientSecret: SECRET_VALUE } }]]),
    ),
    // Deadlines the test never fires: no real timer races nock's replies.
    tokens: new LwaTokenClient({
      endpoint: 'https://api.amazon.com/auth/o2/token',
      setTimer: deadline.setTimer,
    }),
    applications: new SpApiApplicationManagement({ endpoint: 'na', setTimer: deadline.setTimer }, time.clock),
    publisher,
    settings: SETTINGS,
    logger: createLogger(),
    metrics: createMetrics(),
    clock: time.clock,
    sleep: time.sleep,
  });
  nock('https://api.amazon.com').post('/auth/o2/token').reply(200, { access_token: ACCESS_TOKEN });
  return { handler, publisher, time };
}

describe('rotation makeHandler: one scheduled run', () => {
  it('emits the run metrics and returns the summary', async () => {
    // GIVEN Amazon accepts the rotation
    const { handler } = setup();
    nock('https://sellingpartnerapi-na.amazon.com').post(ROTATE_CLIENT_SECRET_PATH).reply(204);

    // WHEN the handler runs with 10 minutes left
    const summary = await handler({}, { awsRequestId: 'req-1', getRemainingTimeInMillis: () => 600_000 });

    // THEN the metrics say one call, one request
    expect(summary).toMatchObject({ calls: 1, requested: 1 });
    const metrics = emittedMetrics(output.records());
    const value = (name: string) => metrics.find((m) => m.name === name)?.value;
    expect(value(ROTATION_METRIC.requested)).toBe(1);
    expect(value(ROTATION_METRIC.calls)).toBe(1);
    expect(value(ROTATION_METRIC.failed)).toBe(0);
    expect(metrics.every((m) => m.namespace === 'LwaExpiryMonitor')).toBe(true);
    // ...and they are exactly the ones `npm run cost` counts for this function.
    expect(new Set(metrics.map(emittedMetricKey))).toEqual(new Set(METRIC_CATALOG.rotation.map(metricKey)));
  });

  it('starts no call when the context leaves less time than one attempt needs', async () => {
    // GIVEN only 50 s left (15 s safety margin + 45 s attempt budget do not fit)
    const { handler } = setup();

    // WHEN the handler runs
    const summary = await handler({}, { awsRequestId: 'req-2', getRemainingTimeInMillis: () => 50_000 });

    // THEN the credential waits for the next run
    expect(summary).toMatchObject({ calls: 0, deferred: 1, deferReason: 'time' });
  });

  it('fails the invocation when an alert could not be published, and prints no secret or token', async () => {
    // GIVEN SNS refuses every alert
    const { handler } = setup(() => false);
    nock('https://sellingpartnerapi-na.amazon.com').post(ROTATE_CLIENT_SECRET_PATH).reply(204);

    // WHEN the handler runs
    const run = handler({}, { awsRequestId: 'req-3', getRemainingTimeInMillis: () => 600_000 });

    // THEN it throws a RotationRunError, and nothing it printed holds a sentinel
    await expect(run).rejects.toThrow(RotationRunError);
    await expect(run).rejects.toThrow(/1 publish/);
    expect(output.text()).toContain('Rotation run finished');
    expect(output.text()).not.toContain('SENTINEL');
  });
});
