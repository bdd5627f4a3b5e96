/**
 * The default export, wired with real clients from the environment the construct sets. The
 * module reads its configuration at load, so each test loads it afresh in an isolated
 * registry, and mocks the SDK classes of that same registry.
 */
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { ConfigError } from '../../../contract/config-rules';
import type * as MonitorIndex from '../../../lambda/monitor/index';
import type { CapturedOutput } from '../support/captured-output';
import { captureOutput } from '../support/captured-output';

const ORIGINAL_ENV = process.env;
const TOPIC_ARN = 'arn:aws:sns:eu-west-1:111122223333:lwa-expiry-alerts';
const TABLE = 'lwa-expiry-ledger';

let output: CapturedOutput;

/** Loads the module fresh (it reads process.env at load) in the current module registry. */
function loadMonitorIndex(): typeof MonitorIndex {
  return jest.requireActual<typeof MonitorIndex>('../../../lambda/monitor/index');
}

beforeEach(() => {
  process.env = { ...ORIGINAL_ENV };
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('POWERTOOLS_') || key.startsWith('AWS_ENDPOINT_URL')) delete process.env[key];
  }
  Object.assign(process.env, {
    ALERT_TOPIC_ARN: TOPIC_ARN,
    LEDGER_TABLE_NAME: TABLE,
    AWS_REGION: 'eu-west-1',
  });
  output = captureOutput();
});

afterEach(() => {
  output.restore();
});

afterAll(() => {
  process.env = ORIGINAL_ENV;
});

describe('monitor index: the deployed handler is wired from the environment', () => {
  it('GIVEN the environment the construct sets WHEN the handler runs THEN it lists secrets and reads the ledger from the configured table', async () => {
    await jest.isolateModulesAsync(async () => {
      // Prepare
      const { DynamoDBClient, PutItemCommand, ScanCommand } = await import('@aws-sdk/client-dynamodb');
      const { SecretsManagerClient, ListSecretsCommand } = await import('@aws-sdk/client-secrets-manager');
      const { SNSClient } = await import('@aws-sdk/client-sns');
      const dynamo = mockClient(DynamoDBClient);
      const secretsManager = mockClient(SecretsManagerClient);
      const sns = mockClient(SNSClient);
      dynamo.on(ScanCommand).resolves({ Items: [] });
      secretsManager.on(ListSecretsCommand).resolves({ SecretList: [] });
      try {
        const { handler } = loadMonitorIndex();
        // Act
        // A scheduled event delivered a minute late: its time is within the retry window
        const time = new Date(Date.now() - 60_000).toISOString();
        const result = await handler({ time }, { awsRequestId: 'request-1' });
        // Assess
        expect(result).toMatchObject({ ran: true, credentials: 0, now: time });
        expect(dynamo).toHaveReceivedCommandWith(ScanCommand, { TableName: TABLE, ConsistentRead: true });
        // Nothing to send or record, so no lease was taken
        expect(dynamo).not.toHaveReceivedCommand(PutItemCommand);
        expect(secretsManager).toHaveReceivedCommandWith(ListSecretsCommand, {
          Filters: [{ Key: 'tag-key', Values: ['lwa:app'] }],
        });
        expect(sns).not.toHaveReceivedAnyCommand();
        expect(output.text()).toContain('nothing is monitored');
      } finally {
        dynamo.restore();
        secretsManager.restore();
        sns.restore();
      }
    });
  });

  it('GIVEN EVENT_BUS_NAME WHEN the handler sends an alert THEN it publishes the alert and puts its event on that bus', async () => {
    await jest.isolateModulesAsync(async () => {
      // Prepare
      process.env.EVENT_BUS_NAME = 'lwa-events';
      const { DynamoDBClient, PutItemCommand, ScanCommand } = await import('@aws-sdk/client-dynamodb');
      const { SecretsManagerClient, ListSecretsCommand } = await import('@aws-sdk/client-secrets-manager');
      const { SNSClient, PublishCommand } = await import('@aws-sdk/client-sns');
      const { EventBridgeClient, PutEventsCommand } = await import('@aws-sdk/client-eventbridge');
      const dynamo = mockClient(DynamoDBClient);
      const secretsManager = mockClient(SecretsManagerClient);
      const sns = mockClient(SNSClient);
      const eventBridge = mockClient(EventBridgeClient);
      const time = new Date(Date.now() - 60_000);
      dynamo.on(ScanCommand).resolves({ Items: [] });
      dynamo.on(PutItemCommand).resolves({});
      secretsManager.on(ListSecretsCommand).resolves({
        SecretList: [
          {
            ARN: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:acme-AbCdEf',
            Name: 'acme',
            Tags: [
              { Key: 'lwa:app', Value: 'Acme' },
              { Key: 'lwa:expires-at', Value: new Date(time.getTime() - 3_600_000).toISOString() },
            ],
          },
        ],
      });
      sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
      eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
      try {
        const { handler } = loadMonitorIndex();
        // Act
        await handler({ time: time.toISOString() }, { awsRequestId: 'request-2' });
        // Assess
        expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
        expect(eventBridge).toHaveReceivedCommandTimes(PutEventsCommand, 1);
        const entry = eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0];
        expect(entry).toMatchObject({
          EventBusName: 'lwa-events',
          Source: 'lwa-expiry-monitor',
          DetailType: 'LWA Credential Expired',
        });
      } finally {
        dynamo.restore();
        secretsManager.restore();
        sns.restore();
        eventBridge.restore();
      }
    });
  });

  it('GIVEN the topic ARN is missing WHEN the module loads THEN the cold start fails with a ConfigError naming it', () => {
    // Prepare
    delete process.env.ALERT_TOPIC_ARN;
    // Act
    let failure: unknown;
    jest.isolateModules(() => {
      try {
        loadMonitorIndex();
      } catch (e: unknown) {
        failure = e;
      }
    });
    // Assess (the isolated registry has its own ConfigError class, so compare by name and key)
    expect(failure).toBeInstanceOf(Error);
    expect(failure).toMatchObject({ name: ConfigError.name, key: 'ALERT_TOPIC_ARN' });
  });
});
