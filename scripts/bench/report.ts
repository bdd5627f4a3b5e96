import { median } from './bundles';
import type { ScenarioFigures, SizeFigures } from './measure-size';
import {
  CPU_SHARE,
  FIRST_RUN_TARGET_MS,
  LEDGER_READS,
  PAGE_SIZE,
  REQUEST_QUOTAS_PER_SECOND,
  RSS_TARGET_MB,
  WALL_TARGET_RATIO,
} from './settings';

/** What the bench prints for one size N: the calls and times of each run, then its targets. */

export const verdict = (pass: boolean) => (pass ? 'PASS' : 'MISS');
export const ms = (value: number) => `${value < 100 ? value.toFixed(1) : Math.round(value)} ms`;
const list = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([operation, count]) => `${operation.split('.')[1]} ${count}`)
    .join(', ') || 'none';
const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const range = (values: readonly number[]) => `${ms(Math.min(...values))} to ${ms(Math.max(...values))}`;

/**
 * The wall time at the function's CPU share, as far as it can be told from here: at least the
 * measured wall (the waits on AWS do not shrink), and at least the CPU time stretched by the
 * share (CPU ÷ share, with every wait overlapped). Which of the two is larger bounds the run.
 */
export function atCpuShare(wallMs: number, cpuMs: number): { ms: number; bound: 'CPU' | 'waiting on AWS' } {
  const cpuBound = cpuMs / CPU_SHARE;
  return cpuBound > wallMs ? { ms: cpuBound, bound: 'CPU' } : { ms: wallMs, bound: 'waiting on AWS' };
}

function printCalls(s: ScenarioFigures): void {
  console.log(`    Secrets Manager calls  ${total(s.secretsManager)} (${list(s.secretsManager)})`);
  console.log(`    DynamoDB calls         ${total(s.dynamodb)} (${list(s.dynamodb)})`);
  console.log(`    SNS calls              ${s.snsCalls}`);
  const quotas = Object.entries(REQUEST_QUOTAS_PER_SECOND)
    .filter(([operation]) => s.peakPerSecond[operation] !== undefined)
    .map(
      ([operation, quota]) => `${operation.split('.')[1]} ${s.peakPerSecond[operation]}/s (quota ${quota}/s)`,
    );
  if (quotas.length > 0) console.log(`    most calls in 1 s      ${quotas.join(', ')}`);
}

function printFirstRun(first: ScenarioFigures, floorMs: number): void {
  console.log('  first run');
  printCalls(first);
  const share = atCpuShare(first.wallMs, first.cpuMs);
  console.log(
    `    wall time              ${ms(first.wallMs)} = ${(first.wallMs / floorMs).toFixed(2)} × floor   [${first.outcome}]`,
  );
  console.log(
    `    CPU time               ${ms(first.cpuMs)} (${((100 * first.cpuMs) / first.wallMs).toFixed(0)}% of the wall); the fake's own time ${ms(first.fakeServiceMs)}`,
  );
  console.log(
    `    at ${CPU_SHARE.toFixed(3)} vCPU          ${ms(share.ms)} estimated, bound by ${share.bound} (CPU ÷ share ${ms(first.cpuMs / CPU_SHARE)})`,
  );
  console.log(
    `    init (load the bundle) ${ms(first.initWallMs)} wall, ${ms(first.initCpuMs)} CPU (${ms(first.initCpuMs / CPU_SHARE)} at the share)`,
  );
  console.log(
    `    peak RSS               ${first.peakRssMb.toFixed(1)} MB (V8 heap in use at the end: ${first.heapUsedMb.toFixed(1)} MB)`,
  );
}

function printSteadyState(
  steady: readonly ScenarioFigures[],
  lastSteady: ScenarioFigures,
  figures: SizeFigures,
): void {
  const { pages, floorMs } = figures;
  const sameCalls = steady.every(
    (s) =>
      JSON.stringify([s.secretsManager, s.dynamodb, s.snsCalls]) ===
      JSON.stringify([lastSteady.secretsManager, lastSteady.dynamodb, lastSteady.snsCalls]),
  );
  const walls = steady.map((s) => s.wallMs);
  const cpus = steady.map((s) => s.cpuMs);
  const wallMedian = median(walls);
  const cpuMedian = median(cpus);
  const share = atCpuShare(wallMedian, cpuMedian);
  console.log(`  steady state: ${steady.length} hourly run(s) after the first, nothing new due`);
  printCalls(lastSteady);
  if (!sameCalls) console.log('    (the calls differed between steady-state runs: see the targets)');
  console.log(
    `    wall time              median ${ms(wallMedian)} = ${(wallMedian / floorMs).toFixed(2)} × floor (${range(walls)}); runs in order: ${walls.map(ms).join(', ')}`,
  );
  console.log(
    `    CPU time               median ${ms(cpuMedian)} (${range(cpus)}; ${ms(cpuMedian / pages)} per page); the fake's own time ${ms(median(steady.map((s) => s.fakeServiceMs)))}`,
  );
  console.log(
    `    at ${CPU_SHARE.toFixed(3)} vCPU          ${ms(share.ms)} estimated = ${(share.ms / floorMs).toFixed(2)} × floor, bound by ${share.bound} (CPU ÷ share ${ms(cpuMedian / CPU_SHARE)})`,
  );
  const inits = steady.map((s) => s.initWallMs);
  if (inits.some((i) => i > 0)) {
    console.log(
      `    init (load the bundle) median ${ms(median(inits))} wall, ${ms(median(steady.map((s) => s.initCpuMs)))} CPU, before each run`,
    );
  }
  console.log(`    outcomes               ${[...new Set(steady.map((s) => s.outcome))].join('; ')}`);
}

/** PASS or MISS for each target of docs/performance.md, printed and added to `targets`. */
function checkTargets(
  figures: SizeFigures,
  first: ScenarioFigures,
  steady: readonly ScenarioFigures[],
  targets: string[],
): void {
  const { secrets, pages, floorMs } = figures;
  const check = (label: string, pass: boolean) => {
    const line = `${verdict(pass)}  N=${secrets}: ${label}`;
    targets.push(line);
    console.log(`    ${line}`);
  };
  console.log('  targets');
  const steadyManagerCalls = Math.max(...steady.map((s) => total(s.secretsManager)));
  check(
    `steady-state Secrets Manager calls = ceil(N/100) = ${pages}: ${steadyManagerCalls}${steady.length > 1 ? ' (most in any steady-state run)' : ''}`,
    steady.every((s) => total(s.secretsManager) === pages),
  );
  const ledgerReads = (s: ScenarioFigures) =>
    LEDGER_READS.reduce((sum, operation) => sum + (s.dynamodb[operation] ?? 0), 0);
  check(
    `first run: ledger reads (Scan, BatchGetItem, GetItem) <= ${pages}: ${ledgerReads(first)}`,
    ledgerReads(first) <= pages,
  );
  const steadyReads = Math.max(...steady.map(ledgerReads));
  check(
    `steady state: ledger reads (Scan, BatchGetItem, GetItem) <= ${pages}: ${steadyReads}`,
    steadyReads <= pages,
  );
  for (const [operation, quota] of Object.entries(REQUEST_QUOTAS_PER_SECOND)) {
    const peak = Math.max(0, ...[first, ...steady].map((s) => s.peakPerSecond[operation] ?? 0));
    check(`every run: ${operation.split('.')[1]} <= ${quota} in any second: ${peak}`, peak <= quota);
  }
  if (secrets >= 10_000) {
    check(
      `first run: wall <= ${FIRST_RUN_TARGET_MS / 1000} s: ${ms(first.wallMs)}`,
      first.wallMs <= FIRST_RUN_TARGET_MS,
    );
  }
  const wallMedian = median(steady.map((s) => s.wallMs));
  const limit = WALL_TARGET_RATIO * floorMs;
  check(
    `steady state: median wall <= ${WALL_TARGET_RATIO} × floor = ${ms(limit)}: ${ms(wallMedian)}`,
    wallMedian <= limit,
  );
  if (secrets >= 10_000) {
    check(
      `peak RSS <= ${RSS_TARGET_MB} MB: ${figures.peakRssMb.toFixed(1)} MB`,
      figures.peakRssMb <= RSS_TARGET_MB,
    );
  }
}

export function printSize(figures: SizeFigures, targets: string[], latencyMs: number): void {
  const { secrets, pages, floorMs } = figures;
  console.log(
    `\nN = ${secrets.toLocaleString('en-US')} secrets: ${pages} page(s) of ${PAGE_SIZE}; floor = ${pages} × ${latencyMs} ms = ${floorMs} ms`,
  );
  const first = figures.scenarios.find((s) => s.name === 'first run');
  const steady = figures.scenarios.filter((s) => s.name === 'steady state');
  const lastSteady = steady[steady.length - 1];
  if (!first || !lastSteady) return;
  printFirstRun(first, floorMs);
  printSteadyState(steady, lastSteady, figures);
  console.log(
    `  peak RSS (monitor process) ${figures.peakRssMb.toFixed(1)} MB (${figures.loadedRssMb.toFixed(1)} MB once loaded, before any run; ${first.peakRssMb.toFixed(1)} MB after the first run)`,
  );
  checkTargets(figures, first, steady, targets);
}
