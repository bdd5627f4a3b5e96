import { AUTOMATION_SEVERITY } from '../../../contract/severities';
import type { AlertMessage } from '../../domain/alert-message';
import { daysLeft } from '../../domain/alert-policy';
import { formatUtc } from '../../domain/iso-date';
import { EXPIRES_AT_TAG } from '../../../contract/tags';
import type { AppSecretFacts } from './message-parts';
import { subjectFor, smsFor, factLines, message } from './message-parts';

/** A new client secret arrived, passed the LWA token exchange and is now AWSCURRENT. */
export function renderNewSecretInPlace(
  facts: AppSecretFacts & {
    readonly newExpiresAt: Date;
    readonly oldExpiresAt: Date;
    /** True when the secret already held this client secret (a redelivery, or a manual update). */
    readonly alreadyCurrent: boolean;
  },
): AlertMessage {
  const app = facts.appName;
  const oldStops = formatUtc(facts.oldExpiresAt);
  return message(
    AUTOMATION_SEVERITY.newSecret,
    app,
    subjectFor(AUTOMATION_SEVERITY.newSecret, app, 'new client secret verified and in place'),
    smsFor(
      app,
      (a) =>
        `LWA secret of ${a}: new secret in place. Old one stops ${oldStops}; apps that cache it must reload before then.`,
    ),
    [
      `New secret in place: the old one stops working at ${oldStops}; running apps that cache the secret must reload before then.`,
      '',
      `A new Login with Amazon (LWA) client secret of ${app} arrived from Amazon.`,
      '',
      ...factLines(facts, [
        ['App', app],
        ['Secret', facts.secretName],
        ['New expiry', formatUtc(facts.newExpiresAt)],
        ['Old one stops', oldStops],
      ]),
      '',
      facts.alreadyCurrent
        ? 'The secret already held this client secret as its current version; its expiry tag was updated.'
        : 'It was verified with an LWA token exchange before it became the AWSCURRENT version of the secret; the previous version is kept as AWSPREVIOUS.',
      `The ${EXPIRES_AT_TAG} tag now says ${facts.newExpiresAt.toISOString()}, so the monitor counts down to Amazon's own date.`,
      '',
      'What to do',
      `The old client secret stops working at ${oldStops}. Running apps that cache the secret must reload it before then (restart them, or let their cache expire). Apps that read the secret on each use need nothing.`,
    ],
    daysLeft(facts.newExpiresAt, facts.now),
    facts.owner,
  );
}
