import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { FUNCTION_DEFAULTS, functionEnvironment } from '../../lib/function-defaults';
import type { FakeAws } from '../../tools/fake-aws';
import type { BenchOptions } from './settings';
import { ROOT, TABLE } from './settings';

/**
 * The monitor's own process: plain node (no tsx) with the function's V8 heap, loading the bundle
 * and running the handler at the times the bench sends, so that its peak RSS is the function's
 * alone.
 */

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

export function heapFlags(heap: BenchOptions['heap']): readonly string[] {
  if (heap === 'host') return [];
  const flags = LAMBDA_HEAP_FLAGS[FUNCTION_DEFAULTS.memorySize];
  if (!flags) {
    throw new Error(
      `No V8 heap flags known for ${FUNCTION_DEFAULTS.memorySize} MB: measure them (see LAMBDA_HEAP_FLAGS) or run with --heap host`,
    );
  }
  return flags;
}

/**
 * Runs in the child: loads the bundle (the function's init phase, timed), then runs the handler at
 * the times the parent sends. The bench starts one such process per run, as Lambda starts an
 * hourly function afresh; `--process warm` sends every run of a size to the same process.
 */
const CHILD_PROGRAM = `
const { performance } = require('node:perf_hooks');
// The function's wall clock follows the simulated schedule (42 s after each run's time), as it
// would in AWS: the monitor trusts an event's time only within the retry window of its clock.
require(process.env.BENCH_SHIFTED_CLOCK);
const initStarted = performance.now();
const initCpu = process.cpuUsage();
const { handler } = require(process.env.BENCH_BUNDLE);
const initWallMs = performance.now() - initStarted;
const initUsed = process.cpuUsage(initCpu);
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
process.send({ type: 'ready', initWallMs, initCpuMs: (initUsed.user + initUsed.system) / 1000, maxRssKb: rssKb() });
`;

export interface ChildReport {
  readonly type: 'ready' | 'done';
  /** `ready`: loading the bundle (the function's init phase), wall and CPU time. */
  readonly initWallMs?: number;
  readonly initCpuMs?: number;
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

export function nextReport(child: ChildProcess): Promise<ChildReport> {
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

/** Starts the monitor process against the fake; it answers `ready` once the bundle is loaded. */
export function startMonitorProcess(
  fake: FakeAws,
  monitorBundle: string,
  options: Pick<BenchOptions, 'heap' | 'cpuProfileDir' | 'nodeFlags'>,
  topicArn: string,
  profileName: string,
): ChildProcess {
  // --cpu-prof writes the profile when the process exits (it exits after its run).
  const profile =
    options.cpuProfileDir === undefined
      ? []
      : [
          '--cpu-prof',
          `--cpu-prof-dir=${options.cpuProfileDir}`,
          `--cpu-prof-name=${profileName}.cpuprofile`,
        ];
  return spawn(
    process.execPath,
    [...heapFlags(options.heap), ...(options.nodeFlags ?? []), ...profile, '-e', CHILD_PROGRAM],
    {
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
    },
  );
}
