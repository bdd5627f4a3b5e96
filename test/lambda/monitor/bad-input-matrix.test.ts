/**
 * Bad-input matrix (docs/reliability.md, "Bad-input matrix"; each row starts with its id).
 *
 * Every row runs the real handler with real Powertools Logger and Metrics (their output captured
 * and read back), the real Secrets Manager catalog over a mocked client, the in-memory ledger
 * (which stores exactly what the DynamoDB adapter would write), and the real SNS publisher over a
 * real SNS client whose HTTP handler answers in-process, so that odd characters go through the
 * SDK's own request serializer as they would in production.
 *
 * Each row puts one odd secret between two healthy "witness" secrets in the same run, and checks
 * the row's defined outcome (date, alert, warning, skip) and that both witnesses still got their
 * alerts: no bad input stops the run for the others.
 */
import type { ListSecretVersionIdsCommandInput, SecretListEntry } from '@aws-sdk/client-secrets-manager';
import {
  ListSecretVersionIdsCommand,
  ListSecretsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { SNSClientConfig } from '@aws-sdk/client-sns';
import { SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SnsAlertPublisher } from '../../../lambda/adapters/aws/alert-publisher';
import { SecretsManagerCatalog } from '../../../lambda/adapters/aws/secret-catalog';
import { CLIENT_RETRY_SETTINGS } from '../../../lambda/runtime/aws-clients';
import { createLogger, createMetrics } from '../../../lambda/runtime/powertools';
import { METRIC } from '../../../contract/telemetry';
import { SMS_MAX_SEPTETS, SUBJECT_MAX_CHARS } from '../../../lambda/domain/alert-message';
import { gsm7Length } from '../../../lambda/domain/gsm7';
import { MS_PER_DAY, MS_PER_HOUR } from '../../../contract/time';
import type { MonitorResult } from '../../../lambda/monitor/make-handler';
import { makeHandler } from '../../../lambda/monitor/make-handler';
import type { MonitorSettings } from '../../../lambda/monitor/run-monitor';
import { captureOutput, metricRecords } from '../support/captured-output';
import { InMemoryLedger } from '../support/in-memory';

const NOW = new Date('2026-06-15T12:00:00.000Z');
const REGION = 'eu-west-1';
const ARN_PREFIX = `arn:aws:secretsmanager:${REGION}:111122223333:secret:`;
const SETTINGS: MonitorSettings = {
  tagKey: 'lwa:app',
  defaultWindowDays: 180,
  policy: { thresholdsDays: [30, 7, 1], expiredReminderMs: 24 * MS_PER_HOUR },
  region: REGION,
  leaseMs: 360_000,
  concurrency: 8,
};

/** Every secret's AWSCURRENT version was created then, unless a row says it has none. */
const VERSION_CREATED = new Date('2026-01-10T00:00:00.000Z');
/** VERSION_CREATED + 180 days: where a secret with unusable date tags falls back to. */
const FROM_VERSION = '2026-07-09T00:00:00.000Z';
/** `lwa:rotated-at` 2026-01-01 + 180 days. */
const FROM_ROTATION = '2026-06-30T00:00:00.000Z';
const VERSION_SOURCE = 'creation of the AWSCURRENT version + rotation window (180-day window)';

function arnOf(name: string): string {
  return `${ARN_PREFIX}${name.replace(/[^A-Za-z0-9/_+=.@-]/g, '_')}-AbCdEf`;
}

function listEntry(
  name: string,
  tags: Record<string, string>,
  extra: Partial<SecretListEntry> = {},
): SecretListEntry {
  return {
    ARN: arnOf(name),
    Name: name,
    Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    SecretVersionsToStages: { [`v-${arnOf(name)}`]: ['AWSCURRENT'] },
    ...extra,
  };
}

const WITNESSES: readonly SecretListEntry[] = [
  // rotated 175 days ago: the 7-day alert
  listEntry('witness-one', {
    'lwa:app': 'Witness One',
    'lwa:rotated-at': new Date(NOW.getTime() - 175 * MS_PER_DAY).toISOString(),
  }),
  // expires in 12 hours: the 1-day alert
  listEntry('witness-two', {
    'lwa:app': 'Witness Two',
    'lwa:expires-at': new Date(NOW.getTime() + 12 * MS_PER_HOUR).toISOString(),
  }),
];

// ---------------------------------------------------------------------------------------------
// In-process SNS: the real client and serializer, an HTTP handler that answers like SNS
// ---------------------------------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type InProcessHandler = Extract<NonNullable<SNSClientConfig['requestHandler']>, { handle: unknown }>;

interface SentAlert {
  readonly app: string;
  readonly severity: string;
  readonly daysLeft: string;
  readonly subject: string;
  readonly email: string;
  readonly sms: string;
}

function snsAnsweringInProcess(sent: SentAlert[]): InProcessHandler {
  return {
    handle: (request: { readonly body?: unknown }) => {
      const form = new URLSearchParams(String(request.body));
      const message: unknown = JSON.parse(form.get('Message') ?? '{}');
      if (!isRecord(message)) throw new Error('SNS Message is not a JSON object');
      sent.push({
        app: form.get('MessageAttributes.entry.1.Value.StringValue') ?? '',
        severity: form.get('MessageAttributes.entry.2.Value.StringValue') ?? '',
        daysLeft: form.get('MessageAttributes.entry.3.Value.StringValue') ?? '',
        subject: form.get('Subject') ?? '',
        email: String(message.email),
        sms: String(message.sms),
      });
      const xml =
        '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult>' +
        `<MessageId>msg-${sent.length}</MessageId></PublishResult></PublishResponse>`;
      return Promise.resolve({
        response: {
          statusCode: 200,
          headers: { 'content-type': 'text/xml' },
          body: new TextEncoder().encode(xml),
        },
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// One run
// ---------------------------------------------------------------------------------------------

interface RunOutcome {
  readonly result?: MonitorResult;
  readonly error?: unknown;
  readonly sent: readonly SentAlert[];
  readonly records: readonly Record<string, unknown>[];
  readonly ledger: InMemoryLedger;
}

async function runWith(
  listed: readonly SecretListEntry[],
  withoutVersion: ReadonlySet<string> = new Set(),
  perAppMetrics = false,
): Promise<RunOutcome> {
  const secretsManagerClient = new SecretsManagerClient({ region: REGION });
  const secretsManager = mockClient(secretsManagerClient);
  secretsManager.on(ListSecretsCommand).resolves({ SecretList: [...listed] });
  secretsManager.on(ListSecretVersionIdsCommand).callsFake((input: ListSecretVersionIdsCommandInput) => ({
    Versions: withoutVersion.has(input.SecretId ?? '')
      ? []
      : [{ VersionId: `v-${input.SecretId}`, VersionStages: ['AWSCURRENT'], CreatedDate: VERSION_CREATED }],
  }));
  const sent: SentAlert[] = [];
  const ledger = new InMemoryLedger();
  const handler = makeHandler({
    catalog: new SecretsManagerCatalog(secretsManagerClient),
    ledger,
    publisher: new SnsAlertPublisher(
      new SNSClient({
        ...CLIENT_RETRY_SETTINGS,
        region: REGION,
        credentials: { accessKeyId: 'AKIDINPROCESS', secretAccessKey: 'in-process-only' },
        requestHandler: snsAnsweringInProcess(sent),
      }),
      'arn:aws:sns:eu-west-1:111122223333:lwa-alerts',
    ),
    settings: SETTINGS,
    logger: createLogger(),
    metrics: createMetrics(),
    perAppMetrics,
    clock: () => NOW,
  });
  const output = captureOutput();
  try {
    const result = await handler({ time: NOW.toISOString() }, { awsRequestId: 'bad-input-run' });
    return { result, sent, records: output.records(), ledger };
  } catch (error: unknown) {
    return { error, sent, records: output.records(), ledger };
  } finally {
    output.restore();
    secretsManager.restore();
  }
}

function alertsFor(outcome: RunOutcome, secretName: string): SentAlert[] {
  return outcome.sent.filter((alert) => alert.email.includes(`Secret:         ${secretName}\n`));
}

function logRecords(outcome: RunOutcome, message: string): Record<string, unknown>[] {
  return outcome.records.filter((record) => record.message === message);
}

function tagProblemsOf(outcome: RunOutcome, secretName: string): string[] {
  const record = logRecords(outcome, 'Secret has tag problems').find((r) => r.secret === secretName);
  return Array.isArray(record?.warnings) ? record.warnings.map(String) : [];
}

/** Days left of each credential's status line, keyed by secret name. */
function statusDaysBySecret(outcome: RunOutcome): Record<string, unknown> {
  return Object.fromEntries(
    logRecords(outcome, 'Credential status').map((record) => [String(record.secret), record.daysLeft]),
  );
}

/** Value of a metric with an `app` dimension (DaysUntilExpiry, with perAppMetrics), keyed by app. */
function daysUntilExpiryByApp(outcome: RunOutcome): Record<string, unknown> {
  return Object.fromEntries(
    metricRecords(outcome.records)
      .filter((record) => METRIC.daysUntilExpiry in record)
      .map((record) => [String(record.app), record[METRIC.daysUntilExpiry]]),
  );
}

function runMetric(outcome: RunOutcome, name: string): unknown {
  return metricRecords(outcome.records).find((record) => name in record && !('app' in record))?.[name];
}

function expectWitnessesAlerted(outcome: RunOutcome): void {
  expect(outcome.error).toBeUndefined();
  expect(alertsFor(outcome, 'witness-one').map((a) => a.severity)).toEqual(['7-day']);
  expect(alertsFor(outcome, 'witness-two').map((a) => a.severity)).toEqual(['1-day']);
  expect(runMetric(outcome, METRIC.heartbeat)).toBe(1);
}

// ---------------------------------------------------------------------------------------------
// The matrix
// ---------------------------------------------------------------------------------------------

interface BadInputRow {
  readonly id: string;
  readonly input: string;
  readonly outcome: string;
  readonly secret: SecretListEntry;
  /** Its AWSCURRENT version cannot be listed. */
  readonly noVersion?: boolean;
  /** Alerts the odd secret gets in this run, by severity. */
  readonly alerts: readonly string[];
  /** Expiry recorded for the odd secret's cycle; undefined when it has none. */
  readonly expiresAt?: string;
  /** The "Date source" line of its alert email. */
  readonly dateSource?: string;
  /** Its warnings in the "Secret has tag problems" log line; none when absent. */
  readonly warning?: RegExp;
  readonly skipped?: 'pending-deletion' | 'replica';
}

const ROTATED_2026_01_01 = { 'lwa:rotated-at': '2026-01-01' };

function row(
  id: string,
  input: string,
  outcome: string,
  tags: Record<string, string>,
  expected: Omit<BadInputRow, 'id' | 'input' | 'outcome' | 'secret'>,
  extra: Partial<SecretListEntry> = {},
  name = `odd-${id.toLowerCase()}`,
): BadInputRow {
  return {
    id,
    input,
    outcome,
    secret: listEntry(name, { 'lwa:app': `App ${id}`, ...tags }, extra),
    ...expected,
  };
}

const FALLBACK = { alerts: ['30-day'], expiresAt: FROM_VERSION, dateSource: VERSION_SOURCE };
const INVALID_WINDOW =
  /^tag lwa:window-days ".*" ignored: expected a whole number of days from 1 to 3650; using 180$/;

/** Half of a surrogate pair without its other half: not encodable as UTF-8 or in a URI. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const ROWS: readonly BadInputRow[] = [
  row(
    'B1',
    'lwa:expires-at 2026-02-30',
    'ignored with a warning; dated by its AWSCURRENT version',
    { 'lwa:expires-at': '2026-02-30' },
    {
      ...FALLBACK,
      warning: /^tag lwa:expires-at "2026-02-30" ignored: it names day 30 of a month that has 28 days$/,
    },
  ),
  row(
    'B2',
    'lwa:expires-at "yesterday"',
    'ignored with a warning; dated by its AWSCURRENT version',
    { 'lwa:expires-at': 'yesterday' },
    {
      ...FALLBACK,
      warning: /^tag lwa:expires-at "yesterday" ignored: it is not an ISO-8601 date or date-time/,
    },
  ),
  row(
    'B3',
    'lwa:expires-at empty',
    'ignored with a warning; dated by its AWSCURRENT version',
    { 'lwa:expires-at': '' },
    {
      ...FALLBACK,
      warning: /^tag lwa:expires-at "" ignored: it is empty/,
    },
  ),
  row(
    'B4',
    'lwa:expires-at 2026-13-01',
    'ignored with a warning; dated by its AWSCURRENT version',
    { 'lwa:expires-at': '2026-13-01' },
    {
      ...FALLBACK,
      warning: /^tag lwa:expires-at "2026-13-01" ignored: it has month 13, which does not exist$/,
    },
  ),
  row(
    'B5',
    'lwa:expires-at date only (2026-06-20)',
    'midnight UTC of that day',
    { 'lwa:expires-at': '2026-06-20' },
    {
      alerts: ['7-day'],
      expiresAt: '2026-06-20T00:00:00.000Z',
      dateSource: 'tag lwa:expires-at (180-day window)',
    },
  ),
  row(
    'B6',
    'lwa:expires-at date-time without offset',
    'read as UTC',
    { 'lwa:expires-at': '2026-06-20T18:30' },
    {
      alerts: ['7-day'],
      expiresAt: '2026-06-20T18:30:00.000Z',
    },
  ),
  row(
    'B7',
    'lwa:expires-at with +05:30',
    'converted to UTC',
    { 'lwa:expires-at': '2026-06-20T18:30:00+05:30' },
    {
      alerts: ['7-day'],
      expiresAt: '2026-06-20T13:00:00.000Z',
    },
  ),
  row(
    'B8',
    'lwa:expires-at with -08:00',
    'converted to UTC',
    { 'lwa:expires-at': '2026-06-20T18:30:00-08:00' },
    {
      alerts: ['7-day'],
      expiresAt: '2026-06-21T02:30:00.000Z',
    },
  ),
  row(
    'B9',
    'lwa:expires-at far past (2001-01-01)',
    'dated as given: expired, expired alert',
    { 'lwa:expires-at': '2001-01-01' },
    {
      alerts: ['expired'],
      expiresAt: '2001-01-01T00:00:00.000Z',
    },
  ),
  row(
    'B10',
    'lwa:expires-at far future (2099-01-01)',
    'dated as given, no alert, warning to check it',
    { 'lwa:expires-at': '2099-01-01' },
    {
      alerts: [],
      expiresAt: '2099-01-01T00:00:00.000Z',
      warning: /^tag lwa:expires-at is \d+ days away, more than the 180-day rotation window: check it$/,
    },
  ),
  row(
    'B11',
    'lwa:rotated-at in the future',
    'ignored with a warning; dated by its AWSCURRENT version',
    { 'lwa:rotated-at': '2026-07-01T00:00:00Z' },
    {
      ...FALLBACK,
      warning: /^tag lwa:rotated-at "2026-07-01T00:00:00Z" ignored: a rotation cannot be in the future$/,
    },
  ),
  row(
    'B12',
    'lwa:rotated-at far past (2001-01-01)',
    'expiry = rotation + 180 days: expired alert',
    { 'lwa:rotated-at': '2001-01-01' },
    {
      alerts: ['expired'],
      expiresAt: '2001-06-30T00:00:00.000Z',
    },
  ),
  row('B13', 'lwa:rotated-at date only (2026-01-01)', 'midnight UTC + 180 days', ROTATED_2026_01_01, {
    alerts: ['30-day'],
    expiresAt: FROM_ROTATION,
    dateSource: 'tag lwa:rotated-at + rotation window (180-day window)',
  }),
  row(
    'B14',
    'lwa:rotated-at 2026-02-30',
    'ignored with a warning; dated by its AWSCURRENT version',
    { 'lwa:rotated-at': '2026-02-30' },
    {
      ...FALLBACK,
      warning: /^tag lwa:rotated-at "2026-02-30" ignored: it names day 30 of a month that has 28 days$/,
    },
  ),
  row(
    'B15',
    'lwa:window-days abc',
    'ignored with a warning; 180 days',
    { ...ROTATED_2026_01_01, 'lwa:window-days': 'abc' },
    {
      alerts: ['30-day'],
      expiresAt: FROM_ROTATION,
      warning: INVALID_WINDOW,
    },
  ),
  row(
    'B16',
    'lwa:window-days 0',
    'ignored with a warning; 180 days',
    { ...ROTATED_2026_01_01, 'lwa:window-days': '0' },
    {
      alerts: ['30-day'],
      expiresAt: FROM_ROTATION,
      warning: INVALID_WINDOW,
    },
  ),
  row(
    'B17',
    'lwa:window-days -5',
    'ignored with a warning; 180 days',
    { ...ROTATED_2026_01_01, 'lwa:window-days': '-5' },
    {
      alerts: ['30-day'],
      expiresAt: FROM_ROTATION,
      warning: INVALID_WINDOW,
    },
  ),
  row(
    'B18',
    'lwa:window-days 999999',
    'ignored with a warning; 180 days',
    { ...ROTATED_2026_01_01, 'lwa:window-days': '999999' },
    {
      alerts: ['30-day'],
      expiresAt: FROM_ROTATION,
      warning: INVALID_WINDOW,
    },
  ),
  row(
    'B19',
    'lwa:window-days 1.5',
    'ignored with a warning; 180 days',
    { ...ROTATED_2026_01_01, 'lwa:window-days': '1.5' },
    {
      alerts: ['30-day'],
      expiresAt: FROM_ROTATION,
      warning: INVALID_WINDOW,
    },
  ),
  row(
    'B20',
    'lwa:window-days 90 (valid override)',
    'rotation + 90 days: expired alert',
    { ...ROTATED_2026_01_01, 'lwa:window-days': '90' },
    {
      alerts: ['expired'],
      expiresAt: '2026-04-01T00:00:00.000Z',
    },
  ),
  row(
    'B21',
    'lwa:app empty',
    'secret name used as the app name, with a warning',
    { ...ROTATED_2026_01_01, 'lwa:app': '' },
    {
      alerts: ['30-day'],
      expiresAt: FROM_ROTATION,
      warning: /^tag lwa:app is empty; the secret name is used as the app name$/,
    },
  ),
  row(
    'B22',
    'lwa:app whitespace only',
    'secret name used as the app name, with a warning',
    { ...ROTATED_2026_01_01, 'lwa:app': ' \t ' },
    {
      alerts: ['30-day'],
      expiresAt: FROM_ROTATION,
      warning: /^tag lwa:app is empty; the secret name is used as the app name$/,
    },
  ),
  row(
    'B23',
    'lwa:expires-at of 256 characters',
    'ignored; only its first 40 characters are echoed',
    { 'lwa:expires-at': `2026-06-20T${'9:'.repeat(122)}9` },
    {
      ...FALLBACK,
      warning: /^tag lwa:expires-at "2026-06-20T(9:){14}9…" ignored: it is not an ISO-8601/,
    },
  ),
  row(
    'B24',
    'secret pending deletion',
    'skipped and logged; no alert',
    ROTATED_2026_01_01,
    {
      alerts: [],
      skipped: 'pending-deletion',
    },
    { DeletedDate: new Date('2026-06-10T00:00:00Z') },
  ),
  row(
    'B25',
    'replica of a secret whose primary is in another region',
    'skipped and logged; the primary region alerts',
    ROTATED_2026_01_01,
    {
      alerts: [],
      skipped: 'replica',
    },
    { PrimaryRegion: 'us-east-1' },
  ),
  row(
    'B26',
    'no date tag and no AWSCURRENT version',
    'undetermined: one "undetermined" alert',
    {},
    {
      noVersion: true,
      alerts: ['undetermined'],
    },
  ),
  row(
    'B27',
    'name with quotes',
    'alerted; name shown verbatim',
    ROTATED_2026_01_01,
    {
      alerts: ['30-day'],
      expiresAt: FROM_ROTATION,
    },
    {},
    `acme"prod'x`,
  ),
  row(
    'B28',
    'name with a newline',
    'alerted; name shown verbatim',
    ROTATED_2026_01_01,
    {
      alerts: ['30-day'],
      expiresAt: FROM_ROTATION,
    },
    {},
    'acme\nprod',
  ),
  row(
    'B29',
    'name with emoji',
    'alerted; name shown verbatim',
    ROTATED_2026_01_01,
    {
      alerts: ['30-day'],
      expiresAt: FROM_ROTATION,
    },
    {},
    'acme-🚀-prod',
  ),
  row(
    'B30',
    'name with <script>',
    'alerted; name shown verbatim (plain-text email)',
    ROTATED_2026_01_01,
    {
      alerts: ['30-day'],
      expiresAt: FROM_ROTATION,
    },
    {},
    '<script>alert(1)</script>',
  ),
  row(
    'B31',
    'name with NUL, U+2028, backslash and an ANSI escape',
    'alerted; JSON-escaped in logs and messages',
    ROTATED_2026_01_01,
    {
      alerts: ['30-day'],
      expiresAt: FROM_ROTATION,
    },
    {},
    'acme\u0000\u2028\\\u001b[31mprod',
  ),
];

describe('Bad-input matrix: each odd secret gets its defined outcome, and the run goes on for the others', () => {
  it.each(ROWS)('$id: $input → $outcome', async (testRow) => {
    // Prepare
    const name = testRow.secret.Name ?? '';
    const listed = [WITNESSES[0], testRow.secret, WITNESSES[1]].filter(
      (s): s is SecretListEntry => s !== undefined,
    );

    // Act
    const outcome = await runWith(listed, new Set(testRow.noVersion ? [arnOf(name)] : []));

    // Assess: the odd secret's outcome
    const alerts = alertsFor(outcome, name);
    expect(alerts.map((a) => a.severity)).toEqual(testRow.alerts);
    expect(outcome.ledger.entry(arnOf(name)).alertState.cycle?.expiresAt).toBe(testRow.expiresAt);
    if (testRow.dateSource) expect(alerts[0]?.email).toContain(`Date source:    ${testRow.dateSource}`);
    // each published alert is logged under the exact secret name (one JSON line per record)
    expect(logRecords(outcome, 'Alert published').filter((r) => r.secret === name)).toHaveLength(
      alerts.length,
    );
    const problems = tagProblemsOf(outcome, name);
    if (testRow.warning) expect(problems).toEqual([expect.stringMatching(testRow.warning)]);
    else expect(problems).toEqual([]);
    const skipped = logRecords(outcome, 'Secret skipped').filter((r) => r.secret === name);
    expect(skipped.map((r) => r.reason)).toEqual(testRow.skipped ? [testRow.skipped] : []);
    expect(outcome.result).toMatchObject({
      ran: true,
      skipped: testRow.skipped ? 1 : 0,
      credentials: testRow.skipped ? 2 : 3,
      undetermined: testRow.noVersion ? 1 : 0,
      withWarnings: testRow.warning ? 1 : 0,
    });
    expect(runMetric(outcome, METRIC.credentialsWithTagProblems)).toBe(testRow.warning ? 1 : 0);
    expect(runMetric(outcome, METRIC.credentialsUndetermined)).toBe(testRow.noVersion ? 1 : 0);
    // every message stays within what SNS and an SMS can carry
    for (const alert of alerts) {
      expect(alert.subject.length).toBeLessThanOrEqual(SUBJECT_MAX_CHARS);
      expect(alert.subject).toMatch(/^[\x20-\x7e]+$/);
      expect(gsm7Length(alert.sms)).toBeLessThanOrEqual(SMS_MAX_SEPTETS);
    }
    // and the run went on for the others
    expectWitnessesAlerted(outcome);
  });
});

describe('Bad-input matrix: rows that need more than one secret, or none', () => {
  it('B32: two secrets carry the same app name → both are alerted, a warning names both, each has its status line, the opt-in app metric shows the nearer expiry', async () => {
    // Prepare
    const first = listEntry('shared-eu', { 'lwa:app': 'Shared', 'lwa:rotated-at': '2026-01-01' });
    const second = listEntry('shared-us', { 'lwa:app': 'Shared', 'lwa:expires-at': '2026-06-20' });

    // Act
    const outcome = await runWith([WITNESSES[0] ?? first, first, second, WITNESSES[1] ?? second]);

    // Assess
    expect(alertsFor(outcome, 'shared-eu').map((a) => a.severity)).toEqual(['30-day']);
    expect(alertsFor(outcome, 'shared-us').map((a) => a.severity)).toEqual(['7-day']);
    expect(logRecords(outcome, 'Several secrets share one app name')).toEqual([
      expect.objectContaining({ level: 'WARN', app: 'Shared', secrets: ['shared-eu', 'shared-us'] }),
    ]);
    expect(statusDaysBySecret(outcome)).toMatchObject({ 'shared-eu': 15, 'shared-us': 5 });
    expect(daysUntilExpiryByApp(outcome)).toEqual({});
    const withPerAppMetrics = await runWith(
      [WITNESSES[0] ?? first, first, second, WITNESSES[1] ?? second],
      new Set(),
      true,
    );
    expect(daysUntilExpiryByApp(withPerAppMetrics)).toMatchObject({ Shared: 5 });
    expectWitnessesAlerted(outcome);
  });

  it('B33: lwa:app of 256 characters → alerted; subject and SMS are cut to their limits, the filterable app attribute keeps all 256', async () => {
    // Prepare
    const longApp = `Long${'n'.repeat(251)}X`;
    const secret = listEntry('long-app', { 'lwa:app': longApp, 'lwa:rotated-at': '2026-01-01' });

    // Act
    const outcome = await runWith([WITNESSES[0] ?? secret, secret, WITNESSES[1] ?? secret]);

    // Assess
    const [alert] = alertsFor(outcome, 'long-app');
    expect(alert?.app).toBe(longApp);
    expect(alert?.subject).toMatch(/^\[LWA 30-day\] Longn+~ client secret expires in 15 days$/);
    expect(alert?.subject.length).toBeLessThanOrEqual(SUBJECT_MAX_CHARS);
    expect(gsm7Length(alert?.sms ?? '')).toBeLessThanOrEqual(SMS_MAX_SEPTETS);
    expect(alert?.email).toContain(`App:            ${longApp}\n`);
    expectWitnessesAlerted(outcome);
  });

  it('B34: lwa:app with <script>, quotes, a newline and emoji → alerted; ASCII subject, GSM-7 SMS, the exact name in the email and the app attribute', async () => {
    // Prepare
    const oddApp = '<script>alert("x")</script>\n🚀 Café';
    const secret = listEntry('odd-app', { 'lwa:app': oddApp, 'lwa:rotated-at': '2026-01-01' });

    // Act
    const outcome = await runWith([WITNESSES[0] ?? secret, secret, WITNESSES[1] ?? secret]);

    // Assess
    const [alert] = alertsFor(outcome, 'odd-app');
    expect(alert?.app).toBe(oddApp);
    expect(alert?.subject).toBe(
      '[LWA 30-day] <script>alert("x")</script>??? Caf? client secret expires in 15 days',
    );
    expect(alert?.sms).toBe(
      'LWA secret of <script>alert("x")</script>?? C~ expires in 15d (2026-06-30 00:00 UTC). Rotate it in Developer Console now. Details by email.',
    );
    expect(alert?.email).toContain(`App:            ${oddApp}\n`);
    expectWitnessesAlerted(outcome);
  });

  it('B36: lwa:app of 256 letters outside the BMP (2 UTF-16 units each) → alerted; the app attribute is cut at a whole letter, and the next publish is unaffected', async () => {
    // Prepare: letters Secrets Manager accepts in a tag value; 511 UTF-16 units in all, so a cut
    // at 256 units would fall inside a surrogate pair
    const astralApp = `A${'\u{1D400}'.repeat(255)}`;
    const secret = listEntry('astral-app', { 'lwa:app': astralApp, 'lwa:rotated-at': '2026-01-01' });

    // Act
    const outcome = await runWith([WITNESSES[0] ?? secret, secret, WITNESSES[1] ?? secret]);

    // Assess: the attribute is well-formed and a prefix of the name; the email keeps the whole name
    const [alert] = alertsFor(outcome, 'astral-app');
    expect(alert?.severity).toBe('30-day');
    expect(alert?.app.length).toBeLessThanOrEqual(256);
    expect(alert?.app).not.toMatch(LONE_SURROGATE);
    expect(astralApp.startsWith(alert?.app ?? '?')).toBe(true);
    expect(alert?.email).toContain(`App:            ${astralApp}\n`);
    // a failed serialization would also have corrupted the request after it (a witness's)
    expectWitnessesAlerted(outcome);
  });

  it('B37: lwa:app that is not printable ASCII → alerted; the status line keeps the exact name; the opt-in DaysUntilExpiry dimension is printable ASCII', async () => {
    // Prepare
    const secret = listEntry('cafe', { 'lwa:app': 'Café Repricer', 'lwa:rotated-at': '2026-01-01' });

    // Act
    const outcome = await runWith([WITNESSES[0] ?? secret, secret, WITNESSES[1] ?? secret], new Set(), true);

    // Assess
    const values = Object.keys(daysUntilExpiryByApp(outcome));
    expect(values).toHaveLength(3);
    expect(values).toContain('Cafe Repricer');
    expect(values.filter((v) => !/^[\x20-\x7e]*[\x21-\x7e][\x20-\x7e]*$/.test(v))).toEqual([]);
    expect(alertsFor(outcome, 'cafe')[0]?.app).toBe('Café Repricer');
    expect(logRecords(outcome, 'Credential status').find((r) => r.secret === 'cafe')?.app).toBe(
      'Café Repricer',
    );
    expectWitnessesAlerted(outcome);
  });

  it('B38: the same secret listed twice on one page → processed once, one alert, no conflict', async () => {
    // Prepare
    const secret = listEntry('twice', { 'lwa:app': 'Twice', 'lwa:rotated-at': '2026-01-01' });

    // Act
    const outcome = await runWith([WITNESSES[0] ?? secret, secret, secret, WITNESSES[1] ?? secret]);

    // Assess
    expect(alertsFor(outcome, 'twice').map((a) => a.severity)).toEqual(['30-day']);
    expect(outcome.error).toBeUndefined();
    expectWitnessesAlerted(outcome);
  });

  it('B39: a page of more than 100 secrets → processed like any page (the ledger is read whole, not per page), every secret alerted', async () => {
    // Prepare
    const many = Array.from({ length: 101 }, (_, i) =>
      listEntry(`many-${i}`, { 'lwa:app': `Many ${i}`, 'lwa:rotated-at': '2026-01-01' }),
    );
    const first = many[0] as SecretListEntry;

    // Act
    const outcome = await runWith([WITNESSES[0] ?? first, ...many, WITNESSES[1] ?? first]);

    // Assess
    expect(outcome.sent.filter((a) => a.app.startsWith('Many '))).toHaveLength(101);
    expect(outcome.error).toBeUndefined();
    expectWitnessesAlerted(outcome);
  });

  it('B35: no secret carries the tag → the run succeeds, warns that nothing is monitored, and reports 0 credentials', async () => {
    // Prepare: nothing listed

    // Act
    const outcome = await runWith([]);

    // Assess
    expect(outcome.error).toBeUndefined();
    expect(outcome.result).toMatchObject({ ran: true, credentials: 0, skipped: 0 });
    expect(outcome.sent).toEqual([]);
    expect(outcome.records.filter((r) => r.level === 'WARN').map((r) => r.message)).toEqual([
      'No secret carries the tag "lwa:app": nothing is monitored. Check the tag key on your secrets.',
    ]);
    expect(runMetric(outcome, METRIC.credentialsMonitored)).toBe(0);
    expect(runMetric(outcome, METRIC.heartbeat)).toBe(1);
  });
});

describe('Bad-input matrix: every row is documented in docs/reliability.md', () => {
  it('lists rows B1 to B39', () => {
    // Prepare
    const doc = readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'reliability.md'), 'utf8');

    // Act
    const documentedRows = [...doc.matchAll(/^\| (B\d+) +\|/gm)].map((m) => m[1]);

    // Assess
    expect(documentedRows).toEqual(Array.from({ length: 39 }, (_, i) => `B${i + 1}`));
  });
});
