/**
 * The monitor handler end to end: real adapters over aws-sdk-client-mock clients for Secrets
 * Manager and SNS, and a real DynamoDB client for the ledger against the loopback AWS fake
 * (tools/fake-aws; aws-sdk-client-mock only spies on it), real Powertools Logger and Metrics
 * whose output is read back from stdout/stderr, and an injected clock.
 */
import { DynamoDBClient, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import type {
  ListSecretVersionIdsCommandInput,
  ListSecretsCommandInput,
  SecretListEntry,
} from '@aws-sdk/client-secrets-manager';
import {
  ListSecretVersionIdsCommand,
  ListSecretsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { DynamoAlertLedger } from '../../../lambda/adapters/aws/alert-ledger';
import { SnsAlertPublisher } from '../../../lambda/adapters/aws/alert-publisher';
import { SecretsManagerCatalog } from '../../../lambda/adapters/aws/secret-catalog';
import { createLogger, createMetrics } from '../../../lambda/runtime/powertools';
import { MS_PER_DAY, MS_PER_HOUR } from '../../../contract/time';
import type { MonitorEvent, MonitorResult } from '../../../lambda/monitor/make-handler';
import {
  MonitorRunError,
  chooseEvaluationTime,
  evaluationTime,
  makeHandler,
} from '../../../lambda/monitor/make-handler';
import type { CapturedOutput } from '../support/captured-output';
import { captureOutput, emittedMetrics, metricRecords } from '../support/captured-output';
import { loopbackAws, spyOnClient } from '../support/loopback-aws';
import { LEASE_KEY } from '../../../contract/ledger-keys';
import type { FakeAws, FakeTable, Item } from '../../../tools/fake-aws';
import { MONITOR_SETTINGS } from '../support/monitor-settings';

const secretsManager = mockClient(SecretsManagerClient);
/** A spy: every DynamoDB command reaches the loopback fake. */
const dynamo = spyOnClient(DynamoDBClient);
const sns = mockClient(SNSClient);

const ORIGINAL_ENV = process.env;
const TABLE = 'lwa-expiry-ledger';
const TOPIC_ARN = 'arn:aws:sns:eu-west-1:111122223333:lwa-expiry-alerts';
const ARN_PREFIX = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:';
/** Stands for anything that must never leave Secrets Manager: a description, an unrelated tag. */
const SENTINEL = 'SENTINEL-do-not-echo-7f3a9c';

/** When the schedule fired, and what the Lambda's wall clock says (42 s later). */
const SCHEDULED = new Date('2026-05-27T09:00:00Z');
const WALL = new Date('2026-05-27T09:00:42Z');
const EVENT: MonitorEvent = { time: '2026-05-27T09:00:00Z' };

const SETTINGS = MONITOR_SETTINGS;

function ago(days: number): Date {
  return new Date(SCHEDULED.getTime() - days * MS_PER_DAY);
}

function entry(
  name: string,
  tags: Record<string, string>,
  extra: Partial<SecretListEntry> = {},
): SecretListEntry {
  return {
    ARN: arnOf(name),
    Name: name,
    Description: `${SENTINEL} description of ${name}`,
    Tags: Object.entries({ ...tags, note: SENTINEL }).map(([Key, Value]) => ({ Key, Value })),
    ...extra,
  };
}

function arnOf(name: string): string {
  return `${ARN_PREFIX}${name}-AbCdEf`;
}

/**
 * Two pages of secrets:
 * - acme: rotated-at tag, 5 days left -> 7-day alert
 * - beta: no date tags, AWSCURRENT created 160 days ago -> 30-day alert (needs a version lookup)
 * - old-app: scheduled for deletion -> skipped
 * - replica: replica of a us-east-1 secret -> skipped
 * - gamma: expires-at 90 days away -> nothing
 * - delta: malformed expires-at, AWSCURRENT created 179.5 days ago -> 1-day alert with a warning
 */
const PAGE_1: SecretListEntry[] = [
  entry(
    'acme',
    { 'lwa:app': 'Acme Repricer', 'lwa:rotated-at': ago(175).toISOString() },
    { SecretVersionsToStages: { 'acme-v1': ['AWSCURRENT'] } },
  ),
  entry(
    'beta',
    { 'lwa:app': 'Beta Sync' },
    { SecretVersionsToStages: { 'beta-v2': ['AWSCURRENT'], 'beta-v1': ['AWSPREVIOUS'] } },
  ),
  entry(
    'old-app',
    { 'lwa:app': 'Old App', 'lwa:rotated-at': ago(179).toISOString() },
    { DeletedDate: ago(3) },
  ),
];
const PAGE_2: SecretListEntry[] = [
  entry(
    'replica',
    { 'lwa:app': 'Replica App', 'lwa:rotated-at': ago(179).toISOString() },
    { PrimaryRegion: 'us-east-1' },
  ),
  entry('gamma', {
    'lwa:app': 'Gamma Feeds',
    'lwa:expires-at': new Date(SCHEDULED.getTime() + 90 * MS_PER_DAY).toISOString(),
  }),
  entry(
    'delta',
    { 'lwa:app': 'Delta Ads', 'lwa:expires-at': '2026-02-30' },
    { SecretVersionsToStages: { 'delta-v1': ['AWSCURRENT'] } },
  ),
];
const VERSIONS: Record<string, { id: string; created: Date }> = {
  [arnOf('beta')]: { id: 'beta-v2', created: ago(160) },
  [arnOf('delta')]: { id: 'delta-v1', created: ago(179.5) },
};

let fake: FakeAws;
let table: FakeTable;
let output: CapturedOutput;
/** Apps whose publishes SNS currently rejects. */
let snsRejects: Set<string>;

function installAws(): void {
  secretsManager.on(ListSecretsCommand).callsFake((input: ListSecretsCommandInput) => {
    if (input.NextToken === undefined) return { SecretList: PAGE_1, NextToken: 'page-2' };
    if (input.NextToken === 'page-2') return { SecretList: PAGE_2 };
    throw new Error(`unexpected NextToken ${input.NextToken}`);
  });
  secretsManager.on(ListSecretVersionIdsCommand).callsFake((input: ListSecretVersionIdsCommandInput) => {
    const version = VERSIONS[input.SecretId ?? ''];
    return {
      Versions: version
        ? [{ VersionId: version.id, VersionStages: ['AWSCURRENT'], CreatedDate: version.created }]
        : [],
    };
  });
  let published = 0;
  sns.on(PublishCommand).callsFake((input: PublishCommandInput) => {
    const app = input.MessageAttributes?.app?.StringValue ?? '';
    if (snsRejects.has(app)) throw new Error('InternalErrorException: SNS could not take the message');
    published++;
    return { MessageId: `sns-${published}` };
  });
  fake = loopbackAws({ region: 'eu-west-1', accountId: '111122223333' });
  table = fake.dynamodb.createTable(TABLE);
}

function handlerAt(wall: Date = WALL, perAppMetrics?: boolean) {
  return makeHandler({
    catalog: new SecretsManagerCatalog(new SecretsManagerClient({ region: 'eu-west-1' })),
    ledger: new DynamoAlertLedger(new DynamoDBClient(fake.clientConfig()), TABLE),
    publisher: new SnsAlertPublisher(new SNSClient({ region: 'eu-west-1' }), TOPIC_ARN),
    settings: SETTINGS,
    logger: createLogger(),
    metrics: createMetrics(),
    perAppMetrics,
    clock: () => wall,
  });
}

function published(): Array<[string | undefined, string | undefined]> {
  return sns.commandCalls(PublishCommand).map((call) => {
    const attributes = call.args[0].input.MessageAttributes;
    return [attributes?.app?.StringValue, attributes?.severity?.StringValue];
  });
}

async function runFailure(promise: Promise<MonitorResult>): Promise<MonitorRunError> {
  try {
    await promise;
  } catch (e: unknown) {
    if (e instanceof MonitorRunError) return e;
    throw e;
  }
  throw new Error('expected the run to fail with a MonitorRunError');
}

/** Each emitted value of metric `name`, with its dimensions. */
function metricValues(name: string): Array<{ value: unknown; dimensions: Record<string, unknown> }> {
  return emittedMetrics(output.records())
    .filter((metric) => metric.name === name)
    .map(({ value, dimensions }) => ({ value, dimensions }));
}

beforeEach(() => {
  process.env = { ...ORIGINAL_ENV };
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('POWERTOOLS_') || key === 'LOG_LEVEL' || key === 'AWS_LAMBDA_LOG_LEVEL')
      delete process.env[key];
  }
  secretsManager.reset();
  dynamo.resetHistory();
  sns.reset();
  snsRejects = new Set();
  installAws();
  output = captureOutput();
});

afterEach(async () => {
  output.restore();
  expect(fake.problems).toEqual([]);
  await fake.close();
});

afterAll(() => {
  dynamo.restore();
  process.env = ORIGINAL_ENV;
});

/** The PutItem commands for the lease item since the spy's history was last reset. */
function leaseWrites(): unknown[] {
  return dynamo.commandCalls(PutItemCommand).filter((call) => call.args[0].input.Item?.pk?.S === LEASE_KEY);
}

describe('monitor handler: a scheduled run over two pages of secrets', () => {
  it('GIVEN six secrets on two pages WHEN the schedule fires THEN due secrets alert once each, skipped ones are left alone', async () => {
    // Prepare
    const handler = handlerAt();
    // Act
    const result = await handler(EVENT, { awsRequestId: 'request-1' });
    // Assess
    expect(secretsManager).toHaveReceivedCommandTimes(ListSecretsCommand, 2);
    expect(secretsManager).toHaveReceivedNthCommandWith(2, ListSecretsCommand, { NextToken: 'page-2' });
    expect(published().sort()).toEqual([
      ['Acme Repricer', '7-day'],
      ['Beta Sync', '30-day'],
      ['Delta Ads', '1-day'],
    ]);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, { TopicArn: TOPIC_ARN, MessageStructure: 'json' });
    expect(result).toMatchObject({
      runId: 'request-1',
      now: SCHEDULED.toISOString(),
      ran: true,
      credentials: 4,
      skipped: 2,
      undetermined: 0,
      withWarnings: 1,
      alertsBySeverity: { '7-day': 1, '30-day': 1, '1-day': 1 },
      publishFailures: 0,
      ledgerFailures: 0,
      lookupFailures: 0,
      conflicts: 0,
    });
    expect(result).not.toHaveProperty('reports');
    expect([...table.items.keys()].sort()).toEqual(
      [arnOf('acme'), arnOf('beta'), arnOf('delta'), arnOf('gamma'), LEASE_KEY].sort(),
    );
    // The lease is kept as a record that this run ended it when it finished
    expect(table.items.get(LEASE_KEY)).toMatchObject({
      holder: { S: 'request-1' },
      leaseUntil: { N: String(WALL.getTime()) },
    });
  });

  it('GIVEN no date tags WHEN run twice THEN ListSecretVersionIds is called only for those secrets, and not at all the second time', async () => {
    // Prepare
    const handler = handlerAt();
    // Act
    await handler(EVENT);
    const firstLookups = secretsManager
      .commandCalls(ListSecretVersionIdsCommand)
      .map((c) => c.args[0].input.SecretId);
    await handlerAt(new Date(WALL.getTime() + MS_PER_HOUR))({ time: '2026-05-27T10:00:00Z' });
    // Assess
    expect(firstLookups.sort()).toEqual([arnOf('beta'), arnOf('delta')]);
    expect(secretsManager).toHaveReceivedCommandTimes(ListSecretVersionIdsCommand, 2);
    expect(secretsManager).toHaveReceivedCommandTimes(ListSecretsCommand, 4);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 3);
  });
});

describe('monitor handler: failures lose nothing', () => {
  it('GIVEN SNS rejects one app WHEN run THEN the others are sent, the run fails with MonitorRunError, and nothing is recorded for that app', async () => {
    // Prepare
    snsRejects.add('Beta Sync');
    const handler = handlerAt();
    // Act
    const error = await runFailure(handler(EVENT));
    // Assess
    expect(error.message).toContain('1 publish');
    expect(error.summary).toMatchObject({
      publishFailures: 1,
      alertsBySeverity: { '7-day': 1, '1-day': 1 },
      credentials: 4,
    });
    expect(published().sort()).toEqual([
      ['Acme Repricer', '7-day'],
      ['Beta Sync', '30-day'],
      ['Delta Ads', '1-day'],
    ]);
    expect(table.items.has(arnOf('beta'))).toBe(false);
    expect(table.items.has(arnOf('acme'))).toBe(true);
    expect(output.text()).toContain('Alert not published; it will be retried on the next run');
  });

  it('GIVEN a run failed to publish one alert WHEN the same event is retried and later runs follow THEN that alert is sent exactly once more, and nothing else', async () => {
    // Prepare
    snsRejects.add('Beta Sync');
    await runFailure(handlerAt()(EVENT));
    snsRejects.clear();
    sns.resetHistory();
    // Act
    const retry = await handlerAt(new Date(WALL.getTime() + 60_000))(EVENT);
    const next = await handlerAt(new Date(WALL.getTime() + MS_PER_HOUR))({ time: '2026-05-27T10:00:00Z' });
    // Assess
    expect(published()).toEqual([['Beta Sync', '30-day']]);
    expect(retry.alertsBySeverity).toEqual({ '30-day': 1 });
    expect(next.alertsBySeverity).toEqual({});
  });

  it('GIVEN the ledger write fails after a publish WHEN run THEN the alert went out, the failure is reported, and the run fails', async () => {
    // Prepare
    fake.faults.inject({
      operation: 'DynamoDB.PutItem',
      fault: { status: 400, code: 'ProvisionedThroughputExceededException', message: 'slow down' },
      times: Infinity,
      when: (request) => (request.json?.Item as Item | undefined)?.pk?.S === arnOf('beta'),
    });
    // Act
    const error = await runFailure(handlerAt()(EVENT));
    // Assess
    expect(error.summary).toMatchObject({
      ledgerFailures: 1,
      publishFailures: 0,
      alertsBySeverity: { '30-day': 1 },
    });
    expect(published()).toContainEqual(['Beta Sync', '30-day']);
    expect(table.items.has(arnOf('beta'))).toBe(false);
    expect(output.text()).toContain('Alert published but not recorded: the next run may send it again');
    expect(output.text()).toContain('ProvisionedThroughputExceededException');
  });
});

describe('monitor handler: one run at a time', () => {
  it('GIVEN another run holds a live lease WHEN the schedule fires with alerts due THEN this run reads, but sends, records, emits and logs no status', async () => {
    // Prepare
    const lease = {
      pk: { S: LEASE_KEY },
      holder: { S: 'other-request' },
      leaseUntil: { N: String(WALL.getTime() + 60_000) },
    };
    table.seed(lease);
    // Act
    const result = await handlerAt()(EVENT, { awsRequestId: 'request-2' });
    // Assess
    expect(result).toMatchObject({ ran: false, credentials: 0 });
    expect(secretsManager).toHaveReceivedCommand(ListSecretsCommand);
    expect(sns).not.toHaveReceivedAnyCommand();
    expect([...table.items.keys()]).toEqual([LEASE_KEY]);
    // its conditional lease write was refused: the other run's lease is as it was
    expect(table.items.get(LEASE_KEY)).toEqual(lease);
    expect(metricRecords(output.records())).toEqual([]);
    expect(output.records().filter((r) => r.message === 'Credential status')).toEqual([]);
    expect(output.text()).toContain(
      'Another monitor run holds the lease; this run publishes and records nothing',
    );
  });

  it('GIVEN another run holds a live lease WHEN a run finds nothing to send or record THEN it runs to the end without the lease, and emits its metrics', async () => {
    // Prepare: a first run records everything, then another run takes the lease
    await handlerAt()(EVENT, { awsRequestId: 'request-1' });
    const lease = {
      pk: { S: LEASE_KEY },
      holder: { S: 'other-request' },
      leaseUntil: { N: String(WALL.getTime() + 120_000) },
    };
    table.seed(lease);
    sns.resetHistory();
    dynamo.resetHistory();
    const metricsBefore = metricRecords(output.records()).length;
    // Act: the next run an hour later (the lease is still held at the wall clock of the handler)
    const result = await handlerAt()({ time: '2026-05-27T10:00:00Z' }, { awsRequestId: 'request-2' });
    // Assess
    expect(result).toMatchObject({ ran: true, credentials: 4, publishFailures: 0, ledgerFailures: 0 });
    expect(sns).not.toHaveReceivedAnyCommand();
    expect(table.items.get(LEASE_KEY)).toEqual(lease);
    expect(leaseWrites()).toEqual([]);
    expect(metricRecords(output.records()).length).toBeGreaterThan(metricsBefore);
  });

  it('GIVEN a crashed run whose lease lapsed just before this one started WHEN the schedule fires THEN this run starts over under the lease, runs, and ends the lease', async () => {
    // Prepare
    table.seed({
      pk: { S: LEASE_KEY },
      holder: { S: 'crashed' },
      leaseUntil: { N: String(WALL.getTime() - 1) },
    });
    // Act
    const result = await handlerAt()(EVENT, { awsRequestId: 'request-3' });
    // Assess: the crashed run may have written while this one read, so the ledger is read again
    expect(result.ran).toBe(true);
    expect(output.text()).toContain('starting over under the lease');
    expect(dynamo).toHaveReceivedCommandTimes(ScanCommand, 2);
    expect(published().length).toBe(3);
    expect(table.items.get(LEASE_KEY)).toMatchObject({
      holder: { S: 'request-3' },
      leaseUntil: { N: String(WALL.getTime()) },
    });
  });

  it('GIVEN a lease that ended long before this run WHEN the schedule fires THEN this run takes it without reading the ledger again', async () => {
    // Prepare
    table.seed({
      pk: { S: LEASE_KEY },
      holder: { S: 'earlier-run' },
      leaseUntil: { N: String(WALL.getTime() - 3_600_000) },
    });
    // Act
    const result = await handlerAt()(EVENT, { awsRequestId: 'request-4' });
    // Assess
    expect(result.ran).toBe(true);
    expect(dynamo).toHaveReceivedCommandTimes(ScanCommand, 1);
    expect(output.text()).not.toContain('starting over');
    expect(published().length).toBe(3);
  });
});

describe('monitor handler: the evaluation time is the scheduled time, within the retry window', () => {
  it('GIVEN the event names its time and the wall clock is an hour later (a retry) WHEN run THEN days are counted from the event time', async () => {
    // Prepare
    const handler = handlerAt(new Date(SCHEDULED.getTime() + MS_PER_HOUR));
    // Act
    const result = await handler(EVENT);
    // Assess
    expect(result.now).toBe(SCHEDULED.toISOString());
    expect(output.text()).not.toContain('not trusted');
  });

  it('GIVEN an invoke whose time is weeks ahead WHEN run THEN the wall clock is used, nothing expires early, and the real alerts still follow', async () => {
    // Prepare: a secret with 40 days left; an invoke claims it is 60 days later
    secretsManager.on(ListSecretsCommand).resolves({
      SecretList: [entry('forty-days', { 'lwa:app': 'Forty', 'lwa:rotated-at': ago(140).toISOString() })],
    });
    const handler = handlerAt(WALL);
    const ahead = new Date(SCHEDULED.getTime() + 60 * MS_PER_DAY).toISOString();
    // Act
    const forged = await handler({ time: ahead });
    // Assess: evaluated now, no alert due (40 days left), and the log says why
    expect(forged.now).toBe(WALL.toISOString());
    expect(forged.alertsBySeverity).toEqual({});
    expect(output.text()).toContain('The event time is not trusted');
    // Act: 11 days later the scheduled run reaches the 30-day threshold
    const later = new Date(SCHEDULED.getTime() + 11 * MS_PER_DAY);
    const real = await handlerAt(new Date(later.getTime() + 42_000))({ time: later.toISOString() });
    // Assess: the 30-day alert is sent, not suppressed by the forged run
    expect(real.alertsBySeverity).toEqual({ '30-day': 1 });
  });

  it.each([
    ['six minutes ahead of the wall clock', 6 * 60_000],
    ['seven hours behind the wall clock', -7 * MS_PER_HOUR],
    ['a year behind the wall clock', -365 * MS_PER_DAY],
  ])(
    'GIVEN an event time %s WHEN the time is chosen THEN the wall clock is used, with the reason',
    (_label, offset) => {
      // Act
      const chosen = chooseEvaluationTime(
        { time: new Date(WALL.getTime() + offset).toISOString() },
        () => WALL,
      );
      // Assess
      expect(chosen.now).toEqual(WALL);
      expect(chosen.distrusted).toMatch(/ahead of the wall clock|behind the wall clock/);
    },
  );

  it.each([
    ['four minutes ahead of the wall clock', 4 * 60_000],
    ['five hours behind the wall clock', -5 * MS_PER_HOUR],
  ])('GIVEN an event time %s WHEN the time is chosen THEN the event time is used', (_label, offset) => {
    // Prepare
    const time = new Date(WALL.getTime() + offset);
    // Act
    const chosen = chooseEvaluationTime({ time: time.toISOString() }, () => WALL);
    // Assess
    expect(chosen).toEqual({ now: time });
  });

  it.each<[string, MonitorEvent | undefined]>([
    ['no event', undefined],
    ['an event without time', {}],
    ['an unreadable time', { time: 'now-ish' }],
  ])('GIVEN %s WHEN the time is chosen THEN the wall clock is used', (_label, event) => {
    // Act / Assess
    expect(evaluationTime(event, () => WALL)).toEqual(WALL);
  });

  it('GIVEN no request id WHEN run THEN the lease holder is named after the wall clock', async () => {
    // Act
    const result = await handlerAt()(EVENT);
    // Assess
    expect(result.runId).toBe(`local-${WALL.getTime()}`);
  });
});

describe('monitor handler: metrics and logs', () => {
  it('GIVEN a healthy run WHEN it finishes THEN the fewest days left, the counts by band and a heartbeat are emitted as EMF, none per app; the alerts are counted from their log lines, by severity', async () => {
    // Act
    await handlerAt()(EVENT);
    // Assess
    const metrics = emittedMetrics(output.records());
    expect(metrics.length).toBeGreaterThan(0);
    for (const metric of metrics) {
      expect(metric).toMatchObject({ namespace: 'LwaExpiryMonitor', unit: 'Count' });
      expect(metric.dimensions.service).toBe('lwa-expiry-monitor');
      expect(metric.dimensions).not.toHaveProperty('app');
    }
    const service = { service: 'lwa-expiry-monitor' };
    expect(metricValues('DaysUntilExpiry')).toEqual([]);
    // delta has 1 day left: the fewest of acme 5, beta 20, gamma 90 and delta 1
    expect(metricValues('MinDaysUntilExpiry')).toEqual([{ value: 1, dimensions: service }]);
    // No metric per severity (billed in every hour with such an alert): one log line per alert.
    expect(metricValues('AlertsPublished')).toEqual([]);
    const alertLines = output.records().filter((r) => r.message === 'Alert published');
    expect(alertLines.map((r) => [r.app, r.severity]).sort()).toEqual([
      ['Acme Repricer', '7-day'],
      ['Beta Sync', '30-day'],
      ['Delta Ads', '1-day'],
    ]);
    expect(metricValues('CredentialsMonitored')).toEqual([{ value: 4, dimensions: service }]);
    // within 30 days: acme, beta, delta; within 1 day: delta; expired: none
    expect(metricValues('CredentialsDue')).toEqual([{ value: 3, dimensions: service }]);
    expect(metricValues('CredentialsUrgent')).toEqual([{ value: 1, dimensions: service }]);
    expect(metricValues('CredentialsExpired')).toEqual([{ value: 0, dimensions: service }]);
    expect(metricValues('CredentialsUndetermined')).toEqual([{ value: 0, dimensions: service }]);
    expect(metricValues('CredentialsWithTagProblems')).toEqual([{ value: 1, dimensions: service }]);
    // beta and delta are dated from their AWSCURRENT version: estimates
    expect(metricValues('CredentialsEstimated')).toEqual([{ value: 2, dimensions: service }]);
    expect(metricValues('PublishFailures')).toEqual([{ value: 0, dimensions: service }]);
    expect(metricValues('Heartbeat')).toEqual([{ value: 1, dimensions: service }]);
    expect(output.text()).toContain('Monitor run finished');
  });

  it('GIVEN the perAppMetrics opt-in WHEN a run finishes THEN DaysUntilExpiry is emitted once per app as well, beside the aggregated metrics', async () => {
    // Act
    await handlerAt(WALL, true)(EVENT);
    // Assess
    expect(metricValues('DaysUntilExpiry')).toEqual(
      expect.arrayContaining([
        { value: 5, dimensions: { service: 'lwa-expiry-monitor', app: 'Acme Repricer' } },
        { value: 20, dimensions: { service: 'lwa-expiry-monitor', app: 'Beta Sync' } },
        { value: 90, dimensions: { service: 'lwa-expiry-monitor', app: 'Gamma Feeds' } },
        { value: 1, dimensions: { service: 'lwa-expiry-monitor', app: 'Delta Ads' } },
      ]),
    );
    expect(metricValues('DaysUntilExpiry')).toHaveLength(4);
    expect(metricValues('MinDaysUntilExpiry')).toEqual([
      { value: 1, dimensions: { service: 'lwa-expiry-monitor' } },
    ]);
  });

  it('GIVEN a run WHEN it finishes THEN it logs one status line per monitored credential (app, secret, status, days left, expiry, date source, band), none for skipped secrets', async () => {
    // Act
    await handlerAt()(EVENT);
    // Assess
    const lines = output.records().filter((record) => record.message === 'Credential status');
    const byApp = Object.fromEntries(lines.map((line) => [String(line.app), line]));
    expect(lines).toHaveLength(4);
    expect(Object.keys(byApp).sort()).toEqual(['Acme Repricer', 'Beta Sync', 'Delta Ads', 'Gamma Feeds']);
    expect(byApp['Gamma Feeds']).toMatchObject({
      level: 'INFO',
      service: 'lwa-expiry-monitor',
      secret: 'gamma',
      status: 'dated',
      daysLeft: 90,
      expiresAt: new Date(SCHEDULED.getTime() + 90 * MS_PER_DAY).toISOString(),
      source: 'expires-at-tag',
      band: 'ok',
    });
    expect(byApp['Acme Repricer']).toMatchObject({
      secret: 'acme',
      daysLeft: 5,
      source: 'rotated-at-tag',
      band: '7-day',
    });
    expect(byApp['Beta Sync']).toMatchObject({
      daysLeft: 20,
      source: 'current-version-created',
      band: '30-day',
    });
    expect(byApp['Delta Ads']).toMatchObject({ daysLeft: 1, band: '1-day' });
    // No owner tag on these secrets: no owner field
    for (const line of lines) expect(line).not.toHaveProperty('owner');
    expect(output.text()).not.toContain(SENTINEL);
  });

  it('GIVEN a failed publish WHEN the run finishes THEN the failure is counted and no heartbeat is emitted', async () => {
    // Prepare
    snsRejects.add('Acme Repricer');
    // Act
    await runFailure(handlerAt()(EVENT));
    // Assess
    expect(metricValues('PublishFailures')).toEqual([
      { value: 1, dimensions: { service: 'lwa-expiry-monitor' } },
    ]);
    expect(metricValues('Heartbeat')).toEqual([]);
  });
});

describe('monitor handler: nothing but metadata leaves Secrets Manager', () => {
  it('GIVEN a sentinel in every description and in an unrelated tag WHEN runs succeed and fail THEN it appears in no message, item, log or result', async () => {
    // Prepare
    snsRejects.add('Beta Sync');
    // Act
    const failure = await runFailure(handlerAt()(EVENT));
    snsRejects.clear();
    const retry = await handlerAt()(EVENT);
    // Assess
    const messages = JSON.stringify(sns.commandCalls(PublishCommand).map((c) => c.args[0].input));
    const ledgerCalls = JSON.stringify(dynamo.calls().map((c) => c.args[0].input));
    expect(sns.commandCalls(PublishCommand).length).toBeGreaterThan(0);
    expect(messages).not.toContain(SENTINEL);
    expect(ledgerCalls).not.toContain(SENTINEL);
    expect(JSON.stringify([...table.items.values()])).not.toContain(SENTINEL);
    expect(output.text()).toContain('Monitor run finished');
    expect(output.text()).not.toContain(SENTINEL);
    expect(JSON.stringify([failure.summary, failure.message, retry])).not.toContain(SENTINEL);
  });
});
