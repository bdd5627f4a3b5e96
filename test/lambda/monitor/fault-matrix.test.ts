/**
 * Fault matrix (docs/reliability.md, "Fault matrix"; each `it` starts with its row id).
 *
 * Every row runs the real handler (`makeHandler`), the real adapters and real SDK clients built
 * with CLIENT_RETRY_SETTINGS, exactly as lambda/monitor/index.ts builds them, against the loopback
 * AWS fake (tools/fake-aws) on 127.0.0.1, which speaks each service's wire protocol and injects
 * the fault. Nothing between the monitor and the socket is mocked, so the SDK's own retry
 * strategy is the one under test; the fake's request log shows each attempt (the SDK's
 * `amz-sdk-request` header). Logger and Metrics are the real Powertools ones; what they print is
 * captured and read back as an operator would (log lines, EMF metrics).
 *
 * Time is the test's: the monitor's clock is injected, the SDK's back-off jitter is pinned to 0,
 * and a request that must never be answered is held by the fake until the test releases it.
 *
 * Each row ends with "alerts lost = 0": after the recovery run every due alert has been accepted
 * by SNS and recorded in the ledger, and no alert was sent more often than the row allows.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoAlertLedger } from '../../../lambda/adapters/aws/alert-ledger';
import { SnsAlertPublisher } from '../../../lambda/adapters/aws/alert-publisher';
import { SecretsManagerCatalog } from '../../../lambda/adapters/aws/secret-catalog';
import { CLIENT_RETRY_SETTINGS } from '../../../lambda/runtime/aws-clients';
import { createLogger, createMetrics } from '../../../lambda/runtime/powertools';
import { METRIC } from '../../../contract/telemetry';
import { MS_PER_DAY, MS_PER_HOUR } from '../../../contract/time';
import type { MonitorEvent, MonitorResult } from '../../../lambda/monitor/make-handler';
import { MonitorRunError, makeHandler } from '../../../lambda/monitor/make-handler';
import type { MonitorSettings } from '../../../lambda/monitor/run-monitor';
import type {
  AttributeValueJson,
  FakeRequest,
  FakeTable,
  Fault,
  Item,
  OperationName,
} from '../../../tools/fake-aws';
import { FakeAws, publishAttribute } from '../../../tools/fake-aws';
import { captureOutput, metricRecords } from '../support/captured-output';
import { LEASE_KEY } from '../../../contract/ledger-keys';

// ---------------------------------------------------------------------------------------------
// The faults, as the loopback fake answers them
// ---------------------------------------------------------------------------------------------

type Operation = 'ListSecrets' | 'ListSecretVersionIds' | 'Scan' | 'PutItem' | 'Publish';
type FaultKind = 'throttling' | 'server-error' | 'kms-throttling' | 'connection-reset' | 'hang';

const OPERATION: Record<Operation, OperationName> = {
  ListSecrets: 'SecretsManager.ListSecrets',
  ListSecretVersionIds: 'SecretsManager.ListSecretVersionIds',
  Scan: 'DynamoDB.Scan',
  PutItem: 'DynamoDB.PutItem',
  Publish: 'SNS.Publish',
};

/** What the service answers for each kind of fault, in its own protocol. */
function faultOf(operation: Operation, kind: FaultKind): Fault {
  switch (kind) {
    case 'throttling':
      // A provisioned DynamoDB table throttles with ProvisionedThroughputExceededException
      return operation === 'Scan' || operation === 'PutItem'
        ? {
            status: 400,
            code: 'ProvisionedThroughputExceededException',
            message: 'The level of configured provisioned throughput for the table was exceeded.',
          }
        : 'throttle';
    case 'server-error':
      return 'server-error';
    case 'kms-throttling':
      // SNS's answer when KMS throttles the topic key: a 400 the SDK does not classify as retryable
      return { status: 400, code: 'KMSThrottling', message: 'KMS throttled the request' };
    case 'connection-reset':
      return 'socket-destroy';
    case 'hang':
      return 'hang';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOf(value: AttributeValueJson | undefined): string | undefined {
  return typeof value?.S === 'string' ? value.S : undefined;
}

function numberOf(value: AttributeValueJson | undefined): number | undefined {
  return typeof value?.N === 'string' ? Number(value.N) : undefined;
}

/** The item a PutItem request writes. */
function itemOf(request: FakeRequest): Item {
  const item = request.json?.Item;
  if (!isRecord(item)) throw new Error(`${request.operation} without an Item`);
  return item as Item;
}

const TABLE = 'ledger-table';
const REGION = 'eu-west-1';
const ACCOUNT = '111122223333';
const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:lwa-alerts`;

let fake: FakeAws;

/** The first `times` requests of `operation` that `when` selects fail with the fault. */
function inject(
  operation: Operation,
  kind: FaultKind,
  times: number,
  when: (request: FakeRequest) => boolean = () => true,
): void {
  fake.faults.inject({ operation: OPERATION[operation], fault: faultOf(operation, kind), times, when });
}

/** The `amz-sdk-request` header (`attempt=2; max=4`) of each request of `operation` that `when` selects. */
function attemptsOf(operation: Operation, when: (request: FakeRequest) => boolean = () => true): string[] {
  return fake.log
    .filter((request) => request.operation === OPERATION[operation] && when(request))
    .map((request) => request.sdkRequest ?? '(none)');
}

function ledger(): FakeTable {
  return fake.dynamodb.table(TABLE);
}

function arnOf(name: string): string {
  return fake.secretsManager.get(name).arn;
}

/** The severities SNS accepted for an app, in order. */
function publishedTo(app: string): string[] {
  return fake.sns.published
    .filter((message) => message.MessageAttributes.app?.StringValue === app)
    .map((message) => message.MessageAttributes.severity?.StringValue ?? '?');
}

/** Most urgent alert level recorded for a secret (days; 0 = expired), as the ledger holds it. */
function recordedLevel(name: string): number | undefined {
  return numberOf(ledger().get(arnOf(name))?.alertedDays);
}

// ---------------------------------------------------------------------------------------------
// The monitor, wired as lambda/monitor/index.ts wires it, but pointed at the fake
// ---------------------------------------------------------------------------------------------

const NOW = new Date('2026-06-15T12:00:00.000Z');
const SCHEDULED: MonitorEvent = { time: NOW.toISOString() };
const NEXT_HOUR: MonitorEvent = { time: new Date(NOW.getTime() + MS_PER_HOUR).toISOString() };

const SETTINGS: MonitorSettings = {
  tagKey: 'lwa:app',
  defaultWindowDays: 180,
  policy: { thresholdsDays: [30, 7, 1], expiredReminderMs: 24 * MS_PER_HOUR },
  region: REGION,
  leaseMs: 360_000,
  concurrency: 8,
};

function daysBefore(days: number): string {
  return new Date(NOW.getTime() - days * MS_PER_DAY).toISOString();
}

interface FleetSecret {
  readonly name: string;
  readonly tags: Record<string, string>;
  /** Creation time of the AWSCURRENT version. */
  readonly versionCreatedAt: Date;
}

/** Four credentials, each with one alert due at NOW; two pages of two. */
const FLEET: readonly FleetSecret[] = [
  // rotated 175 days ago: 5 days left, the 7-day alert
  { name: 'acme', tags: { 'lwa:app': 'Acme', 'lwa:rotated-at': daysBefore(175) }, versionCreatedAt: NOW },
  // rotated 160 days ago: 20 days left, the 30-day alert
  { name: 'beta', tags: { 'lwa:app': 'Beta', 'lwa:rotated-at': daysBefore(160) }, versionCreatedAt: NOW },
  // expires in 12 hours: the 1-day alert
  {
    name: 'gamma',
    tags: { 'lwa:app': 'Gamma', 'lwa:expires-at': new Date(NOW.getTime() + 12 * MS_PER_HOUR).toISOString() },
    versionCreatedAt: NOW,
  },
  // no date tag: dated by its AWSCURRENT version, created 185 days ago, so expired
  {
    name: 'delta',
    tags: { 'lwa:app': 'Delta' },
    versionCreatedAt: new Date(NOW.getTime() - 185 * MS_PER_DAY),
  },
];

/** The one alert each app is due at NOW, and its level in days. */
const DUE: Readonly<Record<string, { severity: string; level: number }>> = {
  Acme: { severity: '7-day', level: 7 },
  Beta: { severity: '30-day', level: 30 },
  Gamma: { severity: '1-day', level: 1 },
  Delta: { severity: 'expired', level: 0 },
};

interface Invocation {
  readonly result?: MonitorResult;
  readonly error?: unknown;
  readonly records: readonly Record<string, unknown>[];
  /** Alerts SNS had accepted per app, in total, when the invocation ended. */
  readonly sentSoFar: Record<string, number>;
  /** Alert level recorded per secret name when the invocation ended. */
  readonly recordedSoFar: Record<string, number | undefined>;
}

let wallClock: Date;
let mathRandom: jest.SpyInstance<number, []>;

function buildHandler() {
  const local = { ...fake.clientConfig(), ...CLIENT_RETRY_SETTINGS };
  return makeHandler({
    catalog: new SecretsManagerCatalog(new SecretsManagerClient(local)),
    ledger: new DynamoAlertLedger(new DynamoDBClient(local), TABLE),
    publisher: new SnsAlertPublisher(new SNSClient(local), TOPIC_ARN),
    settings: SETTINGS,
    logger: createLogger(),
    metrics: createMetrics(),
    clock: () => wallClock,
  });
}

type Handler = ReturnType<typeof buildHandler>;
let handler: Handler;

async function invoke(event: MonitorEvent, requestId: string): Promise<Invocation> {
  const output = captureOutput();
  const snapshot = () => ({
    records: output.records(),
    sentSoFar: sendsPerApp(),
    recordedSoFar: Object.fromEntries(FLEET.map((s) => [s.name, recordedLevel(s.name)])),
  });
  try {
    const result = await handler(event, { awsRequestId: requestId });
    return { result, ...snapshot() };
  } catch (error: unknown) {
    return { error, ...snapshot() };
  } finally {
    output.restore();
  }
}

const NOTHING_SENT = { Acme: 0, Beta: 0, Gamma: 0, Delta: 0 };
const NOTHING_RECORDED = { acme: undefined, beta: undefined, gamma: undefined, delta: undefined };

/** The value of a run-level metric in the EMF output, or undefined when it was not emitted. */
function metric(invocation: Invocation, name: string): unknown {
  return metricRecords(invocation.records).find((record) => name in record)?.[name];
}

function logLines(invocation: Invocation, level: string): string[] {
  return invocation.records.filter((r) => r.level === level).map((r) => String(r.message));
}

function runErrorOf(invocation: Invocation): MonitorRunError {
  expect(invocation.error).toBeInstanceOf(MonitorRunError);
  return invocation.error as MonitorRunError;
}

/** Alerts lost = 0: every due alert was accepted by SNS and is recorded in the ledger. */
function expectNothingLost(): void {
  for (const secret of FLEET) {
    const app = secret.tags['lwa:app'] ?? '';
    const due = DUE[app];
    expect({ app, sent: publishedTo(app).includes(due?.severity ?? '?') }).toEqual({ app, sent: true });
    expect({ app, recorded: recordedLevel(secret.name) }).toEqual({ app, recorded: due?.level });
  }
}

/** How often each app was alerted, in total, over the whole row. */
function sendsPerApp(): Record<string, number> {
  return Object.fromEntries(Object.keys(DUE).map((app) => [app, publishedTo(app).length]));
}

const ONCE_EACH = { Acme: 1, Beta: 1, Gamma: 1, Delta: 1 };

beforeEach(async () => {
  fake = await FakeAws.start({ region: REGION, accountId: ACCOUNT });
  for (const secret of FLEET) {
    fake.secretsManager.createSecret({
      name: secret.name,
      createdAt: secret.versionCreatedAt,
      tags: secret.tags,
      firstVersionAt: secret.versionCreatedAt,
    });
  }
  fake.secretsManager.listPageLimit = 2;
  fake.dynamodb.createTable(TABLE);
  fake.dynamodb.scanPageLimit = 2;
  fake.sns.createTopic('lwa-alerts');
  handler = buildHandler();
  wallClock = new Date(NOW.getTime() + 5_000);
  // The standard strategy waits a random fraction of an exponential back-off between attempts.
  // Jitter pinned to 0 keeps the test fast; the number of attempts, which is what is under test,
  // does not depend on it.
  mathRandom = jest.spyOn(Math, 'random').mockReturnValue(0);
});

afterEach(async () => {
  mathRandom.mockRestore();
  await fake.close();
  // Nothing the fake does not implement was asked; the ledger is always read consistently
  expect(fake.problems).toEqual([]);
  const scans = fake.log.filter((request) => request.operation === OPERATION.Scan);
  expect(scans.filter((request) => request.json?.ConsistentRead !== true)).toEqual([]);
});

const ANY_REQUEST = (): boolean => true;
const pkOf = (request: FakeRequest): string | undefined => stringOf(itemOf(request).pk);
const BETA_RECORD = (request: FakeRequest): boolean => pkOf(request) === arnOf('beta');
const BETA_ALERT = (request: FakeRequest): boolean => publishAttribute(request.form, 'app') === 'Beta';
const LEASE_WRITE = (request: FakeRequest): boolean =>
  request.operation === OPERATION.PutItem && pkOf(request) === LEASE_KEY;
const LEASE_TAKE = (request: FakeRequest): boolean =>
  LEASE_WRITE(request) && request.json?.ConditionExpression !== 'holder = :holder';
const LEASE_END = (request: FakeRequest): boolean =>
  LEASE_WRITE(request) && request.json?.ConditionExpression === 'holder = :holder';
/** The first request of a ledger Scan; later pages carry the ExclusiveStartKey. */
const FIRST_SCAN_PAGE = (request: FakeRequest): boolean => request.json?.ExclusiveStartKey === undefined;
const LATER_SCAN_PAGE = (request: FakeRequest): boolean => request.json?.ExclusiveStartKey !== undefined;
/** A ListSecrets request for a later page: it carries the (opaque) NextToken of the page before. */
const LATER_LIST_PAGE = (request: FakeRequest): boolean => request.json?.NextToken !== undefined;

/** No live lease: never taken, or ended (released or lapsed) by the wall clock. */
function leaseIsFree(): boolean {
  const lease = ledger().get(LEASE_KEY);
  return lease === undefined || (numberOf(lease.leaseUntil) ?? Infinity) <= wallClock.getTime();
}

const FOUR_ATTEMPTS = ['attempt=1; max=4', 'attempt=2; max=4', 'attempt=3; max=4', 'attempt=4; max=4'];

// ---------------------------------------------------------------------------------------------
// Throttling and 5xx that the SDK rides out
// ---------------------------------------------------------------------------------------------

describe('Fault matrix: transient throttling and 5xx are retried by the SDK (standard mode, 4 attempts)', () => {
  it.each([
    ['F1', 'Secrets Manager throttles ListSecrets', 'ListSecrets', 'throttling', ANY_REQUEST],
    ['F2', 'Secrets Manager answers ListSecrets with 500', 'ListSecrets', 'server-error', ANY_REQUEST],
    ['F3', 'DynamoDB throttles the ledger read (Scan)', 'Scan', 'throttling', FIRST_SCAN_PAGE],
    ['F4', 'DynamoDB answers a ledger write (PutItem) with 500', 'PutItem', 'server-error', BETA_RECORD],
    ['F5', 'SNS throttles a Publish', 'Publish', 'throttling', BETA_ALERT],
    ['F6', 'SNS answers a Publish with 500', 'Publish', 'server-error', BETA_ALERT],
  ] as const)(
    '%s: %s three times in a row: the fourth attempt succeeds and the run is clean',
    async (_id, _title, operation, kind, when) => {
      // Prepare: the first three attempts of that call fail
      inject(operation, kind, 3, when);

      // Act
      const run = await invoke(SCHEDULED, 'run-1');

      // Assess: the SDK itself made exactly four attempts (the 4th, marked max=4, succeeded);
      // later calls of the same operation (the next page, say) succeeded at once
      const attempts = attemptsOf(operation, when);
      expect(attempts.slice(0, 4)).toEqual(FOUR_ATTEMPTS);
      expect(new Set(attempts.slice(4))).toEqual(new Set(attempts.length > 4 ? ['attempt=1; max=4'] : []));
      expect(run.error).toBeUndefined();
      expect(run.result).toMatchObject({
        ran: true,
        publishFailures: 0,
        ledgerFailures: 0,
        lookupFailures: 0,
      });
      expect(metric(run, METRIC.heartbeat)).toBe(1);
      expect(sendsPerApp()).toEqual(ONCE_EACH);
      expectNothingLost();
    },
  );
});

// ---------------------------------------------------------------------------------------------
// Throttling and 5xx that outlast the retries
// ---------------------------------------------------------------------------------------------

describe('Fault matrix: faults that outlast the retries fail the run visibly and lose nothing', () => {
  it.each([
    ['F7', 'Secrets Manager throttles ListSecrets', 'throttling', 'ThrottlingException'],
    ['F8', 'Secrets Manager answers ListSecrets with 500', 'server-error', 'InternalServiceError'],
  ] as const)(
    '%s: %s on every attempt: the run fails with that error, publishes nothing, and the next run sends every alert once',
    async (_id, _title, kind, errorName) => {
      // Prepare
      inject('ListSecrets', kind, Infinity);

      // Act
      const failed = await invoke(SCHEDULED, 'run-1');
      const leaseTakenByFailedRun = attemptsOf('PutItem', LEASE_TAKE).length > 0;
      fake.faults.clear();
      const next = await invoke(NEXT_HOUR, 'run-2');

      // Assess: four attempts, then the SDK error reaches Lambda (Errors metric, function-errors alarm);
      // no run metrics at all, so no Heartbeat (missed-runs alarm); the lease was given back
      expect(attemptsOf('ListSecrets').slice(0, 4)).toEqual(FOUR_ATTEMPTS);
      expect(failed.error).toMatchObject({ name: errorName, $metadata: { attempts: 4 } });
      expect(metricRecords(failed.records)).toEqual([]);
      expect(failed.sentSoFar).toEqual(NOTHING_SENT);
      expect(leaseTakenByFailedRun).toBe(false); // nothing to write yet, so never taken
      expect(next.result).toMatchObject({ ran: true, credentials: 4 });
      expect(sendsPerApp()).toEqual(ONCE_EACH);
      expectNothingLost();
    },
  );

  it('F9: Secrets Manager answers ListSecretVersionIds with 500 on every attempt for one secret: it is reported undated, the others are alerted, the run fails, the next run dates and alerts it', async () => {
    // Prepare: Delta is the only secret dated by its version, so the only lookup
    inject('ListSecretVersionIds', 'server-error', Infinity);

    // Act
    const failed = await invoke(SCHEDULED, 'run-1');
    fake.faults.clear();
    const next = await invoke(NEXT_HOUR, 'run-2');

    // Assess
    expect(attemptsOf('ListSecretVersionIds').slice(0, 4)).toEqual(FOUR_ATTEMPTS);
    expect(runErrorOf(failed).summary).toMatchObject({
      lookupFailures: 1,
      publishFailures: 0,
      undetermined: 1,
    });
    expect(metric(failed, METRIC.lookupFailures)).toBe(1);
    expect(metric(failed, METRIC.heartbeat)).toBeUndefined();
    expect(logLines(failed, 'ERROR')).toContain('Could not read the version metadata of a secret');
    expect(failed.sentSoFar).toEqual({ Acme: 1, Beta: 1, Gamma: 1, Delta: 0 });
    expect(metric(failed, METRIC.credentialsUndetermined)).toBe(1);
    expect(publishedTo('Delta')).toEqual(['expired']);
    expect(next.error).toBeUndefined();
    expect(sendsPerApp()).toEqual(ONCE_EACH);
    expectNothingLost();
  });

  it('F10: DynamoDB throttles the ledger read (Scan) on every attempt: the run fails before any publish, and the next run sends every alert once', async () => {
    // Prepare
    inject('Scan', 'throttling', Infinity);

    // Act
    const failed = await invoke(SCHEDULED, 'run-1');
    const leaseTakenByFailedRun = attemptsOf('PutItem', LEASE_TAKE).length > 0;
    fake.faults.clear();
    const next = await invoke(NEXT_HOUR, 'run-2');

    // Assess: nothing can be published without knowing what was sent before
    expect(attemptsOf('Scan').slice(0, 4)).toEqual(FOUR_ATTEMPTS);
    expect(failed.error).toMatchObject({
      name: 'ProvisionedThroughputExceededException',
      $metadata: { attempts: 4 },
    });
    expect(metricRecords(failed.records)).toEqual([]);
    expect(leaseTakenByFailedRun).toBe(false);
    expect(next.result).toMatchObject({ ran: true, credentials: 4 });
    expect(sendsPerApp()).toEqual(ONCE_EACH);
    expectNothingLost();
  });

  it('F11: DynamoDB answers the lease write with 500 on every attempt: the run fails before publishing or recording anything, and the next run sends every alert once', async () => {
    // Prepare: only the lease PutItem fails
    inject('PutItem', 'server-error', Infinity, LEASE_WRITE);

    // Act
    const failed = await invoke(SCHEDULED, 'run-1');
    fake.faults.clear();
    const next = await invoke(NEXT_HOUR, 'run-2');

    // Assess
    expect(attemptsOf('PutItem', LEASE_WRITE).slice(0, 4)).toEqual(FOUR_ATTEMPTS);
    expect(failed.error).toMatchObject({ name: 'InternalServerError', $metadata: { attempts: 4 } });
    // The lease is taken before the first publish: without it, nothing went out or was written
    expect(failed.sentSoFar).toEqual(NOTHING_SENT);
    expect(failed.recordedSoFar).toEqual(NOTHING_RECORDED);
    expect(metricRecords(failed.records)).toEqual([]);
    expect(next.result).toMatchObject({ ran: true });
    expect(sendsPerApp()).toEqual(ONCE_EACH);
    expectNothingLost();
  });

  it.each([
    ['F12', 'SNS throttles every Publish', 'throttling'],
    ['F13', 'SNS answers every Publish with 500', 'server-error'],
  ] as const)(
    '%s: %s: nothing is recorded as sent, the run fails, and the next run sends every alert once',
    async (_id, _title, kind) => {
      // Prepare
      inject('Publish', kind, Infinity);

      // Act
      const failed = await invoke(SCHEDULED, 'run-1');
      fake.faults.clear();
      const next = await invoke(NEXT_HOUR, 'run-2');

      // Assess: 4 credentials x 4 attempts; each failure counted, nothing marked as sent
      expect(attemptsOf('Publish').slice(0, 16).sort()).toEqual(
        FOUR_ATTEMPTS.flatMap((attempt) => [attempt, attempt, attempt, attempt]),
      );
      expect(runErrorOf(failed).summary).toMatchObject({ publishFailures: 4, ledgerFailures: 0 });
      expect(metric(failed, METRIC.publishFailures)).toBe(4);
      expect(metric(failed, METRIC.heartbeat)).toBeUndefined();
      expect(logLines(failed, 'ERROR')).toContain('Alert not published; it will be retried on the next run');
      expect(failed.recordedSoFar).toEqual(NOTHING_RECORDED);
      expect(next.result).toMatchObject({ ran: true, publishFailures: 0 });
      expect(metric(next, METRIC.heartbeat)).toBe(1);
      expect(sendsPerApp()).toEqual(ONCE_EACH);
      expectNothingLost();
    },
  );
});

// ---------------------------------------------------------------------------------------------
// Partial failures
// ---------------------------------------------------------------------------------------------

describe('Fault matrix: partial failures', () => {
  it('F14: the connection drops (timeout-class error) on every attempt to fetch page 2: page 1 is alerted and recorded, the run fails, the next run completes without duplicates', async () => {
    // Prepare: page 2 (the request carrying the NextToken of page 1) never arrives
    inject('ListSecrets', 'connection-reset', Infinity, LATER_LIST_PAGE);

    // Act
    const failed = await invoke(SCHEDULED, 'run-1');
    fake.faults.clear();
    const next = await invoke(NEXT_HOUR, 'run-2');

    // Assess: the first page was fully processed before the failure surfaced
    expect(failed.error).toMatchObject({
      message: expect.stringMatching(/TimeoutError: socket hang up/),
      $metadata: { attempts: 4 },
    });
    expect(attemptsOf('ListSecrets', LATER_LIST_PAGE).slice(0, 4)).toEqual(FOUR_ATTEMPTS);
    expect(failed.sentSoFar).toEqual({ Acme: 1, Beta: 1, Gamma: 0, Delta: 0 });
    expect(failed.recordedSoFar).toEqual({ acme: 7, beta: 30, gamma: undefined, delta: undefined });
    expect(leaseIsFree()).toBe(true);
    expect(next.result).toMatchObject({ ran: true, credentials: 4 });
    expect(next.result?.alertsBySeverity).toEqual({ '1-day': 1, expired: 1 });
    expect(sendsPerApp()).toEqual(ONCE_EACH);
    expectNothingLost();
  });

  it('F15: SNS rejects the alert of one credential on every attempt while the others go out: they are recorded, it is not, MonitorRunError is thrown, and the next run sends it exactly once', async () => {
    // Prepare
    inject('Publish', 'server-error', Infinity, BETA_ALERT);

    // Act
    const failed = await invoke(SCHEDULED, 'run-1');
    fake.faults.clear();
    const next = await invoke(NEXT_HOUR, 'run-2');
    const third = await invoke({ time: new Date(NOW.getTime() + 2 * MS_PER_HOUR).toISOString() }, 'run-3');

    // Assess
    const error = runErrorOf(failed);
    expect(error.summary).toMatchObject({ publishFailures: 1 });
    expect(error.summary.alertsBySeverity).toEqual({ '7-day': 1, '1-day': 1, expired: 1 });
    expect(error.message).toMatch(/1 publish, 0 ledger, 0 version lookup, 0 conflict/);
    expect(metric(failed, METRIC.publishFailures)).toBe(1);
    expect(failed.sentSoFar).toEqual({ Acme: 1, Beta: 0, Gamma: 1, Delta: 1 });
    expect(failed.recordedSoFar).toEqual({ acme: 7, beta: undefined, gamma: 1, delta: 0 });
    expect(next.result).toMatchObject({ publishFailures: 0 });
    expect(next.result?.alertsBySeverity).toEqual({ '30-day': 1 });
    expect(third.result?.alertsBySeverity).toEqual({});
    expect(sendsPerApp()).toEqual(ONCE_EACH);
    expectNothingLost();
  });

  it('F16: the ledger write fails on every attempt after SNS accepted the alert: the failure is reported, and the next run sends that alert once more (the duplicate window), then never again', async () => {
    // Prepare: Beta's alert-state write fails; its publish succeeds
    inject('PutItem', 'server-error', Infinity, BETA_RECORD);

    // Act
    const failed = await invoke(SCHEDULED, 'run-1');
    fake.faults.clear();
    const next = await invoke(NEXT_HOUR, 'run-2');
    const third = await invoke({ time: new Date(NOW.getTime() + 2 * MS_PER_HOUR).toISOString() }, 'run-3');

    // Assess: reported as a ledger failure, with the warning that a duplicate may follow
    expect(runErrorOf(failed).summary).toMatchObject({ ledgerFailures: 1, publishFailures: 0 });
    expect(metric(failed, METRIC.ledgerFailures)).toBe(1);
    expect(logLines(failed, 'ERROR')).toContain(
      'Alert published but not recorded: the next run may send it again',
    );
    expect(failed.sentSoFar).toEqual(ONCE_EACH);
    expect(failed.recordedSoFar).toEqual({ acme: 7, beta: undefined, gamma: 1, delta: 0 });
    // exactly one duplicate, and only for the credential whose write failed
    expect(publishedTo('Beta')).toEqual(['30-day', '30-day']);
    expect(next.result?.alertsBySeverity).toEqual({ '30-day': 1 });
    expect(third.result?.alertsBySeverity).toEqual({});
    expect(sendsPerApp()).toEqual({ ...ONCE_EACH, Beta: 2 });
    expectNothingLost();
  });

  it("F17: another writer records a credential between this run's read and write: the conditional write conflicts, the conflict is counted, and the other writer's record is not overwritten", async () => {
    // Prepare: just before this run's first write of Beta, "another run" records the same alert
    let otherWriterItem: Item | undefined;
    fake.intercept = (request) => {
      if (request.operation !== OPERATION.PutItem || !BETA_RECORD(request) || otherWriterItem)
        return undefined;
      otherWriterItem = {
        ...itemOf(request),
        revision: { N: '1' },
        updatedAt: { S: 'written by another run' },
      };
      ledger().seed(otherWriterItem);
      return undefined; // the write itself goes on, and meets the other writer's item
    };

    // Act
    const failed = await invoke(SCHEDULED, 'run-1');
    fake.intercept = undefined;
    const next = await invoke(NEXT_HOUR, 'run-2');

    // Assess
    expect(runErrorOf(failed).summary).toMatchObject({ conflicts: 1, ledgerFailures: 0, publishFailures: 0 });
    expect(metric(failed, METRIC.ledgerConflicts)).toBe(1);
    expect(logLines(failed, 'ERROR')).toContain(
      'Ledger write conflict: another run recorded this secret first',
    );
    expect(ledger().get(arnOf('beta'))).toEqual(otherWriterItem);
    expect(next.result).toMatchObject({ conflicts: 0 });
    expect(next.result?.alertsBySeverity).toEqual({});
    expect(sendsPerApp()).toEqual(ONCE_EACH);
    expectNothingLost();
  });
});

// ---------------------------------------------------------------------------------------------
// Retries of the whole function, and concurrency
// ---------------------------------------------------------------------------------------------

describe('Fault matrix: retries of the whole function and concurrent runs', () => {
  it('F18: Lambda retries the same scheduled event after a partial failure: only the alert that was not sent goes out', async () => {
    // Prepare: the first attempt loses Beta's publish; Lambda redelivers the identical event
    // (same `time`, same request id) a minute later
    inject('Publish', 'server-error', 4, BETA_ALERT);

    // Act
    const failed = await invoke(SCHEDULED, 'request-1');
    wallClock = new Date(wallClock.getTime() + 60_000);
    const retried = await invoke(SCHEDULED, 'request-1');

    // Assess: the retry evaluates at the same scheduled time and sends only Beta's alert
    expect(runErrorOf(failed).summary).toMatchObject({ publishFailures: 1 });
    expect(failed.sentSoFar).toEqual({ Acme: 1, Beta: 0, Gamma: 1, Delta: 1 });
    expect(retried.error).toBeUndefined();
    expect(retried.result).toMatchObject({ ran: true, now: NOW.toISOString() });
    expect(retried.result?.alertsBySeverity).toEqual({ '30-day': 1 });
    expect(metric(retried, METRIC.heartbeat)).toBe(1);
    expect(sendsPerApp()).toEqual(ONCE_EACH);
    expectNothingLost();
  });

  it('F19: two runs start at once with alerts due: the lease lets one publish and record, the other sends and writes nothing and says so', async () => {
    // Prepare
    const output = captureOutput();

    // Act
    let results: MonitorResult[];
    try {
      results = await Promise.all([
        handler(SCHEDULED, { awsRequestId: 'scheduled' }),
        handler(SCHEDULED, { awsRequestId: 'manual' }),
      ]);
    } finally {
      output.restore();
    }

    // Assess: exactly one ran; the other returned without error, sent nothing, and logged why
    expect(results.map((r) => r.ran).sort()).toEqual([false, true]);
    const lockedOut = output
      .records()
      .filter(
        (r) => r.message === 'Another monitor run holds the lease; this run publishes and records nothing',
      );
    expect(lockedOut).toHaveLength(1);
    expect(leaseIsFree()).toBe(true);
    expect(sendsPerApp()).toEqual(ONCE_EACH);
    expectNothingLost();
  });

  it('F20: the function dies between a publish and its ledger write: runs inside the lease publish and record nothing, the first run after it lapses sends that alert once more, then never again', async () => {
    // Prepare: Beta's ledger write by the killed run never returns, as if the function were killed
    // right after SNS accepted Beta's alert (Acme, processed alongside, is recorded; page 2 is
    // never reached). The fake holds it (and any attempt the SDK makes after its own request
    // timeout) until the test releases it; the later runs write Beta for a later time, so they pass.
    // One capture spans every invocation, since the abandoned one only ends at the very end.
    const killedRunWritesBeta = (request: FakeRequest): boolean =>
      BETA_RECORD(request) && stringOf(itemOf(request).updatedAt) === NOW.toISOString();
    inject('PutItem', 'hang', Infinity, killedRunWritesBeta);
    const output = captureOutput();
    let insideLease: MonitorResult;
    let afterLease: MonitorResult;
    let third: MonitorResult;
    let sends: Record<string, number>;
    let stillHeld: (string | undefined)[];
    try {
      const killed = handler(SCHEDULED, { awsRequestId: 'killed' }).catch((error: unknown) => error);
      const [held] = await fake.whenHeld(1);
      expect(held?.request).toMatchObject({ operation: OPERATION.PutItem, fault: 'hang' });

      // Act: Lambda's retry a minute later (same request id) still finds the lease held; the next
      // scheduled run comes after the lease lapsed (lease = function timeout + 60 s)
      wallClock = new Date(wallClock.getTime() + 60_000);
      insideLease = await handler(SCHEDULED, { awsRequestId: 'killed' });
      wallClock = new Date(wallClock.getTime() + SETTINGS.leaseMs);
      afterLease = await handler(NEXT_HOUR, { awsRequestId: 'run-2' });
      third = await handler(
        { time: new Date(NOW.getTime() + 2 * MS_PER_HOUR).toISOString() },
        { awsRequestId: 'run-3' },
      );
      sends = sendsPerApp();
      stillHeld = fake.held.map((request) => pkOf(request.request));
      // Only so that the abandoned invocation ends before the test does: an error it does not retry
      fake.releaseHeld({ status: 400, code: 'ValidationException', message: 'released by the test' });
      await killed;
    } finally {
      output.restore();
    }

    // Assess
    expect(insideLease).toMatchObject({ ran: false });
    expect(afterLease).toMatchObject({ ran: true });
    expect(afterLease.alertsBySeverity).toEqual({ '30-day': 1, '1-day': 1, expired: 1 });
    expect(third.alertsBySeverity).toEqual({});
    expect(sends).toEqual({ ...ONCE_EACH, Beta: 2 });
    // the killed run's write of Beta was never answered while the later runs ran
    expect(new Set(stillHeld)).toEqual(new Set([arnOf('beta')]));
    expectNothingLost();
  });
});

describe('Fault matrix: faults at the edges of a run', () => {
  it("F21: DynamoDB fails the lease release on every attempt after a complete run: every alert is out and recorded, the run reports the error, and Lambda's retry inside the lease, with nothing left to send, runs without it", async () => {
    // Prepare
    inject('PutItem', 'server-error', Infinity, LEASE_END);

    // Act
    const failed = await invoke(SCHEDULED, 'request-1');
    fake.faults.clear();
    wallClock = new Date(wallClock.getTime() + 60_000);
    const retried = await invoke(SCHEDULED, 'request-1');
    wallClock = new Date(NOW.getTime() + MS_PER_HOUR + 5_000);
    const next = await invoke(NEXT_HOUR, 'run-2');

    // Assess: the work was done before the release failed; the run's metrics are still emitted
    // and the error reaches Lambda (Errors metric)
    expect(attemptsOf('PutItem', LEASE_END).slice(0, 4)).toEqual(FOUR_ATTEMPTS);
    expect(failed.error).toMatchObject({ name: 'MonitorRunError', summary: { ledgerFailures: 1 } });
    expect(metric(failed, METRIC.ledgerFailures)).toBe(1);
    expect(failed.sentSoFar).toEqual(ONCE_EACH);
    expect(failed.recordedSoFar).toEqual({ acme: 7, beta: 30, gamma: 1, delta: 0 });
    // The retry finds everything recorded, so it needs no lease: a clean run, nothing sent
    expect(retried.result).toMatchObject({ ran: true, ledgerFailures: 0, alertsBySeverity: {} });
    expect(metric(retried, METRIC.heartbeat)).toBe(1);
    // Only the first run took the lease: neither the retry nor the next run had anything to write
    expect(attemptsOf('PutItem', LEASE_TAKE)).toHaveLength(1);
    expect(next.result).toMatchObject({ ran: true });
    expect(next.result?.alertsBySeverity).toEqual({});
    expect(sendsPerApp()).toEqual(ONCE_EACH);
    expectNothingLost();
  });

  it('F22: DynamoDB answers a later page of the ledger Scan with 500 on every attempt: the run fails before any publish or write, and the next run sends the alert still due exactly once', async () => {
    // Prepare: a first run sends everything but Beta's alert (SNS refuses it), so the ledger
    // holds three records and the lease: the Scan takes more than one page of two
    inject('Publish', 'server-error', Infinity, BETA_ALERT);
    const first = await invoke(SCHEDULED, 'run-1');
    fake.faults.clear();
    inject('Scan', 'server-error', Infinity, LATER_SCAN_PAGE);

    // Act
    wallClock = new Date(NOW.getTime() + MS_PER_HOUR + 5_000);
    const failed = await invoke(NEXT_HOUR, 'run-2');
    fake.faults.clear();
    wallClock = new Date(NOW.getTime() + 2 * MS_PER_HOUR + 5_000);
    const next = await invoke({ time: new Date(NOW.getTime() + 2 * MS_PER_HOUR).toISOString() }, 'run-3');

    // Assess
    expect(runErrorOf(first).summary).toMatchObject({ publishFailures: 1 });
    expect(attemptsOf('Scan', LATER_SCAN_PAGE).slice(0, 4)).toEqual(FOUR_ATTEMPTS);
    expect(failed.error).toMatchObject({ name: 'InternalServerError', $metadata: { attempts: 4 } });
    expect(metricRecords(failed.records)).toEqual([]);
    expect(failed.sentSoFar).toEqual({ Acme: 1, Beta: 0, Gamma: 1, Delta: 1 });
    expect(next.result?.alertsBySeverity).toEqual({ '30-day': 1 });
    expect(sendsPerApp()).toEqual(ONCE_EACH);
    expectNothingLost();
  });
});

describe('Fault matrix: errors the SDK does not retry', () => {
  it("F23: SNS answers one Publish with KMSThrottlingException (a 400, not retried by the SDK): the publish fails at once, and Lambda's retry of the event sends it", async () => {
    // Prepare
    inject('Publish', 'kms-throttling', 1, BETA_ALERT);

    // Act
    const failed = await invoke(SCHEDULED, 'request-1');
    wallClock = new Date(wallClock.getTime() + 60_000);
    const retried = await invoke(SCHEDULED, 'request-1');

    // Assess: one attempt only in the failed run; the error is named in the log
    expect(attemptsOf('Publish', BETA_ALERT)).toEqual(['attempt=1; max=4', 'attempt=1; max=4']);
    expect(runErrorOf(failed).summary).toMatchObject({ publishFailures: 1 });
    const failure = failed.records.find(
      (r) => r.message === 'Alert not published; it will be retried on the next run',
    );
    expect(failure).toMatchObject({ app: 'Beta', error: expect.stringMatching(/^KMSThrottlingException: /) });
    expect(retried.result?.alertsBySeverity).toEqual({ '30-day': 1 });
    expect(sendsPerApp()).toEqual(ONCE_EACH);
    expectNothingLost();
  });
});

describe('Fault matrix: a run that reads while another writes', () => {
  it('F24: another run takes the lease, sends and records, and ends it while this run is reading: this run starts over under the lease and sends nothing twice', async () => {
    // Prepare: when this run ("late") asks for the lease, a whole other run ("early") has just
    // been through: it took the lease after "late" had read the ledger, sent every alert,
    // recorded them, and ended the lease
    const output = captureOutput();
    let early: MonitorResult | undefined;
    fake.beforeAnswer = async (request) => {
      if (!LEASE_TAKE(request) || stringOf(itemOf(request).holder) !== 'late' || early) return;
      early = await handler(SCHEDULED, { awsRequestId: 'early' });
    };
    let late: MonitorResult;
    try {
      // Act
      late = await handler(SCHEDULED, { awsRequestId: 'late' });
    } finally {
      fake.beforeAnswer = undefined;
      output.restore();
    }

    // Assess: "early" sent every alert; "late" read the ledger again under the lease and found
    // them recorded
    expect(early?.alertsBySeverity).toEqual({ '7-day': 1, '30-day': 1, '1-day': 1, expired: 1 });
    expect(late).toMatchObject({ ran: true, credentials: 4, conflicts: 0, alertsBySeverity: {} });
    expect(
      output.records().filter((r) => String(r.message).includes('starting over under the lease')),
    ).toHaveLength(1);
    expect(leaseIsFree()).toBe(true);
    expect(sendsPerApp()).toEqual(ONCE_EACH);
    expectNothingLost();
  });
});

// ---------------------------------------------------------------------------------------------
// The matrix is documented
// ---------------------------------------------------------------------------------------------

describe('Fault matrix: every row is documented in docs/reliability.md', () => {
  it('lists rows F1 to F24 and describes the duplicate window', () => {
    // Prepare
    const doc = readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'reliability.md'), 'utf8');

    // Act
    const documentedRows = [...doc.matchAll(/^\| (F\d+) +\|/gm)].map((m) => m[1]);

    // Assess
    expect(documentedRows).toEqual(Array.from({ length: 24 }, (_, i) => `F${i + 1}`));
    expect(doc).toMatch(/^## The duplicate window$/m);
    expect(doc).toMatch(/published but not recorded/);
  });
});
