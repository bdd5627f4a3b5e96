import path from 'node:path';
import { parseArgs } from 'node:util';

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
export const WALL_TARGET_RATIO = 1.5;
/** DynamoDB operations that read the ledger. */
export const LEDGER_READS = ['DynamoDB.Scan', 'DynamoDB.BatchGetItem', 'DynamoDB.GetItem'];

export interface BenchOptions {
  readonly latencyMs: number;
  readonly sizes: readonly number[];
  readonly coldRuns: number;
  readonly steadyRuns: number;
  readonly heap: 'lambda' | 'host';
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
  return { latencyMs, sizes, coldRuns, steadyRuns, heap, monitorBundle: options['monitor-bundle'] };
}
