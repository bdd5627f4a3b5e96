import type { ExpiryResult } from '../../../lambda/domain/expiry';
import type { AlertKind, AlertPolicy, AlertState } from '../../../lambda/domain/alert-policy';
import {
  daysLeft,
  mostUrgentDueLevel,
  nextAlertAt,
  planAlerts,
  severityOf,
} from '../../../lambda/domain/alert-policy';
import { MS_PER_DAY, MS_PER_HOUR } from '../../../contract/time';

const POLICY: AlertPolicy = { thresholdsDays: [30, 7, 1], expiredReminderMs: 24 * MS_PER_HOUR };
const EXPIRES = new Date('2026-06-01T00:00:00Z');

function datedAt(expiresAt: Date): ExpiryResult {
  return { status: 'dated', expiresAt, source: 'rotated-at-tag', windowDays: 180, warnings: [] };
}
const UNDETERMINED: ExpiryResult = { status: 'undetermined', reasons: ['no date'], warnings: [] };

/** `days` before EXPIRES (negative: after it). */
function before(days: number, expiresAt = EXPIRES): Date {
  return new Date(expiresAt.getTime() - days * MS_PER_DAY);
}

/** Runs the policy at each time, as a monitor whose every publish succeeds would. */
function simulate(
  times: readonly Date[],
  expiry: ExpiryResult = datedAt(EXPIRES),
  initial: AlertState = {},
  policy: AlertPolicy = POLICY,
): { sent: { at: Date; kind: AlertKind }[]; state: AlertState } {
  let state = initial;
  const sent: { at: Date; kind: AlertKind }[] = [];
  for (const at of times) {
    const plan = planAlerts(expiry, state, at, policy);
    for (const alert of plan.alerts) sent.push({ at, kind: alert.kind });
    state = plan.finalState;
  }
  return { sent, state };
}

function dailyFrom(firstDaysBefore: number, lastDaysBefore: number): Date[] {
  const times: Date[] = [];
  for (let d = firstDaysBefore; d >= lastDaysBefore; d--) times.push(before(d));
  return times;
}

describe('planAlerts: each threshold fires once per cycle, then expired and its reminders', () => {
  it('GIVEN daily runs from 40 days before to 3 days after expiry WHEN planned THEN 30, 7, 1, expired and one reminder a day are sent, each once', () => {
    // Act
    const { sent } = simulate(dailyFrom(40, -3));
    // Assess
    expect(sent.map((s) => s.kind)).toEqual([
      { type: 'threshold', thresholdDays: 30 },
      { type: 'threshold', thresholdDays: 7 },
      { type: 'threshold', thresholdDays: 1 },
      { type: 'expired', reminder: 0 },
      { type: 'expired', reminder: 1 },
      { type: 'expired', reminder: 2 },
      { type: 'expired', reminder: 3 },
    ]);
    expect(sent.map((s) => s.at)).toEqual([
      before(30),
      before(7),
      before(1),
      before(0),
      before(-1),
      before(-2),
      before(-3),
    ]);
  });

  it('GIVEN runs every hour WHEN planned THEN no threshold is repeated', () => {
    // Prepare
    const hourly: Date[] = [];
    for (let h = 32 * 24; h >= 1; h--) hourly.push(new Date(EXPIRES.getTime() - h * MS_PER_HOUR + 1));
    // Act
    const { sent } = simulate(hourly);
    // Assess
    expect(sent.map((s) => severityOf(s.kind))).toEqual(['30-day', '7-day', '1-day']);
  });

  it('GIVEN exactly 30 days left WHEN planned THEN the 30-day threshold is due (boundaries are inclusive)', () => {
    // Act
    const plan = planAlerts(datedAt(EXPIRES), {}, before(30), POLICY);
    // Assess
    expect(plan.alerts.map((a) => a.kind)).toEqual([{ type: 'threshold', thresholdDays: 30 }]);
  });

  it('GIVEN more than 30 days left and no state WHEN planned THEN nothing is sent but the cycle is remembered', () => {
    // Act
    const plan = planAlerts(datedAt(EXPIRES), {}, before(31), POLICY);
    // Assess
    expect(plan.alerts).toEqual([]);
    expect(plan.finalState).toEqual({ cycle: { expiresAt: EXPIRES.toISOString(), expiredReminders: 0 } });
  });

  it('GIVEN an alert planned WHEN its stateAfter is read THEN it records the level, the time and the cycle', () => {
    // Act
    const plan = planAlerts(datedAt(EXPIRES), {}, before(6.5), POLICY);
    // Assess
    expect(plan.alerts).toHaveLength(1);
    expect(plan.alerts[0]?.stateAfter).toEqual({
      cycle: {
        expiresAt: EXPIRES.toISOString(),
        alertedDays: 7,
        lastAlertAt: before(6.5).toISOString(),
        expiredReminders: 0,
      },
    });
    expect(plan.finalState).toEqual(plan.alerts[0]?.stateAfter);
  });
});

describe('planAlerts: catch-up sends only the most urgent alert that is due', () => {
  it('GIVEN a credential first seen at 5 days left WHEN planned THEN only the 7-day alert is sent, not the 30-day one', () => {
    // Act
    const { sent } = simulate([before(5), before(4), before(2), before(0.9)]);
    // Assess
    expect(sent.map((s) => s.kind)).toEqual([
      { type: 'threshold', thresholdDays: 7 },
      { type: 'threshold', thresholdDays: 1 },
    ]);
  });

  it('GIVEN the 30-day alert sent and an outage until 12 hours before expiry WHEN planned THEN only the 1-day alert is sent', () => {
    // Act
    const { sent } = simulate([before(30), before(0.5)]);
    // Assess
    expect(sent.map((s) => severityOf(s.kind))).toEqual(['30-day', '1-day']);
  });

  it('GIVEN a credential first seen already expired WHEN planned THEN only the expired alert is sent', () => {
    // Act
    const plan = planAlerts(datedAt(EXPIRES), {}, before(-10), POLICY);
    // Assess
    expect(plan.alerts.map((a) => a.kind)).toEqual([{ type: 'expired', reminder: 0 }]);
  });
});

describe('planAlerts: an expired credential is reminded about every expiredReminderMs', () => {
  it('GIVEN the expired alert sent WHEN runs follow THEN a reminder goes out only once the interval since the last alert has passed', () => {
    // Prepare
    const hoursAfter = (h: number) => new Date(EXPIRES.getTime() + h * MS_PER_HOUR);
    // Act
    const { sent } = simulate([
      hoursAfter(1),
      hoursAfter(20),
      hoursAfter(25),
      hoursAfter(30),
      hoursAfter(48),
      hoursAfter(49),
    ]);
    // Assess
    expect(sent).toEqual([
      { at: hoursAfter(1), kind: { type: 'expired', reminder: 0 } },
      { at: hoursAfter(25), kind: { type: 'expired', reminder: 1 } },
      { at: hoursAfter(49), kind: { type: 'expired', reminder: 2 } },
    ]);
  });

  it('GIVEN a 6-hour reminder policy WHEN days pass without runs THEN one reminder is sent per run, not one per missed interval', () => {
    // Prepare
    const policy: AlertPolicy = { thresholdsDays: [7], expiredReminderMs: 6 * MS_PER_HOUR };
    // Act
    const { sent } = simulate([before(-0.1), before(-5)], datedAt(EXPIRES), {}, policy);
    // Assess
    expect(sent.map((s) => s.kind)).toEqual([
      { type: 'expired', reminder: 0 },
      { type: 'expired', reminder: 1 },
    ]);
  });
});

describe('planAlerts: a rotation starts a new cycle', () => {
  const alertedAt7: AlertState = {
    cycle: {
      expiresAt: EXPIRES.toISOString(),
      alertedDays: 7,
      lastAlertAt: before(7).toISOString(),
      expiredReminders: 0,
    },
  };
  const rotatedExpiry = new Date(EXPIRES.getTime() + 180 * MS_PER_DAY);

  it('GIVEN alerts sent for the old expiry WHEN the expiry moves later THEN "resolved" is sent with the previous date, and nothing else', () => {
    // Act
    const plan = planAlerts(datedAt(rotatedExpiry), alertedAt7, before(5), POLICY);
    // Assess
    expect(plan.alerts.map((a) => a.kind)).toEqual([{ type: 'resolved', previousExpiresAt: EXPIRES }]);
    expect(plan.finalState).toEqual({
      cycle: { expiresAt: rotatedExpiry.toISOString(), expiredReminders: 0 },
    });
  });

  it('GIVEN an expired cycle WHEN the new expiry is itself due soon THEN "resolved" comes first, then the new cycle\'s alert', () => {
    // Prepare
    const expiredState: AlertState = {
      cycle: {
        expiresAt: EXPIRES.toISOString(),
        alertedDays: 0,
        lastAlertAt: EXPIRES.toISOString(),
        expiredReminders: 2,
      },
    };
    const now = before(-3);
    const newExpiry = new Date(now.getTime() + 3 * MS_PER_DAY);
    // Act
    const plan = planAlerts(datedAt(newExpiry), expiredState, now, POLICY);
    // Assess
    expect(plan.alerts.map((a) => a.kind)).toEqual([
      { type: 'resolved', previousExpiresAt: EXPIRES },
      { type: 'threshold', thresholdDays: 7 },
    ]);
    expect(plan.alerts[0]?.stateAfter.cycle).toEqual({
      expiresAt: newExpiry.toISOString(),
      expiredReminders: 0,
    });
    expect(plan.alerts[1]?.stateAfter.cycle).toMatchObject({
      expiresAt: newExpiry.toISOString(),
      alertedDays: 7,
    });
  });

  it('GIVEN a cycle that never alerted WHEN the expiry moves later THEN no "resolved" is sent', () => {
    // Prepare
    const quiet: AlertState = { cycle: { expiresAt: EXPIRES.toISOString(), expiredReminders: 0 } };
    // Act
    const plan = planAlerts(datedAt(rotatedExpiry), quiet, before(40), POLICY);
    // Assess
    expect(plan.alerts).toEqual([]);
    expect(plan.finalState.cycle?.expiresAt).toBe(rotatedExpiry.toISOString());
  });

  it('GIVEN alerts sent WHEN the expiry moves earlier (a corrected tag) THEN it is a new cycle but not announced as resolved', () => {
    // Prepare
    const corrected = before(2);
    // Act
    const plan = planAlerts(datedAt(corrected), alertedAt7, before(7), POLICY);
    // Assess
    expect(plan.alerts.map((a) => a.kind)).toEqual([{ type: 'threshold', thresholdDays: 7 }]);
  });

  it.each([
    ['3 hours later (a rotation time recorded twice)', 3 * MS_PER_HOUR],
    ["20 hours earlier (Amazon's exact expiry replacing the estimate)", -20 * MS_PER_HOUR],
  ])(
    'GIVEN the 7-day alert sent WHEN the expiry moves %s THEN it is the same cycle: nothing is re-sent or announced',
    (_label, shiftMs) => {
      // Prepare
      const moved = new Date(EXPIRES.getTime() + shiftMs);
      // Act
      const plan = planAlerts(datedAt(moved), alertedAt7, before(6), POLICY);
      // Assess
      expect(plan.alerts).toEqual([]);
      expect(plan.finalState.cycle).toMatchObject({ expiresAt: moved.toISOString(), alertedDays: 7 });
    },
  );

  it('GIVEN the 7-day alert sent WHEN the expiry moves by a full day THEN a new cycle starts', () => {
    // Prepare
    const moved = new Date(EXPIRES.getTime() + MS_PER_DAY);
    // Act
    const plan = planAlerts(datedAt(moved), alertedAt7, before(6), POLICY);
    // Assess
    expect(plan.alerts.map((a) => a.kind.type)).toEqual(['resolved', 'threshold']);
  });
});

describe('planAlerts: an undetermined expiry is alerted once and cleared when a date is known', () => {
  it('GIVEN an undetermined expiry WHEN planned twice THEN the alert is sent the first time only', () => {
    // Act
    const first = planAlerts(UNDETERMINED, {}, before(100), POLICY);
    const second = planAlerts(UNDETERMINED, first.finalState, before(99), POLICY);
    // Assess
    expect(first.alerts.map((a) => a.kind)).toEqual([{ type: 'undetermined' }]);
    expect(first.finalState).toEqual({ undeterminedAlertedAt: before(100).toISOString() });
    expect(second.alerts).toEqual([]);
    expect(second.finalState).toBe(first.finalState);
  });

  it('GIVEN an undetermined alert sent WHEN the secret gets a date THEN the flag is cleared, so a new problem alerts again', () => {
    // Prepare
    const flagged: AlertState = { undeterminedAlertedAt: before(100).toISOString() };
    // Act
    const datedPlan = planAlerts(datedAt(EXPIRES), flagged, before(90), POLICY);
    const brokenAgain = planAlerts(UNDETERMINED, datedPlan.finalState, before(80), POLICY);
    // Assess
    expect(datedPlan.alerts).toEqual([]);
    expect(datedPlan.finalState.undeterminedAlertedAt).toBeUndefined();
    expect(brokenAgain.alerts.map((a) => a.kind)).toEqual([{ type: 'undetermined' }]);
  });

  it('GIVEN a cycle already alerted WHEN the date is lost for a while and comes back unchanged THEN no level is re-sent', () => {
    // Prepare
    const { state } = simulate([before(6)]);
    // Act
    const lost = planAlerts(UNDETERMINED, state, before(5), POLICY);
    const back = planAlerts(datedAt(EXPIRES), lost.finalState, before(4), POLICY);
    // Assess
    expect(lost.alerts.map((a) => a.kind)).toEqual([{ type: 'undetermined' }]);
    expect(lost.finalState.cycle).toEqual(state.cycle);
    expect(back.alerts).toEqual([]);
  });
});

describe('planAlerts: changing the thresholds never re-sends a level already passed', () => {
  it('GIVEN the 7-day alert sent WHEN thresholds become 30,14,7,3,1 THEN 14 is not sent, 3 is', () => {
    // Prepare
    const { state } = simulate([before(7)]);
    const widened: AlertPolicy = { ...POLICY, thresholdsDays: [30, 14, 7, 3, 1] };
    // Act
    const { sent } = simulate([before(6), before(3)], datedAt(EXPIRES), state, widened);
    // Assess
    expect(sent.map((s) => s.kind)).toEqual([{ type: 'threshold', thresholdDays: 3 }]);
  });

  it('GIVEN the 7-day alert sent WHEN thresholds become only 30 THEN nothing is sent until expiry', () => {
    // Prepare
    const { state } = simulate([before(7)]);
    // Act
    const { sent } = simulate([before(1), before(0)], datedAt(EXPIRES), state, {
      ...POLICY,
      thresholdsDays: [30],
    });
    // Assess
    expect(sent.map((s) => s.kind)).toEqual([{ type: 'expired', reminder: 0 }]);
  });
});

describe('mostUrgentDueLevel: the smallest threshold reached, or 0 once expired', () => {
  it.each<[number, number | undefined]>([
    [31, undefined],
    [30, 30],
    [8, 30],
    [7, 7],
    [6.5, 7],
    [1, 1],
    [0.01, 1],
    [0, 0],
    [-3, 0],
  ])('GIVEN %s days left WHEN asked THEN the level is %s', (days, level) => {
    // Act / Assess
    expect(mostUrgentDueLevel(EXPIRES, before(days), { ...POLICY, thresholdsDays: [1, 30, 7] })).toBe(level);
  });
});

describe('daysLeft: whole days, rounded up, never -0', () => {
  it.each<[number, number]>([
    [23, 1],
    [24, 1],
    [25, 2],
    [0.001, 1],
    [0, 0],
    [-1, 0],
    [-23, 0],
    [-24, -1],
    [-25, -1],
    [-48, -2],
  ])('GIVEN %s hours left WHEN counted THEN it is %s days', (hours, expected) => {
    // Act
    const result = daysLeft(EXPIRES, new Date(EXPIRES.getTime() - hours * MS_PER_HOUR));
    // Assess (toBe uses Object.is, so -0 would not equal 0)
    expect(result).toBe(expected);
    expect(Object.is(result, -0)).toBe(false);
  });
});

describe('nextAlertAt: when the next alert of a cycle becomes due', () => {
  it('GIVEN an undetermined expiry WHEN asked THEN there is none', () => {
    // Act / Assess
    expect(nextAlertAt(UNDETERMINED, {}, POLICY)).toBeUndefined();
  });

  it.each<[string, number | undefined, Date]>([
    ['nothing sent', undefined, before(30)],
    ['the 30-day alert sent', 30, before(7)],
    ['the 7-day alert sent', 7, before(1)],
    ['the 1-day alert sent', 1, EXPIRES],
  ])('GIVEN %s WHEN asked THEN it is the next threshold (or expiry)', (_label, alertedDays, expected) => {
    // Prepare
    const state: AlertState = {
      cycle: { expiresAt: EXPIRES.toISOString(), alertedDays, expiredReminders: 0 },
    };
    // Act / Assess
    expect(nextAlertAt(datedAt(EXPIRES), state, POLICY)).toEqual(expected);
  });

  it('GIVEN the expired alert sent WHEN asked THEN it is the last alert plus the reminder interval', () => {
    // Prepare
    const lastAlertAt = new Date(EXPIRES.getTime() + 5 * MS_PER_HOUR);
    const state: AlertState = {
      cycle: {
        expiresAt: EXPIRES.toISOString(),
        alertedDays: 0,
        lastAlertAt: lastAlertAt.toISOString(),
        expiredReminders: 1,
      },
    };
    // Act / Assess
    expect(nextAlertAt(datedAt(EXPIRES), state, POLICY)).toEqual(
      new Date(lastAlertAt.getTime() + 24 * MS_PER_HOUR),
    );
  });

  it('GIVEN state of another cycle WHEN asked THEN that state is ignored', () => {
    // Prepare
    const other: AlertState = {
      cycle: { expiresAt: '2025-01-01T00:00:00.000Z', alertedDays: 1, expiredReminders: 0 },
    };
    // Act / Assess
    expect(nextAlertAt(datedAt(EXPIRES), other, POLICY)).toEqual(before(30));
  });
});

describe('severityOf: the severity attribute of each kind', () => {
  it.each<[AlertKind, string]>([
    [{ type: 'threshold', thresholdDays: 7 }, '7-day'],
    [{ type: 'expired', reminder: 0 }, 'expired'],
    [{ type: 'expired', reminder: 4 }, 'expired'],
    [{ type: 'resolved', previousExpiresAt: EXPIRES }, 'resolved'],
    [{ type: 'undetermined' }, 'undetermined'],
  ])('GIVEN %j WHEN asked THEN it is %s', (kind, severity) => {
    // Act / Assess
    expect(severityOf(kind)).toBe(severity);
  });
});
