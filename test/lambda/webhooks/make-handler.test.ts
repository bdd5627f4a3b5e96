/**
 * The forwarder end to end: an SNS event shaped as SNS delivers it, the real sender against
 * nock, the real Powertools Logger and Metrics read back from stdout, and delivery receipts in
 * an in-memory ledger. Webhook URLs are credentials: none may appear in logs or errors.
 */
import nock from 'nock';
import { createLogger, createMetrics } from '../../../lambda/runtime/powertools';
import { renderAutomationAlert } from '../../../lambda/domain/automation-alert';
import { LedgerDeliveryReceipts, receiptKey } from '../../../lambda/webhooks/delivery-receipts';
import { WebhookDeliveryError, makeHandler } from '../../../lambda/webhooks/make-handler';
import type { WebhookConfig } from '../../../lambda/domain/webhook-config';
import { WebhookConfigError, parseWebhookConfig } from '../../../lambda/domain/webhook-config';
import type { WebhookDirectory } from '../../../lambda/ports/webhook-directory';
import { DEFAULT_RETRY_POLICY, WebhookSender } from '../../../lambda/adapters/http/webhook-sender';
import { FakeClock } from '../support/fake-clock';
import { InMemoryKeyedLedger } from '../support/in-memory';
import type { CapturedOutput } from '../support/captured-output';
import { captureOutput, emittedMetrics } from '../support/captured-output';
import { METRIC_CATALOG, emittedMetricKey, metricKey } from '../../../scripts/cost/metric-catalog';
import { ManualDeadline } from '../../support/manual-deadline';
import { snsEventFor } from './sns-delivery';
import { WEBHOOK_METRIC } from '../../../contract/telemetry';

const SLACK = { origin: 'https://hooks.slack.com', path: '/services/T1/B1/SENTINELslack' };
const TEAMS = { origin: 'https://acme.webhook.office.com', path: '/webhookb2/SENTINELteams' };
const CHIME = { origin: 'https://hooks.chime.aws', path: '/incomingwebhooks/SENTINELchime' };
const CHIME_QUERY = { format: 'application/json' };
const NOW = new Date('2026-05-27T09:00:00Z');

const ALERT = renderAutomationAlert({
  severity: 'secret-rejected',
  appName: 'Acme',
  subjectTail: 'client secret REJECTED by LWA',
  daysLeft: 0,
  sms: (app) => `LWA rejects ${app}`,
  email: ['Login with Amazon rejects the client secret of Acme.'],
});

const CONFIG_JSON = JSON.stringify({
  slack: [`${SLACK.origin}${SLACK.path}`],
  teams: [`${TEAMS.origin}${TEAMS.path}`],
  chime: [`${CHIME.origin}${CHIME.path}?format=application/json`],
});

class FixedDirectory implements WebhookDirectory {
  constructor(private readonly source: () => WebhookConfig) {}
  async config() {
    await Promise.resolve();
    return { ...this.source(), stale: false };
  }
}

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

function forwarder(options: { receipts?: InMemoryKeyedLedger; config?: () => WebhookConfig } = {}) {
  const time = new FakeClock(NOW.getTime());
  const handler = makeHandler({
    directory: new FixedDirectory(options.config ?? (() => parseWebhookConfig(CONFIG_JSON))),
    sender: new WebhookSender({
      policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 3, timeoutMs: 200 },
      // Deadlines the test never fires: no real timer races nock's replies.
      setTimer: new ManualDeadline().setTimer,
      sleep: time.sleep,
      random: () => 1,
      clock: time.clock,
    }),
    receipts: options.receipts ? new LedgerDeliveryReceipts(options.receipts) : undefined,
    logger: createLogger(),
    metrics: createMetrics(),
    clock: time.clock,
  });
  return { handler, time };
}

function metricValue(name: string): unknown {
  return emittedMetrics(output.records()).find((m) => m.name === name)?.value;
}

describe('webhook makeHandler: every alert SNS delivers reaches every webhook', () => {
  it('posts each channel its own payload, built from what SNS delivered', async () => {
    // GIVEN three webhooks that accept
    const bodies: Record<string, unknown> = {};
    const capture = (channel: string) => (_uri: string, body: unknown) => {
      bodies[channel] = body;
      return [200, channel === 'teams' ? '1' : 'ok'] as const;
    };
    nock(SLACK.origin).post(SLACK.path).reply(capture('slack'));
    nock(TEAMS.origin).post(TEAMS.path).reply(capture('teams'));
    nock(CHIME.origin).post(CHIME.path).query(CHIME_QUERY).reply(capture('chime'));
    const { handler } = forwarder();

    // WHEN SNS invokes the forwarder with one alert
    const summary = await handler(snsEventFor(ALERT), { getRemainingTimeInMillis: () => 60_000 });

    // THEN each got the subject and body in its own shape
    expect(summary).toMatchObject({ alerts: 1, delivered: 3, failures: [] });
    expect(bodies.slack).toEqual({ text: `*${ALERT.subject}*\n${ALERT.email}` });
    expect(bodies.teams).toMatchObject({
      '@type': 'MessageCard',
      title: ALERT.subject,
      themeColor: 'D13438',
    });
    expect(bodies.chime).toEqual({ Content: `${ALERT.subject}\n${ALERT.email}` });
    expect(metricValue(WEBHOOK_METRIC.deliveries)).toBe(3);
    expect(metricValue(WEBHOOK_METRIC.failures)).toBe(0);
    // ...and the metrics are exactly the ones `npm run cost` counts for this function.
    expect(new Set(emittedMetrics(output.records()).map(emittedMetricKey))).toEqual(
      new Set(METRIC_CATALOG.webhooks.map(metricKey)),
    );
  });

  it('retries with backoff and succeeds, counting the retries', async () => {
    // GIVEN Slack throttles once and Chime fails once
    nock(SLACK.origin).post(SLACK.path).reply(429, 'rate_limited', { 'Retry-After': '1' });
    nock(SLACK.origin).post(SLACK.path).reply(200, 'ok');
    nock(TEAMS.origin).post(TEAMS.path).reply(200, '1');
    nock(CHIME.origin).post(CHIME.path).query(CHIME_QUERY).reply(502);
    nock(CHIME.origin).post(CHIME.path).query(CHIME_QUERY).reply(200, '{}');
    const { handler, time } = forwarder();

    // WHEN the alert is forwarded
    const summary = await handler(snsEventFor(ALERT), { getRemainingTimeInMillis: () => 60_000 });

    // THEN all three delivered after two retries, having waited Retry-After (1 s) and the backoff (500 ms)
    expect(summary.delivered).toBe(3);
    expect(metricValue(WEBHOOK_METRIC.retries)).toBe(2);
    expect([...time.sleeps].sort((a, b) => a - b)).toEqual([500, 1_000]);
  });

  it('fails the invocation when retries are exhausted, counting the failure without revealing the URL', async () => {
    // GIVEN Slack keeps failing
    nock(SLACK.origin).post(SLACK.path).times(3).reply(500);
    nock(TEAMS.origin).post(TEAMS.path).reply(200, '1');
    nock(CHIME.origin).post(CHIME.path).query(CHIME_QUERY).reply(200, '{}');
    const { handler } = forwarder();

    // WHEN the alert is forwarded
    const run = handler(snsEventFor(ALERT), { getRemainingTimeInMillis: () => 60_000 });

    // THEN the invocation fails (Lambda retries it, then the DLQ keeps it), naming channel and host only
    await expect(run).rejects.toThrow(WebhookDeliveryError);
    await expect(run).rejects.toThrow(
      /slack hooks\.slack\.com \[[0-9a-f]{12}\] HTTP 500; gave up after 3 attempts/,
    );
    expect(metricValue(WEBHOOK_METRIC.failures)).toBe(1);
    expect(metricValue(WEBHOOK_METRIC.deliveries)).toBe(2);
    let message = '';
    await run.catch((error: unknown) => {
      message = String(error);
    });
    expect(message).not.toContain('SENTINEL');
    expect(output.text()).not.toContain('SENTINEL');
    expect(output.text()).toContain('hooks.slack.com');
  });

  it('with receipts, a retried invocation posts only to the webhooks that failed', async () => {
    // GIVEN Slack fails the first invocation, and every webhook accepts afterwards
    const ledger = new InMemoryKeyedLedger();
    nock(SLACK.origin).post(SLACK.path).times(3).reply(503);
    nock(TEAMS.origin).post(TEAMS.path).reply(200, '1');
    nock(CHIME.origin).post(CHIME.path).query(CHIME_QUERY).reply(200, '{}');
    const { handler } = forwarder({ receipts: ledger });
    const event = snsEventFor(ALERT, 'msg-retry');
    await expect(handler(event)).rejects.toThrow(WebhookDeliveryError);

    // WHEN Lambda retries the same event and Slack is back
    const slackAgain = nock(SLACK.origin).post(SLACK.path).reply(200, 'ok');
    const summary = await handler(event);

    // THEN only Slack was posted again; the others were skipped by their receipts
    expect(slackAgain.isDone()).toBe(true);
    expect(summary).toMatchObject({ delivered: 1, alreadyDelivered: 2 });
    expect([...ledger.items.keys()].every((key) => key.startsWith('webhook#msg-retry#'))).toBe(true);
    expect(ledger.items.size).toBe(3);
    expect(JSON.stringify([...ledger.items])).not.toContain('SENTINEL');
    expect(receiptKey('m', 't')).toBe('webhook#m#t');
  });

  it('posts anyway when the receipts cannot be read (a duplicate beats a lost alert)', async () => {
    const ledger = new InMemoryKeyedLedger();
    ledger.failGet = () => new Error('ProvisionedThroughputExceededException');
    nock(SLACK.origin).post(SLACK.path).reply(200, 'ok');
    nock(TEAMS.origin).post(TEAMS.path).reply(200, '1');
    nock(CHIME.origin).post(CHIME.path).query(CHIME_QUERY).reply(200, '{}');
    const { handler } = forwarder({ receipts: ledger });
    await expect(handler(snsEventFor(ALERT))).resolves.toMatchObject({ delivered: 3 });
  });

  it('fails, counted, when the configuration cannot be read', async () => {
    const { handler } = forwarder({
      config: () => {
        throw new WebhookConfigError('cannot read the webhook secret: AccessDeniedException');
      },
    });
    await expect(handler(snsEventFor(ALERT))).rejects.toThrow(/AccessDeniedException/);
    expect(metricValue(WEBHOOK_METRIC.configProblems)).toBe(1);
    expect(metricValue(WEBHOOK_METRIC.failures)).toBe(1);
  });

  it('reports ignored configuration entries as a metric and delivers to the rest', async () => {
    const { handler } = forwarder({
      config: () =>
        parseWebhookConfig(
          JSON.stringify({ slack: [`${SLACK.origin}${SLACK.path}`], discord: ['https://x/SENTINEL'] }),
        ),
    });
    nock(SLACK.origin).post(SLACK.path).reply(200, 'ok');
    await expect(handler(snsEventFor(ALERT))).resolves.toMatchObject({ delivered: 1 });
    expect(metricValue(WEBHOOK_METRIC.configProblems)).toBe(1);
    expect(output.text()).toContain('unknown channel \\"discord\\" ignored');
    expect(output.text()).not.toContain('SENTINEL');
  });

  it('does nothing, successfully, when no webhook is configured', async () => {
    const { handler } = forwarder({ config: () => parseWebhookConfig('{}') });
    await expect(handler(snsEventFor(ALERT))).resolves.toMatchObject({ alerts: 1, delivered: 0 });
  });
});
