import 'aws-sdk-client-mock-jest';
import {
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  TagResourceCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { Logger } from '@aws-lambda-powertools/logger';
import { PublishCommand } from '@aws-sdk/client-sns';
import nock from 'nock';
import { clientRequestTokenFor } from '../../../lambda/notifications/types/new-secret/store';
import { gsm7Length } from '../../../lambda/domain/gsm7';
import type { Harness } from './support/harness';
import { notificationHarness } from './support/harness';
import {
  CLIENT_ID,
  NEW_EXPIRY,
  NEW_SECRET,
  OLD_SECRET,
  OTHER_CLIENT_ID,
  REFRESH_TOKEN,
  SENTINELS,
  appSecretValue,
  expiryBody,
  newSecretBody,
  newSecretEnvelope,
  sqsEvent,
  sqsRecord,
  unknownTypeBody,
} from './support/notifications';

const ACCEPTED = {
  status: 200,
  body: { access_token: 'Atza|access-token', token_type: 'bearer', expires_in: 3600 },
};
const INVALID_CLIENT = {
  status: 401,
  body: { error: 'invalid_client', error_description: 'Client authentication failed' },
};

let h: Harness;

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
beforeEach(() => {
  h = notificationHarness();
});
afterEach(() => h.restore());

function appSecret(tags: Record<string, string> = {}, value = appSecretValue()) {
  return h.secrets.add(
    'sp-api/acme-eu',
    { 'lwa:app': 'Acme EU', 'lwa:client-id': CLIENT_ID, ...tags },
    value,
  );
}

function expectNoSentinelLeak(extra: unknown[] = []): void {
  const seen = [h.observable(), ...extra.map((value) => JSON.stringify(value))].join('\n');
  for (const sentinel of SENTINELS) expect(seen).not.toContain(sentinel);
}

describe('notification handler: APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY', () => {
  it("dates the app's secret with Amazon's expiry time, normalised to UTC ISO-8601", async () => {
    // Prepare
    const secret = appSecret();
    const record = sqsRecord(expiryBody({ clientSecretExpiryTime: '2026-10-10T00:06:39.224+02:00' }));

    // Act
    const response = await h.handler(sqsEvent(record));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(h.sm).toHaveReceivedCommandWith(TagResourceCommand, {
      SecretId: secret.arn,
      Tags: [{ Key: 'lwa:expires-at', Value: '2026-10-09T22:06:39.224Z' }],
    });
    expect(secret.tags['lwa:expires-at']).toBe('2026-10-09T22:06:39.224Z');
    expect(h.sm).toHaveReceivedCommandWith(ListSecretsCommand, {
      Filters: [
        { Key: 'tag-key', Values: ['lwa:client-id'] },
        { Key: 'tag-value', Values: [CLIENT_ID] },
      ],
    });
    expect(h.sm).not.toHaveReceivedCommand(GetSecretValueCommand);
    expect(h.sns).not.toHaveReceivedCommand(PublishCommand);
    expect(h.table.state('notification-expiry-1')).toBe('done');
    expect(
      h.processed({
        notificationType: 'APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY',
        clientId: CLIENT_ID,
        outcome: 'expiry-tagged',
        disposition: 'consume',
      }),
    ).toBe(1);
  });

  it('never matches by prefix: a longer client id, or a secret without the app tag, is not the app', async () => {
    // Prepare: both pass the ListSecrets prefix filters, neither is the app's secret
    const longer = h.secrets.add(
      'sp-api/longer-id',
      { 'lwa:app': 'Other', 'lwa:client-id': `${CLIENT_ID}99` },
      '{}',
    );
    const untagged = h.secrets.add('not-an-app', { 'lwa:client-id': CLIENT_ID }, '{}');
    const secret = appSecret();

    // Act
    const response = await h.handler(sqsEvent(sqsRecord(expiryBody())));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(secret.tags['lwa:expires-at']).toBeDefined();
    expect(longer.tags['lwa:expires-at']).toBeUndefined();
    expect(untagged.tags['lwa:expires-at']).toBeUndefined();
  });

  it('alerts and consumes an expiry for a client id no secret carries', async () => {
    // Prepare
    h.secrets.add('sp-api/other', { 'lwa:app': 'Other', 'lwa:client-id': OTHER_CLIENT_ID }, '{}');

    // Act
    const response = await h.handler(sqsEvent(sqsRecord(expiryBody())));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(h.sm).not.toHaveReceivedCommand(TagResourceCommand);
    const [alert, ...more] = h.alerts();
    expect(more).toEqual([]);
    expect(alert?.attributes.severity).toBe('notification-problem');
    expect(alert?.email).toContain(`lwa:client-id=${CLIENT_ID}`);
    expect(alert?.email).toContain('aws secretsmanager tag-resource');
    expect(h.metric('NotificationUnknownClients')).toBe(1);
    expect(h.output.text()).toContain('No secret carries the tag lwa:client-id with this client id');
  });

  it('changes nothing when several secrets carry the client id, and names them in the alert', async () => {
    // Prepare
    const first = appSecret();
    const second = h.secrets.add(
      'sp-api/acme-eu-copy',
      { 'lwa:app': 'Acme copy', 'lwa:client-id': CLIENT_ID },
      '{}',
    );

    // Act
    const response = await h.handler(sqsEvent(sqsRecord(expiryBody())));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(h.sm).not.toHaveReceivedCommand(TagResourceCommand);
    expect(first.tags['lwa:expires-at']).toBeUndefined();
    expect(second.tags['lwa:expires-at']).toBeUndefined();
    expect(h.alerts()[0]?.email).toContain('sp-api/acme-eu, sp-api/acme-eu-copy');
    expect(h.metric('NotificationAmbiguousClients')).toBe(1);
  });
});

describe('notification handler: APPLICATION_OAUTH_CLIENT_NEW_SECRET, verified by LWA', () => {
  it('stages the new secret as AWSPENDING, verifies it, then promotes it and dates the secret', async () => {
    // Prepare
    const secret = appSecret();
    const oldVersion = secret.versions[0]?.id ?? '';
    h.lwaAnswers(ACCEPTED);

    // Act
    const response = await h.handler(sqsEvent(sqsRecord(newSecretBody())));

    // Assess: stored as pending with a token derived from the notification, other fields kept
    expect(response.batchItemFailures).toEqual([]);
    const token = clientRequestTokenFor('notification-new-secret-1', oldVersion);
    expect(h.sm).toHaveReceivedCommandWith(PutSecretValueCommand, {
      SecretId: secret.arn,
      ClientRequestToken: token,
      VersionStages: ['AWSPENDING'],
    });
    const stored = JSON.parse(h.secrets.currentValue(secret) ?? '{}') as Record<string, string>;
    expect(stored).toEqual({
      clientId: CLIENT_ID,
      clientSecret: NEW_SECRET,
      refreshToken: REFRESH_TOKEN,
      marketplace: 'A1PA6795UKMFR9',
    });
    // ... verified with the refresh_token grant and the NEW secret
    expect(h.lwaRequests).toEqual([
      {
        grant_type: 'refresh_token',
        client_id: CLIENT_ID,
        client_secret: NEW_SECRET,
        refresh_token: REFRESH_TOKEN,
      },
    ]);
    // ... then promoted, the old version kept as AWSPREVIOUS, AWSPENDING cleared
    expect(h.sm).toHaveReceivedCommandWith(UpdateSecretVersionStageCommand, {
      SecretId: secret.arn,
      VersionStage: 'AWSCURRENT',
      MoveToVersionId: token,
      RemoveFromVersionId: oldVersion,
    });
    expect([...(h.secrets.versionWith(secret, 'AWSPREVIOUS')?.stages ?? [])]).toEqual(['AWSPREVIOUS']);
    expect(h.secrets.versionWith(secret, 'AWSPREVIOUS')?.id).toBe(oldVersion);
    expect(h.secrets.versionWith(secret, 'AWSPENDING')).toBeUndefined();
    expect(secret.tags['lwa:expires-at']).toBe('2027-03-18T10:00:00.000Z');
    // ... and the owners told when the old one stops working
    const [alert] = h.alerts();
    expect(alert?.attributes).toEqual({ app: 'Acme EU', severity: 'new-secret', daysLeft: '180' });
    expect(alert?.email).toContain('The old client secret stops working at 2026-09-26 10:00 UTC');
    expect(alert?.email).toContain('Running apps that cache the secret must reload it before then');
    expect(alert?.sms).toContain('new secret in place. Old one stops 2026-09-26 10:00 UTC');
    expect(gsm7Length(alert?.sms ?? '')).toBeLessThanOrEqual(140);
    expect(h.table.state('notification-new-secret-1')).toBe('done');
    expectNoSentinelLeak([response]);
  });

  it('verifies with client_credentials when the secret stores no refresh token', async () => {
    // Prepare
    const secret = appSecret({}, appSecretValue({}, { withRefreshToken: false }));
    h.lwaAnswers(ACCEPTED);

    // Act
    await h.handler(sqsEvent(sqsRecord(newSecretBody())));

    // Assess
    expect(h.lwaRequests).toEqual([
      {
        grant_type: 'client_credentials',
        client_id: CLIENT_ID,
        client_secret: NEW_SECRET,
        scope: 'sellingpartnerapi::client_credential:rotation',
      },
    ]);
    expect(JSON.parse(h.secrets.currentValue(secret) ?? '{}')).toMatchObject({ clientSecret: NEW_SECRET });
  });

  it('NEVER promotes a secret LWA rejects (invalid_client): the old version stays current, a critical alert goes out', async () => {
    // Prepare
    const secret = appSecret();
    const oldVersion = secret.versions[0]?.id;
    h.lwaAnswers(INVALID_CLIENT);

    // Act
    const response = await h.handler(sqsEvent(sqsRecord(newSecretBody())));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(h.sm).not.toHaveReceivedCommand(UpdateSecretVersionStageCommand);
    expect(h.secrets.versionWith(secret, 'AWSCURRENT')?.id).toBe(oldVersion);
    expect(h.secrets.currentValue(secret)).toBe(appSecretValue());
    expect(h.secrets.versionWith(secret, 'AWSPENDING')?.secretString).toContain(NEW_SECRET);
    expect(secret.tags['lwa:expires-at']).toBeUndefined();
    const [alert] = h.alerts();
    expect(alert?.attributes.severity).toBe('verification-failed');
    expect(alert?.attributes.daysLeft).toBe('7');
    expect(alert?.subject).toContain('FAILED verification');
    expect(alert?.email).toContain('HTTP 401 invalid_client');
    expect(alert?.email).toContain('--move-to-version-id');
    expect(alert?.sms).toContain('FAILED verification (invalid_client)');
    expect(h.metric('NotificationVerificationFailures')).toBe(1);
    expect(h.table.state('notification-new-secret-1')).toBe('done');
    expectNoSentinelLeak([response]);
  });

  it.each([
    ['HTTP 500', { status: 500, body: 'Internal Server Error' }],
    ['HTTP 503', { status: 503, body: { error: 'server_error' } }],
    ['HTTP 429', { status: 429, body: { error: 'TooManyRequests' } }],
    ['a timeout', 'timeout' as const],
  ])('leaves the new secret pending and asks SQS to redeliver when LWA answers %s', async (_label, reply) => {
    // Prepare
    const secret = appSecret();
    const oldVersion = secret.versions[0]?.id;
    h.lwaAnswers(reply);
    const record = sqsRecord(newSecretBody(), { messageId: 'm-unavailable' });

    // Act
    const response = await h.handler(sqsEvent(record));

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-unavailable' }]);
    expect(h.sm).not.toHaveReceivedCommand(UpdateSecretVersionStageCommand);
    expect(h.secrets.versionWith(secret, 'AWSCURRENT')?.id).toBe(oldVersion);
    expect(h.secrets.versionWith(secret, 'AWSPENDING')).toBeDefined();
    expect(h.sns).not.toHaveReceivedCommand(PublishCommand);
    expect(h.table.state('notification-new-secret-1')).toBe('released');
    expect(h.metric('NotificationLwaUnavailable')).toBe(1);
    expect(h.output.text()).toContain('LWA unavailable');
    expectNoSentinelLeak([response]);
  });

  it('promotes on the redelivery after an LWA outage, reusing the same pending version', async () => {
    // Prepare
    const secret = appSecret();
    h.lwaAnswers({ status: 503 }, ACCEPTED);
    const body = newSecretBody();

    // Act
    const first = await h.handler(sqsEvent(sqsRecord(body, { messageId: 'm1', receiveCount: 1 })));
    const second = await h.handler(sqsEvent(sqsRecord(body, { messageId: 'm1', receiveCount: 2 })));

    // Assess
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(second.batchItemFailures).toEqual([]);
    const puts = h.sm
      .commandCalls(PutSecretValueCommand)
      .map((call) => call.args[0].input.ClientRequestToken);
    expect(puts).toHaveLength(2);
    expect(new Set(puts).size).toBe(1);
    expect(secret.versions).toHaveLength(2);
    expect(JSON.parse(h.secrets.currentValue(secret) ?? '{}')).toMatchObject({ clientSecret: NEW_SECRET });
    expect(h.alerts().map((a) => a.attributes.severity)).toEqual(['new-secret']);
  });

  it('alerts once, on the last attempt, that LWA stayed unavailable and the message goes to the DLQ', async () => {
    // Prepare
    appSecret();
    h.lwaAnswers({ status: 502 });

    // Act
    const response = await h.handler(
      sqsEvent(sqsRecord(newSecretBody(), { messageId: 'm5', receiveCount: 5 })),
    );

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm5' }]);
    const [alert, ...more] = h.alerts();
    expect(more).toEqual([]);
    expect(alert?.attributes.severity).toBe('notification-problem');
    expect(alert?.email).toContain('dead-letter queue');
    expect(alert?.email).toContain('redrive');
  });
});

describe('notification handler: a NEW_SECRET that cannot be stored is never dropped', () => {
  it('reports an unknown client id as a batch item failure and alerts once, with the DLQ redrive steps', async () => {
    // Prepare: no secret carries the client id yet
    const body = newSecretBody();

    // Act: two deliveries of the same message
    const first = await h.handler(sqsEvent(sqsRecord(body, { messageId: 'm1', receiveCount: 1 })));
    const second = await h.handler(sqsEvent(sqsRecord(body, { messageId: 'm1', receiveCount: 2 })));

    // Assess
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(second.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    const alerts = h.alerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.attributes).toMatchObject({ severity: 'notification-problem', app: CLIENT_ID });
    expect(alerts[0]?.email).toContain('kept in the notification dead-letter queue for 14 days');
    expect(alerts[0]?.email).toContain(`Key=lwa:client-id,Value=${CLIENT_ID}`);
    expect(alerts[0]?.email).toContain('redrive');
    expect(h.sm).not.toHaveReceivedCommand(PutSecretValueCommand);
    expect(h.metric('NotificationUnknownClients')).toBe(2);
    expectNoSentinelLeak([first, second]);
  });

  it('stores and verifies the secret when the message comes back after the operator tagged the secret', async () => {
    // Prepare
    const body = newSecretBody();
    await h.handler(sqsEvent(sqsRecord(body, { messageId: 'm1' })));
    const secret = appSecret();
    h.lwaAnswers(ACCEPTED);

    // Act: the redrive
    const response = await h.handler(sqsEvent(sqsRecord(body, { messageId: 'm1-redriven' })));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(JSON.parse(h.secrets.currentValue(secret) ?? '{}')).toMatchObject({ clientSecret: NEW_SECRET });
  });

  it.each([
    ['not JSON', 'not-json-at-all', 'is not a JSON object'],
    [
      'missing the client secret field',
      JSON.stringify({ clientId: CLIENT_ID, refreshToken: REFRESH_TOKEN }),
      '"clientSecret"',
    ],
    ['holding another client id', appSecretValue({ clientId: OTHER_CLIENT_ID }), 'different client id'],
  ])('refuses to write into a secret %s, alerts and keeps the message', async (_label, value, problem) => {
    // Prepare
    const secret = appSecret({}, value);

    // Act
    const response = await h.handler(sqsEvent(sqsRecord(newSecretBody(), { messageId: 'm-bad-secret' })));

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-bad-secret' }]);
    expect(h.sm).not.toHaveReceivedCommand(PutSecretValueCommand);
    expect(secret.versions).toHaveLength(1);
    const [alert] = h.alerts();
    expect(alert?.attributes.severity).toBe('notification-problem');
    expect(alert?.email).toContain(problem);
    expectNoSentinelLeak([response]);
  });
});

describe('notification handler: idempotent on redelivery by notificationId', () => {
  it('does nothing on the second delivery of a processed NEW_SECRET', async () => {
    // Prepare
    appSecret();
    h.lwaAnswers(ACCEPTED);
    const body = newSecretBody();
    await h.handler(sqsEvent(sqsRecord(body, { messageId: 'first' })));
    h.sm.resetHistory();
    h.sns.resetHistory();

    // Act: SQS delivers the same notification again (even as another message)
    const response = await h.handler(sqsEvent(sqsRecord(body, { messageId: 'again' })));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(h.sm.calls()).toHaveLength(0);
    expect(h.sns.calls()).toHaveLength(0);
    expect(h.lwaRequests).toHaveLength(1);
    expect(h.output.text()).toContain('already processed');
    expect(
      h.processed({
        notificationType: 'APPLICATION_OAUTH_CLIENT_NEW_SECRET',
        outcome: 'duplicate',
      }),
    ).toBe(1);
  });

  it('does nothing on the second delivery of a processed EXPIRY', async () => {
    // Prepare
    appSecret();
    await h.handler(sqsEvent(sqsRecord(expiryBody())));
    h.sm.resetHistory();

    // Act
    const response = await h.handler(sqsEvent(sqsRecord(expiryBody())));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(h.sm.calls()).toHaveLength(0);
  });

  it('finishes the work after a crash between promotion and recording: date and alert, no second version', async () => {
    // Prepare: the secret already holds the new client secret as current (promoted, then the tag failed)
    const secret = appSecret({}, appSecretValue({ clientSecret: NEW_SECRET }));

    // Act
    const response = await h.handler(sqsEvent(sqsRecord(newSecretBody())));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(h.sm).not.toHaveReceivedCommand(PutSecretValueCommand);
    expect(h.lwaRequests).toEqual([]);
    expect(secret.tags['lwa:expires-at']).toBe('2027-03-18T10:00:00.000Z');
    expect(h.alerts().map((a) => a.attributes.severity)).toEqual(['new-secret']);
  });

  it('retries a failed promotion on redelivery, and releases the claim in between', async () => {
    // Prepare
    const secret = appSecret();
    let failPromotion = true;
    h.secrets.fail = (command) => {
      if (command === 'UpdateSecretVersionStage' && failPromotion) {
        failPromotion = false;
        return Object.assign(new Error(`Service unavailable while handling ${NEW_SECRET}`), {
          name: 'InternalServiceError',
        });
      }
      return undefined;
    };
    h.lwaAnswers(ACCEPTED, ACCEPTED);
    const body = newSecretBody();

    // Act
    const first = await h.handler(sqsEvent(sqsRecord(body, { messageId: 'm1' })));
    const stateBetween = h.table.state('notification-new-secret-1');
    const second = await h.handler(sqsEvent(sqsRecord(body, { messageId: 'm1', receiveCount: 2 })));

    // Assess
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(stateBetween).toBe('released');
    expect(second.batchItemFailures).toEqual([]);
    expect(JSON.parse(h.secrets.currentValue(secret) ?? '{}')).toMatchObject({ clientSecret: NEW_SECRET });
    expect(h.output.text()).toContain('[redacted]');
    expectNoSentinelLeak([first, second]);
  });

  it('leaves a notification another invocation holds to that invocation', async () => {
    // Prepare: a live claim by someone else
    appSecret();
    h.table.items.set('notification#notification-new-secret-1', {
      pk: { S: 'notification#notification-new-secret-1' },
      state: { S: 'processing' },
      holder: { S: 'other-invocation' },
      leaseUntil: { N: String(h.clock.now.getTime() + 60_000) },
    });

    // Act
    const response = await h.handler(sqsEvent(sqsRecord(newSecretBody(), { messageId: 'm-busy' })));

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-busy' }]);
    expect(h.sm.calls()).toHaveLength(0);
  });

  it('takes over the claim of a crashed invocation once its lease has lapsed', async () => {
    // Prepare
    const secret = appSecret();
    h.table.items.set('notification#notification-expiry-1', {
      pk: { S: 'notification#notification-expiry-1' },
      state: { S: 'processing' },
      holder: { S: 'crashed-invocation' },
      leaseUntil: { N: String(h.clock.now.getTime() - 1) },
    });

    // Act
    const response = await h.handler(sqsEvent(sqsRecord(expiryBody())));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(secret.tags['lwa:expires-at']).toBeDefined();
  });

  it('alerts again after SNS failed to take the alert: nothing is recorded as done', async () => {
    // Prepare
    h.sns
      .on(PublishCommand)
      .rejectsOnce(new Error('InternalError: SNS unavailable'))
      .resolves({ MessageId: 'ok' });
    const body = expiryBody({ clientId: OTHER_CLIENT_ID });

    // Act
    const first = await h.handler(sqsEvent(sqsRecord(body, { messageId: 'm1' })));
    const second = await h.handler(sqsEvent(sqsRecord(body, { messageId: 'm1', receiveCount: 2 })));

    // Assess
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(second.batchItemFailures).toEqual([]);
    expect(h.sns.commandCalls(PublishCommand)).toHaveLength(2);
    expect(h.table.state('notification-expiry-1')).toBe('done');
  });
});

describe('notification handler: malformed messages and unknown types', () => {
  it.each([
    ['a body that is not JSON', `{"payload": {"newClientSecret": "${NEW_SECRET}"`],
    ['a JSON array', '[1, 2, 3]'],
    ['no notificationType', JSON.stringify({ payload: {} })],
    [
      'no newClientSecret',
      JSON.stringify({
        ...newSecretEnvelope(),
        payload: {
          applicationOAuthClientNewSecret: { clientId: CLIENT_ID, newClientSecretExpiryTime: NEW_EXPIRY },
        },
      }),
    ],
    ['an impossible expiry date', newSecretBody({ newClientSecretExpiryTime: '2027-02-30T10:00:00Z' })],
    ['a client id that is no client id', newSecretBody({ clientId: '!amzn1.application-oa2-client.x' })],
    ['no payload', JSON.stringify({ notificationType: 'APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY' })],
  ])(
    'reports %s as a batch item failure, with a metric and a log line that omits the body',
    async (_label, body) => {
      // Prepare
      appSecret();

      // Act
      const response = await h.handler(sqsEvent(sqsRecord(body, { messageId: 'm-malformed' })));

      // Assess
      expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-malformed' }]);
      expect(h.metric('NotificationsMalformed')).toBe(1);
      const errors = h.output
        .records()
        .filter((r) => r.message === 'Malformed notification: left for redelivery and the dead-letter queue');
      expect(errors).toHaveLength(1);
      expect(errors[0]?.messageId).toBe('m-malformed');
      expect(typeof errors[0]?.reason).toBe('string');
      expect(h.output.text()).not.toContain(body);
      expect(h.sm.calls()).toHaveLength(0);
      expectNoSentinelLeak([response]);
    },
  );

  it('alerts and consumes a notification of a type it does not handle', async () => {
    // Act
    const response = await h.handler(sqsEvent(sqsRecord(unknownTypeBody())));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const [alert] = h.alerts();
    expect(alert?.attributes.severity).toBe('notification-problem');
    expect(alert?.email).toContain('ANY_OFFER_CHANGED');
    expect(h.processed({ notificationType: 'other', outcome: 'unknown-type' })).toBe(1);
    expect(h.sm.calls()).toHaveLength(0);
  });

  it('alerts a type at most once a day, however many arrive, and again the next day', async () => {
    // Act: three of one type and one of another on one day, one more the next day
    const day1 = await h.handler(
      sqsEvent(
        sqsRecord(unknownTypeBody('other-1')),
        sqsRecord(unknownTypeBody('other-2')),
        sqsRecord(unknownTypeBody('other-3')),
        sqsRecord(unknownTypeBody('other-4').replace('ANY_OFFER_CHANGED', 'ORDER_CHANGE')),
      ),
    );
    h.clock.now = new Date(h.clock.now.getTime() + 24 * 3_600_000);
    await h.handler(sqsEvent(sqsRecord(unknownTypeBody('other-5'))));

    // Assess: every one consumed and counted, two alerts on day one (one per type), one on day two
    expect(day1.batchItemFailures).toEqual([]);
    expect(h.processed({ notificationType: 'other', outcome: 'unknown-type' })).toBe(5);
    expect(h.alerts().map((a) => /type (\w+)/.exec(a.email)?.[1])).toEqual([
      'ANY_OFFER_CHANGED',
      'ORDER_CHANGE',
      'ANY_OFFER_CHANGED',
    ]);
  });

  it('tries the daily alert again when SNS did not take it', async () => {
    // Prepare
    h.sns.on(PublishCommand).rejectsOnce(new Error('SNS is down')).resolves({ MessageId: 'sns-2' });

    // Act
    const first = await h.handler(sqsEvent(sqsRecord(unknownTypeBody('other-1'), { messageId: 'm-1' })));
    const second = await h.handler(sqsEvent(sqsRecord(unknownTypeBody('other-1'), { messageId: 'm-1' })));

    // Assess: the first delivery comes back; the second sends the alert
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(second.batchItemFailures).toEqual([]);
    expect(h.sns).toHaveReceivedCommandTimes(PublishCommand, 2);
  });
});

describe('notification handler: one bad message never blocks the others', () => {
  it('returns exactly the failed messages of a mixed batch', async () => {
    // Prepare
    const secret = appSecret();
    h.lwaAnswers(ACCEPTED);
    const event = sqsEvent(
      sqsRecord(expiryBody({ notificationId: 'n-expiry' }), { messageId: 'ok-expiry' }),
      sqsRecord('{"notificationType": ', { messageId: 'bad-json' }),
      sqsRecord(newSecretBody({ clientId: OTHER_CLIENT_ID, notificationId: 'n-unknown' }), {
        messageId: 'unknown-client',
      }),
      sqsRecord(newSecretBody({ notificationId: 'n-new' }), { messageId: 'ok-new-secret' }),
      sqsRecord(unknownTypeBody('n-other'), { messageId: 'ok-other-type' }),
    );

    // Act
    const response = await h.handler(event);

    // Assess
    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: 'bad-json' },
      { itemIdentifier: 'unknown-client' },
    ]);
    expect(JSON.parse(h.secrets.currentValue(secret) ?? '{}')).toMatchObject({ clientSecret: NEW_SECRET });
    expect(secret.tags['lwa:expires-at']).toBe('2027-03-18T10:00:00.000Z');
    expect(
      h
        .alerts()
        .map((a) => a.attributes.severity)
        .sort(),
    ).toEqual(['new-secret', 'notification-problem', 'notification-problem']);
    expectNoSentinelLeak([response]);
  });

  it('keeps going when the ledger itself fails for one message', async () => {
    // Prepare
    const secret = appSecret();
    h.table.fail = (input) =>
      input.Key?.pk?.S === 'notification#n-broken'
        ? new Error('ProvisionedThroughputExceededException')
        : undefined;

    // Act
    const response = await h.handler(
      sqsEvent(
        sqsRecord(expiryBody({ notificationId: 'n-broken', clientId: OTHER_CLIENT_ID }), {
          messageId: 'broken',
        }),
        sqsRecord(expiryBody({ notificationId: 'n-fine' }), { messageId: 'fine' }),
      ),
    );

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'broken' }]);
    expect(secret.tags['lwa:expires-at']).toBeDefined();
  });
});

describe('notification handler: no secret value ever leaves the secret', () => {
  it('redacts the new secret on the last-resort path too, when handling itself breaks', async () => {
    // Prepare: a bug that quotes the body in an error, thrown outside the per-message guards
    appSecret();
    const envelope = newSecretEnvelope();
    const metadata: Record<string, unknown> = { ...envelope.notificationMetadata };
    delete metadata.notificationId;
    const body = JSON.stringify({ ...envelope, notificationMetadata: metadata });
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementationOnce(() => {
      throw new Error(`broken while reading ${body}`);
    });

    // Act
    let response;
    try {
      response = await h.handler(sqsEvent(sqsRecord(body, { messageId: 'm-bug' })));
    } finally {
      warn.mockRestore();
    }

    // Assess: delivered again, and the error is logged without the secret
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-bug' }]);
    expect(h.output.text()).toContain('Unexpected failure handling a message');
    expect(h.output.text()).toContain('[redacted]');
    expectNoSentinelLeak([response]);
  });

  it('keeps the sentinel secrets out of every log, alert, metric, ledger item, tag and error, whatever happens', async () => {
    // Prepare: one of each path, including errors whose messages carry a secret
    appSecret();
    h.secrets.add('sp-api/beta', { 'lwa:app': 'Beta', 'lwa:client-id': OTHER_CLIENT_ID }, 'not json');
    let puts = 0;
    h.secrets.fail = (command) =>
      command === 'PutSecretValue' && ++puts === 1
        ? new Error(`ValidationException: bad value ${NEW_SECRET} ${OLD_SECRET} ${REFRESH_TOKEN}`)
        : undefined;
    h.lwaAnswers(INVALID_CLIENT, { status: 500 }, ACCEPTED);
    const bodies = [
      newSecretBody({ notificationId: 'n-put-fails' }),
      newSecretBody({ notificationId: 'n-rejected' }),
      newSecretBody({ notificationId: 'n-unavailable' }),
      newSecretBody({ notificationId: 'n-accepted' }),
      newSecretBody({ notificationId: 'n-beta', clientId: OTHER_CLIENT_ID }),
      newSecretBody({ notificationId: 'n-unknown', clientId: 'amzn1.application-oa2-client.unknown' }),
      newSecretBody({ notificationId: 'n-bad-date', oldClientSecretExpiryTime: 'soon' }),
      `not json ${NEW_SECRET}`,
    ];

    // Act
    const responses = [];
    for (const body of bodies) responses.push(await h.handler(sqsEvent(sqsRecord(body))));

    // Assess
    expect(h.alerts().map((a) => a.attributes.severity)).toEqual([
      'verification-failed',
      'new-secret',
      'notification-problem',
      'notification-problem',
    ]);
    expect(h.output.text()).toContain('ValidationException: bad value [redacted] [redacted] [redacted]');
    expect(responses.flatMap((r) => r.batchItemFailures)).toHaveLength(6);
    expectNoSentinelLeak(responses);
  });
});

describe('notification handler: custom credential field names', () => {
  it('replaces only the configured client secret field', async () => {
    // Prepare
    h.restore();
    h = notificationHarness({
      fields: { clientId: 'lwa_client_id', clientSecret: 'lwa_client_secret', refreshToken: 'refresh_token' },
    });
    const secret = h.secrets.add(
      'sp-api/custom',
      { 'lwa:app': 'Custom', 'lwa:client-id': CLIENT_ID },
      JSON.stringify({
        lwa_client_id: CLIENT_ID,
        lwa_client_secret: OLD_SECRET,
        refresh_token: REFRESH_TOKEN,
        clientSecret: 'unrelated',
      }),
    );
    h.lwaAnswers(ACCEPTED);

    // Act
    const response = await h.handler(sqsEvent(sqsRecord(newSecretBody())));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(JSON.parse(h.secrets.currentValue(secret) ?? '{}')).toEqual({
      lwa_client_id: CLIENT_ID,
      lwa_client_secret: NEW_SECRET,
      refresh_token: REFRESH_TOKEN,
      clientSecret: 'unrelated',
    });
    expect(h.lwaRequests[0]?.grant_type).toBe('refresh_token');
  });
});

it('derives NEW_SECRET tokens Secrets Manager accepts (32 to 64 characters), stable per notification and version', () => {
  const token = clientRequestTokenFor('n-1', 'v-1');
  expect(token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(clientRequestTokenFor('n-1', 'v-1')).toBe(token);
  expect(clientRequestTokenFor('n-2', 'v-1')).not.toBe(token);
  expect(clientRequestTokenFor('n-1', 'v-2')).not.toBe(token);
  expect(NEW_EXPIRY).toBe('2027-03-18T10:00:00Z');
});
