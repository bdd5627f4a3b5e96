import { AUTOMATION_SEVERITY } from '../../../contract/severities';
import type { AlertMessage } from '../../domain/alert-message';
import { daysLeft } from '../../domain/alert-policy';
import { formatUtc } from '../../domain/iso-date';
import { EXPIRES_AT_TAG } from '../../../contract/tags';
import type { AppSecretFacts } from './message-parts';
import { subjectFor, smsFor, factLines, message } from './message-parts';

/** An expiry notice that was not applied: stale, about another secret, or with an odd date. */
export function renderExpiryNoticeIgnored(
  facts: AppSecretFacts & {
    readonly expiresAt: Date;
    readonly noticeTime?: Date;
    /** One sentence: why it was not applied. */
    readonly detail: string;
    readonly currentExpiryTag?: Date;
  },
): AlertMessage {
  const app = facts.appName;
  return message(
    AUTOMATION_SEVERITY.notificationProblem,
    app,
    subjectFor(AUTOMATION_SEVERITY.notificationProblem, app, 'expiry notice not applied'),
    smsFor(
      app,
      (a) => `LWA: an expiry notice for ${a} was not applied (stale or odd date); date kept. See email.`,
    ),
    [
      `Amazon's notification queue delivered an expiry notice for ${app} saying its client secret expires ${formatUtc(facts.expiresAt)}. It was not applied: ${facts.detail}.`,
      '',
      ...factLines(facts, [
        ['App', app],
        ['Secret', facts.secretName],
        ['Notice date', formatUtc(facts.expiresAt)],
        ...(facts.noticeTime ? ([['Notice sent', formatUtc(facts.noticeTime)]] as [string, string][]) : []),
        [
          'Date kept',
          facts.currentExpiryTag
            ? formatUtc(facts.currentExpiryTag)
            : `no ${EXPIRES_AT_TAG} tag (the monitor dates the secret itself)`,
        ],
      ]),
      '',
      'Why',
      'Notifications arrive in no guaranteed order and can be delivered again days later. An expiry notice never moves the date back across a rotation it predates, never replaces a newer notice, and a date no client secret can have is not used.',
      '',
      'What to do',
      `  Nothing, if the date kept is right. To check it: Developer Console, LWA credentials, View. To set it by hand: aws secretsmanager tag-resource --secret-id "${facts.secretName}" --tags Key=${EXPIRES_AT_TAG},Value=<expiry>`,
    ],
    daysLeft(facts.currentExpiryTag ?? facts.expiresAt, facts.now),
    facts.owner,
  );
}
