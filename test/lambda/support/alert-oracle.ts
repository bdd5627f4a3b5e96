/**
 * The alert contract the README states, written independently of `alert-policy.ts`, for the
 * property tests. It watches one credential's runs and throws as soon as one breaks:
 * (a) no level of a cycle is alerted twice, and each expired reminder number is sent at most
 *     once per cycle, in order;
 * (b) a run whose publishes all succeed sends every alert that is due: the most urgent due
 *     level not yet sent, a reminder whose interval has passed, "resolved" after a rotation
 *     of an alerted cycle; and it sends nothing that is not due;
 * (c) what the ledger holds for a cycle is exactly what was accepted for delivery.
 */
import type { AlertPolicy } from '../../../lambda/domain/alert-policy';
import { MS_PER_DAY } from '../../../contract/time';
import type { SentKind } from './alert-kinds';
import { levelOf } from './alert-kinds';

export interface Attempt {
  readonly kind: SentKind;
  readonly accepted: boolean;
}

interface CycleRecord {
  /** Levels accepted, in order (days before expiry; 0 = expired). */
  readonly levels: number[];
  reminders: number;
  resolved: number;
  lastAlertAt?: number;
}

export interface RecordedCycle {
  readonly expiresAt: string;
  readonly alertedDays?: number;
  readonly expiredReminders: number;
}

export class AlertOracle {
  private readonly cycles = new Map<string, CycleRecord>();
  /** The cycle whose alerts still need a "resolved" once the expiry moves on. */
  private awaitingResolution?: string;

  constructor(
    private readonly policy: AlertPolicy,
    private readonly label: string,
  ) {}

  checkRun(now: Date, expiresAt: Date, attempts: readonly Attempt[]): void {
    const key = expiresAt.toISOString();
    const cycle = this.cycle(key);
    const context = `${this.label} at ${now.toISOString()} (expiry ${key})`;
    const fail = (what: string): never => {
      throw new Error(`${context}: ${what}; attempts ${JSON.stringify(attempts)}`);
    };

    const remainingMs = expiresAt.getTime() - now.getTime();
    const reached = this.policy.thresholdsDays.filter((days) => remainingMs <= days * MS_PER_DAY);
    const dueLevel = remainingMs <= 0 ? 0 : reached.length > 0 ? Math.min(...reached) : undefined;
    const sentLevel = cycle.levels.length > 0 ? Math.min(...cycle.levels) : undefined;
    const levelDue =
      dueLevel !== undefined && (sentLevel === undefined || dueLevel < sentLevel) ? dueLevel : undefined;
    const reminderDue =
      levelDue === undefined &&
      sentLevel === 0 &&
      cycle.lastAlertAt !== undefined &&
      now.getTime() >= cycle.lastAlertAt + this.policy.expiredReminderMs;
    const resolvedDue = this.awaitingResolution !== undefined && this.awaitingResolution !== key;

    const failed = attempts.filter((a) => !a.accepted);
    if (failed.length > 1) fail('publishing went on after a failed publish');
    if (failed.length === 1 && attempts[attempts.length - 1]?.accepted !== false) {
      fail('publishing went on after a failed publish');
    }

    for (const attempt of attempts) {
      const { kind } = attempt;
      const level = levelOf(kind);
      // Soundness: nothing is attempted that is not due.
      if (level !== undefined && level !== levelDue)
        fail(`level ${level} attempted but ${String(levelDue)} is due`);
      if (kind.type === 'expired' && kind.reminder > 0) {
        if (!reminderDue) fail(`reminder ${kind.reminder} attempted but none is due`);
        if (kind.reminder !== cycle.reminders + 1) fail(`reminder ${kind.reminder} after ${cycle.reminders}`);
      }
      if (kind.type === 'resolved' && !resolvedDue)
        fail('"resolved" attempted without an alerted previous cycle');
      if (kind.type === 'undetermined') fail('"undetermined" attempted for a dated credential');
      if (!attempt.accepted) continue;

      // (a) once per cycle; levels only ever get more urgent.
      if (level !== undefined) {
        if (cycle.levels.includes(level)) fail(`level ${level} sent twice in one cycle`);
        if (sentLevel !== undefined && level >= sentLevel)
          fail(`level ${level} after the more urgent ${sentLevel}`);
        cycle.levels.push(level);
        cycle.reminders = 0;
        cycle.lastAlertAt = now.getTime();
        this.awaitingResolution = key;
      } else if (kind.type === 'expired') {
        cycle.reminders = kind.reminder;
        cycle.lastAlertAt = now.getTime();
      } else if (kind.type === 'resolved') {
        if (cycle.resolved > 0) fail('"resolved" sent twice for one cycle');
        cycle.resolved++;
        this.awaitingResolution = undefined;
      }
    }

    // (b) a run in which every publish succeeded left nothing due unsent.
    if (failed.length === 0) {
      const sent = attempts.map((a) => a.kind);
      if (levelDue !== undefined && !sent.some((k) => levelOf(k) === levelDue)) {
        fail(`level ${levelDue} was due and publishing worked, yet it was not sent`);
      }
      if (reminderDue && !sent.some((k) => k.type === 'expired' && k.reminder > 0)) {
        fail('an expired reminder was due and publishing worked, yet it was not sent');
      }
      if (resolvedDue && !sent.some((k) => k.type === 'resolved')) {
        fail('"resolved" was due and publishing worked, yet it was not sent');
      }
    }
  }

  /** (c) The ledger's cycle holds exactly what was accepted for that cycle, nothing that failed. */
  checkRecorded(recorded: RecordedCycle | undefined): void {
    if (recorded === undefined) {
      const alerted = [...this.cycles.entries()].filter(([, c]) => c.levels.length > 0);
      if (alerted.length > 0) throw new Error(`${this.label}: alerts were sent but nothing is recorded`);
      return;
    }
    const cycle = this.cycle(recorded.expiresAt);
    const expectedDays = cycle.levels.length > 0 ? Math.min(...cycle.levels) : undefined;
    const expectedReminders = expectedDays === 0 ? cycle.reminders : 0;
    if (recorded.alertedDays !== expectedDays || recorded.expiredReminders !== expectedReminders) {
      throw new Error(
        `${this.label}: ledger holds ${JSON.stringify(recorded)} but accepted were levels ` +
          `${JSON.stringify(cycle.levels)} and ${cycle.reminders} reminders`,
      );
    }
    if (this.awaitingResolution !== undefined && this.awaitingResolution !== recorded.expiresAt) {
      throw new Error(
        `${this.label}: cycle ${this.awaitingResolution} alerted but the ledger moved on unannounced`,
      );
    }
  }

  private cycle(key: string): CycleRecord {
    let cycle = this.cycles.get(key);
    if (!cycle) {
      cycle = { levels: [], reminders: 0, resolved: 0 };
      this.cycles.set(key, cycle);
    }
    return cycle;
  }
}
