import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CLIENT_RETRY_SETTINGS } from './aws-clients';
import type { CredentialFieldNames } from '../../contract/credential-fields';
import { LwaTokenClient } from '../adapters/http/lwa-token-client';
import { SnsAlertPublisher } from '../adapters/aws/alert-publisher';
import { SecretsManagerCredentialReader } from '../adapters/aws/credential-reader';
import { DynamoKeyedLedger } from '../adapters/aws/keyed-ledger';
import { SecretsManagerCatalog } from '../adapters/aws/secret-catalog';

/**
 * The ports the scheduled automation functions (rotation, live check) share, built on real AWS
 * clients: the catalog and the credential reader on one Secrets Manager client, their ledger
 * items, the LWA token endpoint (which honours LWA_TOKEN_ENDPOINT) and the alert topic.
 */
export function automationPorts(environment: {
  readonly tableName: string;
  readonly topicArn: string;
  readonly credentialFields: CredentialFieldNames;
}) {
  const secretsManager = new SecretsManagerClient(CLIENT_RETRY_SETTINGS);
  return {
    catalog: new SecretsManagerCatalog(secretsManager),
    ledger: new DynamoKeyedLedger(
      DynamoDBDocumentClient.from(new DynamoDBClient(CLIENT_RETRY_SETTINGS)),
      environment.tableName,
    ),
    credentials: new SecretsManagerCredentialReader(secretsManager, environment.credentialFields),
    tokens: new LwaTokenClient(),
    publisher: new SnsAlertPublisher(new SNSClient(CLIENT_RETRY_SETTINGS), environment.topicArn),
  };
}
