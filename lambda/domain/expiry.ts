import { parseIsoDate } from './iso-date';
import { EXPIRES_AT_TAG, MAX_WINDOW_DAYS, ROTATED_AT_TAG, WINDOW_DAYS_TAG } from '../../contract/tags';
import { quoteTagValue } from './tag-values';
import { MS_PER_DAY } from '../../contract/time';

/** Where an expiry date came from; every result names it. */
export type DateSource = 'expires-at-tag' | 'rotated-at-tag' | 'current-version-created';

export const DATE_SOURCE_LABEL: Record<DateSource, string> = {
  'expires-at-tag': `tag ${EXPIRES_AT_TAG}`,
  'rotated-at-tag': `tag ${ROTATED_AT_TAG} + rotation window`,
  'current-version-created': 'creation of the AWSCURRENT version + rotation window',
};

/**
 * The creation of the AWSCURRENT version is only a proxy for the rotation: any PutSecretValue
 * (storing a new refresh token, say) restarts it, and a secret created today for an app rotated
 * months ago starts the count at a full window. A date from it is an estimate; a date tag is not.
 */
export function isEstimatedSource(source: DateSource): boolean {
  return source === 'current-version-created';
}

/** The one command that replaces an estimated date with Amazon's own (as the Developer Console shows it). */
export function exactDateCommand(secretName: string): string {
  return `aws secretsmanager tag-resource --secret-id ${JSON.stringify(secretName)} --tags Key=${EXPIRES_AT_TAG},Value=<expiry shown in the Developer Console>`;
}

export type ExpiryResult =
  | {
      readonly status: 'dated';
      readonly expiresAt: Date;
      readonly source: DateSource;
      readonly windowDays: number;
      /** Problems that did not prevent a date (a malformed tag that a later source replaced). */
      readonly warnings: readonly string[];
      /**
       * The date tags that were given but could not be used (malformed, or a rotation in the
       * future): also in `warnings`, singled out because the date shown is then not the one the
       * owner meant to give.
       */
      readonly dateTagErrors?: readonly string[];
    }
  | {
      readonly status: 'undetermined';
      readonly reasons: readonly string[];
      readonly warnings: readonly string[];
      readonly dateTagErrors?: readonly string[];
    };

export interface ExpiryInputs {
  readonly tags: Readonly<Record<string, string>>;
  /** Creation time of the secret's AWSCURRENT version, when it was needed and could be found. */
  readonly currentVersionCreatedAt?: Date;
  readonly defaultWindowDays: number;
  readonly now: Date;
}

/** A rotation cannot lie in the future; a day of slack absorbs clock skew and time zones. */
const FUTURE_ROTATION_SLACK_MS = MS_PER_DAY;

/** The rotation window for one secret: its `lwa:window-days` tag if valid, else the default. */
export function resolveWindowDays(
  tags: Readonly<Record<string, string>>,
  defaultWindowDays: number,
): { windowDays: number; warning?: string } {
  const raw = tags[WINDOW_DAYS_TAG];
  if (raw === undefined) return { windowDays: defaultWindowDays };
  const trimmed = raw.trim();
  const days = /^\d{1,5}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (Number.isInteger(days) && days >= 1 && days <= MAX_WINDOW_DAYS) return { windowDays: days };
  return {
    windowDays: defaultWindowDays,
    warning: `tag ${WINDOW_DAYS_TAG} ${quoteTagValue(raw)} ignored: expected a whole number of days from 1 to ${MAX_WINDOW_DAYS}; using ${defaultWindowDays}`,
  };
}

/**
 * True when the date tags alone cannot date the secret, so the creation time of its AWSCURRENT
 * version must be looked up (one extra call, made only in that case).
 */
export function needsCurrentVersionDate(tags: Readonly<Record<string, string>>, now: Date): boolean {
  return usableTagDate(tags, now) === undefined;
}

interface TagDate {
  readonly source: 'expires-at-tag' | 'rotated-at-tag';
  readonly date: Date;
}

function usableTagDate(
  tags: Readonly<Record<string, string>>,
  now: Date,
  dateTagErrors?: string[],
): TagDate | undefined {
  const expiresRaw = tags[EXPIRES_AT_TAG];
  if (expiresRaw !== undefined) {
    const parsed = parseIsoDate(expiresRaw);
    if (parsed.ok) return { source: 'expires-at-tag', date: parsed.date };
    dateTagErrors?.push(`tag ${EXPIRES_AT_TAG} ${quoteTagValue(expiresRaw)} ignored: it ${parsed.reason}`);
  }
  const rotatedRaw = tags[ROTATED_AT_TAG];
  if (rotatedRaw !== undefined) {
    const parsed = parseIsoDate(rotatedRaw);
    if (!parsed.ok) {
      dateTagErrors?.push(`tag ${ROTATED_AT_TAG} ${quoteTagValue(rotatedRaw)} ignored: it ${parsed.reason}`);
    } else if (parsed.date.getTime() > now.getTime() + FUTURE_ROTATION_SLACK_MS) {
      dateTagErrors?.push(
        `tag ${ROTATED_AT_TAG} ${quoteTagValue(rotatedRaw)} ignored: a rotation cannot be in the future`,
      );
    } else {
      return { source: 'rotated-at-tag', date: parsed.date };
    }
  }
  return undefined;
}

/**
 * Works out when a secret's LWA client secret expires, by the precedence of the tag contract:
 * `lwa:expires-at`, else `lwa:rotated-at` + window, else AWSCURRENT version creation + window.
 * A malformed tag is reported as a warning and the next source is tried; when no source is
 * left the result is `undetermined`, never a guess.
 */
export function resolveExpiry(inputs: ExpiryInputs): ExpiryResult {
  const warnings: string[] = [];
  const window = resolveWindowDays(inputs.tags, inputs.defaultWindowDays);
  if (window.warning) warnings.push(window.warning);
  const windowMs = window.windowDays * MS_PER_DAY;

  const dateTagErrors: string[] = [];
  const tagDate = usableTagDate(inputs.tags, inputs.now, dateTagErrors);
  warnings.push(...dateTagErrors);
  if (tagDate?.source === 'expires-at-tag') {
    const daysAway = (tagDate.date.getTime() - inputs.now.getTime()) / MS_PER_DAY;
    if (daysAway > window.windowDays + 1) {
      warnings.push(
        `tag ${EXPIRES_AT_TAG} is ${Math.floor(daysAway)} days away, more than the ${window.windowDays}-day rotation window: check it`,
      );
    }
    return {
      status: 'dated',
      expiresAt: tagDate.date,
      source: tagDate.source,
      windowDays: window.windowDays,
      warnings,
      dateTagErrors,
    };
  }
  if (tagDate?.source === 'rotated-at-tag') {
    return {
      status: 'dated',
      expiresAt: new Date(tagDate.date.getTime() + windowMs),
      source: tagDate.source,
      windowDays: window.windowDays,
      warnings,
      dateTagErrors,
    };
  }
  if (inputs.currentVersionCreatedAt) {
    return {
      status: 'dated',
      expiresAt: new Date(inputs.currentVersionCreatedAt.getTime() + windowMs),
      source: 'current-version-created',
      windowDays: window.windowDays,
      warnings,
      dateTagErrors,
    };
  }
  return {
    status: 'undetermined',
    reasons: [
      `no usable ${EXPIRES_AT_TAG} or ${ROTATED_AT_TAG} tag, and no AWSCURRENT version with a creation date`,
    ],
    warnings,
    dateTagErrors,
  };
}
