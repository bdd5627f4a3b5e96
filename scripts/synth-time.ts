/**
 * `npm run synth:time`: how long `cdk synth` of this app takes, next to an empty CDK app synthesized
 * by the same CLI with the same Node and the project's own aws-cdk-lib, in the same run, so that
 * a busy machine slows both. Each synth writes to a fresh output directory, as from a clean
 * clone. Prints every sample, the medians and their ratio, and the load average at the start.
 * It measures; it does not gate (exit 0 unless a synth fails). Options:
 *   --runs <n>        synths of each app, alternated (default 3)
 *   --context k=v     extra `-c` for this app (repeatable); the README's recipients are always
 *                     passed, as the README's first deploy does
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(__dirname, '..');
const CDK = path.join(ROOT, 'node_modules', '.bin', 'cdk');
/** The README's first command: the one recipient a first deploy names. */
const README_CONTEXT = ['alertEmails=you@example.com'];

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    context: { type: 'string', multiple: true, default: [] },
  },
});
const runs = Number(options.runs);
if (!Number.isInteger(runs) || runs < 1 || runs > 21) {
  throw new Error(`--runs: expected a whole number from 1 to 21, got "${options.runs}"`);
}

/**
 * An app with one empty stack, built with the project's aws-cdk-lib (found through node_modules):
 * as `cdk init` makes it (`new App()`), or with the built-in CloudFormation validation off as
 * this app has it.
 */
function emptyAppDir(validation: boolean): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lwa-empty-cdk-app-'));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  writeFileSync(
    path.join(dir, 'app.js'),
    [
      "const { App, Stack } = require('aws-cdk-lib');",
      validation
        ? 'const app = new App();'
        : 'const app = new App({ builtinCloudFormationValidation: false });',
      "new Stack(app, 'Empty');",
      'app.synth();',
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(dir, 'cdk.json'),
    JSON.stringify({ app: 'node app.js', notices: false, 'cli-telemetry': false }),
  );
  return dir;
}

function synthSeconds(cwd: string, extraArgs: readonly string[]): number {
  const outdir = mkdtempSync(path.join(tmpdir(), 'lwa-synth-out-'));
  try {
    const started = process.hrtime.bigint();
    const result = spawnSync(CDK, ['synth', '--quiet', '--output', outdir, ...extraArgs], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) {
      throw new Error(`cdk synth failed in ${cwd} (exit ${result.status}):\n${result.stderr}`);
    }
    return seconds;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const load = loadavg().map((l) => l.toFixed(2));
console.log(
  `synth:time on ${availableParallelism()} CPUs, Node ${process.version}; load average at start ${load.join(', ')} (1, 5, 15 min)`,
);
const contextArgs = [...README_CONTEXT, ...options.context].flatMap((entry) => ['-c', entry]);
console.log(`this app: cdk synth ${contextArgs.join(' ')}`);
console.log('empty app: one empty Stack (node app.js), with new App() as `cdk init` makes it, and');
console.log('           with the built-in CloudFormation validation off, as this app has it');

const emptyDir = emptyAppDir(true);
const bareDir = emptyAppDir(false);
const samples = { app: [] as number[], empty: [] as number[], bare: [] as number[] };
try {
  // Alternate them, so that a change in the machine's load touches all alike.
  for (let run = 1; run <= runs; run++) {
    const app = synthSeconds(ROOT, contextArgs);
    samples.app.push(app);
    const empty = synthSeconds(emptyDir, []);
    samples.empty.push(empty);
    const bare = synthSeconds(bareDir, []);
    samples.bare.push(bare);
    console.log(
      `run ${run}: this app ${app.toFixed(2)} s, empty app ${empty.toFixed(2)} s, ` +
        `empty app without validation ${bare.toFixed(2)} s`,
    );
  }
} finally {
  rmSync(emptyDir, { recursive: true, force: true });
  rmSync(bareDir, { recursive: true, force: true });
}

const appMedian = median(samples.app);
const emptyMedian = median(samples.empty);
const bareMedian = median(samples.bare);
console.log(
  `median of ${runs}: this app ${appMedian.toFixed(2)} s; empty app ${emptyMedian.toFixed(2)} s ` +
    `(ratio ${(appMedian / emptyMedian).toFixed(2)});\n  empty app without validation ` +
    `${bareMedian.toFixed(2)} s (ratio ${(appMedian / bareMedian).toFixed(2)})`,
);
console.log(
  `load average at end ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}`,
);
