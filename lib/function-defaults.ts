import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Duration } from 'aws-cdk-lib';
import { AssetHashType, DockerImage, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type * as esbuild from 'esbuild';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../contract/telemetry';
import bundlingOptions from './function-bundling.json';

/**
 * The package's root: this file runs from lib/ in a checkout (through tsx or jest) and from
 * dist/lib/ once compiled (an installed package, scripts/build-lib.mjs).
 */
const PACKAGE_ROOT =
  path.basename(path.dirname(__dirname)) === 'dist'
    ? path.join(__dirname, '..', '..')
    : path.join(__dirname, '..');

/**
 * What every function of this product shares: runtime, architecture, tracing and bundling.
 * scripts/bundle.mjs bundles with the same options, so the benchmark measures what is deployed.
 */
export const FUNCTION_DEFAULTS = {
  /** Each bundle is one `index.js` exporting `handler`. */
  handler: 'index.handler',
  runtime: lambda.Runtime.NODEJS_24_X,
  architecture: lambda.Architecture.ARM_64,
  memorySize: 256,
  tracing: lambda.Tracing.ACTIVE,
} as const;

/**
 * The esbuild options of every function bundle: the ones aws-lambda-nodejs's NodejsFunction passed
 * to the esbuild CLI for this product, so the bundles are byte for byte what it built. They live
 * in lib/function-bundling.json, the one place both this construct and scripts/bundle.mjs (which
 * prebundles the functions into the package) read them from:
 * - `minify`: smaller bundle, faster cold start;
 * - `sourcemap`: minified stack traces stay readable (see NODE_OPTIONS);
 * - `external: ['@aws-sdk/*']`: the Node.js runtime ships AWS SDK v3; bundling it would triple
 *   each bundle for nothing.
 */
export const FUNCTION_BUNDLING = bundlingOptions;

/**
 * A function's code. In a checkout of this project (its TypeScript sources next to this file),
 * the entry point bundled with the project's esbuild, through esbuild's API in this process.
 * NodejsFunction ran `bash -c "npx --no-install esbuild ..."` per function, a shell and an npx
 * start each time: most of the bundling time of a synth. The asset is hashed from the bundle (so a
 * changed source always makes a new asset), bundled afresh on every synth, and skipped like any
 * CDK bundling when the stack is not in `aws:cdk:bundling-stacks`.
 *
 * In the installed package (no sources under lambda/), the bundle the package ships in
 * `dist/lambda/<function>/`: a consumer's synth needs neither esbuild nor the sources nor network.
 * `packageRoot` (the folder holding lambda/ and dist/) is this package's unless a test names another.
 */
export function bundledCode(entry: string, packageRoot: string = PACKAGE_ROOT): lambda.Code {
  if (existsSync(entry)) return bundleFromSource(entry, packageRoot);
  const prebundled = prebundledDir(entry, packageRoot);
  if (existsSync(path.join(prebundled, 'index.js'))) return lambda.Code.fromAsset(prebundled);
  throw new Error(
    `lwa-expiry-monitor: no code for the function ${path.relative(packageRoot, entry)}: neither its source nor its prebundled ${path.relative(packageRoot, prebundled)}/index.js exists. Reinstall the package, or in a checkout run \`npm run build\`.`,
  );
}

/** `dist/lambda/<function>` for an entry point `lambda/<function>/index.ts`. */
function prebundledDir(entry: string, packageRoot: string): string {
  const [functionName = ''] = path.relative(path.join(packageRoot, 'lambda'), entry).split(path.sep);
  return path.join(packageRoot, 'dist', 'lambda', functionName);
}

/** esbuild, loaded only when a synth bundles from source: the installed package does not need it. */
function loadEsbuild(): typeof esbuild {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('esbuild') as typeof esbuild;
}

function bundleFromSource(entry: string, packageRoot: string): lambda.Code {
  return lambda.Code.fromAsset(packageRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled nor run: the local bundling below either builds or throws, so CDK never
      // falls back to Docker. The command names the entry because CDK keys its in-process asset
      // cache on the bundling options: without it, every function would get the first one's bundle.
      image: DockerImage.fromRegistry('dummy'),
      command: ['esbuild', path.relative(packageRoot, entry)],
      local: {
        tryBundle(outputDir: string): boolean {
          loadEsbuild().buildSync({
            // The JSON's strings are esbuild's literal option values (`cjs`, `node`, `warning`).
            ...(FUNCTION_BUNDLING as esbuild.BuildOptions),
            absWorkingDir: packageRoot,
            entryPoints: [entry],
            outfile: path.join(outputDir, 'index.js'),
          });
          return true;
        },
      },
    },
  });
}

/** Absolute path of a function's entry point below lambda/. */
export function lambdaEntry(relativePath: string): string {
  return path.join(PACKAGE_ROOT, 'lambda', relativePath);
}

/** A function's own variables plus the ones every function gets. */
export function functionEnvironment(own: Readonly<Record<string, string>>): Record<string, string> {
  return {
    ...own,
    POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    // Stack traces point at the TypeScript sources, through the bundled source map.
    NODE_OPTIONS: '--enable-source-maps',
  };
}

/** One function of this product: its own log group and role, and the shared defaults. */
export interface ProductFunctionSpec {
  /** Prefix of the log group (`<id>Logs`), role (`<id>Role`) and function (`<id>Function`) ids. */
  readonly id: string;
  /** The function's construct id, when it is not `<id>Function`. */
  readonly functionId?: string;
  /** Entry point below lambda/. */
  readonly entry: string;
  readonly description: string;
  readonly timeout: Duration;
  /** The function's own variables; `functionEnvironment` adds the shared ones. */
  readonly environment: Record<string, string>;
  readonly logRetention?: logs.RetentionDays;
  readonly roleDescription: string;
  readonly retryAttempts?: number;
  readonly deadLetterQueue?: sqs.IQueue;
  /** Reserved concurrency, for a function that fans out. */
  readonly reservedConcurrentExecutions?: number;
}

export interface ProductFunction {
  readonly fn: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
}

/** A function with a log group it alone writes (kept a year by default) and a role of its own. */
export function productFunction(scope: Construct, spec: ProductFunctionSpec): ProductFunction {
  const logGroup = new logs.LogGroup(scope, `${spec.id}Logs`, {
    retention: spec.logRetention ?? logs.RetentionDays.ONE_YEAR,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const role = new iam.Role(scope, `${spec.id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: spec.roleDescription,
  });
  logGroup.grantWrite(role);
  const fn = new lambda.Function(scope, spec.functionId ?? `${spec.id}Function`, {
    code: bundledCode(lambdaEntry(spec.entry)),
    ...FUNCTION_DEFAULTS,
    timeout: spec.timeout,
    role,
    logGroup,
    retryAttempts: spec.retryAttempts,
    deadLetterQueue: spec.deadLetterQueue,
    reservedConcurrentExecutions: spec.reservedConcurrentExecutions,
    description: spec.description,
    environment: functionEnvironment(spec.environment),
  });
  return { fn, role, logGroup };
}
