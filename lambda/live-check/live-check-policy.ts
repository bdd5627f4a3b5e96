import { LIVE_CHECK_KEY_PREFIX } from '../../contract/ledger-keys';
import type { TokenOutcome } from '../ports/lwa-tokens';
import type { ProbeOutcome } from '../ports/sp-api-prober';
import type { ProbeOperation } from '../domain/sp-api-operations';
import type { SpApiError } from '../domain/sp-api-errors';
import type { LedgerAttribute, StoredRecord } from '../ports/keyed-ledger';

/**
 * Decisions of the live check, as pure functions: what the answers of LWA and of one SP-API call
 * say about the stored credentials, and whether that deserves an alert now. LWA's answer is read
 * by the one rule of `classifyLwaAnswer`; an outage (LWA's or SP-API's) says nothing about the
 * credentials and never alerts; the same problem is alerted again only after the re-alert
 * interval; a problem that goes away is announced once.
 */

export type CheckGrant = 'refresh_token' | 'client_credentials';

/** An LWA answer as it is reported (never the token). */
export interface LwaAnswer {
  readonly status: number;
  readonly error: string;
  readonly description?: string;
}

/** An SP-API answer as it is reported (never the token). */
export interface SpApiAnswer {
  readonly operation: ProbeOperation;
  readonly status: number;
  readonly error: SpApiError;
  readonly requestId?: string;
}

/** What the answers say about the stored credentials. */
export type CheckResult =
  /** LWA issued a token and SP-API accepted it: the client secret (and refresh token, if stored) work. */
  | { readonly state: 'accepted'; readonly operation: ProbeOperation }
  /** LWA: `invalid_client`. The client secret itself is rejected; SP-API access is lost now. */
  | { readonly state: 'secret-rejected'; readonly lwa: LwaAnswer }
  /** SP-API: 403, the LWA secret expired (LWA still issued a token). SP-API access is lost now. */
  | { readonly state: 'secret-expired'; readonly spApi: SpApiAnswer }
  /** LWA refused the stored refresh token (`invalid_grant`): the client secret itself is fine. */
  | { readonly state: 'other-rejection'; readonly lwa: LwaAnswer; readonly grant: CheckGrant }
  /** The client authenticated, but LWA refused the grant or scope: no token, so SP-API could not be asked. */
  | { readonly state: 'unverified'; readonly lwa: LwaAnswer; readonly grant: CheckGrant }
  /** LWA answered something that says nothing certain about the secret. */
  | { readonly state: 'lwa-inconclusive'; readonly lwa: LwaAnswer; readonly grant: CheckGrant }
  /** SP-API refused the call for another reason than an expired secret. */
  | { readonly state: 'sp-api-refused'; readonly spApi: SpApiAnswer }
  /** The secret's JSON lacks the client id or secret: nothing could be checked. */
  | { readonly state: 'malformed'; readonly detail: string }
  /** LWA or SP-API did not answer (5xx, 429, timeout), or the call could not be made in time. */
  | {
      readonly state: 'unavailable';
      readonly source: 'lwa' | 'sp-api';
      readonly status?: number;
      readonly reason: string;
    };

/** States that alert. */
export type ProblemState = Exclude<CheckResult['state'], 'accepted' | 'unavailable'>;
const PROBLEM_STATES: readonly ProblemState[] = [
  'secret-rejected',
  'secret-expired',
  'other-rejection',
  'unverified',
  'lwa-inconclusive',
  'sp-api-refused',
  'malformed',
];

/** The SP-API call that follows a token: a seller's call with a refresh token, else a grantless one. */
export function probeOperationFor(grant: CheckGrant): ProbeOperation {
  return grant === 'refresh_token' ? 'getMarketplaceParticipations' : 'getDestinations';
}

/**
 * What LWA's answer says when it issued no token. (An issued token proves little on its own: an
 * expired secret may still get one, so the SP-API call decides.)
 */
export function tokenVerdict(
  outcome: Exclude<TokenOutcome, { kind: 'accepted' }>,
  grant: CheckGrant,
): CheckResult {
  switch (outcome.kind) {
    case 'unavailable':
      return { state: 'unavailable', source: 'lwa', status: outcome.status, reason: outcome.reason };
    case 'rejected':
      return { state: 'secret-rejected', lwa: lwaAnswer(outcome) };
    case 'refused':
      // A seller's refresh token refused: that seller's calls fail, the client secret is fine.
      if (grant === 'refresh_token' && outcome.error === 'invalid_grant') {
        return { state: 'other-rejection', lwa: lwaAnswer(outcome), grant };
      }
      return { state: 'unverified', lwa: lwaAnswer(outcome), grant };
    case 'inconclusive':
      return { state: 'lwa-inconclusive', lwa: lwaAnswer(outcome), grant };
  }
}

function lwaAnswer(outcome: { status: number; error: string; description?: string }): LwaAnswer {
  return { status: outcome.status, error: outcome.error, description: outcome.description };
}

/** What the SP-API call says about the token LWA issued. */
export function spApiVerdict(outcome: ProbeOutcome, operation: ProbeOperation): CheckResult {
  switch (outcome.kind) {
    case 'accepted':
      return { state: 'accepted', operation };
    case 'unavailable':
      return { state: 'unavailable', source: 'sp-api', status: outcome.status, reason: outcome.reason };
    case 'secret-expired':
    case 'refused':
      return {
        state: outcome.kind === 'secret-expired' ? 'secret-expired' : 'sp-api-refused',
        spApi: { operation, status: outcome.status, error: outcome.error, requestId: outcome.requestId },
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
  return `${LIVE_CHECK_KEY_PREFIX}${secretArn}`;
}

const STATES: readonly CheckResult['state'][] = ['accepted', ...PROBLEM_STATES, 'unavailable'];

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
