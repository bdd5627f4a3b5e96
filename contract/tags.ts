/**
 * The tag contract: which tags the product reads and writes on Secrets Manager secrets. Only tags
 * and dates are read by the monitor, never a secret value. docs/tags.md describes each tag.
 */
export const DEFAULT_APP_TAG_KEY = 'lwa:app';
export const EXPIRES_AT_TAG = 'lwa:expires-at';
export const ROTATED_AT_TAG = 'lwa:rotated-at';
export const WINDOW_DAYS_TAG = 'lwa:window-days';
export const CLIENT_ID_TAG = 'lwa:client-id';
/** The team that owns the app; its alerts go to that team's recipients as well as the defaults. */
export const OWNER_TAG = 'lwa:owner';

/**
 * An owner name, as the `lwa:owner` tag and the `owners` configuration spell it: a letter or digit,
 * then letters, digits, `.`, `_` or `-`, at most 64 characters. SNS filter policies match it exactly.
 */
export const OWNER_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const OWNER_NAME_EXPECTED =
  'a team name of 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit';

export function isOwnerName(value: string): boolean {
  return OWNER_NAME_PATTERN.test(value);
}

/** Amazon's rotation window for LWA client secrets. */
export const DEFAULT_WINDOW_DAYS = 180;
export const MAX_WINDOW_DAYS = 3650;

/** Opt-in tags of the automations that read secret values. */
export const AUTO_ROTATE_TAG = 'lwa:auto-rotate';
export const LIVE_CHECK_TAG = 'lwa:live-check';

/** `tagged`: only secrets whose opt-in tag is `true`; `all`: every monitored secret not tagged `false`. */
export const AUTOMATION_SCOPES = ['tagged', 'all'] as const;
export type AutomationScope = (typeof AUTOMATION_SCOPES)[number];

export function isAutomationScope(value: string): value is AutomationScope {
  return (AUTOMATION_SCOPES as readonly string[]).includes(value);
}
