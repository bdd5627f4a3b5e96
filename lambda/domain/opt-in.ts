import type { AutomationScope } from '../../contract/tags';
import { CLIENT_ID_TAG } from '../../contract/tags';

/**
 * Which monitored secrets an opt-in automation (automatic rotation, live check) acts on: those
 * whose opt-in tag is `true`, or every monitored secret when the scope is `all`. An explicit
 * `false` always opts a secret out, whatever the scope.
 *
 * `true` is compared exactly as the function's IAM policy compares it (`StringEqualsIgnoreCase`:
 * any case, nothing trimmed), so the code never picks a secret its role may not read: `" true"`
 * opts nothing in. `false` has no IAM counterpart and opting out is the safe direction, so
 * surrounding spaces are forgiven there.
 */
export function isOptedIn(
  tags: Readonly<Record<string, string>>,
  optInTagKey: string,
  scope: AutomationScope,
): boolean {
  const raw = tags[optInTagKey];
  if (raw === undefined) return scope === 'all';
  if (raw.toLowerCase() === 'true') return true;
  if (raw.trim().toLowerCase() === 'false') return false;
  return scope === 'all';
}

/**
 * The functions that read a secret's value may read only secrets that carry `lwa:client-id`
 * (any value), as their IAM policies require: an opted-in secret without it is skipped and
 * reported, never requested and refused.
 */
export function carriesClientId(tags: Readonly<Record<string, string>>): boolean {
  return Object.hasOwn(tags, CLIENT_ID_TAG);
}
