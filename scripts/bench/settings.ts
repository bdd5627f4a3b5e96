import path from 'node:path';
import { parseArgs } from 'node:util';
import { FUNCTION_DEFAULTS } from '../../lib/function-defaults';

/** What `npm run bench` measures with, and the targets it checks (docs/performance.md). */

export const ROOT = path.resolve(__dirname, '..', '..');
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const PAGE_SIZE = 100;
export const TABLE = 'lwa-alert-ledger';
/**
 * Evaluation time of the first run; the steady-state runs are the next hourly ones (01:00 to
 * 11:00 at most: no seeded date falls between 00:00 and 12:30, so nothing new is due).
 */
export const FIRST_RUN = Date.parse('2027-01-04T00:00:00Z');
export const RSS_TARGET_MB = 128;
export const MONITOR_BUNDLE_TARGET_KB = 350;
/** Steady state: wall <= 1.5 × the listing floor (pages × latency), checked at every N. */
export const WALL_TARGET_RATIO = 1.5;
/** First run: wall <= 30 s, checked at N >= 10,000. */
export const FIRST_RUN_TARGET_MS = 30_000;
/**
 * Lambda gives a function CPU in proportion to its memory: 1,769 MB is one vCPU
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html).
 */
export const MB_PER_VCPU = 1769;
export const CPU_SHARE = FUNCTION_DEFAULTS.memorySize / MB_PER_VCPU;
/**
 * Secrets Manager's default per-second request quotas (per account and Region) of the operations
 * the monitor calls (https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html).
 */
export const REQUEST_QUOTAS_PER_SECOND: Readonly<Record<string, number>> = {
  'SecretsManager.ListSecrets': 100,
  'SecretsManager.ListSecretVersionIds': 50,
};
/** DynamoDB operations that read the ledger. */
export const LEDGER_READS = ['DynamoDB.Scan', 'DynamoDB.BatchGetItem', 'DynamoDB.GetItem'];

export interface BenchOptions {
  readonly latencyMs: number;
  readonly sizes: readonly number[];
  readonly coldRuns: number;
  readonly steadyRuns: number;
  readonly heap: 'lambda' | 'host';
  /** fresh: a new monitor process per run (as Lambda starts an hourly function); warm: one per N. */
  readonly process: 'fresh' | 'warm';
  /** Where `node --cpu-prof` writes one profile per monitor process, when set. */
  readonly cpuProfileDir?: string;
  /** More node flags for the monitor processes, after the heap flags (to try a V8 setting). */
  readonly nodeFlags?: readonly string[];
  readonly monitorBundle?: string;
}

/** The command line, checked; throws the usage line when a value is out of range. */
export function parseBenchOptions(): BenchOptions {
  const { values: options } = parseArgs({
    options: {
      'latency-ms': { type: 'string', default: '20' },
      sizes: { type: 'string', default: '100,1000,10000' },
      'cold-runs': { type: 'string', default: '15' },
      'steady-runs': { type: 'string', default: '5' },
      heap: { type: 'string', default: 'lambda' },
      process: { type: 'string', default: 'fresh' },
      'cpu-prof': { type: 'string' },
      'node-flags': { type: 'string' },
      'monitor-bundle': { type: 'string' },
    },
  });
  const latencyMs = Number(options['latency-ms']);
  const sizes = options.sizes.split(',').map((s) => Number(s.trim()));
  const coldRuns = Number(options['cold-runs']);
  const steadyRuns = Number(options['steady-runs']);
  const heap = options.heap;
  const processMode = options.process;
  if (
    !Number.isFinite(latencyMs) ||
    latencyMs < 0 ||
    sizes.some((n) => !Number.isInteger(n) || n < 1) ||
    !Number.isInteger(steadyRuns) ||
    steadyRuns < 1 ||
    steadyRuns > 11 ||
    (heap !== 'lambda' && heap !== 'host') ||
    (processMode !== 'fresh' && processMode !== 'warm')
  ) {
    throw new Error(
      'usage: bench [--latency-ms 20] [--sizes 100,1000,10000] [--cold-runs 15] [--steady-runs 1..11] [--heap lambda|host] [--process fresh|warm] [--cpu-prof <dir>] [--node-flags "<flags>"] [--monitor-bundle <file>]',
    );
  }
  return {
    latencyMs,
    sizes,
    coldRuns,
    steadyRuns,
    heap,
    process: processMode,
    cpuProfileDir: options['cpu-prof'] === undefined ? undefined : path.resolve(options['cpu-prof']),
    nodeFlags: options['node-flags']?.split(' ').filter((flag) => flag !== ''),
    monitorBundle: options['monitor-bundle'],
  };
}
