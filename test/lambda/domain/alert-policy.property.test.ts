/**
 * Property: driven by planAlerts alone (as the monitor drives it: publish each planned alert in
 * order, record its stateAfter only once accepted, stop at the first failure), any history of
 * runs, outages, failed publishes and rotations keeps the alert contract (see AlertOracle).
 */
import fc from 'fast-check';
import type { AlertPolicy, AlertState } from '../../../lambda/domain/alert-policy';
import { planAlerts } from '../../../lambda/domain/alert-policy';
import type { ExpiryResult } from '../../../lambda/domain/expiry';
import { MS_PER_DAY, MS_PER_HOUR } from '../../../contract/time';
import type { SentKind } from '../support/alert-kinds';
import type { Attempt } from '../support/alert-oracle';
import { AlertOracle } from '../support/alert-oracle';

const WINDOW_MS = 180 * MS_PER_DAY;
const START = new Date('2026-01-01T06:00:00Z').getTime();

const policies: fc.Arbitrary<AlertPolicy> = fc.record({
  thresholdsDays: fc.uniqueArray(fc.integer({ min: 1, max: 90 }), { minLength: 1, maxLength: 5 }),
  expiredReminderMs: fc.integer({ min: 1, max: 72 }).map((hours) => hours * MS_PER_HOUR),
});

/** From a minute to a day and a half, or from a day to two months (outages). */
const gapsMs = fc.oneof(
  fc.integer({ min: 60_000, max: 36 * MS_PER_HOUR }),
  fc.integer({ min: MS_PER_DAY, max: 60 * MS_PER_DAY }),
);

const steps = fc.record({
  gapMs: gapsMs,
  /**
   * About one run in eight follows a rotation, noticed up to 200 days late (a tag set long
   * after the fact): the new cycle may be due, or expired, at once.
   */
  rotationBackdateMs: fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 7 },
    { arbitrary: fc.integer({ min: 60_000, max: 200 * MS_PER_DAY }), weight: 1 },
  ),
  /** Whether SNS accepts the 1st, 2nd, 3rd publish of this run (missing: accepted). */
  accepts: fc.array(fc.boolean(), { maxLength: 3 }),
});

const histories = fc.record({
  policy: policies,
  /** Age of the current secret at the first run: anywhere in, or past, its window. */
  initialAgeMs: fc.integer({ min: 60_000, max: 260 * MS_PER_DAY }),
  steps: fc.array(steps, { minLength: 1, maxLength: 40 }),
});

function kindOf(kind: ReturnType<typeof planAlerts>['alerts'][number]['kind']): SentKind {
  switch (kind.type) {
    case 'threshold':
      return { type: 'threshold', days: kind.thresholdDays };
    case 'expired':
      return { type: 'expired', reminder: kind.reminder };
    case 'resolved':
      return { type: 'resolved' };
    case 'undetermined':
      return { type: 'undetermined' };
  }
}

describe('planAlerts (property): any run history keeps the alert contract', () => {
  it('GIVEN increasing run times, outages, failing publishes and rotations WHEN planned and published THEN no level repeats, nothing due is skipped, nothing failed is recorded', () => {
    fc.assert(
      fc.property(histories, ({ policy, initialAgeMs, steps: history }) => {
        // Prepare
        const oracle = new AlertOracle(policy, 'secret');
        let now = START;
        let rotatedAt = START - initialAgeMs;
        let state: AlertState = {};

        for (const step of history) {
          now += step.gapMs;
          // A rotation moves the expiry later by at least a day (closer dates are one cycle:
          // SAME_CYCLE_TOLERANCE_MS); it cannot predate the previous one.
          if (step.rotationBackdateMs !== undefined) {
            rotatedAt = Math.max(rotatedAt + MS_PER_DAY, now - step.rotationBackdateMs);
          }
          const expiresAt = new Date(rotatedAt + WINDOW_MS);
          const expiry: ExpiryResult = {
            status: 'dated',
            expiresAt,
            source: 'rotated-at-tag',
            windowDays: 180,
            warnings: [],
          };

          // Act: what the monitor does with a plan.
          const plan = planAlerts(expiry, state, new Date(now), policy);
          const attempts: Attempt[] = [];
          for (const [index, planned] of plan.alerts.entries()) {
            const accepted = step.accepts[index] ?? true;
            attempts.push({ kind: kindOf(planned.kind), accepted });
            if (!accepted) break;
            state = planned.stateAfter;
          }
          if (attempts.length === 0) state = plan.finalState;

          // Assess
          oracle.checkRun(new Date(now), expiresAt, attempts);
          oracle.checkRecorded(
            state.cycle && {
              expiresAt: state.cycle.expiresAt,
              alertedDays: state.cycle.alertedDays,
              expiredReminders: state.cycle.expiredReminders,
            },
          );
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('GIVEN the oracle WHEN a level is replayed THEN it objects (the property can fail)', () => {
    // Prepare
    const oracle = new AlertOracle({ thresholdsDays: [7], expiredReminderMs: MS_PER_DAY }, 'secret');
    const expiresAt = new Date(START + 10 * MS_PER_DAY);
    oracle.checkRun(new Date(START + 4 * MS_PER_DAY), expiresAt, [
      { kind: { type: 'threshold', days: 7 }, accepted: true },
    ]);
    // Act / Assess
    expect(() =>
      oracle.checkRun(new Date(START + 5 * MS_PER_DAY), expiresAt, [
        { kind: { type: 'threshold', days: 7 }, accepted: true },
      ]),
    ).toThrow(/level 7 attempted but undefined is due/);
    expect(() => oracle.checkRun(new Date(START + 11 * MS_PER_DAY), expiresAt, [])).toThrow(
      /level 0 was due/,
    );
  });
});
