/**
 * The monitor puts one EventBridge event per alert SNS accepted, after every alert went out,
 * and an EventBridge that fails changes nothing else: the same SNS alerts, the same ledger, the
 * same result. Secrets Manager, SNS and EventBridge are the loopback fake (tools/fake-aws), with
 * the real adapters and the real Powertools Logger and Metrics.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { EVENT_DETAIL_TYPE, EVENT_SOURCE } from '../../../contract/events';
import { EVENT_METRIC } from '../../../contract/telemetry';
import { MS_PER_DAY, MS_PER_HOUR } from '../../../contract/time';
import { SnsAlertPublisher } from '../../../lambda/adapters/aws/alert-publisher';
import { EventBridgeEventPublisher } from '../../../lambda/adapters/aws/event-publisher';
import { SecretsManagerCatalog } from '../../../lambda/adapters/aws/secret-catalog';
import type { MonitorResult } from '../../../lambda/monitor/make-handler';
import { makeHandler } from '../../../lambda/monitor/make-handler';
import { ReportingEventPublisher } from '../../../lambda/runtime/event-publishing';
import { createLogger, createMetrics, logPortOf } from '../../../lambda/runtime/powertools';
import type { FakeAws } from '../../../tools/fake-aws';
import type { CapturedOutput } from '../support/captured-output';
import { captureOutput } from '../support/captured-output';
import { InMemoryLedger } from '../support/in-memory';
import { loopbackAws } from '../support/loopback-aws';
import { MONITOR_SETTINGS } from '../support/monitor-settings';

const NOW = new Date('2026-05-27T09:00:00Z');
const SETTINGS = MONITOR_SETTINGS;
const CLIENT_ID = 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef';
/** The value every app secret holds: it must appear in no event, log or message. */
const SECRET_VALUE_SENTINEL = 'ZZEVENTLEAKCLIENTSECRET';

/** A `lwa:rotated-at` value that leaves `days` days before the 180-day expiry at NOW. */
function rotatedLeaving(days: number): string {
  return new Date(NOW.getTime() + (days - 180) * MS_PER_DAY).toISOString();
}

interface World {
  fake: FakeAws;
  topicArn: string;
  ledger: InMemoryLedger;
  clients: { secretsManager: SecretsManagerClient; sns: SNSClient; eventBridge: EventBridgeClient };
  arns: { acme: string; gamma: string; beta: string };
}

function world(): World {
  const fake = loopbackAws({ region: 'eu-west-1' });
  const topicArn = fake.sns.createTopic('lwa-expiry-alerts');
  const seed = (name: string, tags: Record<string, string>) =>
    fake.secretsManager.createSecret({
      name,
      createdAt: new Date('2026-01-01T00:00:00Z'),
      firstVersionAt: new Date('2026-01-01T00:00:00Z'),
      tags,
      value: JSON.stringify({ clientId: CLIENT_ID, clientSecret: SECRET_VALUE_SENTINEL }),
    }).arn;
  const arns = {
    acme: seed('sp-api/acme/lwa', {
      'lwa:app': 'Acme',
      'lwa:rotated-at': rotatedLeaving(5),
      'lwa:client-id': CLIENT_ID,
    }),
    gamma: seed('sp-api/gamma/lwa', { 'lwa:app': 'Gamma', 'lwa:expires-at': '2026-05-20T00:00:00Z' }),
    beta: seed('sp-api/beta/lwa', { 'lwa:app': 'Beta', 'lwa:rotated-at': rotatedLeaving(80) }),
  };
  return {
    fake,
    topicArn,
    ledger: new InMemoryLedger(),
    clients: {
      secretsManager: new SecretsManagerClient(fake.clientConfig()),
      sns: new SNSClient(fake.clientConfig()),
      eventBridge: new EventBridgeClient(fake.clientConfig()),
    },
    arns,
  };
}

function runOnce(w: World, at = NOW): Promise<MonitorResult> {
  const logger = createLogger();
  const metrics = createMetrics();
  const handler = makeHandler({
    catalog: new SecretsManagerCatalog(w.clients.secretsManager),
    ledger: w.ledger,
    publisher: new SnsAlertPublisher(w.clients.sns, w.topicArn),
    events: new ReportingEventPublisher(
      new EventBridgeEventPublisher(w.clients.eventBridge, 'default', { sleep: () => Promise.resolve() }),
      logPortOf(logger),
      metrics,
    ),
    settings: SETTINGS,
    logger,
    metrics,
    clock: () => at,
  });
  return handler({ time: at.toISOString() }, { awsRequestId: 'run-1' });
}

/** What went out by SNS, without the ids SNS gave each message. */
function alertsSent(w: World) {
  return w.fake.sns.published.map((m) => ({ subject: m.Subject, message: m.Message }));
}

let output: CapturedOutput;
let worlds: World[];

beforeEach(() => {
  output = captureOutput();
  worlds = [];
});
afterEach(async () => {
  output.restore();
  for (const w of worlds) {
    Object.values(w.clients).forEach((client) => client.destroy());
    expect(w.fake.problems).toEqual([]);
    await w.fake.close();
  }
});

function newWorld(): World {
  const w = world();
  worlds.push(w);
  return w;
}

describe('monitor events: one per alert SNS accepted, on the bus', () => {
  it('GIVEN a secret at 5 days, one expired and one at 80 days WHEN the monitor runs THEN a threshold-crossed and an expired event are put, with the documented detail', async () => {
    // Prepare
    const w = newWorld();

    // Act
    const result = await runOnce(w);

    // Assess
    expect(result.alertsBySeverity).toEqual({ '7-day': 1, expired: 1 });
    const events = w.fake.eventBridge.events;
    expect(events.map((e) => e.detailType).sort()).toEqual([
      EVENT_DETAIL_TYPE.expired,
      EVENT_DETAIL_TYPE.thresholdCrossed,
    ]);
    const threshold = w.fake.eventBridge.eventsOf(EVENT_DETAIL_TYPE.thresholdCrossed)[0];
    expect(threshold).toMatchObject({
      eventBusName: 'default',
      source: EVENT_SOURCE,
      resources: [w.arns.acme],
      time: NOW,
    });
    expect(threshold?.detail).toEqual({
      version: '1',
      app: 'Acme',
      secretArn: w.arns.acme,
      secretName: 'sp-api/acme/lwa',
      clientId: CLIENT_ID,
      expiresAt: new Date(NOW.getTime() + 5 * MS_PER_DAY).toISOString(),
      daysLeft: 5,
      severity: '7-day',
      time: NOW.toISOString(),
      thresholdDays: 7,
    });
    expect(w.fake.eventBridge.eventsOf(EVENT_DETAIL_TYPE.expired)[0]?.detail).toMatchObject({
      app: 'Gamma',
      secretArn: w.arns.gamma,
      expiresAt: '2026-05-20T00:00:00.000Z',
      severity: 'expired',
      reminder: 0,
    });
    // All of the run's events went in one PutEvents call, after the SNS alerts.
    expect(w.fake.calls.count('EventBridge.PutEvents')).toBe(1);
    const order = w.fake.log
      .map((c) => c.operation)
      .filter((op) => op === 'SNS.Publish' || op === 'EventBridge.PutEvents');
    expect(order).toEqual(['SNS.Publish', 'SNS.Publish', 'EventBridge.PutEvents']);
  });

  it('GIVEN a secret alerted at 7 days WHEN its expiry moves later and the monitor runs again THEN a resolved event names the previous expiry', async () => {
    // Prepare
    const w = newWorld();
    await runOnce(w);
    w.fake.secretsManager.tagResource(w.arns.acme, { 'lwa:rotated-at': rotatedLeaving(170) });

    // Act
    await runOnce(w, new Date(NOW.getTime() + MS_PER_HOUR));

    // Assess
    const resolved = w.fake.eventBridge.eventsOf(EVENT_DETAIL_TYPE.resolved);
    expect(resolved).toHaveLength(1);
    expect(resolved[0]?.detail).toMatchObject({
      app: 'Acme',
      severity: 'resolved',
      previousExpiresAt: new Date(NOW.getTime() + 5 * MS_PER_DAY).toISOString(),
    });
  });

  it('GIVEN app secrets holding a client secret WHEN the monitor runs and puts its events THEN that value is in no event, log line or SNS message', async () => {
    // Prepare
    const w = newWorld();

    // Act
    await runOnce(w);

    // Assess
    expect(w.fake.eventBridge.events.length).toBeGreaterThan(0);
    expect(JSON.stringify(w.fake.eventBridge.events)).not.toContain(SECRET_VALUE_SENTINEL);
    expect(JSON.stringify(w.fake.sns.published)).not.toContain(SECRET_VALUE_SENTINEL);
    expect(output.text()).not.toContain(SECRET_VALUE_SENTINEL);
  });
});

describe('monitor events: an EventBridge that fails never blocks or changes an SNS alert', () => {
  it('GIVEN EventBridge failing every call WHEN the monitor runs THEN every SNS alert goes out, the ledger and the result are those of a run with a working bus, and the failures are logged and counted', async () => {
    // Prepare
    const working = newWorld();
    const failing = newWorld();
    failing.fake.faults.inject({
      operation: 'EventBridge.PutEvents',
      fault: 'server-error',
      times: Infinity,
    });

    // Act
    const expected = await runOnce(working);
    const outcome = await runOnce(failing);

    // Assess
    expect(outcome).toEqual(expected);
    expect(outcome.publishFailures).toBe(0);
    expect(alertsSent(failing)).toEqual(alertsSent(working));
    expect(alertsSent(failing)).toHaveLength(2);
    expect(failing.ledger.saved.map((e) => e.alertState)).toEqual(
      working.ledger.saved.map((e) => e.alertState),
    );
    expect(failing.fake.eventBridge.events).toEqual([]);
    const records = output.records();
    const failures = records.filter(
      (r) => r.message === 'Event not put on the event bus; the alert itself was sent',
    );
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatchObject({ level: 'ERROR', reason: 'InternalException' });
    const counted = records.filter((r) => r[EVENT_METRIC.publishFailures] !== undefined);
    expect(counted.map((r) => r[EVENT_METRIC.publishFailures])).toEqual([2]);
  });

  it('GIVEN EventBridge failing one entry twice WHEN the monitor runs THEN that entry is sent again and every event lands, nothing counted', async () => {
    // Prepare
    const w = newWorld();
    w.fake.eventBridge.failEntries({ times: 2, when: (e) => e.detailType === EVENT_DETAIL_TYPE.expired });

    // Act
    await runOnce(w);

    // Assess
    expect(w.fake.eventBridge.events).toHaveLength(2);
    expect(w.fake.calls.count('EventBridge.PutEvents')).toBe(3);
    expect(output.records().filter((r) => r[EVENT_METRIC.publishFailures] !== undefined)).toEqual([]);
  });
});
