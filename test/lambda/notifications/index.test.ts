// Sets the function's environment; must come before index.ts is loaded.
import { INDEX_LWA_ORIGIN } from './support/index-environment';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient, UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import nock from 'nock';
import { handler } from '../../../lambda/notifications/index';
import { captureOutput } from '../support/captured-output';
import { FakeNotificationTable } from './support/fake-notification-table';
import { FakeSecretsManager } from './support/fake-secrets-manager';
import {
  CLIENT_ID,
  NEW_SECRET,
  OLD_SECRET,
  newSecretBody,
  sqsEvent,
  sqsRecord,
} from './support/notifications';

describe('notifications index: the handler as Lambda loads it', () => {
  const sm = mockClient(SecretsManagerClient);
  const ddb = mockClient(DynamoDBClient);
  const sns = mockClient(SNSClient);
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => {
    nock.enableNetConnect();
    sm.restore();
    ddb.restore();
    sns.restore();
  });

  it('wires configuration from the environment: credential field names and the LWA endpoint', async () => {
    // Prepare
    const output = captureOutput();
    const secrets = new FakeSecretsManager();
    secrets.install(sm);
    new FakeNotificationTable('lwa-ledger').install(ddb);
    sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
    const secret = secrets.add(
      'sp-api/acme',
      { 'lwa:app': 'Acme', 'lwa:client-id': CLIENT_ID },
      JSON.stringify({ clientId: CLIENT_ID, lwa_client_secret: OLD_SECRET }),
    );
    const lwa = nock(INDEX_LWA_ORIGIN)
      .post('/auth/o2/token')
      .reply(200, { access_token: 'Atza|token', expires_in: 3600 });

    // Act
    let response;
    try {
      response = await handler(sqsEvent(sqsRecord(newSecretBody())), { awsRequestId: 'request-1' });
    } finally {
      output.restore();
    }

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(lwa.isDone()).toBe(true);
    expect(sm).toHaveReceivedCommand(UpdateSecretVersionStageCommand);
    expect(JSON.parse(secrets.currentValue(secret) ?? '{}')).toEqual({
      clientId: CLIENT_ID,
      lwa_client_secret: NEW_SECRET,
    });
    expect(output.text()).not.toContain(NEW_SECRET);
  });
});
