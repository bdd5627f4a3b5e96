import type { ExpiryResult } from './expiry';
import { MS_PER_DAY } from '../../contract/time';

/**
 * The alert semantics (docs/alerts.md, "How alerts work"), as pure functions of (expiry, ledger state, now).
 *
 * - A cycle is one expiry date of one secret. Within a cycle each threshold fires at most once.
 * - Catch-up: only the most urgent due threshold is sent, never the less urgent ones it passed.
 * - Once expired, a reminder repeats every `expiredReminderMs` until a new cycle starts.
 * - A new cycle with a later expiry after alerts were sent is announced as resolved.
 * The ledger remembers the most urgent level alerted, as days (0 = expired), so editing the
 * threshold list never re-sends an alert for a level that was already passed.
 */

export interface AlertPolicy {
  /** Distinct positive whole days, any order. */
  readonly thresholdsDays: readonly number[];
  /** How often an expired credential is reminded about until it is rotated. */
  readonly expiredReminderMs: number;
}

export const EXPIRED_LEVEL = 0;

export interface CycleState {
  /** ISO-8601 expiry date: the cycle's identity. */
  readonly expiresAt: string;
  /** Most urgent level alerted in this cycle, in days before expiry; 0 = expired. */
  readonly alertedDays?: number;
  readonly lastAlertAt?: string;
  /** Expired reminders sent after the first expired alert. */
  readonly expiredReminders: number;
}

export interface AlertState {
  readonly cycle?: CycleState;
  /** When the "expiry cannot be determined" alert was sent; cleared once a date is known. */
  readonly undeterminedAlertedAt?: string;
}

export type AlertKind =
  | { readonly type: 'threshold'; readonly thresholdDays: number }
  | { readonly type: 'expired'; readonly reminder: number }
  | { readonly type: 'resolved'; readonly previousExpiresAt: Date }
  | { readonly type: 'undetermined' };

export type Severity = `${number}-day` | 'expired' | 'resolved' | 'undetermined';

export interface PlannedAlert {
  readonly kind: AlertKind;
  /** The ledger state to record once (and only once) this alert has been accepted for delivery. */
  readonly stateAfter: AlertState;
}

export interface AlertPlan {
  readonly alerts: readonly PlannedAlert[];
  /** Ledger state when every planned alert has been delivered (equal to the input if none). */
  readonly finalState: AlertState;
}

export function severityOf(kind: AlertKind): Severity {
  switch (kind.type) {
    case 'threshold':
      return `${kind.thresholdDays}-day`;
    case 'expired':
      return 'expired';
    case 'resolved':
      return 'resolved';
    case 'undetermined':
      return 'undetermined';
  }
}

/** Whole days left, rounded up: 23 hours before expiry is "1 day left"; 0 or less is expired. */
export function daysLeft(expiresAt: Date, now: Date): number {
  const days = Math.ceil((expiresAt.getTime() - now.getTime()) / MS_PER_DAY);
  return days === 0 ? 0 : days; // no -0 in messages
}

function sortedThresholds(policy: AlertPolicy): number[] {
  return [...policy.thresholdsDays].sort((a, b) => b - a);
}

/** The most urgent level due at `now`: the smallest threshold reached, or 0 once expired. */
export function mostUrgentDueLevel(expiresAt: Date, now: Date, policy: AlertPolicy): number | undefined {
  const remainingMs = expiresAt.getTime() - now.getTime();
  if (remainingMs <= 0) return EXPIRED_LEVEL;
  let due: number | undefined;
  for (const days of sortedThresholds(policy)) {
    if (remainingMs <= days * MS_PER_DAY) due = days;
  }
  return due;
}

export function planAlerts(
  expiry: ExpiryResult,
  state: AlertState,
  now: Date,
  policy: AlertPolicy,
): AlertPlan {
  const alerts: PlannedAlert[] = [];
  const nowIso = now.toISOString();

  if (expiry.status === 'undetermined') {
    if (state.undeterminedAlertedAt !== undefined) return { alerts, finalState: state };
    const stateAfter: AlertState = { ...state, undeterminedAlertedAt: nowIso };
    return { alerts: [{ kind: { type: 'undetermined' }, stateAfter }], finalState: stateAfter };
  }

  const cycleKey = expiry.expiresAt.toISOString();
  let current: AlertState = state;
  if (current.undeterminedAlertedAt !== undefined) {
    current = { ...current, undeterminedAlertedAt: undefined };
  }
  let cycle = current.cycle;
  if (cycle !== undefined && cycle.expiresAt !== cycleKey && isSameCycle(cycle.expiresAt, expiry.expiresAt)) {
    // A date corrected by less than a day (Amazon's exact expiry replacing the estimate, a
    // rotation time recorded twice) is no new cycle: what was sent is not sent again.
    cycle = { ...cycle, expiresAt: cycleKey };
    current = { ...current, cycle };
  }
  if (cycle === undefined || cycle.expiresAt !== cycleKey) {
    const previous = cycle;
    cycle = { expiresAt: cycleKey, expiredReminders: 0 };
    current = { ...current, cycle };
    const previousExpiry = previous ? new Date(previous.expiresAt) : undefined;
    if (previous?.alertedDays !== undefined && previousExpiry && previousExpiry < expiry.expiresAt) {
      alerts.push({ kind: { type: 'resolved', previousExpiresAt: previousExpiry }, stateAfter: current });
    }
  }

  const due = mostUrgentDueLevel(expiry.expiresAt, now, policy);
  if (due !== undefined && (cycle.alertedDays === undefined || due < cycle.alertedDays)) {
    cycle = { ...cycle, alertedDays: due, lastAlertAt: nowIso, expiredReminders: 0 };
    current = { ...current, cycle };
    const kind: AlertKind =
      due === EXPIRED_LEVEL ? { type: 'expired', reminder: 0 } : { type: 'threshold', thresholdDays: due };
    alerts.push({ kind, stateAfter: current });
  } else if (cycle.alertedDays === EXPIRED_LEVEL && reminderDue(cycle, now, policy)) {
    const reminder = cycle.expiredReminders + 1;
    cycle = { ...cycle, lastAlertAt: nowIso, expiredReminders: reminder };
    current = { ...current, cycle };
    alerts.push({ kind: { type: 'expired', reminder }, stateAfter: current });
  }

  return { alerts, finalState: current };
}

/** Expiry dates closer than this belong to one cycle; a real rotation moves the date far more. */
export const SAME_CYCLE_TOLERANCE_MS = MS_PER_DAY;

function isSameCycle(recordedExpiresAt: string, expiresAt: Date): boolean {
  return Math.abs(Date.parse(recordedExpiresAt) - expiresAt.getTime()) < SAME_CYCLE_TOLERANCE_MS;
}

function reminderDue(cycle: CycleState, now: Date, policy: AlertPolicy): boolean {
  if (cycle.lastAlertAt === undefined) return true;
  return now.getTime() >= new Date(cycle.lastAlertAt).getTime() + policy.expiredReminderMs;
}

/**
 * When the next alert for this cycle becomes due (it is sent by the first run after that), or
 * undefined when nothing more will be sent.
 */
export function nextAlertAt(expiry: ExpiryResult, state: AlertState, policy: AlertPolicy): Date | undefined {
  if (expiry.status !== 'dated') return undefined;
  const cycle = state.cycle?.expiresAt === expiry.expiresAt.toISOString() ? state.cycle : undefined;
  const alerted = cycle?.alertedDays;
  if (alerted === EXPIRED_LEVEL) {
    const last = cycle?.lastAlertAt ? new Date(cycle.lastAlertAt).getTime() : expiry.expiresAt.getTime();
    return new Date(last + policy.expiredReminderMs);
  }
  const pending = sortedThresholds(policy).filter((days) => alerted === undefined || days < alerted);
  const nextLevel = pending[0];
  const atMs =
    nextLevel === undefined
      ? expiry.expiresAt.getTime()
      : expiry.expiresAt.getTime() - nextLevel * MS_PER_DAY;
  return new Date(atMs);
}
