import { AUTOMATION_SEVERITY, type AutomationSeverity } from '../../contract/severities';
import type { AlertMessage } from '../domain/alert-message';
import { SMS_MAX_SEPTETS, SUBJECT_MAX_CHARS } from '../domain/alert-message';
import { daysLeft } from '../domain/alert-policy';
import { gsm7Length, toGsm7Basic } from '../domain/gsm7';
import { formatUtc } from '../domain/iso-date';
import { CLIENT_ID_TAG, EXPIRES_AT_TAG, ROTATED_AT_TAG } from '../../contract/tags';

/**
 * The alerts of the notification handler, rendered for every SNS protocol. Pure: no AWS SDK.
 * Inputs are metadata (names, ids, dates, LWA error codes); no input is ever a secret value.
 */

/** Where the secret lives and which notification is about it. */
export interface NotificationFacts {
  readonly clientId: string;
  readonly notificationId: string;
  readonly notificationType: string;
  readonly region: string;
  readonly now: Date;
}

export interface AppSecretFacts extends NotificationFacts {
  readonly appName: string;
  readonly secretName: string;
}

const FOOTER = '-- lwa-expiry-monitor. This message never contains secret values.';
/** SQS keeps a message this long in the dead-letter queue (counted from its first arrival). */
export const DEAD_LETTER_RETENTION_DAYS = 14;

function asciiOnly(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  return max <= 1 ? '' : `${text.slice(0, max - 1)}~`;
}

function subjectFor(severity: AutomationSeverity, app: string, headline: string): string {
  const prefix = `[LWA ${severity}] `;
  const suffix = ` ${headline}`;
  const room = SUBJECT_MAX_CHARS - prefix.length - suffix.length;
  return cut(`${prefix}${cut(asciiOnly(app.trim()) || '?', Math.max(room, 1))}${suffix}`, SUBJECT_MAX_CHARS);
}

/** `compose('')` measures the fixed text; the app name gets what is left of 140 septets. */
function smsFor(app: string, compose: (app: string) => string): string {
  const name = toGsm7Basic(app.trim()) || '?';
  const fixed = gsm7Length(compose('')) ?? SMS_MAX_SEPTETS;
  // `~` is a GSM-7 extension character: two septets.
  const room = SMS_MAX_SEPTETS - fixed;
  const shown = name.length <= room ? name : room > 2 ? `${name.slice(0, room - 2)}~` : '';
  const text = compose(shown);
  const length = gsm7Length(text);
  // Only reachable if a fixed part grew past the budget: cut rather than split the SMS.
  return length !== undefined && length <= SMS_MAX_SEPTETS
    ? text
    : toGsm7Basic(text).slice(0, SMS_MAX_SEPTETS);
}

function factLines(facts: NotificationFacts, extra: readonly [string, string][] = []): string[] {
  const rows: [string, string][] = [
    ...extra,
    ['Client id', facts.clientId],
    ['Region', facts.region],
    ['Notification', `${facts.notificationType} (id ${facts.notificationId})`],
  ];
  return rows.map(([label, value]) => `${`${label}:`.padEnd(16)}${value}`);
}

function message(
  severity: AutomationSeverity,
  app: string,
  subject: string,
  sms: string,
  email: readonly string[],
  days: number,
): AlertMessage {
  return {
    subject,
    email: [...email, '', FOOTER].join('\n'),
    sms,
    attributes: { app: app.trim() || '?', severity, daysLeft: days },
  };
}

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
  );
}

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
  );
}

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
  );
}

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
  );
}

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
  );
}

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
  );
}

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
  );
}
