import { AUTOMATION_SEVERITY } from '../../contract/severities';
import type { AlertMessage } from '../domain/alert-message';
import { formatUtc } from '../domain/iso-date';
import { renderAutomationAlert } from '../domain/automation-alert';
import { describeSpApiError } from '../domain/sp-api-errors';
import { PROBE_OPERATIONS } from '../domain/sp-api-operations';
import type { CheckResult, LiveCheckAlert, LwaAnswer, SpApiAnswer } from './live-check-policy';

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

function lwaLine(answer: LwaAnswer): string {
  return `LWA answer:     HTTP ${answer.status} ${answer.error}${answer.description ? ` (${answer.description})` : ''}`;
}

function spApiLines(answer: SpApiAnswer): string[] {
  const lines = [
    `SP-API call:    ${answer.operation} (GET ${PROBE_OPERATIONS[answer.operation].path})`,
    `SP-API answer:  HTTP ${answer.status}${answer.error.code ? ` ${answer.error.code}` : ''}`,
  ];
  if (answer.error.message) lines.push(`Message:        ${answer.error.message}`);
  if (answer.error.details) lines.push(`Details:        ${answer.error.details}`);
  if (answer.requestId) lines.push(`Request id:     ${answer.requestId}`);
  return lines;
}

function facts(ctx: LiveCheckAlertContext): string[] {
  const lines = [
    `App:            ${ctx.appName}`,
    `Secret:         ${ctx.secretName}`,
    `Region:         ${ctx.region}`,
    `Checked at:     ${formatUtc(ctx.now)}`,
  ];
  const r = ctx.result;
  if ('lwa' in r) lines.push(lwaLine(r.lwa));
  if ('spApi' in r) lines.push(...spApiLines(r.spApi));
  if (r.state === 'malformed') lines.push(`Problem:        ${r.detail}`);
  return lines;
}

function repeatNote(ctx: LiveCheckAlertContext): string {
  return `You are reminded every ${ctx.realertHours} hours while the problem lasts, and told once when it is gone.`;
}

/** What a warning says about the credentials, by state. */
function warningText(ctx: LiveCheckAlertContext): {
  subjectTail: string;
  sms: (app: string) => string;
  lead: string[];
  meaning: string[];
} {
  const r = ctx.result;
  switch (r.state) {
    case 'other-rejection':
      return {
        subjectTail: 'refresh token refused by LWA',
        sms: (app) =>
          `LWA refused the refresh token stored for ${app} (${r.lwa.error}); the client secret itself is not rejected. Details by email.`,
        lead: [
          `Login with Amazon refused the refresh token stored with the credentials of ${ctx.appName} (${r.lwa.error}).`,
          'This is not invalid_client: the client authenticated, so the client secret itself is not rejected.',
        ],
        meaning: [
          '  invalid_grant usually means the refresh token is wrong, expired or revoked (the seller removed the authorisation, or the token belongs to another app). Calls for that seller fail until it authorises the app again and the new refresh token is stored.',
        ],
      };
    case 'unverified':
      return {
        subjectTail: `no token to check SP-API (${r.lwa.error})`,
        sms: (app) =>
          `Live check of ${app}: client secret authenticated, but LWA gave no token (${r.lwa.error}), so SP-API was not checked. See email.`,
        lead: [
          `Login with Amazon authenticated the client of ${ctx.appName}, but refused to issue a token (${r.lwa.error}), so the live check could not make its SP-API call.`,
          'The client secret is not rejected. But an expired client secret can still authenticate at LWA: only an SP-API call tells, and none could be made.',
        ],
        meaning: [
          r.grant === 'client_credentials'
            ? "  Without a refresh token the check asks for a grantless token of the scope sellingpartnerapi::notifications (Notifications API). LWA refused it for this app. Store a seller's refresh token in the secret (field refreshToken, or the one configured in credentialFields): the check then uses the seller path your app uses."
            : '  LWA refused the refresh_token grant for this client. Check that the stored refresh token belongs to this app (same client id), and that the app is allowed that grant.',
        ],
      };
    case 'lwa-inconclusive':
      return {
        subjectTail: `unclear LWA answer (${r.lwa.error})`,
        sms: (app) =>
          `Live check of ${app}: LWA answered HTTP ${r.lwa.status} ${r.lwa.error}, which says nothing certain about the secret. See email.`,
        lead: [
          `Login with Amazon gave the live check of ${ctx.appName} an answer that says nothing certain about the client secret: HTTP ${r.lwa.status} ${r.lwa.error}.`,
          'Only invalid_client would mean the secret is wrong; this is not it, and no token was issued, so SP-API could not be checked.',
        ],
        meaning: [
          "  Usually a malformed request (check the client id stored in the secret), an endpoint that is not LWA (check lwaTokenEndpoint), or a change on Amazon's side. If it lasts, check the credentials in the Developer Console.",
        ],
      };
    case 'sp-api-refused': {
      const said = describeSpApiError(r.spApi.error) ?? 'no error text';
      return {
        subjectTail: `SP-API refused the check (HTTP ${r.spApi.status})`,
        sms: (app) =>
          `Live check of ${app}: LWA issued a token but SP-API refused the check call (HTTP ${r.spApi.status}). See email.`,
        lead: [
          `Login with Amazon issued a token for ${ctx.appName}, but SP-API refused the live check's call ${r.spApi.operation} (HTTP ${r.spApi.status}: ${said}).`,
          'Amazon did not say the client secret expired; it did refuse the call.',
        ],
        meaning: [
          r.spApi.operation === 'getMarketplaceParticipations'
            ? "  A 403 on this seller call usually means the seller's authorisation no longer covers the app (re-authorise), or the app lacks access. A 3xx means the configured SP-API endpoint redirects (check spApiEndpoint)."
            : '  A 403 on this grantless call usually means the app may not use the Notifications API. A 3xx or 404 means the configured SP-API endpoint is wrong (check spApiEndpoint).',
        ],
      };
    }
    default:
      return {
        subjectTail: 'secret cannot be checked: JSON incomplete',
        sms: (app) =>
          `LWA secret of ${app} lacks the client id or secret fields; the live check cannot test it. Details by email.`,
        lead: [
          `The AWS secret of ${ctx.appName} does not hold the LWA client id and client secret in the configured JSON fields, so the live check cannot test it (and apps reading it may fail).`,
        ],
        meaning: [
          '  Fix the secret by storing a new version with the fields named in the configuration (credentialFields), or change the configured field names.',
        ],
      };
  }
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
    case 'secret-expired': {
      const details = 'spApi' in ctx.result ? ctx.result.spApi.error.details : undefined;
      return renderAutomationAlert({
        severity: LIVE_CHECK_SEVERITY.rejected,
        appName: ctx.appName,
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
    case 'other-rejection':
    case 'unverified':
    case 'lwa-inconclusive':
    case 'sp-api-refused':
    case 'malformed': {
      const text = warningText(ctx);
      return renderAutomationAlert({
        severity: LIVE_CHECK_SEVERITY.warning,
        appName: ctx.appName,
        subjectTail: text.subjectTail,
        daysLeft: ctx.daysLeft,
        sms: text.sms,
        email: [...text.lead, '', ...facts(ctx), '', 'What it means', ...text.meaning, '', repeatNote(ctx)],
      });
    }
    case 'recovered':
      return renderAutomationAlert({
        severity: LIVE_CHECK_SEVERITY.recovered,
        appName: ctx.appName,
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
}
