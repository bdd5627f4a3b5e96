import type { ChildProcess } from 'node:child_process';
import type { CallRecord } from '../../tools/fake-aws';
import { FakeAws } from '../../tools/fake-aws';
import { Prng } from '../../tools/prng';
import type { ChildReport } from './monitor-process';
import { nextReport, startMonitorProcess } from './monitor-process';
import type { BenchOptions } from './settings';
import { DAY_MS, FIRST_RUN, HOUR_MS, PAGE_SIZE, TABLE } from './settings';

/** One size N: the fake seeded with N secrets, the monitor run against it, the figures of each run. */

/**
 * N tagged secrets (the same every bench run: seeded by N): 80% dated only by their AWSCURRENT version (a first run must look each one
 * up), 10% by lwa:rotated-at, 10% by lwa:expires-at. Ages spread over 0-200 days, at 12:30 UTC, so
 * some are inside each threshold or expired (the first run alerts) and no boundary falls between
 * the first run (00:00) and the steady-state run (01:00).
 */
function seedSecrets(fake: FakeAws, count: number): void {
  const prng = new Prng(count);
  const random = () => prng.next();
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

export interface ScenarioFigures {
  readonly name: 'first run' | 'steady state';
  /** 0 for the first run, then 1, 2, ... for the steady-state runs. */
  readonly index: number;
  readonly secretsManager: Record<string, number>;
  readonly dynamodb: Record<string, number>;
  readonly snsCalls: number;
  /** Most requests of each operation that reached the fake within any one second of the run. */
  readonly peakPerSecond: Record<string, number>;
  /** Time the fake spent answering (latency excluded): harness overhead, not the monitor's. */
  readonly fakeServiceMs: number;
  /** Loading the bundle in the run's process (the function's init phase); 0 for a warm process. */
  readonly initWallMs: number;
  readonly initCpuMs: number;
  /** The handler call. */
  readonly wallMs: number;
  /** CPU time the monitor process spent in the handler call (user + system). */
  readonly cpuMs: number;
  /** Peak RSS of the monitor process at the end of the run. */
  readonly peakRssMb: number;
  /** V8 heap in use when the run returned (before any collection). */
  readonly heapUsedMb: number;
  readonly outcome: string;
}

export interface SizeFigures {
  readonly secrets: number;
  readonly pages: number;
  readonly floorMs: number;
  readonly scenarios: readonly ScenarioFigures[];
  /** Peak RSS once the bundle is loaded, before any run (the first run's process). */
  readonly loadedRssMb: number;
  /** Highest peak RSS of any run's process. */
  readonly peakRssMb: number;
}

/** The most calls of each operation in any window of one second, from the fake's arrival log. */
function peakPerSecond(records: readonly CallRecord[]): Record<string, number> {
  const byOperation = new Map<string, number[]>();
  for (const { operation, at } of records) {
    const times = byOperation.get(operation) ?? [];
    times.push(at);
    byOperation.set(operation, times);
  }
  const peaks: Record<string, number> = {};
  for (const [operation, times] of byOperation) {
    let peak = 0;
    for (let first = 0, last = 0; last < times.length; last++) {
      while (times[last]! - times[first]! >= 1000) first++;
      peak = Math.max(peak, last - first + 1);
    }
    peaks[operation] = peak;
  }
  return peaks;
}

/** The monitor process for run `index`: a fresh one, or in warm mode the one already running. */
async function monitorFor(
  fake: FakeAws,
  monitorBundle: string,
  options: BenchOptions,
  topicArn: string,
  secrets: number,
  index: number,
  running: { child: ChildProcess; ready: ChildReport } | undefined,
): Promise<{ child: ChildProcess; ready: ChildReport; fresh: boolean }> {
  if (running && options.process === 'warm') return { ...running, fresh: false };
  const child = startMonitorProcess(
    fake,
    monitorBundle,
    options,
    topicArn,
    `monitor-n${secrets}-run${index}`,
  );
  return { child, ready: await nextReport(child), fresh: true };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.send({ type: 'exit' });
  await exited;
}

/** One run of the monitor at `FIRST_RUN + index` hours, and what it cost. */
async function runScenario(
  fake: FakeAws,
  monitor: { child: ChildProcess; ready: ChildReport; fresh: boolean },
  index: number,
): Promise<{ figures: ScenarioFigures; report: ChildReport }> {
  const name = index === 0 ? 'first run' : 'steady state';
  const time = FIRST_RUN + index * HOUR_MS;
  fake.calls.reset();
  const logStart = fake.log.length;
  const published = fake.sns.published.length;
  monitor.child.send({ type: 'run', time: new Date(time).toISOString(), runId: `bench-run-${index}` });
  const report = await nextReport(monitor.child);
  const figures: ScenarioFigures = {
    name,
    index,
    secretsManager: fake.calls.snapshot('SecretsManager'),
    dynamodb: fake.calls.snapshot('DynamoDB'),
    snsCalls: fake.calls.total('SNS'),
    peakPerSecond: peakPerSecond(fake.log.slice(logStart)),
    fakeServiceMs: fake.calls.serviceTimeMs,
    initWallMs: monitor.fresh ? (monitor.ready.initWallMs ?? NaN) : 0,
    initCpuMs: monitor.fresh ? (monitor.ready.initCpuMs ?? NaN) : 0,
    wallMs: report.wallMs ?? NaN,
    cpuMs: report.cpuMs ?? NaN,
    peakRssMb: report.maxRssKb / 1024,
    heapUsedMb: report.heapUsedMb ?? NaN,
    outcome: `${report.outcome ?? '?'}, ${fake.sns.published.length - published} alerts published`,
  };
  return { figures, report };
}

/**
 * N secrets: a first run, then the steady-state runs, each in a new monitor process (as Lambda
 * starts an hourly function afresh) against the one fake, which keeps its state between runs.
 */
export async function measureSize(
  monitorBundle: string,
  secrets: number,
  options: BenchOptions,
): Promise<SizeFigures> {
  const fake = await FakeAws.start({ latencyMs: options.latencyMs });
  let running: { child: ChildProcess; ready: ChildReport } | undefined;
  try {
    fake.dynamodb.createTable(TABLE);
    const topicArn = fake.sns.createTopic('lwa-expiry-alerts');
    seedSecrets(fake, secrets);
    const scenarios: ScenarioFigures[] = [];
    let loadedRssMb = NaN;
    for (let index = 0; index <= options.steadyRuns; index++) {
      const monitor = await monitorFor(fake, monitorBundle, options, topicArn, secrets, index, running);
      if (index === 0) loadedRssMb = monitor.ready.maxRssKb / 1024;
      const run = await runScenario(fake, monitor, index);
      scenarios.push(run.figures);
      if (options.process === 'warm') running = monitor;
      else await stop(monitor.child);
    }
    if (running) await stop(running.child);
    running = undefined;
    if (fake.problems.length > 0) throw new Error(`the fake refused requests: ${fake.problems.join('; ')}`);
    const pages = Math.ceil(secrets / PAGE_SIZE);
    return {
      secrets,
      pages,
      floorMs: pages * options.latencyMs,
      scenarios,
      loadedRssMb,
      peakRssMb: Math.max(...scenarios.map((s) => s.peakRssMb)),
    };
  } finally {
    if (running) running.child.kill();
    await fake.close();
  }
}
