/** The tag contract (docs/tags.md). Only tags and dates are read: never a secret value. */
export const DEFAULT_APP_TAG_KEY = 'lwa:app';
export const EXPIRES_AT_TAG = 'lwa:expires-at';
export const ROTATED_AT_TAG = 'lwa:rotated-at';
export const WINDOW_DAYS_TAG = 'lwa:window-days';
export const CLIENT_ID_TAG = 'lwa:client-id';

/** Amazon's rotation window for LWA client secrets. */
export const DEFAULT_WINDOW_DAYS = 180;
export const MAX_WINDOW_DAYS = 3650;

/** Longest tag value Secrets Manager accepts; longer values cannot occur, but are cut anyway. */
const SHOWN_TAG_VALUE_CHARS = 40;

/** An LWA client secret (amzn1.oa2-cs…), a refresh token (Atzr|…) or any long unbroken token. */
const LOOKS_LIKE_A_CREDENTIAL = /amzn1\.|atzr\||[A-Za-z0-9+/=_-]{24,}/i;

/**
 * Tag values are echoed back in reports so people can find the typo, but cut short: a tag is
 * metadata, yet someone may have pasted something into it that should not travel further.
 */
export function quoteTagValue(value: string): string {
  if (LOOKS_LIKE_A_CREDENTIAL.test(value)) return '(a value that looks like a credential, not shown)';
  const shown = value.length > SHOWN_TAG_VALUE_CHARS ? `${value.slice(0, SHOWN_TAG_VALUE_CHARS)}…` : value;
  return JSON.stringify(shown);
}
