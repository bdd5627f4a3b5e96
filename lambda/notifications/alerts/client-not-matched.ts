import { AUTOMATION_SEVERITY } from '../../../contract/severities';
import type { AlertMessage } from '../../domain/alert-message';
import { daysLeft } from '../../domain/alert-policy';
import { formatUtc } from '../../domain/iso-date';
import { CLIENT_ID_TAG, EXPIRES_AT_TAG } from '../../../contract/tags';
import type { NotificationFacts } from './message-parts';
import { DEAD_LETTER_RETENTION_DAYS, subjectFor, smsFor, factLines, message } from './message-parts';

/** No secret (or more than one) carries `lwa:client-id=<clientId>`. */
export function renderClientNotMatched(
  facts: NotificationFacts & {
    readonly match: 'none' | 'ambiguous';
    /** Names of the secrets that matched, when several did. */
    readonly secretNames: readonly string[];
    readonly appTagKey: string;
    /** The expiry (EXPIRY) or the old secret's end (NEW_SECRET): the deadline that matters. */
    readonly deadline?: Date;
    /** True for NEW_SECRET: the message (and the new secret) waits in the dead-letter queue. */
    readonly keptInDeadLetterQueue: boolean;
  },
): AlertMessage {
  const app = facts.clientId;
  const headline =
    facts.match === 'none' ? 'notification for an unknown client id' : 'notification matches several secrets';
  const problem =
    facts.match === 'none'
      ? `No secret tagged ${facts.appTagKey} carries the tag ${CLIENT_ID_TAG}=${facts.clientId}, so this notification could not be matched to an app.`
      : `Several secrets carry the tag ${CLIENT_ID_TAG}=${facts.clientId}: ${facts.secretNames.join(', ')}. Nothing was changed: the handler never guesses which app a notification belongs to.`;
  const fix =
    facts.match === 'none'
      ? `Tag the app's secret: aws secretsmanager tag-resource --secret-id <secret> --tags Key=${CLIENT_ID_TAG},Value=${facts.clientId} (the secret must also carry ${facts.appTagKey}).`
      : `Remove the tag ${CLIENT_ID_TAG} from every secret but the right one: aws secretsmanager untag-resource --secret-id <secret> --tag-keys ${CLIENT_ID_TAG}`;
  const email = [
    problem,
    '',
    ...factLines(facts, facts.deadline ? [['Deadline', formatUtc(facts.deadline)]] : []),
    '',
    'What to do',
    `  1. ${fix}`,
  ];
  if (facts.keptInDeadLetterQueue) {
    email.push(
      `  2. The notification holds a new client secret. It is kept in the notification dead-letter queue for ${DEAD_LETTER_RETENTION_DAYS} days from its arrival. Once the tag is right, redrive it to the notification queue (SQS console: the dead-letter queue, "Start DLQ redrive"); the new secret is then stored and verified.`,
    );
    if (facts.deadline) {
      email.push(
        `     The old client secret stops working at ${formatUtc(facts.deadline)}: redrive before then.`,
      );
    }
  } else {
    email.push(
      `  2. Nothing else is needed: the monitor keeps dating the secret as before. Amazon's date for it is ${facts.deadline ? formatUtc(facts.deadline) : 'in the notification'}; you can set it as the ${EXPIRES_AT_TAG} tag.`,
    );
  }
  const sms = smsFor(app, (a) =>
    facts.keptInDeadLetterQueue
      ? `LWA new secret for ${a} not stored: ${facts.match === 'none' ? 'no secret tagged with it' : 'several secrets match'}. Kept in DLQ ${DEAD_LETTER_RETENTION_DAYS}d. See email.`
      : `LWA notification for ${a}: ${facts.match === 'none' ? 'no secret tagged with this client id' : 'several secrets match'}. See email.`,
  );
  return message(
    AUTOMATION_SEVERITY.notificationProblem,
    app,
    subjectFor(AUTOMATION_SEVERITY.notificationProblem, app, headline),
    sms,
    email,
    facts.deadline ? daysLeft(facts.deadline, facts.now) : 0,
  );
}
