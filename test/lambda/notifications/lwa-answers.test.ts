/**
 * How the notification handler acts on each kind of LWA answer to the new client secret: only
 * invalid_client stops a promotion; a refused grant or scope proves the client authenticated;
 * an answer that says nothing certain is retried like an outage, and reported as what it was.
 */
import 'aws-sdk-client-mock-jest';
import { UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import nock from 'nock';
import type { Harness } from './support/harness';
import { notificationHarness } from './support/harness';
import {
  CLIENT_ID,
  NEW_SECRET,
  SENTINELS,
  appSecretValue,
  newSecretBody,
  sqsEvent,
  sqsRecord,
} from './support/notifications';

let h: Harness;

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
beforeEach(() => {
  h = notificationHarness();
});
afterEach(() => h.restore());

function appSecret(value = appSecretValue()) {
  return h.secrets.add('sp-api/acme-eu', { 'lwa:app': 'Acme EU', 'lwa:client-id': CLIENT_ID }, value);
}

function expectNoSentinelLeak(): void {
  const seen = h.observable();
  for (const sentinel of SENTINELS) expect(seen).not.toContain(sentinel);
}

describe('notification handler: the client authenticated, so the new secret is right', () => {
  it.each([
    ['invalid_grant (the stored refresh token is revoked)', { withRefreshToken: true }, 'invalid_grant'],
    ['invalid_scope', { withRefreshToken: false }, 'invalid_scope'],
    ['unauthorized_client (not a production app)', { withRefreshToken: false }, 'unauthorized_client'],
  ])('promotes on %s, and logs what LWA refused', async (_label, options, error) => {
    // Prepare
    const secret = appSecret(appSecretValue({}, options));
    h.lwaAnswers({ status: 400, body: { error, error_description: 'Refused for a reason' } });

    // Act
    const response = await h.handler(sqsEvent(sqsRecord(newSecretBody())));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(h.sm).toHaveReceivedCommand(UpdateSecretVersionStageCommand);
    expect(JSON.parse(h.secrets.currentValue(secret) ?? '{}')).toMatchObject({ clientSecret: NEW_SECRET });
    expect(h.alerts().map((a) => a.attributes.severity)).toEqual(['new-secret']);
    expect(h.metric('NotificationVerificationFailures')).toBe(0);
    const text = h.output.text();
    expect(text).toContain('LWA authenticated the new client secret but refused the grant or scope');
    expect(text).toContain(error);
    expect(text).toContain('Refused for a reason');
    expectNoSentinelLeak();
  });
});

describe('notification handler: invalid_client alone fails verification', () => {
  it("keeps LWA's error_description, printable and cut, in the alert and the log", async () => {
    // Prepare
    const secret = appSecret();
    const oldVersion = secret.versions[0]?.id;
    h.lwaAnswers({
      status: 401,
      body: {
        error: 'invalid_client',
        error_description: `Client authentication failed\u0007${'z'.repeat(400)}`,
      },
    });

    // Act
    await h.handler(sqsEvent(sqsRecord(newSecretBody())));

    // Assess
    expect(h.secrets.versionWith(secret, 'AWSCURRENT')?.id).toBe(oldVersion);
    const [alert] = h.alerts();
    expect(alert?.attributes.severity).toBe('verification-failed');
    expect(alert?.email).toMatch(
      /HTTP 401 invalid_client "Client authentication failed\?z+\.\.\." \(refresh_token grant\)/,
    );
    expect(h.output.text()).toContain('Client authentication failed?');
    expect(h.output.text()).not.toContain('\u0007');
  });
});

describe('notification handler: an answer that says nothing certain is retried, never promoted', () => {
  it('leaves the secret pending and asks SQS to redeliver, saying what LWA answered', async () => {
    // Prepare
    const secret = appSecret();
    const oldVersion = secret.versions[0]?.id;
    h.lwaAnswers({ status: 400, body: { error: 'invalid_request', error_description: 'Malformed request' } });

    // Act
    const response = await h.handler(sqsEvent(sqsRecord(newSecretBody(), { messageId: 'm-odd' })));

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-odd' }]);
    expect(h.sm).not.toHaveReceivedCommand(UpdateSecretVersionStageCommand);
    expect(h.secrets.versionWith(secret, 'AWSCURRENT')?.id).toBe(oldVersion);
    expect(h.secrets.versionWith(secret, 'AWSPENDING')).toBeDefined();
    expect(h.alerts()).toEqual([]);
    expect(h.output.text()).toContain('LWA answer inconclusive');
    expect(h.output.text()).toContain('LWA answered HTTP 400 invalid_request (Malformed request)');
    expectNoSentinelLeak();
  });

  it('alerts on the last attempt with the answer quoted, not as an LWA outage', async () => {
    // Prepare
    appSecret();
    h.lwaAnswers({ status: 403, body: '<html>Request blocked</html>' });

    // Act
    const response = await h.handler(
      sqsEvent(sqsRecord(newSecretBody(), { messageId: 'm5', receiveCount: 5 })),
    );

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm5' }]);
    const [alert, ...more] = h.alerts();
    expect(more).toEqual([]);
    expect(alert?.attributes.severity).toBe('notification-problem');
    expect(alert?.email).toContain(
      'gave no usable answer in 5 attempts (last: LWA answered HTTP 403 http_403)',
    );
    expect(alert?.email).toContain('redrive');
  });
});
