import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoAlertLedger } from '../adapters/aws/alert-ledger';
import { SnsAlertPublisher } from '../adapters/aws/alert-publisher';
import { SecretsManagerCatalog } from '../adapters/aws/secret-catalog';
import { CLIENT_RETRY_SETTINGS } from '../runtime/aws-clients';
import { eventPublisherFor } from '../runtime/event-publishing';
import { createLogger, createMetrics, logPortOf } from '../runtime/powertools';
import { makeHandler } from './make-handler';
import { monitorEnvironment } from './settings';

// Module scope: built once per cold start and reused by every invocation.
const environment = monitorEnvironment(process.env);
const logger = createLogger();
const metrics = createMetrics();

export const handler = makeHandler({
  catalog: new SecretsManagerCatalog(new SecretsManagerClient(CLIENT_RETRY_SETTINGS)),
  ledger: new DynamoAlertLedger(new DynamoDBClient(CLIENT_RETRY_SETTINGS), environment.tableName),
  publisher: new SnsAlertPublisher(new SNSClient(CLIENT_RETRY_SETTINGS), environment.topicArn),
  events: eventPublisherFor(process.env, logPortOf(logger), metrics),
  settings: environment.settings,
  logger,
  metrics,
  perAppMetrics: environment.perAppMetrics,
});
