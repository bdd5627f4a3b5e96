import { AUTOMATION_SEVERITY } from '../commons/severities';
import type { AlertMessage } from '../domain/alert-message';
import { formatUtc } from '../domain/iso-date';
import { renderAutomationAlert } from '../domain/automation-alert';
import type { CheckResult, LiveCheckAlert } from './live-check-policy';

/**
 * Severities of the live check's alerts. `secret-rejected` is the shared automation severity
 * (urgent: reaches SMS); a warning is a problem that does not stop the client secret itself.
 */
export const LIVE_CHECK_SEVERITY = {
  rejected: AUTOMATION_SEVERITY.secretRejected,
  warning: AUTOMATION_SEVERITY.credentialWarning,
  recovered: 'resolved',
} as const;

export interface LiveCheckAlertContext {
  readonly appName: string;
  readonly secretName: string;
  readonly region: string;
  readonly now: Date;
  readonly result: CheckResult;
  /** Days until the secret's expiry; 0 when it is rejected (access is lost now). */
  readonly daysLeft: number;
  readonly realertHours: number;
}

function facts(ctx: LiveCheckAlertContext): string[] {
  const lines = [
    `App:            ${ctx.appName}`,
    `Secret:         ${ctx.secretName}`,
    `Region:         ${ctx.region}`,
    `Checked at:     ${formatUtc(ctx.now)}`,
  ];
  const r = ctx.result;
  if (r.state === 'secret-rejected' || r.state === 'other-rejection') {
    lines.push(`LWA answer:     HTTP ${r.status} ${r.error}${r.description ? ` (${r.description})` : ''}`);
  }
  if (r.state === 'malformed') lines.push(`Problem:        ${r.detail}`);
  return lines;
}

function repeatNote(ctx: LiveCheckAlertContext): string {
  return `You are reminded every ${ctx.realertHours} hours while the problem lasts, and told once when it is gone.`;
}

export function liveCheckAlert(kind: LiveCheckAlert, ctx: LiveCheckAlertContext): AlertMessage {
  switch (kind) {
    case 'secret-rejected':
      return renderAutomationAlert({
        severity: LIVE_CHECK_SEVERITY.rejected,
        appName: ctx.appName,
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
    case 'other-rejection': {
      const r = ctx.result.state === 'other-rejection' ? ctx.result : undefined;
      const refresh = r?.grant === 'refresh_token';
      const error = r?.error ?? 'error';
      return renderAutomationAlert({
        severity: LIVE_CHECK_SEVERITY.warning,
        appName: ctx.appName,
        subjectTail: refresh ? 'refresh token refused by LWA' : `LWA refused the check (${error})`,
        daysLeft: ctx.daysLeft,
        sms: (app) =>
          refresh
            ? `LWA refused the refresh token stored for ${app} (${error}); the client secret itself is not rejected. Details by email.`
            : `LWA refused the live check of ${app} (${error}); the client secret is not reported rejected. Details by email.`,
        email: [
          refresh
            ? `Login with Amazon refused the refresh token stored with the credentials of ${ctx.appName} (${error}).`
            : `Login with Amazon refused the live check of ${ctx.appName} with ${error}.`,
          'This is not invalid_client: the client secret itself is not reported as rejected.',
          '',
          ...facts(ctx),
          '',
          'What it means',
          refresh
            ? '  invalid_grant usually means the refresh token is wrong, expired or revoked (the seller removed the authorisation, or the token belongs to another app). Calls for that seller fail until it authorises the app again and the new refresh token is stored.'
            : '  LWA did not accept the request as sent. Check the client id and the optional refresh token stored in the secret.',
          '',
          repeatNote(ctx),
        ],
      });
    }
    case 'malformed':
      return renderAutomationAlert({
        severity: LIVE_CHECK_SEVERITY.warning,
        appName: ctx.appName,
        subjectTail: 'secret cannot be checked: JSON incomplete',
        daysLeft: ctx.daysLeft,
        sms: (app) =>
          `LWA secret of ${app} lacks the client id or secret fields; the live check cannot test it. Details by email.`,
        email: [
          `The AWS secret of ${ctx.appName} does not hold the LWA client id and client secret in the configured JSON fields, so the live check cannot test it (and apps reading it may fail).`,
          '',
          ...facts(ctx),
          '',
          'Fix the secret by storing a new version with the fields named in the configuration (credentialFields), or change the configured field names.',
          '',
          repeatNote(ctx),
        ],
      });
    case 'recovered':
      return renderAutomationAlert({
        severity: LIVE_CHECK_SEVERITY.recovered,
        appName: ctx.appName,
        subjectTail: 'credentials accepted by LWA again',
        daysLeft: ctx.daysLeft,
        sms: (app) => `LWA accepts the credentials of ${app} again. No action needed.`,
        email: [
          `Login with Amazon accepts the stored credentials of ${ctx.appName} again: the problem reported earlier is gone.`,
          '',
          ...facts(ctx),
          '',
          'No action is needed.',
        ],
      });
  }
}
