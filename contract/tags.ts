/**
 * The tag contract: which tags the product reads and writes on Secrets Manager secrets. Only tags
 * and dates are read by the monitor, never a secret value. docs/tags.md describes each tag.
 */
export const DEFAULT_APP_TAG_KEY = 'lwa:app';
export const EXPIRES_AT_TAG = 'lwa:expires-at';
export const ROTATED_AT_TAG = 'lwa:rotated-at';
export const WINDOW_DAYS_TAG = 'lwa:window-days';
export const CLIENT_ID_TAG = 'lwa:client-id';

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
