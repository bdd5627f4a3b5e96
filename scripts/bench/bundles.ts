import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { ROOT, TABLE } from './settings';

/** Each bundle's minified and gzip size, and its median cold `require` time in fresh processes. */

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

export interface BundleFigures {
  readonly name: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  /** Modules the bundle requires at run time and does not contain: the Lambda runtime provides them. */
  readonly runtimeModules: readonly string[];
  /** npm packages compiled into the bundle (from its source map). */
  readonly bundledPackages: readonly string[];
  readonly medianRequireMs?: number;
  readonly note?: string;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** What the bundle leaves to the runtime (`require("@aws-sdk/...")`) and what it contains. */
function contentsOf(file: string, source: string): Pick<BundleFigures, 'runtimeModules' | 'bundledPackages'> {
  const runtimeModules = [
    ...new Set([...source.matchAll(/require\("(@aws-sdk\/[^"]+)"\)/g)].map((m) => m[1]!)),
  ].sort();
  const mapFile = `${file}.map`;
  const sources: string[] = existsSync(mapFile)
    ? ((JSON.parse(readFileSync(mapFile, 'utf8')) as { sources?: string[] }).sources ?? [])
    : [];
  const bundledPackages = [
    ...new Set(
      sources
        .map((s) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(s)?.[1])
        .filter((p): p is string => p !== undefined),
    ),
  ].sort();
  return { runtimeModules, bundledPackages };
}

export function measureBundle(name: string, file: string, coldRuns: number): BundleFigures {
  const source = readFileSync(file);
  const figures = {
    name,
    bytes: statSync(file).size,
    gzipBytes: gzipSync(source).length,
    ...contentsOf(file, source.toString('utf8')),
  };
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
