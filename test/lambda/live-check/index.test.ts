// Sets the function's environment; must come before index.ts is loaded.
import { INDEX_LWA_ORIGIN, INDEX_SP_API_ORIGIN } from './support/index-environment';
import {
  GetSecretValueCommand,
  ListSecretsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import nock from 'nock';
import { handler } from '../../../lambda/live-check/index';
import { captureOutput } from '../support/captured-output';

const SECRET_VALUE = 'amzn1.oa2-cs.v1.SENTINEL-expired-secret';
const ACCESS_TOKEN = 'Atza|SENTINEL-token-lwa-still-issues';

describe('live-check index: the handler as Lambda loads it', () => {
  const sm = mockClient(SecretsManagerClient);
  const ddb = mockClient(DynamoDBDocumentClient);
  const sns = mockClient(SNSClient);
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => {
    nock.enableNetConnect();
    sm.restore();
    ddb.restore();
    sns.restore();
  });

  it('calls SP-API at the configured endpoint after the token, and alerts an expired secret LWA still accepts', async () => {
    // Prepare: one opted-in secret without refresh token; LWA issues a token; SP-API says it expired
    const output = captureOutput();
    sm.on(ListSecretsCommand).resolves({
      SecretList: [
        {
          ARN: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:sp-api/acme-AbCdEf',
          Name: 'sp-api/acme',
          Tags: [
            { Key: 'lwa:app', Value: 'Acme' },
            { Key: 'lwa:client-id', Value: 'amzn1.application-oa2-client.acme' },
            { Key: 'lwa:live-check', Value: 'true' },
            { Key: 'lwa:expires-at', Value: '2020-01-01T00:00:00Z' },
          ],
        },
      ],
    });
    sm.on(GetSecretValueCommand).resolves({
      SecretString: JSON.stringify({
        clientId: 'amzn1.application-oa2-client.acme',
        clientSecret: SECRET_VALUE,
      }),
      VersionId: 'v1',
    });
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).resolves({});
    sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
    const forms: Record<string, string>[] = [];
    const lwa = nock(INDEX_LWA_ORIGIN)
      .post('/auth/o2/token', (body: string) => {
        forms.push(Object.fromEntries(new URLSearchParams(body)));
        return true;
      })
      .reply(200, { access_token: ACCESS_TOKEN, expires_in: 3600 });
    const spApi = nock(INDEX_SP_API_ORIGIN)
      .get('/notifications/v1/destinations')
      .matchHeader('x-amz-access-token', ACCESS_TOKEN)
      .reply(403, {
        errors: [
          {
            code: 'Unauthorized',
            message: 'Access to requested resource is denied.',
            details: 'The LWA secret token you provided has expired.',
          },
        ],
      });

    // Act
    let summary;
    try {
      summary = await handler({}, { getRemainingTimeInMillis: () => 290_000 });
    } finally {
      output.restore();
    }

    // Assess
    expect(lwa.isDone()).toBe(true);
    expect(forms[0]).toMatchObject({
      grant_type: 'client_credentials',
      scope: 'sellingpartnerapi::notifications',
    });
    expect(spApi.isDone()).toBe(true);
    expect(summary).toMatchObject({ checked: 1, accepted: 0 });
    const published = sns.commandCalls(PublishCommand).map((call) => call.args[0].input);
    expect(published).toHaveLength(1);
    expect(published[0]?.MessageAttributes?.severity?.StringValue).toBe('secret-rejected');
    expect(published[0]?.Subject).toContain('EXPIRED');
    const messages = JSON.parse(published[0]?.Message ?? '{}') as { email: string; sms: string };
    expect(messages.email).toContain('The LWA secret token you provided has expired.');
    expect(`${output.text()}${JSON.stringify(published)}`).not.toContain('SENTINEL');
  });
});
