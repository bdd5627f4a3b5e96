import * as path from 'node:path';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
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
