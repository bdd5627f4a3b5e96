import { renderUnknownType } from '../../../../lambda/notifications/alerts/unknown-type';
import { renderVerificationUnavailable } from '../../../../lambda/notifications/alerts/verification-unavailable';
import { renderSecretUnusable } from '../../../../lambda/notifications/alerts/secret-unusable';
import { renderClientNotMatched } from '../../../../lambda/notifications/alerts/client-not-matched';
import { renderVerificationFailed } from '../../../../lambda/notifications/alerts/verification-failed';
import { renderNewSecretInPlace } from '../../../../lambda/notifications/alerts/new-secret-in-place';
import type { AlertMessage } from '../../../../lambda/domain/alert-message';
import { gsm7Length } from '../../../../lambda/domain/gsm7';

const NOW = new Date('2026-09-19T10:05:00Z');
const FACTS = {
  clientId: 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef',
  notificationId: 'n-1',
  notificationType: 'APPLICATION_OAUTH_CLIENT_NEW_SECRET',
  region: 'eu-west-1',
  now: NOW,
  appName: 'Acme EU',
  secretName: 'sp-api/acme-eu',
};
const NEW_EXPIRES = new Date('2027-03-18T10:00:00Z');
const OLD_EXPIRES = new Date('2026-09-26T10:00:00Z');

function expectWithinLimits(alert: AlertMessage): void {
  expect(alert.subject.length).toBeLessThan(100);
  expect(alert.subject).toMatch(/^[\x20-\x7e]+$/);
  const septets = gsm7Length(alert.sms);
  expect(septets).toBeDefined();
  expect(septets).toBeLessThanOrEqual(140);
  expect(alert.email).toContain('This message never contains secret values.');
}

const ALL = (appName: string): AlertMessage[] => {
  const facts = { ...FACTS, appName };
  return [
    renderNewSecretInPlace({
      ...facts,
      newExpiresAt: NEW_EXPIRES,
      oldExpiresAt: OLD_EXPIRES,
      alreadyCurrent: false,
    }),
    renderVerificationFailed({
      ...facts,
      newExpiresAt: NEW_EXPIRES,
      oldExpiresAt: OLD_EXPIRES,
      lwaStatus: 401,
      lwaError: 'invalid_client',
      pendingVersionId: 'v-new',
      currentVersionId: 'v-old',
      grant: 'refresh_token',
    }),
    renderClientNotMatched({
      ...facts,
      match: 'none',
      secretNames: [],
      appTagKey: 'lwa:app',
      deadline: OLD_EXPIRES,
      keptInDeadLetterQueue: true,
    }),
    renderClientNotMatched({
      ...facts,
      clientId: appName,
      match: 'ambiguous',
      secretNames: ['a', 'b'],
      appTagKey: 'lwa:app',
      keptInDeadLetterQueue: false,
    }),
    renderSecretUnusable({
      ...facts,
      problem: 'the secret value is not a JSON object',
      oldExpiresAt: OLD_EXPIRES,
    }),
    renderVerificationUnavailable({ ...facts, reason: 'HTTP 503', oldExpiresAt: OLD_EXPIRES, attempts: 5 }),
    renderUnknownType({ ...facts, notificationType: appName }),
  ];
};

describe('notification alerts: every protocol within its limits', () => {
  it.each([
    ['a short app name', 'Acme EU'],
    ['a long app name', 'A'.repeat(300)],
    ['non-GSM characters', 'Ünïcødé 🚀 Shop — 東京 {brackets} €'],
    ['an empty name', ''],
  ])('keeps subject, SMS and attributes valid with %s', (_label, appName) => {
    for (const alert of ALL(appName)) expectWithinLimits(alert);
  });
});

describe('notification alerts: what each says', () => {
  it('new secret in place: when the old one stops, and that caching apps must reload', () => {
    const alert = renderNewSecretInPlace({
      ...FACTS,
      newExpiresAt: NEW_EXPIRES,
      oldExpiresAt: OLD_EXPIRES,
      alreadyCurrent: false,
    });
    expect(alert.attributes).toEqual({ app: 'Acme EU', severity: 'new-secret', daysLeft: 180 });
    expect(alert.email.split('\n')[0]).toBe(
      'New secret in place: the old one stops working at 2026-09-26 10:00 UTC; running apps that cache the secret must reload before then.',
    );
    expect(alert.email).toContain('stops working at 2026-09-26 10:00 UTC');
    expect(alert.email).toContain('must reload it before then');
  });

  it('verification failed: critical severity, the old one kept, the commands to promote by hand', () => {
    const alert = renderVerificationFailed({
      ...FACTS,
      newExpiresAt: NEW_EXPIRES,
      oldExpiresAt: OLD_EXPIRES,
      lwaStatus: 400,
      lwaError: 'invalid_grant',
      pendingVersionId: 'v-new',
      currentVersionId: 'v-old',
      grant: 'refresh_token',
    });
    expect(alert.attributes).toEqual({ app: 'Acme EU', severity: 'verification-failed', daysLeft: 7 });
    expect(alert.email).toContain('NOT made current');
    expect(alert.email).toContain('refresh token stored in the secret was refused');
    expect(alert.email).toContain('--move-to-version-id v-new --remove-from-version-id v-old');
  });

  it('unknown client on an expiry: says nothing is kept and nothing else is needed', () => {
    const alert = renderClientNotMatched({
      ...FACTS,
      notificationType: 'APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY',
      match: 'none',
      secretNames: [],
      appTagKey: 'lwa:app',
      deadline: NEW_EXPIRES,
      keptInDeadLetterQueue: false,
    });
    expect(alert.email).not.toContain('dead-letter');
    expect(alert.email).toContain('Nothing else is needed');
    expect(alert.attributes.daysLeft).toBe(180);
  });
});
