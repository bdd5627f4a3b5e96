import * as path from 'node:path';
import type { Duration } from 'aws-cdk-lib';
import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../lambda/commons/telemetry-names';

/**
 * What every function of this product shares: runtime, architecture, tracing and bundling.
 * scripts/bundle.mjs mirrors the bundling options, so the benchmark measures what is deployed.
 */
export const FUNCTION_DEFAULTS = {
  handler: 'handler',
  runtime: lambda.Runtime.NODEJS_24_X,
  architecture: lambda.Architecture.ARM_64,
  memorySize: 256,
  tracing: lambda.Tracing.ACTIVE,
} as const;

export const FUNCTION_BUNDLING: nodejs.BundlingOptions = {
  // Smaller bundle, faster cold start.
  minify: true,
  // Source maps make minified stack traces readable (see NODE_OPTIONS).
  sourceMap: true,
  target: 'node24',
  // The Node.js runtime ships AWS SDK v3; bundling it would triple each bundle for nothing.
  externalModules: ['@aws-sdk/*'],
  // Bundle with the project's esbuild: no Docker needed.
  forceDockerBundling: false,
};

/** Absolute path of a function's entry point below lambda/. */
export function lambdaEntry(relativePath: string): string {
  return path.join(__dirname, '..', 'lambda', relativePath);
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
  readonly fn: nodejs.NodejsFunction;
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
  const fn = new nodejs.NodejsFunction(scope, spec.functionId ?? `${spec.id}Function`, {
    entry: lambdaEntry(spec.entry),
    ...FUNCTION_DEFAULTS,
    timeout: spec.timeout,
    role,
    logGroup,
    retryAttempts: spec.retryAttempts,
    deadLetterQueue: spec.deadLetterQueue,
    reservedConcurrentExecutions: spec.reservedConcurrentExecutions,
    description: spec.description,
    environment: functionEnvironment(spec.environment),
    bundling: FUNCTION_BUNDLING,
  });
  return { fn, role, logGroup };
}
