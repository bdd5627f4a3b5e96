import {
  daysFromNow,
  expectReadOnly,
  givenNoStack,
  givenSecrets,
  givenStack,
  resetMocks,
  runCli,
  secretEntry,
} from './support/cli-harness';
import { flat } from './support/flat';

beforeEach(() => {
  resetMocks();
});
afterEach(() => {
  expectReadOnly();
});

const PAY = secretEntry('prod/pay/lwa', {
  'lwa:app': 'Pay Gateway',
  'lwa:owner': 'payments',
  'lwa:expires-at': '2026-06-06T12:00:00Z', // 5 days left: the 7-day alert is due
});
const FIND = secretEntry('prod/find/lwa', {
  'lwa:app': 'Finder',
  'lwa:owner': 'search',
  'lwa:rotated-at': daysFromNow(-100).toISOString(), // 80 days left
});
const MISC = secretEntry('prod/misc/lwa', {
  'lwa:app': 'Misc Tool',
  'lwa:rotated-at': daysFromNow(-90).toISOString(), // 90 days left
});

describe('status: the owner of each app', () => {
  it('GIVEN apps with and without an owner tag WHEN status runs THEN an OWNER column shows each owner, or - for none', async () => {
    // Prepare
    givenNoStack();
    givenSecrets(PAY, FIND, MISC);
    // Act
    const run = await runCli(['status']);
    // Assess
    const out = run.stdout.split('\n');
    expect(out[0]).toMatch(/^APP +OWNER +SECRET +EXPIRES \(UTC\) +DAYS LEFT +DATE FROM +NEXT ALERT$/);
    expect(out[1]).toMatch(
      /^Pay Gateway +payments +prod\/pay\/lwa +2026-06-06 12:00 +5 +lwa:expires-at +7-day due now$/,
    );
    expect(out[2]).toMatch(/^Finder +search +prod\/find\/lwa +.* 80 /);
    expect(out[3]).toMatch(/^Misc Tool +- +prod\/misc\/lwa +.* 90 /);
    expect(Math.max(...out.map((line) => line.length))).toBeLessThanOrEqual(100);
  });

  it('GIVEN no app has an owner tag WHEN status runs THEN the table has no OWNER column', async () => {
    // Prepare
    givenNoStack();
    givenSecrets(MISC);
    // Act
    const run = await runCli(['status']);
    // Assess
    expect(run.stdout.split('\n')[0]).toMatch(/^APP +SECRET +EXPIRES/);
  });

  it('GIVEN owned apps WHEN --json THEN each row has its owner, or null', async () => {
    // Prepare
    givenNoStack();
    givenSecrets(PAY, MISC);
    // Act
    const run = await runCli(['status', '--json']);
    // Assess
    const parsed = JSON.parse(run.stdout) as { app: string; owner: string | null }[];
    expect(parsed.map((row) => [row.app, row.owner])).toEqual([
      ['Pay Gateway', 'payments'],
      ['Misc Tool', null],
    ]);
  });
});

describe("status --owner: one team's apps", () => {
  it("GIVEN apps of two owners and an unowned one WHEN --owner search THEN only that owner's app is listed, and the exit code counts only it", async () => {
    // Prepare
    givenNoStack();
    givenSecrets(PAY, FIND, MISC);
    // Act
    const run = await runCli(['status', '--owner', 'search']);
    // Assess
    const out = run.stdout.split('\n');
    expect(out[1]).toMatch(/^Finder +search +prod\/find\/lwa /);
    expect(run.stdout).not.toContain('Pay Gateway');
    expect(run.stdout).not.toContain('Misc Tool');
    expect(flat(run.stdout)).toContain('1 credential of search monitored in');
    // Pay Gateway (5 days left) would make it 3; search's own app is fine.
    expect(run.code).toBe(0);
  });

  it("GIVEN --owner payments WHEN its app is urgent THEN it exits 3, for that team's CI", async () => {
    // Prepare
    givenNoStack();
    givenSecrets(PAY, FIND);
    // Act
    const run = await runCli(['status', '--owner=payments', '--fail-within', '7', '--json']);
    // Assess
    const parsed = JSON.parse(run.stdout) as { app: string }[];
    expect(parsed.map((row) => row.app)).toEqual(['Pay Gateway']);
    expect(run.code).toBe(3);
  });

  it('GIVEN an owner no secret names WHEN --owner THEN it says so, names the tag, and exits 4', async () => {
    // Prepare
    givenNoStack();
    givenSecrets(PAY);
    // Act
    const run = await runCli(['status', '--owner', 'billing']);
    // Assess
    expect(flat(run.stdout)).toContain('is owned by "billing" (tag lwa:owner)');
    expect(run.code).toBe(4);
  });

  it('GIVEN a malformed owner name WHEN --owner THEN a usage error names the flag and the rule', async () => {
    // Act
    const run = await runCli(['status', '--owner', 'pay ments']);
    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Invalid --owner "pay ments": expected a team name of 1 to 64 letters');
  });

  it('GIVEN a stack configured with one owner WHEN an app names another THEN status warns that the owner is not configured', async () => {
    // Prepare
    givenStack({ OWNER_NAMES: 'payments' });
    givenSecrets(PAY, FIND);
    // Act
    const run = await runCli(['status']);
    // Assess
    expect(flat(run.stdout)).toContain(
      'prod/find/lwa (Finder): tag lwa:owner "search" names no configured owner (configured: payments)',
    );
    expect(run.stdout).not.toContain('prod/pay/lwa (Pay Gateway): tag lwa:owner');
  });
});
