import type { ClientRecord } from '../domain/client-record';
import { MS_PER_DAY, MS_PER_HOUR } from '../../contract/time';

/**
 * Which of Amazon's notifications may act, as pure decisions. Delivery is at least once and in
 * no order (a Standard queue, retries, dead-letter redrives days later), and during the 7-day
 * overlap the previous client secret still passes an LWA check, so "LWA accepts it" proves
 * nothing about which secret is newest. What is known is recorded per client id (what this stack
 * promoted, held and applied) and the secret's own `lwa:expires-at` tag; these rules keep a
 * late delivery from undoing a newer one:
 *
 * - a new client secret acts only if it expires later than the secret now current (its exact
 *   expiry tag) and than any secret this stack promoted or held before;
 * - an expiry notice never moves the date across a rotation it predates, never past a newer
 *   notice already applied, and never to a date the secret actually stored cannot have.
 */

/**
 * Two dates Amazon gives for the same secret (the new secret's expiry, then an expiry notice about
 * it) may differ by rounding; a difference within this is not a different secret.
 */
export const SAME_SECRET_TOLERANCE_MS = MS_PER_HOUR;

/**
 * A rotation recorded by hand (`lwa:rotated-at`) this long after a notification's time is a later
 * rotation than the one the notification is about.
 */
export const ROTATION_TIME_SLACK_MS = 60_000;

/**
 * Amazon allows one rotation a minute, so two expiries less than a minute apart are the same
 * rotation: an expiry notice about the new secret that arrived first, a secret already stored,
 * or the same rotation delivered again. Acting on it again is safe (the value is compared before
 * anything is written); refusing it would leave the new secret unstored.
 */
export const SAME_ROTATION_MS = 60_000;

function sameRotation(a: Date, b: Date): boolean {
  return Math.abs(a.getTime() - b.getTime()) < SAME_ROTATION_MS;
}

export type NewSecretOrder =
  | { readonly kind: 'newer' }
  | {
      readonly kind: 'not-newer';
      /** What it is not later than. */
      readonly against: 'expiry-tag' | 'rotated-at-tag' | 'promoted' | 'held';
      /** The date it was compared with: an expiry, or for `rotated-at-tag` a rotation time. */
      readonly date: Date;
    };

export interface NewSecretFacts {
  readonly notificationId: string;
  readonly newExpiresAt: Date;
  /** When Amazon issued it, if the notification said. */
  readonly issuedAt?: Date;
}

/** What the app secret's own tags say about the secret stored now. */
export interface StoredSecretDates {
  /** `lwa:expires-at`: its exact expiry. */
  readonly expiresAt?: Date;
  /** `lwa:rotated-at`: when someone recorded rotating it. */
  readonly rotatedAt?: Date;
  /** The AWSCURRENT version now, as ListSecrets reports it. */
  readonly currentVersionId?: string;
}

/**
 * Whether a new client secret is later than everything known about the client id. A redelivery
 * of the notification this stack promoted last resumes (its own date is on the tag by then). One
 * it held is compared with later promotions only while the secret still holds the version it
 * held over (the tags then say what the hold itself set: the replaced secret's end); once a value
 * was stored since, that value may be a later secret stored by hand, and the secret's own dates
 * bound the held one like any other.
 */
export function orderNewSecret(
  secret: NewSecretFacts,
  record: ClientRecord,
  stored: StoredSecretDates,
): NewSecretOrder {
  if (record.promoted?.notificationId === secret.notificationId) return { kind: 'newer' };
  const releasedHold = record.held?.notificationId === secret.notificationId;
  const heldVersion = record.held?.versionId;
  const storedSinceHold =
    releasedHold && heldVersion !== undefined && stored.currentVersionId !== heldVersion;
  const skipSecretDates = releasedHold && !storedSinceHold;
  const bounds: { against: 'expiry-tag' | 'promoted' | 'held'; date: Date | undefined }[] = [
    { against: 'promoted', date: record.promoted?.expiresAt },
    { against: 'held', date: releasedHold ? undefined : record.held?.expiresAt },
    { against: 'expiry-tag', date: skipSecretDates ? undefined : stored.expiresAt },
  ];
  for (const { against, date } of bounds) {
    if (date === undefined || sameRotation(secret.newExpiresAt, date)) continue;
    if (secret.newExpiresAt.getTime() < date.getTime()) return { kind: 'not-newer', against, date };
  }
  // Someone recorded a rotation after this one was issued: the secret stored is that later one.
  if (
    !skipSecretDates &&
    stored.rotatedAt !== undefined &&
    secret.issuedAt !== undefined &&
    stored.rotatedAt.getTime() > secret.issuedAt.getTime() + ROTATION_TIME_SLACK_MS
  ) {
    return { kind: 'not-newer', against: 'rotated-at-tag', date: stored.rotatedAt };
  }
  return { kind: 'newer' };
}

export type ExpiryNoticeVerdict =
  | { readonly kind: 'apply' }
  | {
      readonly kind: 'ignore';
      readonly why:
        | 'beyond-window'
        | 'predates-rotation'
        | 'older-than-applied'
        | 'earlier-than-promoted'
        | 'about-unstored-secret';
      /** One sentence for the alert and the log. */
      readonly detail: string;
    };

export interface ExpiryNoticeFacts {
  readonly notificationId: string;
  readonly expiresAt: Date;
  /** The notification's own time; undefined when it named none. */
  readonly at?: Date;
}

export interface ExpiryNoticeContext {
  readonly now: Date;
  /** The app secret's rotation window (days), to tell a plausible date from an odd one. */
  readonly windowDays: number;
  /** The app secret's AWSCURRENT version now, as ListSecrets reports it. */
  readonly currentVersionId?: string;
}

function iso(date: Date): string {
  return date.toISOString();
}

/** Whether an `APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY` notice may set the secret's expiry tag. */
export function judgeExpiryNotice(
  notice: ExpiryNoticeFacts,
  record: ClientRecord,
  context: ExpiryNoticeContext,
): ExpiryNoticeVerdict {
  const odd = beyondWindow(notice, context);
  if (odd !== undefined) return odd;
  if (record.expiryNotice?.notificationId === notice.notificationId) return { kind: 'apply' };
  return (
    againstPromoted(notice, record) ??
    againstHeld(notice, record, context) ??
    againstApplied(notice, record) ?? { kind: 'apply' }
  );
}

type Ignore = Extract<ExpiryNoticeVerdict, { kind: 'ignore' }>;

/** A date no client secret can have: more than the rotation window after the notice. */
function beyondWindow(notice: ExpiryNoticeFacts, context: ExpiryNoticeContext): Ignore | undefined {
  const announcedAt = notice.at ?? context.now;
  const latest = announcedAt.getTime() + (context.windowDays + 1) * MS_PER_DAY;
  if (notice.expiresAt.getTime() <= latest) return undefined;
  return {
    kind: 'ignore',
    why: 'beyond-window',
    detail: `its date ${iso(notice.expiresAt)} lies more than the ${context.windowDays}-day rotation window after the notice (${iso(announcedAt)}), which no client secret can have`,
  };
}

/** Sent before the rotation this stack promoted, or dated before the secret it made current. */
function againstPromoted(notice: ExpiryNoticeFacts, record: ClientRecord): Ignore | undefined {
  const promoted = record.promoted;
  if (promoted === undefined) return undefined;
  if (notice.at !== undefined && notice.at.getTime() <= promoted.at.getTime()) {
    return {
      kind: 'ignore',
      why: 'predates-rotation',
      detail: `it was sent at ${iso(notice.at)}, before the rotation of ${iso(promoted.at)} whose new secret this stack made current: it is about the previous secret`,
    };
  }
  if (notice.expiresAt.getTime() < promoted.expiresAt.getTime() - SAME_SECRET_TOLERANCE_MS) {
    return {
      kind: 'ignore',
      why: 'earlier-than-promoted',
      detail: `its date ${iso(notice.expiresAt)} is earlier than the expiry of the secret this stack made current (${iso(promoted.expiresAt)})${notice.at === undefined ? ', and it names no time that would show it is newer' : ''}`,
    };
  }
  return undefined;
}

/**
 * While a held secret is still outstanding (not promoted since, and the secret still holds the
 * version it held over): sent before that rotation, or dated like the held (unstored) secret.
 */
function againstHeld(
  notice: ExpiryNoticeFacts,
  record: ClientRecord,
  context: ExpiryNoticeContext,
): Ignore | undefined {
  const { held, promoted } = record;
  const holdOutstanding =
    held !== undefined &&
    (promoted === undefined || promoted.at.getTime() < held.at.getTime()) &&
    (held.versionId === undefined || context.currentVersionId === held.versionId);
  if (held === undefined || !holdOutstanding) return undefined;
  if (notice.at !== undefined && notice.at.getTime() <= held.at.getTime()) {
    return {
      kind: 'ignore',
      why: 'predates-rotation',
      detail: `it was sent at ${iso(notice.at)}, before the rotation of ${iso(held.at)}: the secret stored now stops working at ${iso(held.oldExpiresAt)}`,
    };
  }
  if (notice.expiresAt.getTime() > held.oldExpiresAt.getTime() + SAME_SECRET_TOLERANCE_MS) {
    return {
      kind: 'ignore',
      why: 'about-unstored-secret',
      detail: `its date ${iso(notice.expiresAt)} belongs to the new secret of the rotation of ${iso(held.at)}, which was not stored: the secret stored now stops working at ${iso(held.oldExpiresAt)}`,
    };
  }
  return undefined;
}

/** Sent before the notice already applied. */
function againstApplied(notice: ExpiryNoticeFacts, record: ClientRecord): Ignore | undefined {
  const applied = record.expiryNotice;
  if (applied?.at !== undefined && notice.at !== undefined && notice.at.getTime() < applied.at.getTime()) {
    return {
      kind: 'ignore',
      why: 'older-than-applied',
      detail: `it was sent at ${iso(notice.at)}, before the notice of ${iso(applied.at)} already applied (date ${iso(applied.expiresAt)})`,
    };
  }
  return undefined;
}

/**
 * The expiry tag to set when a new secret is held back (storing is off): the secret stored now
 * is the replaced one, which stops working at `oldExpiresAt`. The tag only ever moves earlier
 * here, so that the monitor counts down to the real deadline, never past it.
 */
export function heldExpiryTag(currentExpiryTag: Date | undefined, oldExpiresAt: Date): Date | undefined {
  if (currentExpiryTag !== undefined && currentExpiryTag.getTime() <= oldExpiresAt.getTime())
    return undefined;
  return oldExpiresAt;
}
