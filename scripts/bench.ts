/**
 * `npm run bench`: the monitor as deployed (dist/lambda/monitor/index.js from scripts/bundle.mjs, real
 * SDK clients) against the loopback fake of Secrets Manager, DynamoDB and SNS with a fixed
 * latency per call, for N secrets, on a first run (empty ledger) and in steady state (the next
 * hourly runs, nothing new). Each run is a fresh node process that loads the bundle and calls the
 * handler once, as Lambda starts an hourly function; the fake keeps its state between runs. Then,
 * for every bundle, its minified size, what it leaves to the Lambda runtime, and its median cold
 * `require` time.
 *
 * Per run it prints the calls, the wall and CPU time of the handler call, the wall time estimated
 * at the function's CPU share (256 MB = 256/1769 vCPU) and which bound dominates it, the most
 * Secrets Manager calls in any second against the service's quotas, and the peak RSS; then the
 * largest N one invocation finishes within the function's timeout. It prints figures next to
 * the project's performance targets (docs/performance.md) with PASS/MISS, and exits 0 either
 * way: it measures, it does not gate. Options:
 *   --latency-ms <n>    delay of every fake AWS answer (default 20)
 *   --steady-runs <n>   hourly steady-state runs after the first run (default 5); the wall-time
 *                       target is checked on their median, and every sample is printed
 *   --sizes <a,b,c>     numbers of secrets (default 100,1000,10000)
 *   --cold-runs <n>     fresh processes per bundle for the cold require time (default 15)
 *   --process fresh|warm  a new monitor process per run (default, as in Lambda), or one per N
 *   --cpu-prof <dir>    run each monitor process under `node --cpu-prof`, one profile per run
 *   --monitor-bundle <file>  measure this build of the monitor instead of dist/lambda/monitor/index.js
 *   --heap lambda|host  the V8 heap the monitor runs with (default lambda: sized as Node sizes it
 *                       with the function's memory, see LAMBDA_HEAP_FLAGS; host: sized for this
 *                       machine's memory)
 *
 * The monitor runs in child processes (plain node, no tsx), so that their CPU time and peak RSS
 * are the function's alone; the fake runs in this process.
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { FUNCTION_DEFAULTS } from '../lib/function-defaults';
import { MONITOR_TIMEOUT } from '../lib/monitor-function';
import { measureBundle } from './bench/bundles';
import { printCapacity } from './bench/capacity';
import { measureSize } from './bench/measure-size';
import { heapFlags } from './bench/monitor-process';
import { ms, printSize, verdict } from './bench/report';
import type { SizeFigures } from './bench/measure-size';
import { CPU_SHARE, MB_PER_VCPU, MONITOR_BUNDLE_TARGET_KB, ROOT, parseBenchOptions } from './bench/settings';

// Checked before anything runs: a bad option ends the bench with its usage line.
const options = parseBenchOptions();

interface Bundle {
  readonly name: string;
  readonly file: string;
}

/** Builds every function with scripts/bundle.mjs; the monitor under test is its own or --monitor-bundle. */
function buildBundles(): { bundles: Bundle[]; monitor: Bundle } {
  const built = execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'bundle.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const bundles = built
    .split('\n')
    .map((line) => /^([\w-]+): (.+)$/.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, name = '', file = '']) => ({ name, file: path.resolve(ROOT, file) }));
  const monitor = options.monitorBundle
    ? { name: 'monitor', file: path.resolve(options.monitorBundle) }
    : bundles.find((b) => b.name === 'monitor');
  if (!monitor) throw new Error(`scripts/bundle.mjs built no monitor:\n${built}`);
  return { bundles, monitor };
}

function printBundles(bundles: readonly Bundle[], targets: string[]): void {
  console.log(
    `\nBundles (scripts/bundle.mjs, as deployed; median cold require over ${options.coldRuns} fresh processes, the\n` +
      `@aws-sdk/* modules the runtime provides loaded from node_modules here)`,
  );
  for (const { name, file } of bundles) {
    const b = measureBundle(name, file, options.coldRuns);
    const origin =
      b.runtimeModules.length > 0
        ? `from the Lambda runtime: ${b.runtimeModules.join(', ')}`
        : 'nothing from the runtime';
    const bundled = b.bundledPackages.length > 0 ? b.bundledPackages.join(', ') : 'no package';
    const time = b.medianRequireMs === undefined ? 'n/a' : ms(b.medianRequireMs);
    console.log(
      `  ${name.padEnd(14)} ${(b.bytes / 1024).toFixed(1).padStart(7)} KB minified (${(b.gzipBytes / 1024).toFixed(1)} KB gzip)   cold require ${time}${b.note ? `   (${b.note})` : ''}`,
    );
    console.log(`    bundled: the project's code and ${bundled}; ${origin}`);
    if (name === 'monitor') {
      const kb = b.bytes / 1024;
      const line = `${verdict(kb <= MONITOR_BUNDLE_TARGET_KB)}  monitor bundle <= ${MONITOR_BUNDLE_TARGET_KB} KB: ${kb.toFixed(1)} KB`;
      targets.push(line);
      console.log(`    ${line}`);
    }
  }
}

async function main(): Promise<void> {
  console.log(
    `lwa-expiry-monitor benchmark: fake AWS latency ${options.latencyMs} ms per call; node ${process.version}; ` +
      `${availableParallelism()} CPU(s), load average ${loadavg()[0]?.toFixed(2)} at start`,
  );
  const { bundles, monitor } = buildBundles();
  console.log(`monitor under test: ${path.relative(ROOT, monitor.file)}`);
  console.log(
    options.heap === 'lambda'
      ? `V8 heap as with the function's ${FUNCTION_DEFAULTS.memorySize} MB: ${heapFlags(options.heap).join(' ')}`
      : "V8 heap sized for this machine's memory (--heap host)",
  );

  console.log(
    options.process === 'fresh'
      ? 'a fresh monitor process per run (load the bundle, one handler call), as Lambda starts an hourly function'
      : 'one monitor process per N, every run of that N in it (--process warm)',
  );
  console.log(
    `CPU share of the function: ${FUNCTION_DEFAULTS.memorySize} MB / ${MB_PER_VCPU} MB per vCPU = ${CPU_SHARE.toFixed(3)} vCPU; this machine gives the monitor up to 1 vCPU`,
  );

  const targets: string[] = [];
  let largest: SizeFigures | undefined;
  for (const secrets of options.sizes) {
    const figures = await measureSize(monitor.file, secrets, options);
    printSize(figures, targets, options.latencyMs);
    if (!largest || figures.secrets > largest.secrets) largest = figures;
  }
  if (largest) {
    printCapacity(largest, {
      timeoutMs: MONITOR_TIMEOUT.toMilliseconds(),
      memoryMb: FUNCTION_DEFAULTS.memorySize,
    });
  }
  printBundles(bundles, targets);

  console.log(
    `\nTargets (docs/performance.md); load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} at the end`,
  );
  for (const line of targets) console.log(`  ${line}`);
  console.log(
    `  ${targets.filter((t) => t.startsWith('PASS')).length} PASS, ${targets.filter((t) => t.startsWith('MISS')).length} MISS (figures, not a gate: exit code 0)`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
