import { AUTOMATION_SEVERITY } from '../../../contract/severities';
import type { AlertMessage } from '../../domain/alert-message';
import { asciiOnly } from '../../domain/alert-text';
import type { NotificationFacts } from './message-parts';
import { subjectFor, smsFor, message } from './message-parts';

/** A notification type this handler does not know; consumed after this alert. */
export function renderUnknownType(facts: Omit<NotificationFacts, 'clientId'>): AlertMessage {
  const type = asciiOnly(facts.notificationType);
  return message(
    AUTOMATION_SEVERITY.notificationProblem,
    type,
    subjectFor(AUTOMATION_SEVERITY.notificationProblem, 'SP-API', 'notification of an unknown type'),
    smsFor(type, (t) => `LWA notification queue received an unknown notification type ${t}. See email.`),
    [
      `The notification queue received a notification of type ${type}, which this handler does not process. It was removed from the queue. Notifications of this type are counted (metric NotificationsProcessed, type "other") and alerted at most once a day.`,
      '',
      `${'Region:'.padEnd(16)}${facts.region}`,
      `${'Notification:'.padEnd(16)}${type} (id ${facts.notificationId})`,
      '',
      'What to do',
      '  Subscribe only APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY and APPLICATION_OAUTH_CLIENT_NEW_SECRET to this queue (Developer Console, notification preferences); see docs/sp-api.md.',
    ],
    0,
  );
}
