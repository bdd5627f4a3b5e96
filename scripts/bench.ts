/**
 * `npm run bench`: the monitor as deployed (dist/monitor/index.js from scripts/bundle.mjs, real
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
 *   --monitor-bundle <file>  measure this build of the monitor instead of dist/monitor/index.js
 *   --heap lambda|host  the V8 heap the monitor runs with (default lambda: sized as Node sizes it
 *                       with the function's memory, see LAMBDA_HEAP_FLAGS; host: sized for this
 *                       machine's memory)
 *
 * Each N runs the monitor in its own child process (plain node, no tsx), so that its peak RSS
 * is the function's alone; the fake runs in this process.
 */
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { FUNCTION_DEFAULTS, functionEnvironment } from '../lib/function-defaults';
import { FakeAws } from '../tools/fake-aws';

const ROOT = path.resolve(__dirname, '..');
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const PAGE_SIZE = 100;
const TABLE = 'lwa-alert-ledger';
/**
 * Evaluation time of the first run; the steady-state runs are the next hourly ones (01:00 to
 * 11:00 at most: no seeded date falls between 00:00 and 12:30, so nothing new is due).
 */
const FIRST_RUN = Date.parse('2027-01-04T00:00:00Z');
const RSS_TARGET_MB = 128;
const MONITOR_BUNDLE_TARGET_KB = 350;
const WALL_TARGET_RATIO = 1.5;
/** DynamoDB operations that read the ledger. */
const LEDGER_READS = ['DynamoDB.Scan', 'DynamoDB.BatchGetItem', 'DynamoDB.GetItem'];

const { values: options } = parseArgs({
  options: {
    'latency-ms': { type: 'string', default: '20' },
    sizes: { type: 'string', default: '100,1000,10000' },
    'cold-runs': { type: 'string', default: '15' },
    'steady-runs': { type: 'string', default: '5' },
    heap: { type: 'string', default: 'lambda' },
    'monitor-bundle': { type: 'string' },
  },
});
const latencyMs = Number(options['latency-ms']);
const sizes = options.sizes.split(',').map((s) => Number(s.trim()));
const coldRuns = Number(options['cold-runs']);
const steadyRuns = Number(options['steady-runs']);
const heap = options.heap;
if (
  !Number.isFinite(latencyMs) ||
  latencyMs < 0 ||
  sizes.some((n) => !Number.isInteger(n) || n < 1) ||
  !Number.isInteger(steadyRuns) ||
  steadyRuns < 1 ||
  steadyRuns > 11 ||
  (heap !== 'lambda' && heap !== 'host')
) {
  throw new Error(
    'usage: bench [--latency-ms 20] [--sizes 100,1000,10000] [--cold-runs 15] [--steady-runs 1..11] [--heap lambda|host]',
  );
}

/**
 * Node sizes the V8 heap from the memory of the machine it runs on, and a Lambda function's
 * machine has the function's memory: with 256 MB, Node allows a 259 MB heap with a 2 MB young
 * generation (1 MB semi-spaces), where this machine would give it gigabytes and 32 MB. These two
 * flags give exactly that heap (checked with v8.getHeapStatistics() and getHeapSpaceStatistics()
 * in a 256 MB memory cgroup and with the flags: the same 259 MB limit and 2 MB new space), so the
 * peak RSS measured is the one the function would have. Measured for 256 MB only.
 */
const LAMBDA_HEAP_FLAGS: Readonly<Record<number, readonly string[]>> = {
  256: ['--max-old-space-size=256', '--max-semi-space-size=1'],
};

function heapFlags(): readonly string[] {
  if (heap === 'host') return [];
  const flags = LAMBDA_HEAP_FLAGS[FUNCTION_DEFAULTS.memorySize];
  if (!flags) {
    throw new Error(
      `No V8 heap flags known for ${FUNCTION_DEFAULTS.memorySize} MB: measure them (see LAMBDA_HEAP_FLAGS) or run with --heap host`,
    );
  }
  return flags;
}

/** Runs in the child: loads the bundle, then runs the handler at the times the parent sends. */
const CHILD_PROGRAM = `
const { performance } = require('node:perf_hooks');
// The function's wall clock follows the simulated schedule (42 s after each run's time), as it
// would in AWS: the monitor trusts an event's time only within the retry window of its clock.
require(process.env.BENCH_SHIFTED_CLOCK);
const { handler } = require(process.env.BENCH_BUNDLE);
const rssKb = () => process.resourceUsage().maxRSS;
process.on('message', async (message) => {
  if (message.type === 'exit') return process.exit(0);
  globalThis.shiftClockTo(Date.parse(message.time) + 42000);
  const started = performance.now();
  const cpu = process.cpuUsage();
  let outcome = 'ok';
  let summary;
  try {
    summary = await handler({ time: message.time }, { awsRequestId: message.runId });
  } catch (error) {
    outcome = error.name + ': ' + error.message;
    summary = error.summary;
  }
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const heapUsedMb = process.memoryUsage().heapUsed / 1048576;
  process.send({ type: 'done', wallMs, cpuMs: (used.user + used.system) / 1000, heapUsedMb, outcome, summary, maxRssKb: rssKb() });
});
process.send({ type: 'ready', maxRssKb: rssKb() });
`;

interface ChildReport {
  readonly type: 'ready' | 'done';
  readonly wallMs?: number;
  readonly cpuMs?: number;
  readonly heapUsedMb?: number;
  readonly outcome?: string;
  readonly summary?: { readonly credentials?: number; readonly alertsBySeverity?: Record<string, number> };
  readonly maxRssKb: number;
}

function isChildReport(message: unknown): message is ChildReport {
  return (
    typeof message === 'object' &&
    message !== null &&
    'type' in message &&
    'maxRssKb' in message &&
    typeof message.maxRssKb === 'number'
  );
}

function nextReport(child: ChildProcess): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      cleanup();
      if (isChildReport(message)) resolve(message);
      else reject(new Error(`unexpected message from the monitor process: ${JSON.stringify(message)}`));
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`the monitor process exited (${code}) before answering`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Deterministic pseudo-random numbers, so every bench run seeds the same secrets. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * N tagged secrets: 80% dated only by their AWSCURRENT version (a first run must look each one
 * up), 10% by lwa:rotated-at, 10% by lwa:expires-at. Ages spread over 0-200 days, at 12:30 UTC, so
 * some are inside each threshold or expired (the first run alerts) and no boundary falls between
 * the first run (00:00) and the steady-state run (01:00).
 */
function seedSecrets(fake: FakeAws, count: number): void {
  const random = prng(count);
  for (let i = 0; i < count; i++) {
    const dayStart = FIRST_RUN - Math.floor(random() * 200) * DAY_MS;
    const rotatedAt = new Date(dayStart - 12 * HOUR_MS + 30 * 60_000);
    const kind = random();
    const tags: Record<string, string> = { 'lwa:app': `App ${i}` };
    if (kind < 0.1) tags['lwa:rotated-at'] = rotatedAt.toISOString();
    else if (kind < 0.2) tags['lwa:expires-at'] = new Date(rotatedAt.getTime() + 180 * DAY_MS).toISOString();
    fake.secretsManager.createSecret({
      name: `lwa/app-${String(i).padStart(5, '0')}`,
      createdAt: new Date(rotatedAt.getTime() - 400 * DAY_MS),
      tags,
      firstVersionAt: rotatedAt,
    });
  }
}

interface ScenarioFigures {
  readonly name: 'first run' | 'steady state';
  /** 0 for the first run, then 1, 2, ... for the steady-state runs. */
  readonly index: number;
  readonly secretsManager: Record<string, number>;
  readonly dynamodb: Record<string, number>;
  readonly snsCalls: number;
  /** Time the fake spent answering (latency excluded): harness overhead, not the monitor's. */
  readonly fakeServiceMs: number;
  readonly wallMs: number;
  /** CPU time the monitor process spent in the run (user + system). */
  readonly cpuMs: number;
  /** Peak RSS of the monitor process so far (it only grows). */
  readonly peakRssMb: number;
  /** V8 heap in use when the run returned (before any collection). */
  readonly heapUsedMb: number;
  readonly outcome: string;
}

interface SizeFigures {
  readonly secrets: number;
  readonly pages: number;
  readonly floorMs: number;
  readonly scenarios: readonly ScenarioFigures[];
  /** Peak RSS once the bundle is loaded, before any run. */
  readonly loadedRssMb: number;
  readonly peakRssMb: number;
}

/**
 * This process's environment without AWS settings (a service-specific AWS_ENDPOINT_URL_* or a
 * profile would send the monitor elsewhere) and without NODE_OPTIONS (the monitor runs in plain
 * node, as in Lambda).
 */
function inheritedEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_') && key !== 'NODE_OPTIONS'),
  );
}

async function measureSize(monitorBundle: string, secrets: number): Promise<SizeFigures> {
  const fake = await FakeAws.start({ latencyMs });
  try {
    fake.dynamodb.createTable(TABLE);
    const topicArn = fake.sns.createTopic('lwa-expiry-alerts');
    seedSecrets(fake, secrets);
    const child = spawn(process.execPath, [...heapFlags(), '-e', CHILD_PROGRAM], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: {
        ...inheritedEnvironment(),
        ...fake.clientEnvironment(),
        BENCH_BUNDLE: monitorBundle,
        BENCH_SHIFTED_CLOCK: path.join(ROOT, 'scripts', 'shifted-clock.cjs'),
        ALERT_TOPIC_ARN: topicArn,
        LEDGER_TABLE_NAME: TABLE,
        // As deployed: the variables every function gets (NODE_OPTIONS with source maps,
        // the Powertools service and namespace), INFO logs and EMF metrics written to stdout,
        // which goes to /dev/null here and to CloudWatch Logs in Lambda.
        ...functionEnvironment({}),
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    let report = await nextReport(child);
    const loadedRssMb = report.maxRssKb / 1024;
    const scenarios: ScenarioFigures[] = [];
    for (let index = 0; index <= steadyRuns; index++) {
      const name = index === 0 ? 'first run' : 'steady state';
      const time = FIRST_RUN + index * HOUR_MS;
      fake.calls.reset();
      const published = fake.sns.published.length;
      child.send({ type: 'run', time: new Date(time).toISOString(), runId: `bench-run-${index}` });
      report = await nextReport(child);
      scenarios.push({
        name,
        index,
        secretsManager: fake.calls.snapshot('SecretsManager'),
        dynamodb: fake.calls.snapshot('DynamoDB'),
        snsCalls: fake.calls.total('SNS'),
        fakeServiceMs: fake.calls.serviceTimeMs,
        wallMs: report.wallMs ?? NaN,
        cpuMs: report.cpuMs ?? NaN,
        peakRssMb: report.maxRssKb / 1024,
        heapUsedMb: report.heapUsedMb ?? NaN,
        outcome: `${report.outcome ?? '?'}, ${fake.sns.published.length - published} alerts published`,
      });
    }
    child.send({ type: 'exit' });
    await new Promise<void>((resolve) => child.once('exit', () => resolve()));
    if (fake.problems.length > 0) throw new Error(`the fake refused requests: ${fake.problems.join('; ')}`);
    const pages = Math.ceil(secrets / PAGE_SIZE);
    return {
      secrets,
      pages,
      floorMs: pages * latencyMs,
      scenarios,
      loadedRssMb,
      peakRssMb: report.maxRssKb / 1024,
    };
  } finally {
    await fake.close();
  }
}

/** Environment a function may insist on at load time; placeholders are added as it asks. */
const BASE_FUNCTION_ENV: Record<string, string> = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIAFAKEAWS000000000',
  AWS_SECRET_ACCESS_KEY: 'fake',
  ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:lwa-expiry-alerts',
  LEDGER_TABLE_NAME: TABLE,
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

const REQUIRE_PROGRAM = `
const started = process.hrtime.bigint();
require(process.env.BENCH_BUNDLE);
process.stdout.write(String(Number(process.hrtime.bigint() - started) / 1e6));
`;

interface BundleFigures {
  readonly name: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly medianRequireMs?: number;
  readonly note?: string;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function measureBundle(name: string, file: string): BundleFigures {
  const source = readFileSync(file);
  const figures = { name, bytes: statSync(file).size, gzipBytes: gzipSync(source).length };
  const env: Record<string, string> = { ...BASE_FUNCTION_ENV };
  const added: string[] = [];
  const times: number[] = [];
  while (times.length < coldRuns) {
    const result = spawnSync(process.execPath, ['-e', REQUIRE_PROGRAM], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', ...env, BENCH_BUNDLE: file },
    });
    if (result.status === 0) {
      times.push(Number(result.stdout));
      continue;
    }
    // A function that validates its configuration at load names the missing setting.
    const missing = /Invalid configuration "([A-Z0-9_]+)"/.exec(result.stderr)?.[1];
    if (missing === undefined || env[missing] !== undefined || added.length > 20) {
      return {
        ...figures,
        note: `require failed: ${result.stderr.split('\n').find((l) => /Error/.test(l)) ?? result.stderr}`,
      };
    }
    env[missing] = 'placeholder';
    added.push(missing);
  }
  return {
    ...figures,
    medianRequireMs: median(times),
    ...(added.length > 0 ? { note: `placeholder settings: ${added.join(', ')}` } : {}),
  };
}

const verdict = (pass: boolean) => (pass ? 'PASS' : 'MISS');
const ms = (value: number) => `${value < 100 ? value.toFixed(1) : Math.round(value)} ms`;
const list = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([operation, count]) => `${operation.split('.')[1]} ${count}`)
    .join(', ') || 'none';
const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

function printSize(figures: SizeFigures, targets: string[]): void {
  const { secrets, pages, floorMs } = figures;
  console.log(
    `\nN = ${secrets.toLocaleString('en-US')} secrets: ${pages} page(s) of ${PAGE_SIZE}; floor = ${pages} × ${latencyMs} ms = ${floorMs} ms`,
  );
  const first = figures.scenarios.find((s) => s.name === 'first run');
  const steady = figures.scenarios.filter((s) => s.name === 'steady state');
  const lastSteady = steady[steady.length - 1];
  if (!first || !lastSteady) return;
  const printCalls = (s: ScenarioFigures) => {
    console.log(`    Secrets Manager calls  ${total(s.secretsManager)} (${list(s.secretsManager)})`);
    console.log(`    DynamoDB calls         ${total(s.dynamodb)} (${list(s.dynamodb)})`);
    console.log(`    SNS calls              ${s.snsCalls}`);
  };
  console.log('  first run');
  printCalls(first);
  console.log(
    `    wall time              ${ms(first.wallMs)} = ${(first.wallMs / floorMs).toFixed(2)} × floor   [${first.outcome}]`,
  );
  console.log(
    `    CPU time               ${ms(first.cpuMs)}; the fake's own time ${ms(first.fakeServiceMs)}`,
  );
  console.log(
    `    peak RSS so far        ${first.peakRssMb.toFixed(1)} MB (V8 heap in use at the end: ${first.heapUsedMb.toFixed(1)} MB)`,
  );

  const sameCalls = steady.every(
    (s) =>
      JSON.stringify([s.secretsManager, s.dynamodb, s.snsCalls]) ===
      JSON.stringify([lastSteady.secretsManager, lastSteady.dynamodb, lastSteady.snsCalls]),
  );
  const wallMedian = median(steady.map((s) => s.wallMs));
  console.log(`  steady state: ${steady.length} hourly run(s) after the first, nothing new due`);
  printCalls(lastSteady);
  if (!sameCalls) console.log('    (the calls differed between steady-state runs: see the targets)');
  console.log(
    `    wall time              median ${ms(wallMedian)} = ${(wallMedian / floorMs).toFixed(2)} × floor; runs in order: ${steady.map((s) => ms(s.wallMs)).join(', ')}`,
  );
  console.log(
    `    CPU time               median ${ms(median(steady.map((s) => s.cpuMs)))} (${ms(median(steady.map((s) => s.cpuMs)) / pages)} per page); the fake's own time ${ms(median(steady.map((s) => s.fakeServiceMs)))}`,
  );
  console.log(`    outcomes               ${[...new Set(steady.map((s) => s.outcome))].join('; ')}`);
  console.log(
    `  peak RSS (monitor process) ${figures.peakRssMb.toFixed(1)} MB (${figures.loadedRssMb.toFixed(1)} MB once loaded, before any run; ${first.peakRssMb.toFixed(1)} MB after the first run)`,
  );

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
  const limit = WALL_TARGET_RATIO * floorMs;
  check(
    `first run: wall <= ${WALL_TARGET_RATIO} × floor = ${ms(limit)}: ${ms(first.wallMs)}`,
    first.wallMs <= limit,
  );
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

async function main(): Promise<void> {
  console.log(
    `lwa-expiry-monitor benchmark: fake AWS latency ${latencyMs} ms per call; node ${process.version}; ` +
      `${availableParallelism()} CPU(s), load average ${loadavg()[0]?.toFixed(2)} at start`,
  );
  const built = execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'bundle.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const bundles = built
    .split('\n')
    .map((line) => /^([\w-]+): (.+)$/.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, name = '', file = '']) => ({ name, file: path.resolve(ROOT, file) }));
  const monitor = options['monitor-bundle']
    ? { name: 'monitor', file: path.resolve(options['monitor-bundle']) }
    : bundles.find((b) => b.name === 'monitor');
  if (!monitor) throw new Error(`scripts/bundle.mjs built no monitor:\n${built}`);
  console.log(`monitor under test: ${path.relative(ROOT, monitor.file)}`);
  console.log(
    heap === 'lambda'
      ? `V8 heap as with the function's ${FUNCTION_DEFAULTS.memorySize} MB: ${heapFlags().join(' ')}`
      : "V8 heap sized for this machine's memory (--heap host)",
  );

  const targets: string[] = [];
  for (const secrets of sizes) printSize(await measureSize(monitor.file, secrets), targets);

  console.log(
    `\nBundles (scripts/bundle.mjs, as deployed; median cold require over ${coldRuns} fresh processes)`,
  );
  for (const { name, file } of bundles) {
    const b = measureBundle(name, file);
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
