import type { ExpiryResult } from '../lambda/domain/expiry';
import { resolveExpiry, resolveWindowDays } from '../lambda/domain/expiry';
import { parseIsoDate } from '../lambda/domain/iso-date';
import { EXPIRES_AT_TAG, ROTATED_AT_TAG } from '../contract/tags';
import { UsageError } from './errors';
import { formatMinuteUtc } from './format';
import { quoteTagValue } from '../lambda/domain/tag-values';
import { MS_PER_DAY } from '../contract/time';

/**
 * Pure decisions of `mark-rotated`: when the rotation happened, and which tags change. The
 * command only fetches the secret's metadata and applies the plan.
 */

/** A rotation time this far ahead of the local clock is skew, not a future date. */
export const CLOCK_SKEW_MS = 60_000;

/** `--at` parsed as strictly as the monitor parses tags; the current time when absent. */
export function parseRotationTime(raw: string | undefined, now: Date, command: string): Date {
  if (raw === undefined) return now;
  const parsed = parseIsoDate(raw);
  if (!parsed.ok) throw new UsageError(`Invalid --at ${quoteTagValue(raw)}: it ${parsed.reason}.`, command);
  if (parsed.date.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw new UsageError(
      `Invalid --at ${quoteTagValue(raw)}: ${formatMinuteUtc(parsed.date)} UTC is in the future ` +
        `(now is ${formatMinuteUtc(now)} UTC). Record a rotation once it has happened.`,
      command,
    );
  }
  return parsed.date;
}

/** ISO-8601 in UTC, without milliseconds when there are none: `2026-05-31T14:00:00Z`. */
export function rotationTagValue(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, 'Z');
}

export interface RotationPlan {
  /** Value for `lwa:rotated-at`. */
  readonly rotatedAtValue: string;
  /** `lwa:expires-at` value to remove: earlier than the expiry the rotation implies. */
  readonly staleExpiresAt?: string;
  /** `lwa:expires-at` value kept: not earlier, so it still decides the expiry. */
  readonly keptExpiresAt?: string;
  /** `lwa:expires-at` value that is not a date: left alone, and ignored by the monitor. */
  readonly malformedExpiresAt?: string;
  /** The expiry the monitor will compute from the tags after the change. */
  readonly expiry: Extract<ExpiryResult, { status: 'dated' }>;
}

export function planRotationTags(
  tags: Readonly<Record<string, string>>,
  rotatedAt: Date,
  defaultWindowDays: number,
  now: Date,
): RotationPlan {
  const rotatedAtValue = rotationTagValue(rotatedAt);
  const { windowDays } = resolveWindowDays(tags, defaultWindowDays);
  const impliedExpiry = rotatedAt.getTime() + windowDays * MS_PER_DAY;
  const expiresRaw = tags[EXPIRES_AT_TAG];
  const parsedExpires = expiresRaw === undefined ? undefined : parseIsoDate(expiresRaw);

  const after: Record<string, string> = { ...tags, [ROTATED_AT_TAG]: rotatedAtValue };
  let stale: string | undefined;
  let kept: string | undefined;
  let malformed: string | undefined;
  if (expiresRaw !== undefined && parsedExpires) {
    if (!parsedExpires.ok) malformed = expiresRaw;
    else if (parsedExpires.date.getTime() < impliedExpiry) {
      stale = expiresRaw;
      delete after[EXPIRES_AT_TAG];
    } else kept = expiresRaw;
  }
  const expiry = resolveExpiry({ tags: after, defaultWindowDays, now });
  if (expiry.status !== 'dated') {
    // Cannot happen: a parsed, non-future lwa:rotated-at always dates the secret.
    throw new Error(`the new tags do not date the secret: ${expiry.reasons.join('; ')}`);
  }
  return {
    rotatedAtValue,
    staleExpiresAt: stale,
    keptExpiresAt: kept,
    malformedExpiresAt: malformed,
    expiry,
  };
}
