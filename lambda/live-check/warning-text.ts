import { describeSpApiError } from '../domain/sp-api-errors';
import type { LiveCheckAlertContext } from './alert-facts';
import type { CheckResult } from './live-check-policy';

/** What a warning says about the credentials: a problem that does not stop the client secret itself. */
export interface WarningText {
  readonly subjectTail: string;
  readonly sms: (app: string) => string;
  readonly lead: string[];
  readonly meaning: string[];
}

type ResultIn<S extends CheckResult['state']> = Extract<CheckResult, { state: S }>;

/** What a warning says, by the state of the check's result. */
export function warningText(ctx: LiveCheckAlertContext): WarningText {
  const r = ctx.result;
  switch (r.state) {
    case 'other-rejection':
      return refreshTokenRefused(ctx, r);
    case 'unverified':
      return noTokenForSpApi(ctx, r);
    case 'lwa-inconclusive':
      return unclearLwaAnswer(ctx, r);
    case 'sp-api-refused':
      return spApiRefused(ctx, r);
    default:
      return credentialFieldsMissing(ctx);
  }
}

function refreshTokenRefused(ctx: LiveCheckAlertContext, r: ResultIn<'other-rejection'>): WarningText {
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
}

function noTokenForSpApi(ctx: LiveCheckAlertContext, r: ResultIn<'unverified'>): WarningText {
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
}

function unclearLwaAnswer(ctx: LiveCheckAlertContext, r: ResultIn<'lwa-inconclusive'>): WarningText {
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
}

function spApiRefused(ctx: LiveCheckAlertContext, r: ResultIn<'sp-api-refused'>): WarningText {
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

function credentialFieldsMissing(ctx: LiveCheckAlertContext): WarningText {
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
