import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SnsAlertPublisher } from '../adapters/aws/alert-publisher';
import { CLIENT_RETRY_SETTINGS } from '../runtime/aws-clients';
import { eventPublisherFor } from '../runtime/event-publishing';
import { createLogger, createMetrics, logPortOf } from '../runtime/powertools';
import { LwaTokenClient } from '../adapters/http/lwa-token-client';
import { SecretsManagerDirectory } from '../adapters/aws/secret-directory';
import { SecretsManagerAppSecretVersions } from '../adapters/aws/app-secret-versions';
import { DynamoClientRecords } from '../adapters/aws/client-records';
import { SqsHeldSecrets } from '../adapters/aws/held-secrets';
import { makeHandler } from './make-handler';
import { DynamoNotificationLedger } from '../adapters/aws/notification-ledger';
import { notificationEnvironment } from './settings';

// Module scope: built once per cold start and reused by every invocation.
const environment = notificationEnvironment(process.env);
const secretsManager = new SecretsManagerClient(CLIENT_RETRY_SETTINGS);
const dynamodb = new DynamoDBClient(CLIENT_RETRY_SETTINGS);
const logger = createLogger();
const metrics = createMetrics();

export const handler = makeHandler({
  directory: new SecretsManagerDirectory(secretsManager, {
    appTagKey: environment.settings.appTagKey,
    region: environment.settings.region,
  }),
  versions: new SecretsManagerAppSecretVersions(secretsManager),
  ledger: new DynamoNotificationLedger(dynamodb, environment.tableName),
  clientRecords: new DynamoClientRecords(dynamodb, environment.tableName),
  held:
    environment.heldQueueUrl === undefined
      ? undefined
      : new SqsHeldSecrets(new SQSClient(CLIENT_RETRY_SETTINGS), environment.heldQueueUrl),
  publisher: new SnsAlertPublisher(new SNSClient(CLIENT_RETRY_SETTINGS), environment.topicArn),
  events: eventPublisherFor(process.env, logPortOf(logger), metrics),
  // Endpoint from LWA_TOKEN_ENDPOINT (set by the construct), else Amazon's.
  lwa: new LwaTokenClient(),
  settings: environment.settings,
  logger,
  metrics,
});
