import { AUTOMATION_SEVERITY } from '../../../contract/severities';
import type { AlertMessage } from '../../domain/alert-message';
import { daysLeft } from '../../domain/alert-policy';
import { formatUtc } from '../../domain/iso-date';
import type { AppSecretFacts } from './message-parts';
import { DEAD_LETTER_RETENTION_DAYS, subjectFor, smsFor, factLines, message } from './message-parts';

/** The app's secret was found but cannot take the new client secret (unreadable JSON, other client id). */
export function renderSecretUnusable(
  facts: AppSecretFacts & { readonly problem: string; readonly oldExpiresAt: Date },
): AlertMessage {
  const app = facts.appName;
  return message(
    AUTOMATION_SEVERITY.notificationProblem,
    app,
    subjectFor(AUTOMATION_SEVERITY.notificationProblem, app, 'new client secret could not be stored'),
    smsFor(
      app,
      (a) =>
        `LWA new secret of ${a} not stored: its secret is unusable. Kept in DLQ ${DEAD_LETTER_RETENTION_DAYS}d. See email.`,
    ),
    [
      `A new LWA client secret of ${app} arrived from Amazon but could not be stored: ${facts.problem}.`,
      '',
      ...factLines(facts, [
        ['App', app],
        ['Secret', facts.secretName],
        ['Old one stops', formatUtc(facts.oldExpiresAt)],
      ]),
      '',
      'What to do',
      '  1. Fix the secret value (a JSON object with the configured client id, client secret and optional refresh token fields; see docs/sp-api.md).',
      `  2. The notification is kept in the notification dead-letter queue for ${DEAD_LETTER_RETENTION_DAYS} days from its arrival. Redrive it to the notification queue once the secret is fixed, before ${formatUtc(facts.oldExpiresAt)}.`,
    ],
    daysLeft(facts.oldExpiresAt, facts.now),
    facts.owner,
  );
}
