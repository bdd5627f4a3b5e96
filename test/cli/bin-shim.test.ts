import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** The real executable, through its shebang and tsx: proves the `bin` entry works as installed. */
const BIN = join(__dirname, '..', '..', 'bin', 'lwa-expiry');

function runBin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(BIN, args, { timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('bin/lwa-expiry: the executable shim', () => {
  it('GIVEN --help WHEN the executable runs THEN it prints the tool help and exits 0', async () => {
    // Act
    const run = await runBin(['--help']);
    // Assess
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('Usage:\n  lwa-expiry status');
    expect(run.code).toBe(0);
  });

  it('GIVEN an unknown option WHEN the executable runs THEN the exit code reaches the shell as 2', async () => {
    // Act
    const run = await runBin(['status', '--bogus']);
    // Assess
    expect(run.stderr).toBe(
      "lwa-expiry: Unknown option '--bogus'.\nRun 'lwa-expiry status --help' for usage.\n",
    );
    expect(run.code).toBe(2);
  });
});
