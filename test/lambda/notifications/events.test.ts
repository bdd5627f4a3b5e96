/**
 * The intake's events: New Secret Stored once the new client secret is staged as AWSPENDING,
 * New Secret Promoted once it is current and its alert went out, on the loopback fake's default
 * bus; never a secret value; and an EventBridge that fails changes nothing else the intake does.
 */
import nock from 'nock';
import { EVENT_DETAIL_TYPE } from '../../../contract/events';
import { EVENT_METRIC } from '../../../contract/telemetry';
import type { Harness } from './support/harness';
import { notificationHarness } from './support/harness';
import {
  CLIENT_ID,
  NEW_EXPIRY,
  NEW_SECRET,
  NOW,
  OLD_EXPIRY,
  SENTINELS,
  appSecretValue,
  newSecretBody,
  sqsEvent,
  sqsRecord,
} from './support/notifications';

const ACCEPTED = {
  status: 200,
  body: { access_token: 'Atza|access-token', token_type: 'bearer', expires_in: 3600 },
};

const harnesses: Harness[] = [];

function harness(): Harness {
  const h = notificationHarness({}, { events: true });
  harnesses.push(h);
  return h;
}

function appSecret(h: Harness, value = appSecretValue()) {
  return h.secrets.add('sp-api/acme-eu', { 'lwa:app': 'Acme EU', 'lwa:client-id': CLIENT_ID }, value);
}

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => {
  for (const h of harnesses.splice(0)) h.restore();
});

describe('intake events: a new secret stored, then promoted', () => {
  it('GIVEN a new secret LWA accepts WHEN the notification is handled THEN a stored and a promoted event name the secret, the client id and both expiries, and no secret value', async () => {
    // Prepare
    const h = harness();
    const secret = appSecret(h);
    const oldVersion = secret.versions[0]?.id ?? '';
    h.lwaAnswers(ACCEPTED);

    // Act
    await h.handler(sqsEvent(sqsRecord(newSecretBody())));

    // Assess
    const events = h.aws.eventBridge.events;
    expect(events.map((e) => e.detailType)).toEqual([
      EVENT_DETAIL_TYPE.newSecretStored,
      EVENT_DETAIL_TYPE.newSecretPromoted,
    ]);
    const common = {
      version: '1',
      app: 'Acme EU',
      secretArn: secret.arn,
      secretName: 'sp-api/acme-eu',
      clientId: CLIENT_ID,
      expiresAt: new Date(NEW_EXPIRY).toISOString(),
      daysLeft: 180,
      severity: 'new-secret',
      time: NOW.toISOString(),
      notificationId: 'notification-new-secret-1',
      oldSecretExpiresAt: new Date(OLD_EXPIRY).toISOString(),
    };
    const pending = h.secrets.versionWith(secret, 'AWSCURRENT')?.id;
    expect(events[0]?.detail).toEqual({ ...common, pendingVersionId: pending, currentVersionId: oldVersion });
    expect(events[1]?.detail).toEqual({
      ...common,
      versionId: pending,
      previousVersionId: oldVersion,
      alreadyCurrent: false,
    });
    expect(events.every((e) => e.source === 'lwa-expiry-monitor' && e.resources[0] === secret.arn)).toBe(
      true,
    );
    const seen = JSON.stringify(events);
    for (const sentinel of SENTINELS) expect(seen).not.toContain(sentinel);
  });

  it('GIVEN the new secret is already the current one WHEN the notification is handled THEN a promoted event says so', async () => {
    // Prepare
    const h = harness();
    appSecret(h, appSecretValue({ clientSecret: NEW_SECRET }));

    // Act
    await h.handler(sqsEvent(sqsRecord(newSecretBody())));

    // Assess
    const events = h.aws.eventBridge.events;
    expect(events.map((e) => e.detailType)).toEqual([EVENT_DETAIL_TYPE.newSecretPromoted]);
    expect(events[0]?.detail).toMatchObject({ alreadyCurrent: true, clientId: CLIENT_ID });
    expect(JSON.stringify(events)).not.toContain(NEW_SECRET);
  });
});

describe('intake events: an EventBridge that fails changes nothing else', () => {
  /** One new secret handled in a harness of its own (SNS is mocked per class: one harness at a time). */
  async function handleNewSecret(eventBridgeFails: boolean) {
    const h = notificationHarness({}, { events: true });
    try {
      const secret = appSecret(h);
      h.lwaAnswers(ACCEPTED);
      if (eventBridgeFails) {
        h.aws.faults.inject({ operation: 'EventBridge.PutEvents', fault: 'server-error', times: Infinity });
      }
      const response = await h.handler(sqsEvent(sqsRecord(newSecretBody())));
      return {
        response,
        alerts: h.alerts(),
        value: h.secrets.currentValue(secret),
        expiresAtTag: secret.tags['lwa:expires-at'],
        claim: h.table.state('notification-new-secret-1'),
        events: h.aws.eventBridge.events.length,
        failuresCounted: h.metric(EVENT_METRIC.publishFailures),
      };
    } finally {
      h.restore();
    }
  }

  it('GIVEN EventBridge failing every call WHEN a new secret is handled THEN it is promoted, its alert goes out and the batch answer is the same as with a working bus; the failures are counted', async () => {
    // Act
    const working = await handleNewSecret(false);
    const failing = await handleNewSecret(true);

    // Assess
    expect(failing.response).toEqual(working.response);
    expect(failing.response.batchItemFailures).toEqual([]);
    expect(failing.alerts).toEqual(working.alerts);
    expect(failing.alerts).toHaveLength(1);
    expect(failing.value).toEqual(working.value);
    expect(failing.expiresAtTag).toBe(working.expiresAtTag);
    expect(failing.claim).toBe('done');
    expect(failing.events).toBe(0);
    expect(working.events).toBe(2);
    expect(failing.failuresCounted).toBe(2);
    expect(working.failuresCounted).toBe(0);
  });
});
