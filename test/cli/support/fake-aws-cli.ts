/**
 * Runs the CLI's entry point against the loopback fake: real SDK clients over HTTP, as
 * `AWS_ENDPOINT_URL` would point them at an emulator. No aws-sdk-client-mock here, so nothing
 * intercepts the clients.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { CliClients } from '../../../cli/io';
import { main } from '../../../cli/main';
import type { FakeAws } from '../../../tools/fake-aws';

export const NOW = new Date('2026-06-01T12:00:00Z');

export function clientsFor(fake: FakeAws): CliClients {
  const config = fake.clientConfig();
  return {
    secretsManager: new SecretsManagerClient(config),
    dynamodb: new DynamoDBClient(config),
    cloudFormation: new CloudFormationClient(config),
    lambda: new LambdaClient(config),
    sns: new SNSClient(config),
    sqs: new SQSClient(config),
  };
}

export async function runAgainst(fake: FakeAws, argv: string[]) {
  let stdout = '';
  let stderr = '';
  const clients = clientsFor(fake);
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    clock: () => NOW,
    clients,
  });
  clients.secretsManager.destroy();
  clients.dynamodb.destroy();
  clients.cloudFormation.destroy();
  clients.lambda.destroy();
  clients.sns.destroy();
  clients.sqs.destroy();
  return { code, stdout, stderr };
}
