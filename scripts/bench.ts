/**
 * `npm run bench`: the monitor as deployed (dist/lambda/monitor/index.js from scripts/bundle.mjs, real
 * SDK clients) against the loopback fake of Secrets Manager, DynamoDB and SNS with a fixed
 * latency per call, for N secrets, on a first run (empty ledger) and in steady state (the next
 * run, nothing new). Then, for every bundle, its minified size and median cold `require` time.
 *
 * It prints figures next to the project's performance targets (docs/performance.md) with PASS/MISS, and exits 0 either way: it
 * measures, it does not gate. Options:
 *   --latency-ms <n>    delay of every fake AWS answer (default 20)
 *   --steady-runs <n>   hourly steady-state runs after the first run (default 5); the wall-time
 *                       target is checked on their median, and every sample is printed
 *   --sizes <a,b,c>     numbers of secrets (default 100,1000,10000)
 *   --cold-runs <n>     fresh processes per bundle for the cold require time (default 15)
 *   --monitor-bundle <file>  measure this build of the monitor instead of dist/lambda/monitor/index.js
 *   --heap lambda|host  the V8 heap the monitor runs with (default lambda: sized as Node sizes it
 *                       with the function's memory, see LAMBDA_HEAP_FLAGS; host: sized for this
 *                       machine's memory)
 *
 * Each N runs the monitor in its own child process (plain node, no tsx), so that its peak RSS
 * is the function's alone; the fake runs in this process.
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { FUNCTION_DEFAULTS } from '../lib/function-defaults';
import { measureBundle } from './bench/bundles';
import { measureSize } from './bench/measure-size';
import { heapFlags } from './bench/monitor-process';
import { ms, printSize, verdict } from './bench/report';
import { MONITOR_BUNDLE_TARGET_KB, ROOT, parseBenchOptions } from './bench/settings';

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
    `\nBundles (scripts/bundle.mjs, as deployed; median cold require over ${options.coldRuns} fresh processes)`,
  );
  for (const { name, file } of bundles) {
    const b = measureBundle(name, file, options.coldRuns);
    const time = b.medianRequireMs === undefined ? 'n/a' : ms(b.medianRequireMs);
    console.log(
      `  ${name.padEnd(14)} ${(b.bytes / 1024).toFixed(1).padStart(7)} KB minified (${(b.gzipBytes / 1024).toFixed(1)} KB gzip)   cold require ${time}${b.note ? `   (${b.note})` : ''}`,
    );
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

  const targets: string[] = [];
  for (const secrets of options.sizes) {
    printSize(await measureSize(monitor.file, secrets, options), targets, options.latencyMs);
  }
  printBundles(bundles, targets);

  console.log('\nTargets (docs/performance.md)');
  for (const line of targets) console.log(`  ${line}`);
  console.log(
    `  ${targets.filter((t) => t.startsWith('PASS')).length} PASS, ${targets.filter((t) => t.startsWith('MISS')).length} MISS (figures, not a gate: exit code 0)`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
