/**
 * bin/app.ts turns aws-cdk-lib's built-in CloudFormation validation off (it took more than half
 * of every synth): this test runs that same validation, its plugin called directly, on the stack
 * with every opt-in on (every resource the defaults have, and more), and shows it finds nothing
 * there while it does find a broken template. The plugin runs in a child process
 * (support/cloudformation-validate.ts).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

// A Node start, aws-cdk-lib and the plugin's schemas: seconds, several times that on a busy
// machine. Only a backstop against a hung child: nothing here measures speed.
const TIMEOUT_MS = 300_000;

/**
 * The plugin is a WebAssembly engine. V8 compiles it twice by default: quickly (Liftoff) to start,
 * then optimized (TurboFan) on background threads while it runs. One validation of two templates
 * never earns that second compile back: `--liftoff-only` skips it, which measured 8.0 s of CPU
 * down to 5.2 s for this child, with the same reports.
 */
const CHILD_FLAGS = ['--liftoff-only', '--import', 'tsx'];

interface Report {
  readonly success: boolean;
  readonly violations: readonly unknown[];
}

describe('aws-cdk-lib CloudFormation validation, which bin/app.ts leaves off', () => {
  it(
    'reports nothing for the stack with every opt-in on, and a finding for a broken template (the check can fail)',
    async () => {
      // GIVEN the stack bin/app.ts deploys with every opt-in, and a queue whose retention period
      // is not a number WHEN the validation plugin reads both templates
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [...CHILD_FLAGS, path.join(__dirname, 'support', 'cloudformation-validate.ts')],
        { cwd: path.join(__dirname, '..', '..'), maxBuffer: 16 * 1024 * 1024 },
      );
      const reports = JSON.parse(stdout) as { stack: Report; broken: Report };

      // THEN the stack passes with no finding of any severity
      expect(reports.stack.violations).toEqual([]);
      expect(reports.stack.success).toBe(true);
      // ...and the broken template has a finding that names its resource
      expect(reports.broken.violations).not.toEqual([]);
      expect(JSON.stringify(reports.broken.violations)).toContain('Queue');
    },
    TIMEOUT_MS,
  );
});
