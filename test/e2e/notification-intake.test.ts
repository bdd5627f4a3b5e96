/**
 * The notification intake exactly as deployed (bundled by scripts/bundle.mjs, loaded with
 * `require`, twice: with storing new secrets off, the default, and on) runs against the loopback
 * fake of Secrets Manager, DynamoDB, SNS and SQS through AWS_ENDPOINT_URL, and a local LWA token
 * endpoint through LWA_TOKEN_ENDPOINT. Notifications go through a fake SQS queue the way Lambda's
 * event source delivers them (batch item failures come back after the visibility timeout, a
 * message received 5 times moves to the dead-letter queue). What the secrets, their stages and
 * tags, the alerts and the ledger end up as is compared with the intake's rules; the function's
 * whole output is read for secret values.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import type { FakeAws, PublishedMessage } from '../../tools/fake-aws';
import { FakeAws as FakeAwsServer } from '../../tools/fake-aws';
import { runAgainst } from '../cli/support/fake-aws-cli';
import type { CapturedOutput } from '../lambda/support/captured-output';
import { captureOutput } from '../lambda/support/captured-output';
import { DAY_MS, HOUR_MS } from './support/alert-oracle';
import type { NotificationHandler } from './support/intake-bundle';
import {
  INTAKE_VARIABLES,
  intakeEnvironment,
  notificationHandlerOf,
  pollOnce,
} from './support/intake-bundle';
import type { LwaReply } from './support/lwa-endpoint';
import {
  LWA_ACCEPTED,
  LWA_INVALID_CLIENT,
  LWA_INVALID_GRANT,
  LWA_UNAVAILABLE,
  LocalLwaEndpoint,
} from './support/lwa-endpoint';
import type { BuiltBundles } from './support/monitor-bundle';
import { buildBundles } from './support/monitor-bundle';
import { attributeOf, fakeDateOnly, iso } from './support/world';

const T0 = Date.parse('2026-09-19T10:05:00Z');
const TABLE = 'lwa-alert-ledger';
const WINDOW_MS = 180 * DAY_MS;
const OVERLAP_MS = 7 * DAY_MS;
/** What the construct gives the notification queue: six times the 2-minute function timeout. */
const VISIBILITY_MS = 12 * 60_000;
const MAX_RECEIVE_COUNT = 5;
const OLD_SECRET = 'amzn1.oa2-cs.v1.E2E-SENTINEL-OLD-0123456789abcdef0123';
const REFRESH_TOKEN = 'Atzr|E2E-SENTINEL-REFRESH-0123456789abcdef';

/** Every secret value the run handles: none may appear in a log, an alert or the ledger. */
const SECRET_VALUES: string[] = [OLD_SECRET, REFRESH_TOKEN];

function newSecretValue(name: string): string {
  const value = `amzn1.oa2-cs.v1.E2E-SENTINEL-${name}-${'0123456789abcdef'.repeat(2)}`;
  SECRET_VALUES.push(value);
  return value;
}

function clientIdOf(letter: string): string {
  return `amzn1.application-oa2-client.${letter.repeat(32)}`;
}

interface Rotation {
  readonly notificationId: string;
  readonly clientId: string;
  readonly secret: string;
  readonly issuedAt: number;
  readonly newExpiresAt: number;
  readonly oldExpiresAt: number;
}

function rotation(notificationId: string, clientId: string, secretName: string, issuedAt: number): Rotation {
  return {
    notificationId,
    clientId,
    secret: newSecretValue(secretName),
    issuedAt,
    newExpiresAt: issuedAt + WINDOW_MS,
    oldExpiresAt: issuedAt + OVERLAP_MS,
  };
}

function metadata(notificationId: string, publishedAt: number) {
  return {
    applicationId: 'amzn1.sp.solution.0f0e0d0c-1111-2222-3333-444455556666',
    subscriptionId: '7d4e1c2a-aaaa-bbbb-cccc-ddddeeeeffff',
    publishTime: iso(publishedAt + 1_000),
    notificationId,
  };
}

/** An APPLICATION_OAUTH_CLIENT_NEW_SECRET body as Amazon sends it. */
function newSecretBody(r: Rotation): string {
  return JSON.stringify({
    notificationVersion: '1.0',
    notificationType: 'APPLICATION_OAUTH_CLIENT_NEW_SECRET',
    payloadVersion: '2023-11-30',
    eventTime: iso(r.issuedAt),
    payload: {
      applicationOAuthClientNewSecret: {
        clientId: r.clientId,
        newClientSecret: r.secret,
        newClientSecretExpiryTime: iso(r.newExpiresAt),
        oldClientSecretExpiryTime: iso(r.oldExpiresAt),
      },
    },
    notificationMetadata: metadata(r.notificationId, r.issuedAt),
  });
}

function expiryBody(notificationId: string, clientId: string, sentAt: number, expiresAt: number): string {
  return JSON.stringify({
    notificationVersion: '1.0',
    notificationType: 'APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY',
    payloadVersion: '2023-11-30',
    eventTime: iso(sentAt),
    payload: {
      applicationOAuthClientSecretExpiry: {
        clientId,
        clientSecretExpiryTime: iso(expiresAt),
        clientSecretExpiryReason: 'PERIODIC_ROTATION',
      },
    },
    notificationMetadata: metadata(notificationId, sentAt),
  });
}

function unknownTypeBody(notificationId: string, sentAt: number): string {
  return JSON.stringify({
    notificationVersion: '1.0',
    notificationType: 'ANY_OFFER_CHANGED',
    payloadVersion: '1.0',
    eventTime: iso(sentAt),
    payload: { anyOfferChangedNotification: {} },
    notificationMetadata: metadata(notificationId, sentAt),
  });
}

describe('Notification intake bundle end to end', () => {
  const savedEnv = { ...process.env };
  let bundles: BuiltBundles;
  let fake: FakeAws;
  let lwa: LocalLwaEndpoint;
  let sqs: SQSClient;
  let output: CapturedOutput;
  let holding: NotificationHandler;
  let storing: NotificationHandler;
  let notificationQueue: { url: string; arn: string; region: string };
  let deadLetterUrl: string;
  let heldUrl: string;

  function load(storeNewSecrets: 'true' | undefined, topicArn: string): NotificationHandler {
    for (const name of INTAKE_VARIABLES) delete process.env[name];
    Object.assign(
      process.env,
      intakeEnvironment(fake.clientEnvironment(), {
        topicArn,
        tableName: TABLE,
        heldQueueUrl: heldUrl,
        lwaTokenEndpoint: lwa.url,
        storeNewSecrets,
      }),
    );
    const file = bundles.files.notifications ?? '';
    let loaded: unknown;
    // A fresh module registry: the bundle reads its environment once, at load, as at a cold start.
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is CommonJS, built just now
      loaded = require(file);
    });
    return notificationHandlerOf(loaded, file);
  }

  /** Lambda's event source: polls until nothing is visible in the queue. */
  async function drain(handler: NotificationHandler): Promise<void> {
    for (let polls = 0; polls < 50; polls++) {
      if ((await pollOnce(sqs, notificationQueue, handler)).delivered === 0) return;
    }
    throw new Error('the notification queue did not drain in 50 polls');
  }

  async function deliver(handler: NotificationHandler, ...bodies: string[]): Promise<void> {
    for (const body of bodies) fake.sqs.send(notificationQueue.url, body);
    await drain(handler);
  }

  function setClock(at: number): void {
    jest.setSystemTime(at);
  }

  function appSecret(name: string, app: string, clientId: string, tags: Record<string, string> = {}) {
    return fake.secretsManager.createSecret({
      name,
      createdAt: new Date(T0 - 400 * DAY_MS),
      tags: { 'lwa:app': app, 'lwa:client-id': clientId, ...tags },
      firstVersionAt: new Date(T0 - 170 * DAY_MS),
      value: JSON.stringify({
        clientId,
        clientSecret: OLD_SECRET,
        refreshToken: REFRESH_TOKEN,
        marketplace: 'A1PA6795UKMFR9',
      }),
    });
  }

  /** The client secret of the version holding `stage`, read from the fake's state. */
  function clientSecretAt(secretName: string, stage: string): string | undefined {
    const version = fake.secretsManager.versionsOf(secretName).find((v) => v.stages.includes(stage));
    return version?.value === undefined
      ? undefined
      : (JSON.parse(version.value) as { clientSecret?: string }).clientSecret;
  }

  /** Every version's client secret with its stages, in the order the versions were made. */
  function versions(secretName: string): [string, string[]][] {
    return fake.secretsManager
      .versionsOf(secretName)
      .map((v) => [
        (JSON.parse(v.value ?? '{}') as { clientSecret?: string }).clientSecret ?? '?',
        [...v.stages].sort(),
      ]);
  }

  function tag(secretName: string, key: string): string | undefined {
    return fake.secretsManager.get(secretName).tags.get(key);
  }

  function alertsOf(app: string): PublishedMessage[] {
    return fake.sns.published.filter((m) => attributeOf(m, 'app') === app);
  }

  function severities(app: string): string[] {
    return alertsOf(app).map((m) => attributeOf(m, 'severity'));
  }

  function ledger(key: string): Record<string, unknown> | undefined {
    const item = fake.dynamodb.table(TABLE).get(key);
    return item === undefined
      ? undefined
      : Object.fromEntries(Object.entries(item).map(([k, v]) => [k, v.S ?? v.N]));
  }

  function lwaSecretsFor(clientId: string): string[] {
    return lwa.requests.filter((r) => r.client_id === clientId).map((r) => r.client_secret ?? '?');
  }

  function scriptLwa(...replies: LwaReply[]): void {
    lwa.answer(...replies);
  }

  beforeAll(async () => {
    // The bundle's wall clock follows the simulated time; the loopback servers keep real timers.
    fakeDateOnly();
    setClock(T0);
    bundles = buildBundles(['notifications']);
    fake = await FakeAwsServer.start();
    lwa = await LocalLwaEndpoint.start();
    fake.dynamodb.createTable(TABLE);
    const topicArn = fake.sns.createTopic('alerts');
    deadLetterUrl = fake.sqs.createQueue('notifications-dlq');
    const url = fake.sqs.createQueue('notifications', {
      visibilityTimeoutSeconds: VISIBILITY_MS / 1000,
      deadLetter: { queueUrl: deadLetterUrl, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    notificationQueue = {
      url,
      arn: `arn:aws:sqs:${fake.region}:${fake.accountId}:notifications`,
      region: fake.region,
    };
    heldUrl = fake.sqs.createQueue('held-secrets');
    sqs = new SQSClient(fake.clientConfig());
    output = captureOutput();
    holding = load(undefined, topicArn);
    storing = load('true', topicArn);
  }, 60_000);

  afterAll(async () => {
    output?.restore();
    jest.useRealTimers();
    sqs?.destroy();
    await lwa?.close();
    await fake?.close();
    bundles?.remove();
    process.env = savedEnv;
  });

  describe('(a) two rotations delivered in reverse order', () => {
    const client = clientIdOf('a');
    const older = rotation('a-rotation-1', client, 'A-OLDER', T0 - 7 * DAY_MS);
    const newer = rotation('a-rotation-2', client, 'A-NEWER', T0 - 5 * 60_000);

    beforeAll(async () => {
      setClock(T0);
      appSecret('sp-api/alpha', 'Alpha', client);
      // LWA would accept either (the older secret still works during the overlap); only the
      // newer one is asked about.
      scriptLwa(LWA_ACCEPTED);
      await deliver(storing, newSecretBody(newer));
      await deliver(storing, newSecretBody(older));
    });

    it('keeps the newer secret current and never stores the older one', () => {
      expect(clientSecretAt('sp-api/alpha', 'AWSCURRENT')).toBe(newer.secret);
      expect(versions('sp-api/alpha')).toEqual([
        [OLD_SECRET, ['AWSPREVIOUS']],
        [newer.secret, ['AWSCURRENT']],
      ]);
      expect(tag('sp-api/alpha', 'lwa:expires-at')).toBe(iso(newer.newExpiresAt));
      expect(lwaSecretsFor(client)).toEqual([newer.secret]);
    });

    it('refuses the older one with one notification-problem alert, and settles it', () => {
      expect(severities('Alpha')).toEqual(['new-secret', 'notification-problem']);
      expect(alertsOf('Alpha')[1]?.Subject).toContain('older client secret ignored');
      expect(ledger(`notification#${older.notificationId}`)).toMatchObject({
        state: 'done',
        outcome: 'older-secret-ignored',
      });
      expect(ledger(`notification#client#${client}`)).toMatchObject({
        promotedNotificationId: newer.notificationId,
        promotedExpiresAt: iso(newer.newExpiresAt),
      });
      expect(fake.sqs.messages(notificationQueue.url)).toEqual([]);
    });
  });

  describe('(b) a stale expiry notice after a promotion', () => {
    const client = clientIdOf('b');
    const base = T0 + HOUR_MS;
    const promoted = rotation('b-rotation', client, 'B', base - 5 * 60_000);

    beforeAll(async () => {
      setClock(base);
      appSecret('sp-api/bravo', 'Bravo', client);
      scriptLwa(LWA_ACCEPTED);
      await deliver(storing, newSecretBody(promoted));
      // Sent three days before the rotation, about the secret it replaced
      await deliver(storing, expiryBody('b-expiry-stale', client, base - 3 * DAY_MS, promoted.oldExpiresAt));
    });

    it('does not move lwa:expires-at back, and says why in one alert', () => {
      expect(tag('sp-api/bravo', 'lwa:expires-at')).toBe(iso(promoted.newExpiresAt));
      expect(severities('Bravo')).toEqual(['new-secret', 'notification-problem']);
      expect(alertsOf('Bravo')[1]?.Subject).toContain('expiry notice not applied');
      expect(ledger('notification#b-expiry-stale')).toMatchObject({
        state: 'done',
        outcome: 'expiry-ignored',
      });
    });

    it('still applies a later notice that confirms the promoted secret, without an alert', async () => {
      setClock(base + HOUR_MS);
      const confirmed = promoted.newExpiresAt - 500;
      await deliver(storing, expiryBody('b-expiry-fresh', client, base + HOUR_MS, confirmed));
      expect(tag('sp-api/bravo', 'lwa:expires-at')).toBe(iso(confirmed));
      expect(severities('Bravo')).toHaveLength(2);
    });
  });

  describe('(c) the older rotation redriven from the dead-letter queue days later', () => {
    const client = clientIdOf('c');
    const base = T0 + DAY_MS;
    const older = rotation('c-rotation-1', client, 'C-OLDER', base - 5 * 60_000);
    const newer = rotation('c-rotation-2', client, 'C-NEWER', base + 2 * HOUR_MS);
    let redriven = 0;

    beforeAll(async () => {
      setClock(base);
      appSecret('sp-api/charlie', 'Charlie', client);
      // LWA is down for every delivery of the older rotation: it ends in the dead-letter queue
      scriptLwa(...Array.from({ length: MAX_RECEIVE_COUNT }, () => LWA_UNAVAILABLE));
      fake.sqs.send(notificationQueue.url, newSecretBody(older));
      for (let attempt = 0; attempt <= MAX_RECEIVE_COUNT; attempt++) {
        setClock(base + attempt * (VISIBILITY_MS + 1_000));
        await drain(storing);
      }
      // The next rotation arrives and is promoted
      setClock(newer.issuedAt + 60_000);
      scriptLwa(LWA_ACCEPTED);
      await deliver(storing, newSecretBody(newer));
      // Days later, someone redrives the dead-letter queue
      setClock(base + 5 * DAY_MS);
      redriven = fake.sqs.redrive(deadLetterUrl, notificationQueue.url);
      await drain(storing);
    });

    it('took the older rotation to the dead-letter queue after 5 attempts, with one alert on the last', () => {
      expect(lwaSecretsFor(client)).toEqual([
        ...Array.from({ length: MAX_RECEIVE_COUNT }, () => older.secret),
        newer.secret,
      ]);
      expect(alertsOf('Charlie')[0]?.Subject).toContain('not verified yet (LWA down)');
      expect(redriven).toBe(1);
    });

    it('refuses the redriven older rotation: the newer secret stays current, one alert says why', () => {
      expect(clientSecretAt('sp-api/charlie', 'AWSCURRENT')).toBe(newer.secret);
      expect(clientSecretAt('sp-api/charlie', 'AWSPENDING')).toBeUndefined();
      expect(tag('sp-api/charlie', 'lwa:expires-at')).toBe(iso(newer.newExpiresAt));
      expect(severities('Charlie')).toEqual(['notification-problem', 'new-secret', 'notification-problem']);
      expect(alertsOf('Charlie')[2]?.Subject).toContain('older client secret ignored');
      expect(ledger(`notification#${older.notificationId}`)).toMatchObject({
        state: 'done',
        outcome: 'older-secret-ignored',
      });
      expect(fake.sqs.messages(deadLetterUrl)).toEqual([]);
      expect(fake.sqs.messages(notificationQueue.url)).toEqual([]);
    });
  });

  describe('(d) storing new secrets off (the default), then released once it is on', () => {
    const client = clientIdOf('d');
    const base = T0 + 7 * DAY_MS;
    const r = rotation('d-rotation', client, 'D', base - 5 * 60_000);
    const body = newSecretBody(r);
    let valueCalls: Record<string, number>;
    let lwaCalls: number;

    const valueCallCounts = () => ({
      get: fake.calls.count('SecretsManager.GetSecretValue'),
      put: fake.calls.count('SecretsManager.PutSecretValue'),
      stage: fake.calls.count('SecretsManager.UpdateSecretVersionStage'),
    });

    beforeAll(async () => {
      setClock(base);
      appSecret('sp-api/delta', 'Delta', client, { 'lwa:expires-at': iso(base + 30 * DAY_MS) });
      valueCalls = valueCallCounts();
      lwaCalls = lwa.requests.length;
      // Delivered twice, as SQS may
      await deliver(holding, body, body);
    });

    it('reads and writes no secret value and asks LWA nothing', () => {
      expect(valueCallCounts()).toEqual(valueCalls);
      expect(lwa.requests).toHaveLength(lwaCalls);
      expect(versions('sp-api/delta')).toEqual([[OLD_SECRET, ['AWSCURRENT']]]);
    });

    it('keeps the body exactly as Amazon sent it in the held queue, with its metadata', () => {
      const held = fake.sqs.messages(heldUrl);
      expect(held.map((m) => m.body)).toEqual([body, body]);
      expect(held[0]?.attributes).toEqual({
        notificationId: { DataType: 'String', StringValue: r.notificationId },
        clientId: { DataType: 'String', StringValue: client },
        heldAt: { DataType: 'String', StringValue: iso(base) },
      });
      expect(fake.sqs.messages(notificationQueue.url)).toEqual([]);
    });

    it('dates the secret to when the stored one stops working, alerts once, and keeps the claim reopenable', () => {
      expect(tag('sp-api/delta', 'lwa:expires-at')).toBe(iso(r.oldExpiresAt));
      expect(severities('Delta')).toEqual(['notification-problem']);
      expect(alertsOf('Delta')[0]?.Subject).toContain('new client secret NOT stored');
      expect(alertsOf('Delta')[0]?.bodies?.email).toContain('npx lwa-expiry release-held');
      expect(ledger(`notification#${r.notificationId}`)).toMatchObject({ state: 'released' });
    });

    it('is not released while the stack says storing is off', async () => {
      fake.cloudFormation.putStack({
        name: 'LwaExpiryMonitor',
        outputs: {
          HeldSecretsQueueUrl: heldUrl,
          NotificationQueueUrl: notificationQueue.url,
          StoreNewSecrets: 'false',
        },
      });
      const run = await runAgainst(fake, ['release-held']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('storeNewSecrets');
      expect(fake.sqs.messages(heldUrl)).toHaveLength(2);
    });

    it('after a deploy with storing on, release-held hands it to the intake, which verifies and promotes it', async () => {
      // Prepare: the redeployed stack, and the function loaded with STORE_NEW_SECRETS=true
      setClock(base + HOUR_MS);
      fake.cloudFormation.putStack({
        name: 'LwaExpiryMonitor',
        outputs: {
          HeldSecretsQueueUrl: heldUrl,
          NotificationQueueUrl: notificationQueue.url,
          StoreNewSecrets: 'true',
        },
      });
      scriptLwa(LWA_ACCEPTED);

      // Act
      const run = await runAgainst(fake, ['release-held']);
      await drain(storing);

      // Assess
      expect(run.code).toBe(0);
      expect(fake.sqs.messages(heldUrl)).toEqual([]);
      expect(lwaSecretsFor(client)).toEqual([r.secret]);
      expect(versions('sp-api/delta')).toEqual([
        [OLD_SECRET, ['AWSPREVIOUS']],
        [r.secret, ['AWSCURRENT']],
      ]);
      expect(tag('sp-api/delta', 'lwa:expires-at')).toBe(iso(r.newExpiresAt));
      expect(severities('Delta')).toEqual(['notification-problem', 'new-secret']);
      expect(ledger(`notification#${r.notificationId}`)).toMatchObject({
        state: 'done',
        outcome: 'promoted',
      });
      expect(fake.sqs.messages(notificationQueue.url)).toEqual([]);
    });
  });

  describe('(e) what LWA answers decides the promotion', () => {
    const rejectedClient = clientIdOf('e');
    const refusedClient = clientIdOf('f');
    const base = T0 + 8 * DAY_MS;
    const rejected = rotation('e-rotation', rejectedClient, 'E', base - 5 * 60_000);
    const refused = rotation('f-rotation', refusedClient, 'F', base - 4 * 60_000);

    beforeAll(async () => {
      setClock(base);
      appSecret('sp-api/echo', 'Echo', rejectedClient);
      appSecret('sp-api/foxtrot', 'Foxtrot', refusedClient);
      scriptLwa(LWA_INVALID_CLIENT);
      await deliver(storing, newSecretBody(rejected));
      scriptLwa(LWA_INVALID_GRANT);
      await deliver(storing, newSecretBody(refused));
    });

    it('invalid_client blocks the promotion: the new secret stays AWSPENDING, the old one current, an urgent alert', () => {
      expect(versions('sp-api/echo')).toEqual([
        [OLD_SECRET, ['AWSCURRENT']],
        [rejected.secret, ['AWSPENDING']],
      ]);
      expect(tag('sp-api/echo', 'lwa:expires-at')).toBeUndefined();
      expect(severities('Echo')).toEqual(['verification-failed']);
      expect(alertsOf('Echo')[0]?.Subject).toContain('FAILED verification');
      expect(ledger(`notification#${rejected.notificationId}`)).toMatchObject({
        state: 'done',
        outcome: 'verification-failed',
      });
    });

    it('invalid_grant does not: the client authenticated, so the new secret is promoted', () => {
      expect(versions('sp-api/foxtrot')).toEqual([
        [OLD_SECRET, ['AWSPREVIOUS']],
        [refused.secret, ['AWSCURRENT']],
      ]);
      expect(tag('sp-api/foxtrot', 'lwa:expires-at')).toBe(iso(refused.newExpiresAt));
      expect(severities('Foxtrot')).toEqual(['new-secret']);
    });

    it('verified each new secret with the stored refresh token', () => {
      const requests = lwa.requests.filter(
        (q) => q.client_id === rejectedClient || q.client_id === refusedClient,
      );
      expect(requests.map((q) => [q.grant_type, q.refresh_token === REFRESH_TOKEN])).toEqual([
        ['refresh_token', true],
        ['refresh_token', true],
      ]);
    });
  });

  describe('(f) notifications of an unknown type', () => {
    const base = Date.parse('2026-09-28T09:00:00Z');

    beforeAll(async () => {
      setClock(base);
      await deliver(holding, unknownTypeBody('g-other-1', base));
      setClock(base + 3 * HOUR_MS);
      await deliver(holding, unknownTypeBody('g-other-2', base + 3 * HOUR_MS));
    });

    it('alert once a day per type, and are removed from the queue', () => {
      expect(alertsOf('ANY_OFFER_CHANGED').map((m) => m.Subject)).toEqual([
        expect.stringContaining('notification of an unknown type'),
      ]);
      expect(fake.sqs.messages(notificationQueue.url)).toEqual([]);
      expect(fake.sqs.messages(deadLetterUrl)).toEqual([]);
    });

    it('alert again the next day', async () => {
      setClock(base + DAY_MS);
      await deliver(holding, unknownTypeBody('g-other-3', base + DAY_MS));
      expect(alertsOf('ANY_OFFER_CHANGED')).toHaveLength(2);
    });
  });

  describe('secret values', () => {
    it('never appear in the logs, the alerts or the ledger', () => {
      const logs = output.text();
      // The check means something only if the function did log
      expect(logs).toContain('Notification handled');
      const alerts = JSON.stringify(fake.sns.published.map((m) => [m.Subject, m.Message]));
      const table = JSON.stringify([...fake.dynamodb.table(TABLE).items.values()]);
      for (const value of SECRET_VALUES) {
        expect(logs).not.toContain(value);
        expect(alerts).not.toContain(value);
        expect(table).not.toContain(value);
      }
      expect(logs).not.toContain('E2E-SENTINEL');
    });

    it('left nothing the fake could not answer, and no LWA reply unused', () => {
      expect(fake.problems).toEqual([]);
      expect(lwa.pending).toBe(0);
    });
  });
});
