import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CLIENT_RETRY_SETTINGS } from '../runtime/aws-clients';
import { createLogger, createMetrics } from '../runtime/powertools';
import { DynamoKeyedLedger } from '../adapters/aws/keyed-ledger';
import { LedgerDeliveryReceipts } from './delivery-receipts';
import { makeHandler } from './make-handler';
import { webhookEnvironment } from './settings';
import { SecretsManagerWebhookDirectory } from '../adapters/aws/webhook-directory';
import { DEFAULT_RETRY_POLICY, WebhookSender } from '../adapters/http/webhook-sender';

// Module scope: built once per cold start; the webhook secret itself is read on first use and cached.
const environment = webhookEnvironment(process.env);
const logger = createLogger();
const metrics = createMetrics();

export const handler = makeHandler({
  directory: new SecretsManagerWebhookDirectory(
    new SecretsManagerClient(CLIENT_RETRY_SETTINGS),
    environment.secretId,
    environment.cacheMs,
  ),
  sender: new WebhookSender({ policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: environment.maxAttempts } }),
  receipts:
    environment.tableName === undefined
      ? undefined
      : new LedgerDeliveryReceipts(
          new DynamoKeyedLedger(
            DynamoDBDocumentClient.from(new DynamoDBClient(CLIENT_RETRY_SETTINGS)),
            environment.tableName,
          ),
        ),
  logger,
  metrics,
});
