import type { TokenOutcome } from '../sp-api/lwa-token-client';
import type { LedgerAttribute, StoredRecord } from '../adapters/keyed-ledger';

/**
 * Decisions of the live check, as pure functions: what an LWA answer says about the stored
 * credentials, and whether it deserves an alert now. An LWA outage says nothing about the
 * credentials and never alerts; the same problem is alerted again only after the re-alert
 * interval; a problem that goes away is announced once.
 */

/** What an LWA answer says about the stored credentials. */
export type CheckResult =
  /** LWA issued a token: the client secret (and refresh token, if stored) work. */
  | { readonly state: 'accepted'; readonly note?: string }
  /** `invalid_client`: the client secret itself is rejected; SP-API access is lost now. */
  | {
      readonly state: 'secret-rejected';
      readonly status: number;
      readonly error: string;
      readonly description?: string;
    }
  /** Any other refusal (for example `invalid_grant`: the refresh token is wrong or revoked). */
  | {
      readonly state: 'other-rejection';
      readonly status: number;
      readonly error: string;
      readonly description?: string;
      readonly grant: CheckGrant;
    }
  /** The secret's JSON lacks the client id or secret: nothing could be checked. */
  | { readonly state: 'malformed'; readonly detail: string }
  /** LWA did not answer (5xx, 429, timeout): an outage, not a verdict. */
  | { readonly state: 'unavailable'; readonly status?: number; readonly reason: string };

export type CheckGrant = 'refresh_token' | 'client_credentials';

/** States that alert. */
export type ProblemState = 'secret-rejected' | 'other-rejection' | 'malformed';
const PROBLEM_STATES: readonly ProblemState[] = ['secret-rejected', 'other-rejection', 'malformed'];

export function classifyTokenOutcome(outcome: TokenOutcome, grant: CheckGrant): CheckResult {
  switch (outcome.kind) {
    case 'accepted':
      return { state: 'accepted' };
    case 'unavailable':
      return { state: 'unavailable', status: outcome.status, reason: outcome.reason };
    case 'rejected':
      if (outcome.error === 'invalid_client') {
        return {
          state: 'secret-rejected',
          status: outcome.status,
          error: outcome.error,
          description: outcome.description,
        };
      }
      // OAuth authenticates the client before it looks at the scope: a refused scope means the
      // secret was accepted, and the app is just not allowed that grantless scope.
      if (
        grant === 'client_credentials' &&
        (outcome.error === 'invalid_scope' || outcome.error === 'unauthorized_client')
      ) {
        return { state: 'accepted', note: `client authenticated; LWA refused the scope (${outcome.error})` };
      }
      return {
        state: 'other-rejection',
        status: outcome.status,
        error: outcome.error,
        description: outcome.description,
        grant,
      };
  }
}

export interface LiveCheckRecord {
  /** 0 when the secret has no record yet. */
  readonly revision: number;
  readonly lastState?: CheckResult['state'];
  readonly checkedAt?: string;
  /** The problem last alerted, until it goes away. */
  readonly alertedState?: ProblemState;
  readonly alertedAt?: string;
}

export type LiveCheckAlert = ProblemState | 'recovered';

export interface CheckDecision {
  readonly alert?: LiveCheckAlert;
  /** The record to store once the alert (if any) was accepted; undefined: store nothing. */
  readonly recordAfter?: LiveCheckRecord;
}

export function decideAlert(
  record: LiveCheckRecord,
  result: CheckResult,
  now: Date,
  realertMs: number,
): CheckDecision {
  if (result.state === 'unavailable') return {};
  const base: LiveCheckRecord = { ...record, lastState: result.state, checkedAt: now.toISOString() };
  if (result.state === 'accepted') {
    if (record.alertedState === undefined) return { recordAfter: base };
    return { alert: 'recovered', recordAfter: { ...base, alertedState: undefined, alertedAt: undefined } };
  }
  const lastAlertAt = record.alertedAt === undefined ? Number.NaN : Date.parse(record.alertedAt);
  const repeatDue = Number.isNaN(lastAlertAt) || now.getTime() - lastAlertAt >= realertMs;
  if (record.alertedState === result.state && !repeatDue) return { recordAfter: base };
  return {
    alert: result.state,
    recordAfter: { ...base, alertedState: result.state, alertedAt: now.toISOString() },
  };
}

export function liveCheckKey(secretArn: string): string {
  return `livecheck#${secretArn}`;
}

const STATES: readonly CheckResult['state'][] = [
  'accepted',
  'secret-rejected',
  'other-rejection',
  'malformed',
  'unavailable',
];

export function fromStored(stored: StoredRecord | undefined): LiveCheckRecord {
  if (!stored) return { revision: 0 };
  const a = stored.attributes;
  const text = (name: string): string | undefined => {
    const value = a[name];
    return typeof value === 'string' ? value : undefined;
  };
  return {
    revision: stored.revision,
    lastState: STATES.find((s) => s === text('lastState')),
    checkedAt: text('checkedAt'),
    alertedState: PROBLEM_STATES.find((s) => s === text('alertedState')),
    alertedAt: text('alertedAt'),
  };
}

export function toStored(
  record: LiveCheckRecord,
  secretArn: string,
  appName: string,
): Record<string, LedgerAttribute | undefined> {
  return {
    secretArn,
    appName,
    lastState: record.lastState,
    checkedAt: record.checkedAt,
    alertedState: record.alertedState,
    alertedAt: record.alertedAt,
  };
}
