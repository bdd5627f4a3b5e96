// Sets the function's environment; must come before index.ts is loaded.
import 'aws-sdk-client-mock-jest';
import { INDEX_LWA_ORIGIN } from './support/index-environment';
import { SecretsManagerClient, UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import nock from 'nock';
import { handler } from '../../../lambda/notifications/index';
import { captureOutput } from '../support/captured-output';
import type { FakeAws } from '../../../tools/fake-aws';
import { loopbackAws, spyOnClient } from '../support/loopback-aws';
import { LoopbackSecrets } from './support/loopback-stores';
import {
  CLIENT_ID,
  NEW_SECRET,
  OLD_SECRET,
  newSecretBody,
  sqsEvent,
  sqsRecord,
} from './support/notifications';

describe('notifications index: the handler as Lambda loads it', () => {
  // index.ts builds its own clients; they reach the loopback fake through AWS_ENDPOINT_URL.
  const sm = spyOnClient(SecretsManagerClient);
  const sns = mockClient(SNSClient);
  let fake: FakeAws;
  let saved: Record<string, string | undefined>;
  beforeAll(async () => {
    nock.disableNetConnect();
    fake = loopbackAws({ region: 'eu-west-1', accountId: '111122223333' });
    await fake.listen();
    const environment = fake.clientEnvironment();
    saved = Object.fromEntries(Object.keys(environment).map((name) => [name, process.env[name]]));
    Object.assign(process.env, environment);
  });
  afterAll(async () => {
    nock.enableNetConnect();
    sm.restore();
    sns.restore();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    expect(fake.problems).toEqual([]);
    await fake.close();
  });

  it('wires configuration from the environment: credential field names and the LWA endpoint', async () => {
    // Prepare
    const output = captureOutput();
    const secrets = new LoopbackSecrets(fake, new Date('2026-09-19T10:00:00Z'));
    fake.dynamodb.createTable('lwa-ledger');
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
