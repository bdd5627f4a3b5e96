import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CredentialFieldsError } from '../contract/credential-fields';
import { UnknownConfigKeysError, monitorStackFromContext } from '../lib/app-stack';
import { ConfigError } from '../lib/context-config';

/** The app, or the one-line message of a configuration mistake (printed without a stack trace). */
export type BuiltApp = { readonly app: App; readonly error?: undefined } | { readonly error: string };

/**
 * The app `cdk synth` and `cdk deploy` run, built from the environment the CDK CLI sets:
 * `CDK_CONTEXT_JSON` (cdk.json and `-c key=value`) and `CDK_OUTDIR`, which `new App()` reads.
 *
 * aws-cdk-lib's built-in CloudFormation validation reports nothing for this stack (a test checks
 * that: test/lib/cloudformation-validation.test.ts) and took more than half of every `cdk synth`;
 * it runs only when asked for with CDK_VALIDATION=true. cdk-nag's AWS Solutions checks run on
 * every synth, and a finding fails it.
 *
 * `autoSynth: false` is for callers that synthesize themselves (the tests); the CLI relies on the
 * App synthesizing when the process is about to exit.
 */
export function buildApp(options: { readonly autoSynth?: boolean } = {}): BuiltApp {
  const app = new App({
    builtinCloudFormationValidation: process.env.CDK_VALIDATION === 'true',
    ...(options.autoSynth === undefined ? {} : { autoSynth: options.autoSynth }),
  });
  try {
    monitorStackFromContext(app);
  } catch (error: unknown) {
    const userError =
      error instanceof ConfigError ||
      error instanceof CredentialFieldsError ||
      error instanceof UnknownConfigKeysError;
    if (userError) return { error: error.message };
    throw error;
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app };
}
