import { OWNER_NAME_EXPECTED, OWNER_TAG, isOwnerName } from '../../contract/tags';
import { quoteTagValue } from './tag-values';

/** What a secret's `lwa:owner` tag says: the owner its alerts carry, and any problem with the tag. */
export interface OwnerTag {
  /**
   * The owner name its alerts carry as the SNS attribute `owner`: the tag's value, trimmed, when it
   * is a well-formed name. A name no owner is configured under is still carried: the default
   * recipients' filter lets it through.
   */
  readonly owner?: string;
  /** A tag problem to report with the secret's other tag problems. */
  readonly warning?: string;
}

/** An LWA client secret or refresh token pasted into the tag: never carried, never shown. */
const LWA_CREDENTIAL_MARK = /amzn1\.|atzr\|/i;

/**
 * Reads the `lwa:owner` tag. No tag: no owner, no problem. A malformed value is ignored and
 * reported; the alerts then carry no owner and reach the default recipients. `configured` lists
 * the owner names the stack routes alerts for; a well-formed name outside it is reported (its
 * alerts reach the default recipients only). `configured` undefined: not known, not checked.
 */
export function ownerOf(
  tags: Readonly<Record<string, string>>,
  configured: readonly string[] | undefined,
): OwnerTag {
  const raw = tags[OWNER_TAG];
  if (raw === undefined) return {};
  const name = raw.trim();
  if (!isOwnerName(name) || LWA_CREDENTIAL_MARK.test(name)) {
    return {
      warning: `tag ${OWNER_TAG} ${quoteTagValue(raw)} ignored: expected ${OWNER_NAME_EXPECTED}; its alerts go to the default recipients`,
    };
  }
  if (configured !== undefined && !configured.includes(name)) {
    const known = configured.length === 0 ? 'none is configured' : `configured: ${configured.join(', ')}`;
    return {
      owner: name,
      warning: `tag ${OWNER_TAG} ${quoteTagValue(name)} names no configured owner (${known}); its alerts go to the default recipients only`,
    };
  }
  return { owner: name };
}
