/**
 * The notification handler wired as index.ts wires it (real adapters, real Powertools Logger
 * and Metrics, real LwaTokenClient with axios), with Secrets Manager and DynamoDB answered by
 * the loopback fake (spied on by aws-sdk-client-mock, which records the commands), SNS mocked
 * by aws-sdk-client-mock, and LWA answered by nock.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { mockClient } from 'aws-sdk-client-mock';
import nock from 'nock';
import { SnsAlertPublisher } from '../../../../lambda/adapters/aws/alert-publisher';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { EventBridgeEventPublisher } from '../../../../lambda/adapters/aws/event-publisher';
import { ReportingEventPublisher } from '../../../../lambda/runtime/event-publishing';
import { createLogger, createMetrics, logPortOf } from '../../../../lambda/runtime/powertools';
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
import type { FakeAws } from '../../../../tools/fake-aws';
import { loopbackAws, spyOnClient } from '../../support/loopback-aws';
import { LoopbackSecrets, LoopbackTable } from './loopback-stores';
import { NOW } from './notifications';
import { NOTIFICATION_LOG } from '../../../../contract/telemetry';

const REGION = 'eu-west-1';
const ACCOUNT = '111122223333';
export const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:lwa-alerts`;
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
  /** The loopback fake behind `secrets` and `table`. */
  readonly aws: FakeAws;
  readonly secrets: LoopbackSecrets;
  readonly table: LoopbackTable;
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
  /** `Notification processed` lines with these fields (type, outcome, ...): one per message handled. */
  processed(fields: Record<string, string>): number;
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
  options: { heldQueue?: boolean; events?: boolean } = {},
): Harness {
  const output = captureOutput();
  const aws = loopbackAws({ region: REGION, accountId: ACCOUNT });
  const secretsManager = new SecretsManagerClient(aws.clientConfig());
  const dynamodb = new DynamoDBClient(aws.clientConfig());
  const eventBridge = new EventBridgeClient(aws.clientConfig());
  const sm = spyOnClient(secretsManager);
  const ddb = spyOnClient(dynamodb);
  const sns = mockClient(SNSClient);
  const secrets = new LoopbackSecrets(aws, NOW);
  const table = new LoopbackTable(aws, TABLE_NAME, ddb);
  aws.intercept = (request) => secrets.check(request) ?? table.check(request);
  let published = 0;
  sns.on(PublishCommand).callsFake(() => ({ $metadata: {}, MessageId: `sns-message-${++published}` }));
  const lwaRequests: Record<string, string>[] = [];
  // A 'timeout' reply fires the exchange's deadline itself: no real timer races the reply.
  const lwaDeadline = new ManualDeadline();
  const clock = { now: NOW };
  const settings: NotificationSettings = {
    fields: DEFAULT_CREDENTIAL_FIELDS,
    appTagKey: 'lwa:app',
    region: REGION,
    leaseMs: 180_000,
    maxReceiveCount: 5,
    storeNewSecrets: true,
    windowDays: 180,
    ...overrides,
  };
  const held: HeldNotification[] = [];
  const holding = { fails: false };
  const logger = createLogger();
  const metrics = createMetrics();
  const build = (using: NotificationSettings) =>
    makeHandler({
      directory: new SecretsManagerDirectory(secretsManager, {
        appTagKey: using.appTagKey,
        region: REGION,
      }),
      versions: new SecretsManagerAppSecretVersions(secretsManager),
      ledger: new DynamoNotificationLedger(dynamodb, TABLE_NAME),
      clientRecords: new DynamoClientRecords(dynamodb, TABLE_NAME),
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
      publisher: new SnsAlertPublisher(new SNSClient({ region: REGION }), TOPIC_ARN),
      // Events on the fake's default bus, as index.ts wires them, when a test asks for them.
      events: options.events
        ? new ReportingEventPublisher(
            new EventBridgeEventPublisher(eventBridge, 'default', { sleep: () => Promise.resolve() }),
            logPortOf(logger),
            metrics,
          )
        : undefined,
      lwa: new LwaTokenClient({ endpoint: `${LWA_ORIGIN}${LWA_PATH}`, setTimer: lwaDeadline.setTimer }),
      settings: using,
      logger,
      metrics,
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
    aws,
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
    processed(fields: Record<string, string>) {
      return output
        .records()
        .filter(
          (record) =>
            record.message === NOTIFICATION_LOG.message &&
            Object.entries(fields).every(([key, value]) => record[key] === value),
        ).length;
    },
    observable() {
      return [
        output.text(),
        JSON.stringify(sns.commandCalls(PublishCommand).map((c) => c.args[0].input)),
        JSON.stringify(table.updates),
        JSON.stringify([...table.items.values()]),
        JSON.stringify(Object.fromEntries(secrets.secrets.map((s) => [s.name, s.tags]))),
        JSON.stringify(aws.eventBridge.events),
      ].join('\n');
    },
    restore() {
      output.restore();
      sm.restore();
      ddb.restore();
      sns.restore();
      nock.cleanAll();
      secretsManager.destroy();
      dynamodb.destroy();
      eventBridge.destroy();
      void aws.close();
      // A request the fake does not implement fails the test, not only the handler's call.
      if (aws.problems.length > 0) throw new Error(`the loopback fake refused: ${aws.problems.join('; ')}`);
    },
  };
}
