import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const PROJECT_ROOT = path.resolve(__dirname, '../../..');

export interface BuiltBundles {
  readonly dir: string;
  /** Bundle file per function name, e.g. `monitor`. */
  readonly files: Readonly<Record<string, string>>;
  remove(): void;
}

/**
 * Builds the functions named with `bundleAll` from scripts/bundle.mjs (the options the construct
 * deploys with) into a fresh temporary directory. It runs in a child Node process because the
 * script is an ES module and Jest runs CommonJS.
 */
export function buildBundles(names: readonly string[]): BuiltBundles {
  const dir = mkdtempSync(path.join(tmpdir(), 'lwa-bundles-'));
  // The bundles leave the AWS SDK external, as the Lambda runtime provides it; here it must
  // resolve from the project's node_modules.
  symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const bundleScript = pathToFileURL(path.join(PROJECT_ROOT, 'scripts', 'bundle.mjs')).href;
  const program = `import { bundleAll } from ${JSON.stringify(bundleScript)};
process.stdout.write(JSON.stringify(await bundleAll(process.argv[1], JSON.parse(process.argv[2]))));`;
  const output = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', program, dir, JSON.stringify(names)],
    {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    },
  );
  const parsed: unknown = JSON.parse(output);
  if (typeof parsed !== 'object' || parsed === null) throw new Error(`bundleAll returned ${output}`);
  const files: Record<string, string> = {};
  for (const [name, file] of Object.entries(parsed)) {
    if (typeof file !== 'string') throw new Error(`bundleAll returned ${output}`);
    files[name] = file;
  }
  return { dir, files, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** What the monitor's handler returns (and carries in the error it throws after a failed run). */
export interface MonitorResult {
  readonly ran: boolean;
  readonly credentials: number;
  readonly skipped: number;
  readonly undetermined: number;
  readonly alertsBySeverity: Readonly<Record<string, number>>;
  readonly publishFailures: number;
  readonly ledgerFailures: number;
  readonly lookupFailures: number;
  readonly conflicts: number;
}

export type MonitorHandler = (
  event: { readonly time?: string },
  context?: { readonly awsRequestId: string },
) => Promise<MonitorResult>;

/** Loads a bundled function's `handler` export, checking its shape rather than trusting it. */
export function handlerOf(loaded: unknown, file: string): MonitorHandler {
  if (typeof loaded !== 'object' || loaded === null || !('handler' in loaded)) {
    throw new Error(`${file} exports no handler`);
  }
  const { handler } = loaded;
  if (typeof handler !== 'function') throw new Error(`${file}: handler is not a function`);
  return handler as MonitorHandler;
}

/** What the monitor reads from its environment (as the construct sets it), pointed at a fake. */
export function monitorEnvironment(
  clientEnvironment: Readonly<Record<string, string>>,
  topicArn: string,
  tableName: string,
): Record<string, string> {
  return {
    ...clientEnvironment,
    ALERT_TOPIC_ARN: topicArn,
    LEDGER_TABLE_NAME: tableName,
    // Logs and EMF metrics would flood the test output; the run summaries carry what is checked.
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}
