import { AUTOMATION_SEVERITY } from '../../../contract/severities';
import type { AlertMessage } from '../../domain/alert-message';
import { daysLeft } from '../../domain/alert-policy';
import { formatUtc } from '../../domain/iso-date';
import { EXPIRES_AT_TAG } from '../../../contract/tags';
import type { AppSecretFacts } from './message-parts';
import { DEAD_LETTER_RETENTION_DAYS, subjectFor, smsFor, factLines, message } from './message-parts';

/**
 * Storing new secrets is off: a new client secret arrived and was kept back, encrypted. The
 * secret stored now stops working 7 days after the rotation, and the expiry tag says so.
 */
export function renderNewSecretHeld(
  facts: AppSecretFacts & {
    readonly newExpiresAt: Date;
    readonly oldExpiresAt: Date;
    /** Where the notification waits: the stack's held-secrets queue, or the queue and its dead-letter queue. */
    readonly where: 'held-queue' | 'dead-letter-queue';
    /** The expiry tag set now, if it moved. */
    readonly datedTo?: Date;
  },
): AlertMessage {
  const app = facts.appName;
  const oldStops = formatUtc(facts.oldExpiresAt);
  const kept =
    facts.where === 'held-queue'
      ? `It is kept, encrypted, in this stack's held-secrets queue for ${DEAD_LETTER_RETENTION_DAYS} days (longer than the old secret keeps working).`
      : `No held-secrets queue is configured: the notification stays in the notification queue, then its dead-letter queue (${DEAD_LETTER_RETENTION_DAYS} days from arrival).`;
  const release =
    facts.where === 'held-queue'
      ? '     then move it back to the notification queue: npx lwa-expiry release-held'
      : '     then redrive the notification dead-letter queue to the notification queue (SQS console, "Start DLQ redrive").';
  return message(
    AUTOMATION_SEVERITY.notificationProblem,
    app,
    subjectFor(AUTOMATION_SEVERITY.notificationProblem, app, 'new client secret NOT stored'),
    smsFor(
      app,
      (a) => `LWA new secret of ${a} NOT stored (storing is off). Old one stops ${oldStops}. Act: see email.`,
    ),
    [
      `Amazon issued a new LWA client secret of ${app}. Storing new secrets is off in this deployment, so it was NOT written into the app's secret. ${kept}`,
      '',
      ...factLines(facts, [
        ['App', app],
        ['Secret', facts.secretName],
        ['New expiry', formatUtc(facts.newExpiresAt)],
        ['Old one stops', oldStops],
        ...(facts.datedTo
          ? ([['Date set', `${EXPIRES_AT_TAG}=${facts.datedTo.toISOString()}`]] as [string, string][])
          : []),
      ]),
      '',
      'Why it matters',
      `The secret stored now stops working at ${oldStops}. Unless the new one is stored by then, the app loses Selling Partner API access.${facts.datedTo ? ` The secret's ${EXPIRES_AT_TAG} tag now says so, and the monitor counts down to it.` : ''}`,
      '',
      'What to do (one of)',
      '  A. Let this stack store it: set "storeNewSecrets": true in cdk.json and deploy,',
      release,
      '     It is stored only if it is still the newest secret, verified with LWA, then made current.',
      '  B. Store it yourself (copy it from the Developer Console, LWA credentials, View) with',
      `     aws secretsmanager put-secret-value --secret-id "${facts.secretName}" --secret-string file://new-value.json`,
      `     then date it: aws secretsmanager tag-resource --secret-id "${facts.secretName}" --tags Key=${EXPIRES_AT_TAG},Value=${facts.newExpiresAt.toISOString()}`,
    ],
    daysLeft(facts.oldExpiresAt, facts.now),
    facts.owner,
  );
}
