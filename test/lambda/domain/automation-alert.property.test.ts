import fc from 'fast-check';
import { SMS_MAX_SEPTETS, SUBJECT_MAX_CHARS } from '../../../lambda/domain/alert-message';
import { gsm7Length } from '../../../lambda/domain/gsm7';
import { renderAutomationAlert } from '../../../lambda/domain/automation-alert';
import { anyUnicodeString } from '../../support/arbitraries';

describe('renderAutomationAlert: every message fits its channel, whatever the app name', () => {
  it('keeps the subject printable ASCII under 100 characters and the SMS within 140 GSM-7 septets', () => {
    fc.assert(
      fc.property(
        anyUnicodeString({ maxLength: 300 }),
        fc.integer({ min: -999, max: 999 }),
        (appName, days) => {
          const message = renderAutomationAlert({
            severity: 'rotation-failed',
            appName,
            subjectTail: 'automatic rotation failed, will retry',
            daysLeft: days,
            sms: (app) =>
              `LWA auto-rotation of ${app} failed (Amazon error), ${days}d left. Retries next run.`,
            email: ['line'],
          });
          expect(message.subject.length).toBeLessThanOrEqual(SUBJECT_MAX_CHARS);
          expect(message.subject).toMatch(/^[\x20-\x7e]+$/);
          const septets = gsm7Length(message.sms);
          expect(septets).toBeDefined();
          expect(septets).toBeLessThanOrEqual(SMS_MAX_SEPTETS);
          expect(message.sms).toContain('Retries next run.');
          expect(message.attributes).toEqual({
            app: appName.trim() || '?',
            severity: 'rotation-failed',
            daysLeft: days,
          });
        },
      ),
    );
  });

  it('keeps a short app name whole and marks a cut one with ~', () => {
    const render = (appName: string) =>
      renderAutomationAlert({
        severity: 'x',
        appName,
        subjectTail: 'tail',
        daysLeft: 1,
        sms: (app) => `${'.'.repeat(100)} ${app}!`,
        email: [],
      });
    expect(render('Acme Tools').sms.endsWith(' Acme Tools!')).toBe(true);
    expect(render('A'.repeat(80)).sms).toMatch(/ A+~!$/);
    expect(render('Acme').email).toContain('This message never contains secret values.');
  });
});
