import fc from 'fast-check';
import { renderClientNotMatched } from '../../../../lambda/notifications/alerts/client-not-matched';
import { renderVerificationFailed } from '../../../../lambda/notifications/alerts/verification-failed';
import { renderNewSecretInPlace } from '../../../../lambda/notifications/alerts/new-secret-in-place';
import { gsm7Length } from '../../../../lambda/domain/gsm7';

const date = fc.date({
  min: new Date('2020-01-01T00:00:00Z'),
  max: new Date('2099-12-31T00:00:00Z'),
  noInvalidDate: true,
});

describe('notification alerts (property): any app name, any dates', () => {
  it('subjects stay printable ASCII under 100 characters and SMS within 140 GSM-7 septets', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 400 }),
        fc.string({ maxLength: 80 }),
        date,
        date,
        (appName, lwaError, a, b) => {
          const facts = {
            clientId: 'amzn1.application-oa2-client.x',
            notificationId: 'n',
            notificationType: 'APPLICATION_OAUTH_CLIENT_NEW_SECRET',
            region: 'eu-west-1',
            now: new Date('2026-01-01T00:00:00Z'),
            appName,
            secretName: 's',
          };
          const alerts = [
            renderNewSecretInPlace({ ...facts, newExpiresAt: a, oldExpiresAt: b, alreadyCurrent: true }),
            renderVerificationFailed({
              ...facts,
              newExpiresAt: a,
              oldExpiresAt: b,
              lwaStatus: 401,
              lwaError,
              pendingVersionId: 'p',
              currentVersionId: 'c',
              grant: 'client_credentials',
            }),
            renderClientNotMatched({
              ...facts,
              clientId: appName,
              match: 'none',
              secretNames: [],
              appTagKey: 'lwa:app',
              deadline: b,
              keptInDeadLetterQueue: true,
            }),
          ];
          for (const alert of alerts) {
            expect(alert.subject.length).toBeLessThan(100);
            expect(alert.subject).toMatch(/^[\x20-\x7e]*$/);
            const septets = gsm7Length(alert.sms);
            expect(septets).toBeDefined();
            expect(septets).toBeLessThanOrEqual(140);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
