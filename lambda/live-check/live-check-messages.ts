import { AUTOMATION_SEVERITY } from '../../contract/severities';
import type { AlertMessage } from '../domain/alert-message';
import { renderAutomationAlert } from '../domain/automation-alert';
import type { LiveCheckAlertContext } from './alert-facts';
import { facts, repeatNote } from './alert-facts';
import type { LiveCheckAlert } from './live-check-policy';
import { warningText } from './warning-text';

/**
 * Severities of the live check's alerts. `secret-rejected` is the shared automation severity
 * (urgent: reaches SMS); a warning is a problem that does not stop the client secret itself.
 */
export const LIVE_CHECK_SEVERITY = {
  rejected: AUTOMATION_SEVERITY.secretRejected,
  warning: AUTOMATION_SEVERITY.credentialWarning,
  recovered: 'resolved',
} as const;

export function liveCheckAlert(kind: LiveCheckAlert, ctx: LiveCheckAlertContext): AlertMessage {
  switch (kind) {
    case 'secret-rejected':
      return secretRejectedAlert(ctx);
    case 'secret-expired':
      return secretExpiredAlert(ctx);
    case 'other-rejection':
    case 'unverified':
    case 'lwa-inconclusive':
    case 'sp-api-refused':
    case 'malformed':
      return warningAlert(ctx);
    case 'recovered':
      return recoveredAlert(ctx);
  }
}

function secretRejectedAlert(ctx: LiveCheckAlertContext): AlertMessage {
  return renderAutomationAlert({
    severity: LIVE_CHECK_SEVERITY.rejected,
    appName: ctx.appName,
    owner: ctx.owner,
    subjectTail: 'client secret REJECTED by LWA',
    daysLeft: 0,
    sms: (app) =>
      `LWA REJECTS the client secret of ${app} now (invalid_client): SP-API calls fail. Rotate it in Developer Console.`,
    email: [
      `Login with Amazon rejects the client id or client secret stored for ${ctx.appName} (invalid_client).`,
      'Every app that uses these credentials can no longer get access tokens: its SP-API calls fail now.',
      '',
      ...facts(ctx),
      '',
      'Likely causes',
      '  - The secret expired (it was not rotated within 180 days).',
      '  - It was rotated more than 7 days ago and the new secret never reached this AWS secret.',
      '  - The client id or secret in the AWS secret was edited by mistake.',
      '',
      'What to do now',
      '  1. Developer Console > your app > LWA credentials > View: compare the client id; rotate the secret ("Rotate secret") if it expired.',
      '  2. Store the current client secret as a new version of this AWS secret (or let the notification queue deliver it).',
      '  3. Restart or reload the apps that cache the secret.',
      '',
      repeatNote(ctx),
    ],
  });
}

function secretExpiredAlert(ctx: LiveCheckAlertContext): AlertMessage {
  const details = 'spApi' in ctx.result ? ctx.result.spApi.error.details : undefined;
  return renderAutomationAlert({
    severity: LIVE_CHECK_SEVERITY.rejected,
    appName: ctx.appName,
    owner: ctx.owner,
    subjectTail: 'client secret EXPIRED: SP-API refuses it',
    daysLeft: 0,
    sms: (app) =>
      `LWA client secret of ${app} EXPIRED: SP-API refuses it. Rotate it in Developer Console now; re-authorising sellers won't help.`,
    email: [
      `The LWA client secret stored for ${ctx.appName} has EXPIRED. LWA still issued a token, but SP-API refuses it${details ? `: "${details}"` : ''}.`,
      'Every SP-API call of every app that uses this client secret fails now.',
      '',
      ...facts(ctx),
      '',
      'What to do now',
      '  1. Developer Console > your app > LWA credentials > View > "Rotate secret". Do it now: rotation by API cannot fix an expired secret.',
      '  2. Store the new client secret as a new version of this AWS secret (or let the notification queue deliver it), then reload the apps that cache it.',
      '  Re-authorising the app with your sellers does not help: the refresh tokens are fine, the client secret is not.',
      '',
      repeatNote(ctx),
    ],
  });
}

function warningAlert(ctx: LiveCheckAlertContext): AlertMessage {
  const text = warningText(ctx);
  return renderAutomationAlert({
    severity: LIVE_CHECK_SEVERITY.warning,
    appName: ctx.appName,
    owner: ctx.owner,
    subjectTail: text.subjectTail,
    daysLeft: ctx.daysLeft,
    sms: text.sms,
    email: [...text.lead, '', ...facts(ctx), '', 'What it means', ...text.meaning, '', repeatNote(ctx)],
  });
}

function recoveredAlert(ctx: LiveCheckAlertContext): AlertMessage {
  return renderAutomationAlert({
    severity: LIVE_CHECK_SEVERITY.recovered,
    appName: ctx.appName,
    owner: ctx.owner,
    subjectTail: 'credentials accepted by LWA and SP-API again',
    daysLeft: ctx.daysLeft,
    sms: (app) => `LWA and SP-API accept the credentials of ${app} again. No action needed.`,
    email: [
      `Login with Amazon and SP-API accept the stored credentials of ${ctx.appName} again: the problem reported earlier is gone.`,
      '',
      ...facts(ctx),
      '',
      'No action is needed.',
    ],
  });
}
