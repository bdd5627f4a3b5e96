import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SnsAlertPublisher } from '../adapters/alert-publisher';
import { SecretsManagerCatalog } from '../adapters/secret-catalog';
import { CLIENT_RETRY_SETTINGS } from '../commons/aws-clients';
import { createLogger, createMetrics } from '../commons/powertools';
import { SpApiApplicationManagement } from '../sp-api/application-management';
import { LwaTokenClient } from '../sp-api/lwa-token-client';
import { SecretsManagerCredentialReader } from '../adapters/credential-reader';
import { DynamoKeyedLedger } from '../adapters/keyed-ledger';
import { makeHandler } from './make-handler';
import { rotationEnvironment } from './settings';

// Module scope: built once per cold start and reused by every invocation.
const environment = rotationEnvironment(process.env);
const secretsManager = new SecretsManagerClient(CLIENT_RETRY_SETTINGS);

export const handler = makeHandler({
  catalog: new SecretsManagerCatalog(secretsManager),
  ledger: new DynamoKeyedLedger(
    DynamoDBDocumentClient.from(new DynamoDBClient(CLIENT_RETRY_SETTINGS)),
    environment.tableName,
  ),
  credentials: new SecretsManagerCredentialReader(secretsManager, environment.credentialFields),
  // Honours LWA_TOKEN_ENDPOINT.
  tokens: new LwaTokenClient(),
  applications: new SpApiApplicationManagement({ endpoint: environment.spApiEndpoint }),
  publisher: new SnsAlertPublisher(new SNSClient(CLIENT_RETRY_SETTINGS), environment.topicArn),
  settings: environment.settings,
  logger: createLogger(),
  metrics: createMetrics(),
});
