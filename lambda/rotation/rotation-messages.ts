import { AUTOMATION_SEVERITY } from '../../contract/severities';
import type { AlertMessage } from '../domain/alert-message';
import { formatUtc } from '../domain/iso-date';
import { renderAutomationAlert } from '../domain/automation-alert';
import type {
  AttemptFailure,
  AttemptFailureReason,
  RotationCandidate,
  RotationRecord,
} from './rotation-record';

/** The alerts of automatic rotation. Each names the app, the secret, the expiry and what to do. */

export interface RotationAlertContext {
  readonly candidate: RotationCandidate;
  readonly record: RotationRecord;
  readonly region: string;
  readonly now: Date;
}

/** Short words for an SMS. */
const SHORT_REASON: Record<AttemptFailureReason, string> = {
  'not-enrolled': 'app not enrolled',
  forbidden: 'access denied',
  'secret-expired': 'secret EXPIRED',
  'not-found': 'endpoint 404',
  throttled: 'throttled',
  'server-error': 'Amazon error',
  timeout: 'timeout',
  network: 'network error',
  unexpected: 'unexpected answer',
  'secret-unreadable': 'secret unreadable',
  'credentials-malformed': 'secret JSON incomplete',
  'token-rejected': 'LWA rejects secret',
  'rotation-scope-refused': 'rotation scope refused',
  'lwa-inconclusive': 'unclear LWA answer',
  'lwa-unavailable': 'LWA unavailable',
};

export const PRE_CALL_GUIDANCE: Record<
  Extract<
    AttemptFailureReason,
    | 'secret-unreadable'
    | 'credentials-malformed'
    | 'token-rejected'
    | 'rotation-scope-refused'
    | 'lwa-inconclusive'
    | 'lwa-unavailable'
  >,
  { readonly retryable: string; readonly permanent: string }
> = {
  'secret-unreadable': {
    retryable: 'Secrets Manager did not answer; the next scheduled run retries.',
    permanent:
      "The rotation function cannot read the secret: check its KMS key policy and that the secret carries the app tag. Automatic rotation will retry this cycle only once the secret's value changes; rotate in the Developer Console in the meantime.",
  },
  'credentials-malformed': {
    retryable: '',
    permanent:
      'The secret does not hold the client id and client secret in the configured JSON fields. Fix the secret (store a new version); automatic rotation then retries. Rotate in the Developer Console if the expiry is close.',
  },
  'token-rejected': {
    retryable: '',
    permanent:
      "LWA rejects the stored client secret (invalid_client): it is wrong or has already expired, and rotation by API needs a working secret. Rotate it in the Developer Console now and store the new secret. Automatic rotation will retry this cycle only once the secret's value changes.",
  },
  'rotation-scope-refused': {
    retryable: '',
    permanent:
      "The client authenticated (the stored secret is fine), but LWA refused a token for the rotation scope sellingpartnerapi::client_credential:rotation: the app may not rotate by API, usually because it is not a production app or is not enrolled for credential rotation (a notification destination registered in the Developer Console). Rotate in the Developer Console before the expiry. Automatic rotation will retry this cycle only once the secret's value changes.",
  },
  'lwa-inconclusive': {
    retryable:
      'LWA gave an answer that says nothing certain about the stored secret (quoted above) and issued no token; the next scheduled run retries. If it repeats, check the client id in the secret and the LWA token endpoint, and rotate in the Developer Console before the expiry.',
    permanent: '',
  },
  'lwa-unavailable': {
    retryable:
      'The LWA token endpoint did not answer (outage, throttling or timeout); the next scheduled run retries.',
    permanent: '',
  },
};

function facts(ctx: RotationAlertContext): string[] {
  const { candidate } = ctx;
  return [
    `App:            ${candidate.appName}`,
    `Secret:         ${candidate.secretName}`,
    `Region:         ${ctx.region}`,
    `Expires:        ${formatUtc(candidate.expiresAt)}`,
    `Days left:      ${candidate.daysLeft}`,
    `Attempt:        ${ctx.record.attempts}`,
  ];
}

function failureFacts(failure: AttemptFailure, requestId: string | undefined): string[] {
  const lines = [
    `Problem:        ${failure.reason}${failure.status !== undefined ? ` (HTTP ${failure.status})` : ''}`,
  ];
  if (failure.errorCode) lines.push(`Error code:     ${failure.errorCode}`);
  if (failure.errorMessage) lines.push(`Error message:  ${failure.errorMessage}`);
  if (failure.errorDetails) lines.push(`Details:        ${failure.errorDetails}`);
  if (requestId) lines.push(`Request id:     ${requestId}`);
  return lines;
}

const OLD_SECRET_OVERLAP_MS = 7 * 86_400_000;

/** After a rotation Amazon keeps the previous secret working for 7 days, not until its old expiry. */
function oldSecretEndsAround(requestedAt: string | undefined, now: Date): string {
  const at = requestedAt === undefined ? Number.NaN : Date.parse(requestedAt);
  return formatUtc(new Date((Number.isNaN(at) ? now.getTime() : at) + OLD_SECRET_OVERLAP_MS));
}

const OVERLAP_NOTE =
  'After a rotation the previous secret keeps working for 7 days, so running apps can switch over without downtime.';

export function rotationRequestedAlert(ctx: RotationAlertContext): AlertMessage {
  const { candidate } = ctx;
  const when = formatUtc(candidate.expiresAt);
  return renderAutomationAlert({
    severity: AUTOMATION_SEVERITY.rotationRequested,
    appName: candidate.appName,
    owner: candidate.owner,
    subjectTail: 'client secret rotation requested',
    daysLeft: candidate.daysLeft,
    sms: (app) =>
      `LWA secret of ${app}: new secret requested from Amazon (old expires ${when}). No action needed.`,
    email: [
      `Automatic rotation asked Amazon for a new LWA client secret for ${candidate.appName}.`,
      '',
      ...facts(ctx),
      ...(ctx.record.requestId ? [`Request id:     ${ctx.record.requestId}`] : []),
      '',
      'What happens next',
      '  Amazon delivers the new secret to the SQS notification queue (APPLICATION_OAUTH_CLIENT_NEW_SECRET).',
      '  The notification handler stores it as a new version of the secret, verifies it with LWA and only then makes it current.',
      `  ${OVERLAP_NOTE}`,
      `  The current secret now stops working around ${oldSecretEndsAround(ctx.record.requestedAt, ctx.now)} (Amazon's notification gives the exact time), even if its expiry was later.`,
      '  Apps that cache the secret must reload it before then.',
      '',
      'If no new secret arrives within a day you will be told; the monitor keeps its expiry alerts until the new secret is in place.',
    ],
  });
}

export function rotationFailedAlert(ctx: RotationAlertContext, failure: AttemptFailure): AlertMessage {
  const { candidate } = ctx;
  const action = failure.retryable ? 'Retries next run.' : 'Rotate it in Developer Console.';
  return renderAutomationAlert({
    severity: AUTOMATION_SEVERITY.rotationFailed,
    appName: candidate.appName,
    owner: candidate.owner,
    subjectTail: failure.retryable ? 'automatic rotation failed, will retry' : 'automatic rotation failed',
    daysLeft: candidate.daysLeft,
    sms: (app) =>
      `LWA auto-rotation of ${app} failed (${SHORT_REASON[failure.reason]}), ${candidate.daysLeft}d left. ${action}`,
    email: [
      `Automatic rotation could not get a new LWA client secret for ${candidate.appName}.`,
      '',
      ...facts(ctx),
      ...failureFacts(failure, ctx.record.requestId),
      '',
      'What to do',
      `  ${failure.guidance}`,
      '',
      failure.retryable
        ? 'The next scheduled run tries again; you are told about each failed attempt.'
        : 'Automatic rotation does not call Amazon again for this expiry cycle, so this alert is not repeated. The expiry alerts continue until the secret is rotated.',
      '',
      'How to rotate by hand: Developer Console > your app > LWA credentials > View > "Rotate secret". The new secret reaches the notification queue and is stored and verified automatically.',
      OVERLAP_NOTE,
    ],
  });
}

export function outcomeUnknownAlert(ctx: RotationAlertContext): AlertMessage {
  const { candidate } = ctx;
  return renderAutomationAlert({
    severity: AUTOMATION_SEVERITY.rotationFailed,
    appName: candidate.appName,
    owner: candidate.owner,
    subjectTail: 'automatic rotation outcome unknown',
    daysLeft: candidate.daysLeft,
    sms: (app) =>
      `LWA auto-rotation of ${app}: outcome unknown, ${candidate.daysLeft}d left. Check Developer Console.`,
    email: [
      `A run of automatic rotation started a request for a new client secret for ${candidate.appName} at ${ctx.record.claimedAt ?? 'an unknown time'} and stopped before recording the outcome.`,
      '',
      ...facts(ctx),
      '',
      'What to do',
      '  Amazon may or may not have rotated the secret. To never rotate twice, automatic rotation does not try again for this expiry cycle.',
      '  Check the Developer Console: if the app shows a new secret, it reaches the notification queue and is stored automatically;',
      '  otherwise rotate it there ("Rotate secret"). The function logs of the run show where it stopped.',
    ],
  });
}

export function newSecretMissingAlert(ctx: RotationAlertContext): AlertMessage {
  const { candidate } = ctx;
  return renderAutomationAlert({
    severity: AUTOMATION_SEVERITY.rotationFailed,
    appName: candidate.appName,
    owner: candidate.owner,
    subjectTail: 'new client secret not received',
    daysLeft: candidate.daysLeft,
    sms: (app) =>
      `LWA secret of ${app}: requested new secret not received; old one ends ~${oldSecretEndsAround(ctx.record.requestedAt, ctx.now).slice(0, 10)}. Check now.`,
    email: [
      `Amazon accepted the request for a new client secret for ${candidate.appName} at ${ctx.record.requestedAt ?? 'an earlier run'}, but the secret still has its old expiry: the new secret has not been stored.`,
      '',
      ...facts(ctx),
      ...(ctx.record.requestId ? [`Request id:     ${ctx.record.requestId}`] : []),
      '',
      `Urgent: since the rotation, the current secret only works until around ${oldSecretEndsAround(ctx.record.requestedAt, ctx.now)}, 7 days after the request.`,
      '',
      'What to check',
      '  - Developer Console > notifications: APPLICATION_OAUTH_CLIENT_NEW_SECRET must be delivered to the notification queue of this stack.',
      '  - The notification function logs and its dead-letter queue; a "verification failed" alert means the new secret arrived but LWA refused it.',
      '  - The secret must carry the lwa:client-id tag so the notification can be matched to it.',
      '',
      'Automatic rotation does not request again for this expiry cycle. If the new secret is lost, rotate again in the Developer Console and store the secret it shows.',
    ],
  });
}
