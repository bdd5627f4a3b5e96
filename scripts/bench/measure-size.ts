import type { ChildProcess } from 'node:child_process';
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

export interface SizeFigures {
  readonly secrets: number;
  readonly pages: number;
  readonly floorMs: number;
  readonly scenarios: readonly ScenarioFigures[];
  /** Peak RSS once the bundle is loaded, before any run. */
  readonly loadedRssMb: number;
  readonly peakRssMb: number;
}

/** One run of the monitor at `FIRST_RUN + index` hours, and what it cost. */
async function runScenario(
  fake: FakeAws,
  child: ChildProcess,
  index: number,
): Promise<{ figures: ScenarioFigures; report: ChildReport }> {
  const name = index === 0 ? 'first run' : 'steady state';
  const time = FIRST_RUN + index * HOUR_MS;
  fake.calls.reset();
  const published = fake.sns.published.length;
  child.send({ type: 'run', time: new Date(time).toISOString(), runId: `bench-run-${index}` });
  const report = await nextReport(child);
  const figures: ScenarioFigures = {
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
  };
  return { figures, report };
}

/** N secrets: a first run, then the steady-state runs, in one monitor process. */
export async function measureSize(
  monitorBundle: string,
  secrets: number,
  options: BenchOptions,
): Promise<SizeFigures> {
  const fake = await FakeAws.start({ latencyMs: options.latencyMs });
  try {
    fake.dynamodb.createTable(TABLE);
    const topicArn = fake.sns.createTopic('lwa-expiry-alerts');
    seedSecrets(fake, secrets);
    const child = startMonitorProcess(fake, monitorBundle, options.heap, topicArn);
    let report = await nextReport(child);
    const loadedRssMb = report.maxRssKb / 1024;
    const scenarios: ScenarioFigures[] = [];
    for (let index = 0; index <= options.steadyRuns; index++) {
      const run = await runScenario(fake, child, index);
      scenarios.push(run.figures);
      report = run.report;
    }
    child.send({ type: 'exit' });
    await new Promise<void>((resolve) => child.once('exit', () => resolve()));
    if (fake.problems.length > 0) throw new Error(`the fake refused requests: ${fake.problems.join('; ')}`);
    const pages = Math.ceil(secrets / PAGE_SIZE);
    return {
      secrets,
      pages,
      floorMs: pages * options.latencyMs,
      scenarios,
      loadedRssMb,
      peakRssMb: report.maxRssKb / 1024,
    };
  } finally {
    await fake.close();
  }
}
