/** Tag values shown to people: cut short, and never when they look like a credential. */
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
