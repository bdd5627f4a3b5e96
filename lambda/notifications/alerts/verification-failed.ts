import { AUTOMATION_SEVERITY } from '../../../contract/severities';
import type { AlertMessage } from '../../domain/alert-message';
import { asciiOnly } from '../../domain/alert-text';
import { daysLeft } from '../../domain/alert-policy';
import { toGsm7Basic } from '../../domain/gsm7';
import { formatUtc } from '../../domain/iso-date';
import { EXPIRES_AT_TAG } from '../../../contract/tags';
import type { AppSecretFacts } from './message-parts';
import { subjectFor, smsFor, factLines, message } from './message-parts';

/** The new client secret was refused by LWA: it stays AWSPENDING, the old one stays AWSCURRENT. */
export function renderVerificationFailed(
  facts: AppSecretFacts & {
    readonly newExpiresAt: Date;
    readonly oldExpiresAt: Date;
    readonly lwaStatus: number;
    /** LWA's error code, such as invalid_client; printable ASCII, short. */
    readonly lwaError: string;
    /** LWA's error_description, printable ASCII, cut. */
    readonly lwaDescription?: string;
    readonly pendingVersionId: string;
    readonly currentVersionId: string;
    readonly grant: 'refresh_token' | 'client_credentials';
  },
): AlertMessage {
  const app = facts.appName;
  const oldStops = formatUtc(facts.oldExpiresAt);
  const error = toGsm7Basic(asciiOnly(facts.lwaError)).slice(0, 32);
  const clientRejected = facts.lwaError === 'invalid_client';
  return message(
    AUTOMATION_SEVERITY.verificationFailed,
    app,
    subjectFor(AUTOMATION_SEVERITY.verificationFailed, app, 'new client secret FAILED verification'),
    smsFor(
      app,
      (a) =>
        `LWA new secret of ${a} FAILED verification (${error}). Old one kept; it stops ${oldStops}. Act now: see email.`,
    ),
    [
      `A new LWA client secret of ${app} arrived from Amazon, but the LWA token exchange refused it. It was NOT made current: the secret's current version is unchanged.`,
      '',
      ...factLines(facts, [
        ['App', app],
        ['Secret', facts.secretName],
        [
          'LWA answer',
          `HTTP ${facts.lwaStatus} ${facts.lwaError}${facts.lwaDescription ? ` "${asciiOnly(facts.lwaDescription)}"` : ''} (${facts.grant} grant)`,
        ],
        ['New version', `${facts.pendingVersionId} (label AWSPENDING, not current)`],
        ['Current', `${facts.currentVersionId} (AWSCURRENT, unchanged)`],
        ['Old one stops', oldStops],
      ]),
      '',
      'Why it matters',
      `Amazon has already issued the new client secret; the current one stops working at ${oldStops}. Unless a working secret is current by then, the app loses Selling Partner API access.`,
      '',
      'What to do',
      clientRejected
        ? '  1. LWA says invalid_client: the client id and new secret do not match. Open the Developer Console, LWA credentials, View for this app, and compare the client id with this secret.'
        : `  1. LWA answered ${facts.lwaError}: the client secret may be right but the ${facts.grant === 'refresh_token' ? 'refresh token stored in the secret was refused' : 'grant was refused'}. Check the refresh token and the app's authorisation.`,
      '  2. If the new version is right, make it current:',
      `     aws secretsmanager update-secret-version-stage --secret-id "${facts.secretName}" --version-stage AWSCURRENT --move-to-version-id ${facts.pendingVersionId} --remove-from-version-id ${facts.currentVersionId}`,
      `     then set the expiry: aws secretsmanager tag-resource --secret-id "${facts.secretName}" --tags Key=${EXPIRES_AT_TAG},Value=${facts.newExpiresAt.toISOString()}`,
      '  3. Otherwise rotate the secret again in the Developer Console; the new one arrives through the same queue and is verified again.',
    ],
    daysLeft(facts.oldExpiresAt, facts.now),
    facts.owner,
  );
}
