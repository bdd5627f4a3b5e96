/**
 * The notification handler wired as index.ts wires it (real adapters, real Powertools Logger
 * and Metrics, real LwaTokenClient with axios), with the AWS clients mocked by
 * aws-sdk-client-mock and LWA answered by nock.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { mockClient } from 'aws-sdk-client-mock';
import nock from 'nock';
import { SnsAlertPublisher } from '../../../../lambda/adapters/aws/alert-publisher';
import { createLogger, createMetrics } from '../../../../lambda/runtime/powertools';
import { SecretsManagerAppSecretVersions } from '../../../../lambda/adapters/aws/app-secret-versions';
import { DynamoClientRecords } from '../../../../lambda/adapters/aws/client-records';
import type { HeldNotification } from '../../../../lambda/ports/held-secrets';
import { makeHandler } from '../../../../lambda/notifications/make-handler';
import { DynamoNotificationLedger } from '../../../../lambda/adapters/aws/notification-ledger';
import type { NotificationSettings } from '../../../../lambda/notifications/process-notification';
import { DEFAULT_CREDENTIAL_FIELDS } from '../../../../contract/credential-fields';
import { LwaTokenClient } from '../../../../lambda/adapters/http/lwa-token-client';
import { SecretsManagerDirectory } from '../../../../lambda/adapters/aws/secret-directory';
import { ManualDeadline } from '../../../support/manual-deadline';
import type { CapturedOutput } from '../../support/captured-output';
import { captureOutput, metricRecords } from '../../support/captured-output';
import { FAKE_REGION, FakeSecretsManager } from './fake-secrets-manager';
import { FakeNotificationTable } from './fake-notification-table';
import { NOW } from './notifications';

export const TOPIC_ARN = 'arn:aws:sns:eu-west-1:111122223333:lwa-alerts';
export const TABLE_NAME = 'lwa-ledger';
export const LWA_ORIGIN = 'https://lwa.example.test';
export const LWA_PATH = '/auth/o2/token';

export interface PublishedAlert {
  readonly subject: string;
  readonly email: string;
  readonly sms: string;
  readonly attributes: Record<string, string>;
}

export type LwaReply = { status: number; body?: unknown } | 'timeout';

export interface Harness {
  readonly handler: ReturnType<typeof makeHandler>;
  readonly secrets: FakeSecretsManager;
  readonly table: FakeNotificationTable;
  readonly sm: AwsClientStub<SecretsManagerClient>;
  readonly ddb: AwsClientStub<DynamoDBClient>;
  readonly sns: AwsClientStub<SNSClient>;
  readonly output: CapturedOutput;
  /** Form bodies of the LWA token requests, parsed. */
  readonly lwaRequests: Record<string, string>[];
  /** Queues LWA answers, one per token request, in order. */
  lwaAnswers(...replies: LwaReply[]): void;
  alerts(): PublishedAlert[];
  /** Names and values of every metric emitted, summed over EMF records. */
  metric(name: string, dimensions?: Record<string, string>): number;
  /** Everything a person or a log pipeline could see: logs, metrics, alerts, ledger writes, tags. */
  observable(): string;
  restore(): void;
  /** Another handler over the same fakes, as after a redeploy with other settings. */
  handlerWith(overrides: Partial<NotificationSettings>): ReturnType<typeof makeHandler>;
  clock: { now: Date };
  /** Notifications held back while storing is off, in order. */
  readonly held: HeldNotification[];
  /** Makes the next holds fail (the held-secrets queue refuses). */
  holdFails: boolean;
}

function formOf(body: unknown): Record<string, string> {
  if (typeof body === 'string') return Object.fromEntries(new URLSearchParams(body));
  return body as Record<string, string>;
}

/**
 * Storing new secrets is on unless a test turns it off: most tests are about storing and
 * verifying; the ones about the default (storing off) say so.
 */
export function notificationHarness(
  overrides: Partial<NotificationSettings> = {},
  options: { heldQueue?: boolean } = {},
): Harness {
  const output = captureOutput();
  const sm = mockClient(SecretsManagerClient);
  const ddb = mockClient(DynamoDBClient);
  const sns = mockClient(SNSClient);
  const secrets = new FakeSecretsManager();
  secrets.install(sm);
  const table = new FakeNotificationTable(TABLE_NAME);
  table.install(ddb);
  let published = 0;
  sns.on(PublishCommand).callsFake(() => ({ $metadata: {}, MessageId: `sns-message-${++published}` }));
  const lwaRequests: Record<string, string>[] = [];
  // A 'timeout' reply fires the exchange's deadline itself: no real timer races the reply.
  const lwaDeadline = new ManualDeadline();
  const clock = { now: NOW };
  const settings: NotificationSettings = {
    fields: DEFAULT_CREDENTIAL_FIELDS,
    appTagKey: 'lwa:app',
    region: FAKE_REGION,
    leaseMs: 180_000,
    maxReceiveCount: 5,
    storeNewSecrets: true,
    windowDays: 180,
    ...overrides,
  };
  const held: HeldNotification[] = [];
  const holding = { fails: false };
  const secretsManager = new SecretsManagerClient({ region: FAKE_REGION });
  const build = (using: NotificationSettings) =>
    makeHandler({
      directory: new SecretsManagerDirectory(secretsManager, {
        appTagKey: using.appTagKey,
        region: FAKE_REGION,
      }),
      versions: new SecretsManagerAppSecretVersions(secretsManager),
      ledger: new DynamoNotificationLedger(new DynamoDBClient({ region: FAKE_REGION }), TABLE_NAME),
      clientRecords: new DynamoClientRecords(new DynamoDBClient({ region: FAKE_REGION }), TABLE_NAME),
      held:
        options.heldQueue === false
          ? undefined
          : {
              hold: (notification: HeldNotification) => {
                if (holding.fails) return Promise.reject(new Error('SQS refused the message'));
                held.push(notification);
                return Promise.resolve();
              },
            },
      publisher: new SnsAlertPublisher(new SNSClient({ region: FAKE_REGION }), TOPIC_ARN),
      lwa: new LwaTokenClient({ endpoint: `${LWA_ORIGIN}${LWA_PATH}`, setTimer: lwaDeadline.setTimer }),
      settings: using,
      logger: createLogger(),
      metrics: createMetrics(),
      clock: () => clock.now,
    });
  const handler = build(settings);

  const alerts = (): PublishedAlert[] =>
    sns.commandCalls(PublishCommand).map((call) => {
      const input: PublishCommandInput = call.args[0].input;
      const bodies = JSON.parse(input.Message ?? '{}') as { email: string; sms: string };
      const attributes = Object.fromEntries(
        Object.entries(input.MessageAttributes ?? {}).map(([key, value]) => [key, value.StringValue ?? '']),
      );
      return { subject: input.Subject ?? '', email: bodies.email, sms: bodies.sms, attributes };
    });

  return {
    handler,
    secrets,
    table,
    sm,
    ddb,
    sns,
    output,
    lwaRequests,
    clock,
    held,
    handlerWith: (more: Partial<NotificationSettings>) => build({ ...settings, ...more }),
    get holdFails() {
      return holding.fails;
    },
    set holdFails(value: boolean) {
      holding.fails = value;
    },
    lwaAnswers(...replies: LwaReply[]) {
      for (const reply of replies) {
        const scope = nock(LWA_ORIGIN).post(LWA_PATH, (body: unknown) => {
          lwaRequests.push(formOf(body));
          return true;
        });
        if (reply === 'timeout') scope.reply(lwaDeadline.expireOnArrival());
        else scope.reply(reply.status, reply.body as nock.Body);
      }
    },
    alerts,
    metric(name: string, dimensions: Record<string, string> = {}) {
      let total = 0;
      for (const record of metricRecords(output.records())) {
        if (!Object.entries(dimensions).every(([key, value]) => record[key] === value)) continue;
        const value = record[name];
        if (typeof value === 'number') total += value;
        else if (Array.isArray(value)) total += value.reduce((sum: number, v) => sum + Number(v), 0);
      }
      return total;
    },
    observable() {
      return [
        output.text(),
        JSON.stringify(sns.commandCalls(PublishCommand).map((c) => c.args[0].input)),
        JSON.stringify(table.updates),
        JSON.stringify([...table.items.values()]),
        JSON.stringify(Object.fromEntries(secrets.secrets.map((s) => [s.name, s.tags]))),
      ].join('\n');
    },
    restore() {
      output.restore();
      sm.restore();
      ddb.restore();
      sns.restore();
      nock.cleanAll();
    },
  };
}
