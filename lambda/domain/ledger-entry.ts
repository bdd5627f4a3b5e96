import type { AlertState } from './alert-policy';
import type { CurrentVersion } from './catalog-secret';
import { MS_PER_DAY } from '../../contract/time';

/**
 * The durable alert ledger: one item per monitored secret, keyed by its ARN, holding the alert
 * state of the current expiry cycle and the cached AWSCURRENT version date. Every write is
 * conditional on the revision read, so a concurrent writer can never be silently overwritten.
 */
export interface LedgerEntry {
  readonly secretArn: string;
  /** 0 when the secret has never been recorded. */
  readonly revision: number;
  readonly alertState: AlertState;
  readonly currentVersion?: CurrentVersion;
  readonly appName?: string;
}

/**
 * Recorded as the version of a secret that has no AWSCURRENT version (created without a
 * value), so it is not looked up again on every run; never used as a date.
 */
export const NO_CURRENT_VERSION = '(none)';

/** Ledger items outlive their cycle by this long, then DynamoDB TTL removes them. */
export const RETENTION_AFTER_EXPIRY_MS = 400 * MS_PER_DAY;

export function emptyEntry(secretArn: string): LedgerEntry {
  return { secretArn, revision: 0, alertState: {} };
}
