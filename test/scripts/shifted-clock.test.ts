import { execFileSync } from 'node:child_process';
import path from 'node:path';

const PRELOAD = path.join(__dirname, '..', '..', 'scripts', 'shifted-clock.cjs');

function runWith(env: Record<string, string>, program: string): string {
  return execFileSync(process.execPath, ['--require', PRELOAD, '-e', program], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  }).trim();
}

describe('scripts/shifted-clock.cjs: a process whose wall clock starts at a simulated time', () => {
  it('starts the clock at SHIFTED_CLOCK_AT, for new Date() and Date.now() alike', () => {
    // Act
    const out = runWith(
      { SHIFTED_CLOCK_AT: '2030-01-02T03:04:05Z' },
      'console.log(new Date().toISOString().slice(0, 10), new Date(Date.now()).toISOString().slice(0, 10))',
    );
    // Assess: the day of the simulated start
    expect(out).toBe('2030-01-02 2030-01-02');
  });

  it('moves on request, and leaves dates built from a value alone', () => {
    // Act
    const out = runWith(
      {},
      "shiftClockTo('2031-06-01T00:00:00Z'); console.log(new Date().toISOString().slice(0, 10), new Date(0).toISOString())",
    );
    // Assess
    expect(out).toBe('2031-06-01 1970-01-01T00:00:00.000Z');
  });
});
