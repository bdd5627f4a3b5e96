/**
 * Runs the CLI through its entry point with buffers for stdout/stderr, a fixed clock and SDK
 * clients whose `send` is replaced by aws-sdk-client-mock: no module mocking, no network.
 */
import 'aws-sdk-client-mock-jest';
import type { Stack } from '@aws-sdk/client-cloudformation';
import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { DynamoDBClient, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { SecretListEntry } from '@aws-sdk/client-secrets-manager';
import {
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  ListSecretsCommand,
  SecretsManagerClient,
  SecretsManagerServiceException,
} from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { main } from '../../../cli/main';
import type { CliClients } from '../../../cli/io';
import { MS_PER_DAY } from '../../../contract/time';

export const REGION = 'eu-west-1';
export const ACCOUNT = '111122223333';
export const NOW = new Date('2026-06-01T12:00:00Z');
export const FUNCTION_NAME = 'LwaExpiryMonitor-MonitorFunction-abc123';
export const LEDGER_TABLE = 'LwaExpiryMonitor-Ledger-xyz';

export const mocks = {
  secretsManager: mockClient(SecretsManagerClient),
  dynamodb: mockClient(DynamoDBClient),
  cloudFormation: mockClient(CloudFormationClient),
  lambda: mockClient(LambdaClient),
  sns: mockClient(SNSClient),
  sqs: mockClient(SQSClient),
};

export function resetMocks(): void {
  for (const mock of Object.values(mocks)) mock.reset();
  // An empty ledger unless a test records something.
  mocks.dynamodb.on(ScanCommand).resolves({ Items: [] });
}

export function daysFromNow(days: number): Date {
  return new Date(NOW.getTime() + days * MS_PER_DAY);
}

export function arnOf(name: string): string {
  return `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-AbCdEf`;
}

/** A `ListSecrets` entry as Secrets Manager returns it: metadata and tags, never a value. */
export function secretEntry(
  name: string,
  tags: Record<string, string>,
  extra: Partial<SecretListEntry> = {},
): SecretListEntry {
  return {
    ARN: arnOf(name),
    Name: name,
    Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    SecretVersionsToStages: { 'v-current': ['AWSCURRENT'] },
    ...extra,
  };
}

export function givenSecrets(...entries: SecretListEntry[]): void {
  mocks.secretsManager.on(ListSecretsCommand).resolves({ SecretList: entries });
  // Secrets without a date tag are dated by their AWSCURRENT version; here none has one.
  mocks.secretsManager.on(ListSecretVersionIdsCommand).resolves({ Versions: [] });
}

export function serviceError(name: string, message: string): SecretsManagerServiceException {
  return new SecretsManagerServiceException({ name, message, $fault: 'client', $metadata: {} });
}

/** The deployed stack: its outputs name the monitor function, whose environment holds the settings. */
export function givenStack(variables: Record<string, string> = {}): void {
  const stack: Stack = {
    StackName: 'LwaExpiryMonitor',
    CreationTime: new Date('2026-01-01T00:00:00Z'),
    StackStatus: 'CREATE_COMPLETE',
    Outputs: [
      { OutputKey: 'AlertTopicArn', OutputValue: `arn:aws:sns:${REGION}:${ACCOUNT}:alerts` },
      { OutputKey: 'LedgerTableName', OutputValue: LEDGER_TABLE },
      { OutputKey: 'MonitorFunctionName', OutputValue: FUNCTION_NAME },
    ],
  };
  mocks.cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [stack] });
  mocks.lambda.on(GetFunctionConfigurationCommand, { FunctionName: FUNCTION_NAME }).resolves({
    FunctionName: FUNCTION_NAME,
    Environment: {
      Variables: {
        ALERT_TOPIC_ARN: `arn:aws:sns:${REGION}:${ACCOUNT}:alerts`,
        LEDGER_TABLE_NAME: LEDGER_TABLE,
        APP_TAG_KEY: 'lwa:app',
        THRESHOLDS_DAYS: '30,7,1',
        WINDOW_DAYS: '180',
        ...variables,
      },
    },
  });
}

/** No stack: CloudFormation answers as it does for a stack name it does not know. */
export function givenNoStack(): void {
  mocks.cloudFormation.on(DescribeStacksCommand).rejects(
    new CloudFormationServiceException({
      name: 'ValidationError',
      message: 'Stack with id LwaExpiryMonitor does not exist',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    }),
  );
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function clients(): CliClients {
  const config = { region: REGION, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'test' } };
  return {
    secretsManager: new SecretsManagerClient(config),
    dynamodb: new DynamoDBClient(config),
    cloudFormation: new CloudFormationClient(config),
    lambda: new LambdaClient(config),
    sns: new SNSClient(config),
    sqs: new SQSClient(config),
  };
}

export async function runCli(argv: string[], options: { now?: Date; clients?: Partial<CliClients> } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    clock: () => options.now ?? NOW,
    clients: { ...clients(), ...options.clients },
  });
  return { code, stdout, stderr } satisfies CliRun;
}

/** The CLI reads metadata only: after every test, no secret value was ever requested. */
export function expectNoSecretValueRead(): void {
  expect(mocks.secretsManager).not.toHaveReceivedCommand(GetSecretValueCommand);
}

/** What `status` may do: read. It never reads a secret value, records in the ledger or publishes. */
export function expectReadOnly(): void {
  expectNoSecretValueRead();
  expect(mocks.dynamodb).not.toHaveReceivedCommand(PutItemCommand);
  expect(mocks.sns.calls()).toHaveLength(0);
}
