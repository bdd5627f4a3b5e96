/**
 * Keys in the ledger table. The monitor keeps one item per secret under the bare secret ARN and
 * its run lease under LEASE_KEY; every other function writes only under its own prefix, and the
 * IAM policies of the constructs are written from these same names.
 */

export const LEASE_KEY = '#lease/monitor';

export const NOTIFICATION_KEY_PREFIX = 'notification#';

export const ROTATION_KEY_PREFIX = 'rotation#';
export const LIVE_CHECK_KEY_PREFIX = 'livecheck#';
export const WEBHOOK_KEY_PREFIX = 'webhook#';

/** The prefixes the automation functions (rotation, live check, webhooks) may write under. */
export const AUTOMATION_KEY_PREFIXES = [
  ROTATION_KEY_PREFIX,
  LIVE_CHECK_KEY_PREFIX,
  WEBHOOK_KEY_PREFIX,
] as const;
