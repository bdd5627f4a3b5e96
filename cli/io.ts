import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { CLIENT_RETRY_SETTINGS } from '../lambda/runtime/aws-clients';

/** Where the CLI writes text: `process.stdout` or a test's buffer. */
export interface TextSink {
  write(text: string): unknown;
}

/**
 * The AWS clients the CLI may use. Secrets Manager for metadata and tags (GetSecretValue only
 * in `adopt`, for a `clientId` field when asked to), SNS only to publish `test-alert`, SQS only
 * for `release-held` (it moves held notifications, whose bodies it never reads out). Credentials and
 * endpoint come from the SDK's default providers (AWS_PROFILE, AWS_ENDPOINT_URL, ...); the
 * region from `--region`, AWS_REGION, AWS_DEFAULT_REGION or the profile, as for the AWS CLI.
 */
export interface CliClients {
  readonly secretsManager: SecretsManagerClient;
  readonly dynamodb: DynamoDBClient;
  readonly cloudFormation: CloudFormationClient;
  readonly lambda: LambdaClient;
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
}

export interface CliIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly env: NodeJS.ProcessEnv;
  readonly clock: () => Date;
  /** Clients to use instead of the default ones (tests inject them); the rest are built on first use. */
  readonly clients: Partial<CliClients>;
}

// Settings discovery only decides between the stack's settings and the defaults: when the
// endpoint serves no CloudFormation or Lambda, one retry is enough before falling back.
const DISCOVERY_RETRY_SETTINGS = { retryMode: 'standard', maxAttempts: 2 } as const;

function defaultClient<K extends keyof CliClients>(key: K, region: string | undefined): CliClients[K] {
  const where = region === undefined ? {} : { region };
  const build: { readonly [C in keyof CliClients]: () => CliClients[C] } = {
    secretsManager: () => new SecretsManagerClient({ ...CLIENT_RETRY_SETTINGS, ...where }),
    dynamodb: () => new DynamoDBClient({ ...CLIENT_RETRY_SETTINGS, ...where }),
    sns: () => new SNSClient({ ...CLIENT_RETRY_SETTINGS, ...where }),
    sqs: () => new SQSClient({ ...CLIENT_RETRY_SETTINGS, ...where }),
    cloudFormation: () => new CloudFormationClient({ ...DISCOVERY_RETRY_SETTINGS, ...where }),
    lambda: () => new LambdaClient({ ...DISCOVERY_RETRY_SETTINGS, ...where }),
  };
  return build[key]();
}

/**
 * Clients built lazily, so `--help` and usage errors never touch the AWS configuration, and a
 * command builds only the clients it calls.
 */
export function lazyClients(injected: Partial<CliClients>, region?: string): CliClients {
  const built: Partial<Record<keyof CliClients, unknown>> = { ...injected };
  const get = <K extends keyof CliClients>(key: K): CliClients[K] => {
    built[key] ??= defaultClient(key, region);
    return built[key] as CliClients[K];
  };
  return {
    get secretsManager() {
      return get('secretsManager');
    },
    get dynamodb() {
      return get('dynamodb');
    },
    get cloudFormation() {
      return get('cloudFormation');
    },
    get lambda() {
      return get('lambda');
    },
    get sns() {
      return get('sns');
    },
    get sqs() {
      return get('sqs');
    },
  };
}
