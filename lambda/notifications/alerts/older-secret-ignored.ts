import { AUTOMATION_SEVERITY } from '../../../contract/severities';
import type { AlertMessage } from '../../domain/alert-message';
import { daysLeft } from '../../domain/alert-policy';
import { formatUtc } from '../../domain/iso-date';
import { EXPIRES_AT_TAG, ROTATED_AT_TAG } from '../../../contract/tags';
import type { AppSecretFacts } from './message-parts';
import { subjectFor, smsFor, factLines, message } from './message-parts';

const AGAINST_TEXT = {
  'expiry-tag': (date: string) =>
    `the secret stored now, whose ${EXPIRES_AT_TAG} tag says it expires ${date}`,
  'rotated-at-tag': (date: string) =>
    `the secret stored now, whose ${ROTATED_AT_TAG} tag records a rotation at ${date}, after this one was issued`,
  promoted: (date: string) => `the secret this stack made current earlier, which expires ${date}`,
  held: (date: string) => `a newer secret already held back for this app, which expires ${date}`,
} as const;

/**
 * A NEW_SECRET that is not newer than what is known: a late or redriven delivery of an earlier
 * rotation. Making it current would lock the app out 7 days after that rotation.
 */
export function renderOlderSecretIgnored(
  facts: AppSecretFacts & {
    readonly newExpiresAt: Date;
    /** When Amazon issued it, if the notification said. */
    readonly rotatedAt?: Date;
    readonly against: keyof typeof AGAINST_TEXT;
    /** The expiry (or, against `rotated-at-tag`, the rotation time) it was compared with. */
    readonly knownDate: Date;
  },
): AlertMessage {
  const app = facts.appName;
  const known = formatUtc(facts.knownDate);
  const laterThan = facts.against === 'rotated-at-tag' ? 'issued before' : 'not later than';
  return message(
    AUTOMATION_SEVERITY.notificationProblem,
    app,
    subjectFor(AUTOMATION_SEVERITY.notificationProblem, app, 'older client secret ignored'),
    smsFor(
      app,
      (a) => `LWA: an older client secret of ${a} arrived late and was ignored; nothing changed. See email.`,
    ),
    [
      `Amazon's notification queue delivered a client secret of ${app} that expires ${formatUtc(facts.newExpiresAt)}. It was ${laterThan} ${AGAINST_TEXT[facts.against](known)}, so it belongs to an earlier rotation: a late delivery, a retry or a dead-letter redrive. It was NOT stored and nothing was changed.`,
      '',
      ...factLines(facts, [
        ['App', app],
        ['Secret', facts.secretName],
        ['Ignored expiry', formatUtc(facts.newExpiresAt)],
        ...(facts.rotatedAt ? ([['Issued at', formatUtc(facts.rotatedAt)]] as [string, string][]) : []),
        [facts.against === 'rotated-at-tag' ? 'Rotation noted' : 'Known expiry', known],
      ]),
      '',
      'Why it was ignored',
      'Making an older secret current would lock the app out: Amazon stops accepting the previous secret 7 days after a rotation, while the monitor would count down from the later date.',
      '',
      'What to do',
      '  Nothing, if the secret in use is the newest one. Only if you are sure this rotation is the newest (see the Developer Console, LWA credentials, View):',
      `  check the ${EXPIRES_AT_TAG} tag of the secret; if it is wrong, correct it and store the current secret from the Developer Console by hand.`,
    ],
    daysLeft(facts.against === 'rotated-at-tag' ? facts.newExpiresAt : facts.knownDate, facts.now),
    facts.owner,
  );
}
