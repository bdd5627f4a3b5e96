/**
 * Late, reordered and redriven notifications must never undo a newer one: an older new secret
 * is never made current, an expiry notice never moves the date back across a rotation, and an
 * odd date is reported instead of used. Runs the handler as index.ts wires it (harness).
 */
import 'aws-sdk-client-mock-jest';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import nock from 'nock';
import type { Harness } from './support/harness';
import { notificationHarness } from './support/harness';
import {
  CLIENT_ID,
  NEW_SECRET,
  SENTINELS,
  appSecretValue,
  expiryBody,
  newSecretBody,
  sqsEvent,
  sqsRecord,
} from './support/notifications';

const ACCEPTED = {
  status: 200,
  body: { access_token: 'Atza|access-token', token_type: 'bearer', expires_in: 3600 },
};
/** The secret of the rotation a week before the default one (which issued NEW_SECRET). */
const EARLIER_SECRET = 'amzn1.oa2-cs.v1.SENTINEL-EARLIER-SECRET-0a1b2c3d4e5f60718293';
const EARLIER = {
  notificationId: 'notification-new-secret-0',
  newClientSecret: EARLIER_SECRET,
  eventTime: '2026-09-12T10:00:00.000Z',
  newClientSecretExpiryTime: '2027-03-11T10:00:00Z',
  oldClientSecretExpiryTime: '2026-09-19T10:00:00Z',
};
/** A secret of a rotation after the default one, stored by hand. */
const LATER_SECRET = 'amzn1.oa2-cs.v1.SENTINEL-LATER-SECRET-9f8e7d6c5b4a39281706';
/** The default NEW_SECRET notification's dates (support/notifications.ts). */
const NEWER_EXPIRY = '2027-03-18T10:00:00.000Z';
const NEWER_OLD_STOPS = '2026-09-26T10:00:00.000Z';

let h: Harness;

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => h.restore());

function appSecret(tags: Record<string, string> = {}) {
  return h.secrets.add(
    'sp-api/acme-eu',
    { 'lwa:app': 'Acme EU', 'lwa:client-id': CLIENT_ID, ...tags },
    appSecretValue(),
  );
}

function currentClientSecret(secret: ReturnType<typeof appSecret>): string | undefined {
  return (JSON.parse(h.secrets.currentValue(secret) ?? '{}') as { clientSecret?: string }).clientSecret;
}

function expectNoSecretIn(observed: string): void {
  for (const sentinel of [...SENTINELS, EARLIER_SECRET, LATER_SECRET])
    expect(observed).not.toContain(sentinel);
}

describe('NEW_SECRET: an older secret is never made current', () => {
  beforeEach(() => {
    h = notificationHarness();
  });

  it('GIVEN the newer rotation was promoted WHEN the older one arrives after it (reordered) THEN it is not stored, the notification is settled and one alert says why', async () => {
    // Prepare: LWA would accept both (the older secret still works for 7 days)
    const secret = appSecret();
    h.lwaAnswers(ACCEPTED, ACCEPTED);
    await h.handler(sqsEvent(sqsRecord(newSecretBody())));
    expect(currentClientSecret(secret)).toBe(NEW_SECRET);

    // Act
    const response = await h.handler(sqsEvent(sqsRecord(newSecretBody(EARLIER))));

    // Assess: consumed, nothing written, the date kept
    expect(response.batchItemFailures).toEqual([]);
    expect(currentClientSecret(secret)).toBe(NEW_SECRET);
    expect(secret.tags['lwa:expires-at']).toBe(NEWER_EXPIRY);
    expect(h.sm).toHaveReceivedCommandTimes(PutSecretValueCommand, 1);
    expect(h.lwaRequests).toHaveLength(1);
    expect(h.table.state(EARLIER.notificationId)).toBe('done');
    // ... and one alert names what was ignored, against what
    const alerts = h.alerts();
    expect(alerts.map((a) => a.attributes.severity)).toEqual(['new-secret', 'notification-problem']);
    expect(alerts[1]?.subject).toContain('older client secret ignored');
    expect(alerts[1]?.email).toContain('expires 2027-03-11 10:00 UTC');
    expect(alerts[1]?.email).toContain(
      'the secret this stack made current earlier, which expires 2027-03-18 10:00 UTC',
    );
    expectNoSecretIn(h.observable());
  });

  it('GIVEN the older rotation comes back from the dead-letter queue days later WHEN it is handled THEN it is still refused', async () => {
    // Prepare
    const secret = appSecret();
    h.lwaAnswers(ACCEPTED, ACCEPTED);
    await h.handler(sqsEvent(sqsRecord(newSecretBody())));
    h.clock.now = new Date('2026-09-24T08:00:00Z');

    // Act: a redrive is a new delivery of the same notification
    const response = await h.handler(sqsEvent(sqsRecord(newSecretBody(EARLIER), { receiveCount: 1 })));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(currentClientSecret(secret)).toBe(NEW_SECRET);
    expect(h.alerts()).toHaveLength(2);
  });

  it('GIVEN the secret carries an exact expiry later than the new one (console or expiry notice) WHEN the new secret arrives THEN no value is read and nothing changes', async () => {
    // Prepare
    const secret = appSecret({ 'lwa:expires-at': '2027-03-15T00:00:00Z' });

    // Act
    const response = await h.handler(sqsEvent(sqsRecord(newSecretBody(EARLIER))));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(h.sm).not.toHaveReceivedCommand(GetSecretValueCommand);
    expect(h.sm).not.toHaveReceivedCommand(UpdateSecretVersionStageCommand);
    expect(secret.tags['lwa:expires-at']).toBe('2027-03-15T00:00:00Z');
    expect(h.alerts()[0]?.email).toContain('lwa:expires-at tag says it expires 2027-03-15 00:00 UTC');
  });

  it('GIVEN the newer secret was stored and recorded by hand (lwa:rotated-at) WHEN the older rotation arrives THEN it is not stored', async () => {
    // Prepare: rotated in the console on 09-19 and recorded with mark-rotated, no expiry tag
    const secret = appSecret({ 'lwa:rotated-at': '2026-09-19T11:00:00Z' });

    // Act
    const response = await h.handler(sqsEvent(sqsRecord(newSecretBody(EARLIER))));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(h.sm).not.toHaveReceivedCommand(PutSecretValueCommand);
    expect(secret.tags['lwa:rotated-at']).toBe('2026-09-19T11:00:00Z');
    expect(h.alerts()[0]?.email).toContain(
      'records a rotation at 2026-09-19 11:00 UTC, after this one was issued',
    );
  });

  it('GIVEN the two rotations arrive in order WHEN both are handled THEN each is promoted in turn', async () => {
    // Prepare
    const secret = appSecret();
    h.lwaAnswers(ACCEPTED, ACCEPTED);

    // Act
    await h.handler(sqsEvent(sqsRecord(newSecretBody(EARLIER))));
    expect(currentClientSecret(secret)).toBe(EARLIER_SECRET);
    await h.handler(sqsEvent(sqsRecord(newSecretBody())));

    // Assess
    expect(currentClientSecret(secret)).toBe(NEW_SECRET);
    expect(secret.tags['lwa:expires-at']).toBe(NEWER_EXPIRY);
    expect(h.alerts().map((a) => a.attributes.severity)).toEqual(['new-secret', 'new-secret']);
  });

  it('GIVEN the current version moved after it was read WHEN the promotion is attempted THEN it fails instead of overwriting, and the redelivery decides again', async () => {
    // Prepare: someone stores the newer secret by hand between the read and the promotion
    const secret = appSecret();
    h.lwaAnswers(ACCEPTED, ACCEPTED);
    let moved = false;
    h.secrets.fail = (command) => {
      if (command === 'UpdateSecretVersionStage' && !moved) {
        moved = true;
        h.secrets.storeByHand(secret, appSecretValue({ clientSecret: NEW_SECRET }));
      }
      return undefined;
    };

    // Act
    const first = await h.handler(sqsEvent(sqsRecord(newSecretBody(EARLIER), { messageId: 'm-earlier' })));

    // Assess: the stale promotion was refused by Secrets Manager (AWSCURRENT is no longer where it was read)
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'm-earlier' }]);
    expect(currentClientSecret(secret)).toBe(NEW_SECRET);
  });
});

describe('an expiry notice about the new secret that arrives before the secret itself', () => {
  it('GIVEN storing on WHEN the notice dated the new secret first THEN the new secret is still stored', async () => {
    // Prepare: Amazon's notice about the rotated secret overtook the NEW_SECRET notification
    h = notificationHarness();
    const secret = appSecret();
    await h.handler(
      sqsEvent(
        sqsRecord(expiryBody({ eventTime: '2026-09-19T10:00:01Z', clientSecretExpiryTime: NEWER_EXPIRY })),
      ),
    );
    expect(secret.tags['lwa:expires-at']).toBe(NEWER_EXPIRY);
    h.lwaAnswers(ACCEPTED);

    // Act
    const response = await h.handler(sqsEvent(sqsRecord(newSecretBody())));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(currentClientSecret(secret)).toBe(NEW_SECRET);
    expect(h.alerts().map((a) => a.attributes.severity)).toEqual(['new-secret']);
  });

  it('GIVEN storing off WHEN the notice dated the new secret first THEN the new secret is held and the date moved to the old end', async () => {
    // Prepare
    h = notificationHarness({ storeNewSecrets: false });
    const secret = appSecret();
    await h.handler(
      sqsEvent(
        sqsRecord(expiryBody({ eventTime: '2026-09-19T10:00:01Z', clientSecretExpiryTime: NEWER_EXPIRY })),
      ),
    );

    // Act
    await h.handler(sqsEvent(sqsRecord(newSecretBody())));

    // Assess: not lost, and the monitor counts down to the day the stored secret stops
    expect(h.held).toHaveLength(1);
    expect(secret.tags['lwa:expires-at']).toBe(NEWER_OLD_STOPS);
  });
});

describe('EXPIRY: a notice never moves the date back across a rotation', () => {
  beforeEach(() => {
    h = notificationHarness();
  });

  async function promoteNewer() {
    const secret = appSecret();
    h.lwaAnswers(ACCEPTED);
    await h.handler(sqsEvent(sqsRecord(newSecretBody())));
    expect(secret.tags['lwa:expires-at']).toBe(NEWER_EXPIRY);
    return secret;
  }

  it('GIVEN a promotion WHEN an expiry notice sent before it arrives late THEN the date stays and one alert says why', async () => {
    // Prepare
    const secret = await promoteNewer();

    // Act: the notice about the previous secret, sent before the rotation
    const response = await h.handler(
      sqsEvent(
        sqsRecord(expiryBody({ eventTime: '2026-09-15T00:00:00Z', clientSecretExpiryTime: NEWER_OLD_STOPS })),
      ),
    );

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(secret.tags['lwa:expires-at']).toBe(NEWER_EXPIRY);
    const alert = h.alerts()[1];
    expect(alert?.subject).toContain('expiry notice not applied');
    expect(alert?.email).toContain('before the rotation of 2026-09-19T10:00:00.713Z');
    expect(h.table.state('notification-expiry-1')).toBe('done');
  });

  it('GIVEN a promotion WHEN a notice without any time says an earlier date THEN it is not applied', async () => {
    // Prepare
    const secret = await promoteNewer();

    // Act
    await h.handler(
      sqsEvent(sqsRecord(expiryBody({ eventTime: null, clientSecretExpiryTime: NEWER_OLD_STOPS }))),
    );

    // Assess
    expect(secret.tags['lwa:expires-at']).toBe(NEWER_EXPIRY);
    expect(h.alerts()[1]?.email).toContain('names no time that would show it is newer');
  });

  it('GIVEN a promotion WHEN a later notice confirms the promoted date (to the millisecond or not) THEN it is applied', async () => {
    // Prepare
    const secret = await promoteNewer();

    // Act
    await h.handler(
      sqsEvent(
        sqsRecord(
          expiryBody({
            eventTime: '2026-09-20T00:00:00Z',
            clientSecretExpiryTime: '2027-03-18T09:59:59.500Z',
          }),
        ),
      ),
    );

    // Assess
    expect(secret.tags['lwa:expires-at']).toBe('2027-03-18T09:59:59.500Z');
    expect(h.alerts()).toHaveLength(1);
  });

  it('GIVEN a newer notice was applied WHEN an older one arrives after it THEN the newer date stays', async () => {
    // Prepare
    const secret = appSecret();
    await h.handler(
      sqsEvent(
        sqsRecord(
          expiryBody({
            notificationId: 'expiry-new',
            eventTime: '2026-09-18T00:00:00Z',
            clientSecretExpiryTime: '2027-03-01T00:00:00Z',
          }),
        ),
      ),
    );

    // Act
    await h.handler(
      sqsEvent(
        sqsRecord(
          expiryBody({
            notificationId: 'expiry-old',
            eventTime: '2026-09-10T00:00:00Z',
            clientSecretExpiryTime: '2026-10-01T00:00:00Z',
          }),
        ),
      ),
    );

    // Assess
    expect(secret.tags['lwa:expires-at']).toBe('2027-03-01T00:00:00.000Z');
    expect(h.alerts()[0]?.email).toContain('before the notice of 2026-09-18T00:00:00.000Z already applied');
  });

  it('GIVEN a notice whose date no client secret can have WHEN handled THEN it is reported, not applied', async () => {
    // Prepare
    const secret = appSecret({ 'lwa:expires-at': '2026-12-01T00:00:00Z' });

    // Act: 2028 is far beyond 180 days after the notice
    await h.handler(sqsEvent(sqsRecord(expiryBody({ clientSecretExpiryTime: '2028-01-01T00:00:00Z' }))));

    // Assess
    expect(secret.tags['lwa:expires-at']).toBe('2026-12-01T00:00:00Z');
    const [alert] = h.alerts();
    expect(alert?.email).toContain('more than the 180-day rotation window after the notice');
    expect(alert?.email).toContain('2026-12-01 00:00 UTC');
  });
});

describe('storing new secrets is off (the default): metadata only, nothing lost', () => {
  beforeEach(() => {
    h = notificationHarness({ storeNewSecrets: false });
  });

  it('GIVEN a new secret WHEN storing is off THEN no value is read or written, it is held with its body intact, the date moves to when the stored secret stops, and one alert says how to store it', async () => {
    // Prepare: the stored (old) secret was dated 2026-10-01 by an earlier notice
    const secret = appSecret({ 'lwa:expires-at': '2026-10-01T00:00:00Z' });
    const body = newSecretBody();

    // Act: delivered twice (at least once)
    const first = await h.handler(sqsEvent(sqsRecord(body)));
    const again = await h.handler(sqsEvent(sqsRecord(body)));

    // Assess: consumed, never touching the value
    expect(first.batchItemFailures).toEqual([]);
    expect(again.batchItemFailures).toEqual([]);
    expect(h.sm).not.toHaveReceivedCommand(GetSecretValueCommand);
    expect(h.sm).not.toHaveReceivedCommand(PutSecretValueCommand);
    expect(h.sm).not.toHaveReceivedCommand(UpdateSecretVersionStageCommand);
    expect(h.lwaRequests).toEqual([]);
    // ... held exactly as Amazon sent it, to be released later
    expect(h.held[0]).toMatchObject({
      body,
      notificationId: 'notification-new-secret-1',
      clientId: CLIENT_ID,
    });
    // ... the monitor now counts down to the real deadline of the stored secret
    expect(secret.tags['lwa:expires-at']).toBe(NEWER_OLD_STOPS);
    // ... one alert, not two
    const alerts = h.alerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.subject).toContain('new client secret NOT stored');
    expect(alerts[0]?.email).toContain('npx lwa-expiry release-held');
    expect(alerts[0]?.email).toContain('"storeNewSecrets": true');
    expect(h.table.state('notification-new-secret-1')).toBe('released');
    expectNoSecretIn(h.observable());
  });

  it('GIVEN a held secret WHEN it is released after storing was turned on THEN it is verified and made current', async () => {
    // Prepare
    const secret = appSecret();
    await h.handler(sqsEvent(sqsRecord(newSecretBody())));
    const held = h.held[0];
    if (held === undefined) throw new Error('nothing was held');
    h.lwaAnswers(ACCEPTED);

    // Act: after a redeploy with storeNewSecrets=true, release-held sends the body back
    const response = await h.handlerWith({ storeNewSecrets: true })(sqsEvent(sqsRecord(held.body)));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(currentClientSecret(secret)).toBe(NEW_SECRET);
    expect(secret.tags['lwa:expires-at']).toBe(NEWER_EXPIRY);
    expect(h.table.state('notification-new-secret-1')).toBe('done');
  });

  it('GIVEN a held secret WHEN a later secret was stored and dated by hand before the release THEN the release does not replace it', async () => {
    // Prepare: held; then rotated again in the console (no notification reached the stack),
    // that later secret stored by hand and dated, as the held alert's option B says
    const secret = appSecret();
    await h.handler(sqsEvent(sqsRecord(newSecretBody())));
    const held = h.held[0];
    if (held === undefined) throw new Error('nothing was held');
    h.secrets.storeByHand(secret, appSecretValue({ clientSecret: LATER_SECRET }));
    h.secrets.tag(secret, { 'lwa:expires-at': '2027-03-20T08:00:00Z' });
    // LWA would still accept the held secret: it works for 7 days after the later rotation
    h.lwaAnswers(ACCEPTED);

    // Act: storing turned on, and the held notification released
    const response = await h.handlerWith({ storeNewSecrets: true })(sqsEvent(sqsRecord(held.body)));

    // Assess: the later secret stays current and dated, one alert says why
    expect(response.batchItemFailures).toEqual([]);
    expect(currentClientSecret(secret)).toBe(LATER_SECRET);
    expect(secret.tags['lwa:expires-at']).toBe('2027-03-20T08:00:00Z');
    expect(h.sm).not.toHaveReceivedCommand(PutSecretValueCommand);
    expect(h.alerts()[1]?.subject).toContain('older client secret ignored');
    expect(h.table.state('notification-new-secret-1')).toBe('done');
  });

  it('GIVEN a held secret WHEN a rotation was recorded on the secret but nothing stored since THEN the release still stores it', async () => {
    // Prepare: someone ran mark-rotated after the hold without storing a value
    const secret = appSecret();
    await h.handler(sqsEvent(sqsRecord(newSecretBody())));
    const held = h.held[0];
    if (held === undefined) throw new Error('nothing was held');
    h.secrets.tag(secret, { 'lwa:rotated-at': '2026-09-19T12:00:00Z' });
    h.lwaAnswers(ACCEPTED);

    // Act
    await h.handlerWith({ storeNewSecrets: true })(sqsEvent(sqsRecord(held.body)));

    // Assess: the version is the one held over, so the held secret is still the newest
    expect(currentClientSecret(secret)).toBe(NEW_SECRET);
  });

  it('GIVEN a held secret WHEN an expiry notice about the unstored new secret arrives THEN the date of the stored secret stays', async () => {
    // Prepare
    const secret = appSecret();
    await h.handler(sqsEvent(sqsRecord(newSecretBody())));

    // Act
    await h.handler(
      sqsEvent(
        sqsRecord(expiryBody({ eventTime: '2026-09-20T00:00:00Z', clientSecretExpiryTime: NEWER_EXPIRY })),
      ),
    );

    // Assess
    expect(secret.tags['lwa:expires-at']).toBe(NEWER_OLD_STOPS);
    expect(h.alerts()[1]?.email).toContain('which was not stored');
  });

  it('GIVEN the held-secrets queue refuses WHEN a new secret arrives THEN the message comes back and nothing else happened', async () => {
    // Prepare
    const secret = appSecret();
    h.holdFails = true;

    // Act
    const response = await h.handler(sqsEvent(sqsRecord(newSecretBody(), { messageId: 'm-1' })));

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(secret.tags['lwa:expires-at']).toBeUndefined();
    expect(h.alerts()).toEqual([]);
    expectNoSecretIn(h.observable());
  });
});

describe('storing off without a held-secrets queue', () => {
  it('keeps the message in the queue (then its dead-letter queue) and alerts once', async () => {
    // Prepare
    h = notificationHarness({ storeNewSecrets: false }, { heldQueue: false });
    appSecret();

    // Act
    const first = await h.handler(sqsEvent(sqsRecord(newSecretBody(), { messageId: 'm-1' })));
    const second = await h.handler(
      sqsEvent(sqsRecord(newSecretBody(), { messageId: 'm-1', receiveCount: 2 })),
    );

    // Assess
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(second.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(h.alerts()).toHaveLength(1);
    expect(h.alerts()[0]?.email).toContain('Start DLQ redrive');
  });
});

describe('one client id at a time', () => {
  it('GIVEN another invocation acts on the same client id WHEN a notification for it arrives THEN it is delivered again later, untouched', async () => {
    // Prepare: a live lock held by someone else
    h = notificationHarness();
    const secret = appSecret();
    h.table.items.set(`notification#client-lock#${CLIENT_ID}`, {
      pk: { S: `notification#client-lock#${CLIENT_ID}` },
      state: { S: 'processing' },
      holder: { S: 'another-invocation' },
      leaseUntil: { N: String(h.clock.now.getTime() + 60_000) },
    });

    // Act
    const response = await h.handler(sqsEvent(sqsRecord(expiryBody(), { messageId: 'm-1' })));

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(secret.tags['lwa:expires-at']).toBeUndefined();
    expect(h.table.state('notification-expiry-1')).toBe('released');
  });
});
