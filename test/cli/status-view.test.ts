import { renderTable } from '../../cli/format';
import type { StatusRow } from '../../cli/status-view';
import { sortRows, statusExitCode } from '../../cli/status-view';

const POLICY = { thresholdsDays: [30, 7, 1], expiredReminderMs: 86_400_000 };

function row(overrides: Partial<StatusRow>): StatusRow {
  return {
    app: 'App',
    secret: 'secret',
    secretArn: 'arn',
    status: 'dated',
    alertsDue: [],
    reasons: [],
    warnings: [],
    ...overrides,
  };
}

describe('renderTable: aligned columns, nothing trailing', () => {
  it('GIVEN cells of different widths WHEN rendered THEN columns align and the last is not padded', () => {
    // Act
    const table = renderTable(
      ['A', 'BB', 'C'],
      [
        ['xxx', 'y', 'z'],
        ['x', 'yyyy', ''],
      ],
    );
    // Assess
    expect(table).toBe(['A    BB    C', 'xxx  y     z', 'x    yyyy'].join('\n'));
  });
});

describe('statusExitCode: urgent beats undetermined beats fine', () => {
  it.each([
    ['no rows', [], 4],
    ['2 days left with a 1-day threshold', [row({ daysLeft: 2 })], 0],
    ['exactly the most urgent threshold', [row({ daysLeft: 1 })], 3],
    ['expired', [row({ daysLeft: -4 })], 3],
    ['undetermined', [row({ daysLeft: 40 }), row({ status: 'undetermined' })], 4],
    ['urgent and undetermined', [row({ daysLeft: 0 }), row({ status: 'undetermined' })], 3],
    ['skipped only', [row({ status: 'skipped', skipReason: 'replica' })], 4],
    ['skipped and fine', [row({ status: 'skipped' }), row({ daysLeft: 9 })], 0],
  ])('GIVEN %s THEN %i', (_case, rows, code) => {
    expect(statusExitCode(rows, POLICY)).toBe(code);
  });
});

describe('sortRows: soonest expiry first, then unknown, then skipped', () => {
  it('GIVEN mixed rows WHEN sorted THEN that order holds', () => {
    // Prepare
    const rows = [
      row({ secret: 'skipped', status: 'skipped' }),
      row({ secret: 'later', expiresAt: new Date('2026-09-01') }),
      row({ secret: 'unknown', status: 'undetermined' }),
      row({ secret: 'sooner', expiresAt: new Date('2026-07-01') }),
    ];
    // Act / Assess
    expect(sortRows(rows).map((r) => r.secret)).toEqual(['sooner', 'later', 'unknown', 'skipped']);
  });
});
