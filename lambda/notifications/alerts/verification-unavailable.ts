import { AUTOMATION_SEVERITY } from '../../../contract/severities';
import type { AlertMessage } from '../../domain/alert-message';
import { daysLeft } from '../../domain/alert-policy';
import { formatUtc } from '../../domain/iso-date';
import type { AppSecretFacts } from './message-parts';
import { DEAD_LETTER_RETENTION_DAYS, subjectFor, smsFor, factLines, message } from './message-parts';

/** LWA did not answer on any attempt: the new secret stays pending and the message goes to the DLQ. */
export function renderVerificationUnavailable(
  facts: AppSecretFacts & { readonly reason: string; readonly oldExpiresAt: Date; readonly attempts: number },
): AlertMessage {
  const app = facts.appName;
  return message(
    AUTOMATION_SEVERITY.notificationProblem,
    app,
    subjectFor(AUTOMATION_SEVERITY.notificationProblem, app, 'new client secret not verified yet (LWA down)'),
    smsFor(
      app,
      (a) =>
        `LWA new secret of ${a} not verified: LWA unavailable. Kept in DLQ ${DEAD_LETTER_RETENTION_DAYS}d; redrive later. See email.`,
    ),
    [
      `A new LWA client secret of ${app} arrived from Amazon and is stored as a pending version, but the LWA token endpoint gave no usable answer in ${facts.attempts} attempts (last: ${facts.reason}). It was not made current.`,
      '',
      ...factLines(facts, [
        ['App', app],
        ['Secret', facts.secretName],
        ['Old one stops', formatUtc(facts.oldExpiresAt)],
      ]),
      '',
      'What to do',
      `  The notification is now in the notification dead-letter queue, kept for ${DEAD_LETTER_RETENTION_DAYS} days from its arrival. When LWA works again, redrive it to the notification queue: the secret is verified and made current then. Do it before ${formatUtc(facts.oldExpiresAt)}.`,
    ],
    daysLeft(facts.oldExpiresAt, facts.now),
    facts.owner,
  );
}
