#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CredentialFieldsError } from '../contract/credential-fields';
import { UnknownConfigKeysError, monitorStackFromContext } from '../lib/app-stack';
import { ConfigError } from '../lib/context-config';

/**
 * aws-cdk-lib's built-in CloudFormation validation reports nothing for this stack (a test checks
 * that: test/lib/cloudformation-validation.test.ts) and took more than half of every `cdk synth`;
 * it runs only when asked for with CDK_VALIDATION=true. The cdk-nag checks below run on every synth.
 */
const app = new App({ builtinCloudFormationValidation: process.env.CDK_VALIDATION === 'true' });
try {
  monitorStackFromContext(app);
} catch (error: unknown) {
  const userError =
    error instanceof ConfigError ||
    error instanceof CredentialFieldsError ||
    error instanceof UnknownConfigKeysError;
  if (userError) {
    // A user error: the message says everything; a stack trace would only hide it.
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
