/**
 * No secret value, and no field the monitor has no reason to show, leaves the monitor.
 *
 * Secrets are listed with sentinel strings in every field that must not be shown: descriptions
 * (never read), tags the monitor does not use, the `lwa:client-id` tag, the tails of overlong
 * date and window tags (cut to 40 characters, or withheld whole when they look like a token),
 * KMS and rotation metadata, and
 * `SecretString`/`SecretBinary` fields that ListSecrets and ListSecretVersionIds never return but
 * a fake endpoint could. The whole handler then runs with real Powertools Logger and Metrics, real
 * adapters over mocked Secrets Manager and SNS clients and a DynamoDB client talking to the
 * loopback AWS fake (tools/fake-aws), a failing publish, a failing ledger write and an undated
 * secret, so that every output path is taken: log lines, EMF metrics, SNS publish inputs,
 * DynamoDB writes, the thrown MonitorRunError, the returned summary, and the per-secret reports
 * that the CLI prints. No sentinel may appear in any of them.
 *
 * Names and `lwa:app` values are identifiers, shown by design; they appear in the output, which
 * also proves the capture sees what the monitor writes.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type {
  ListSecretVersionIdsCommandInput,
  ListSecretVersionIdsResponse,
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
import { DynamoAlertLedger } from '../../../lambda/adapters/aws/alert-ledger';
import { SnsAlertPublisher } from '../../../lambda/adapters/aws/alert-publisher';
import { SecretsManagerCatalog } from '../../../lambda/adapters/aws/secret-catalog';
import { createLogger, createMetrics } from '../../../lambda/runtime/powertools';
import { MS_PER_DAY, MS_PER_HOUR } from '../../../contract/time';
import { MonitorRunError, makeHandler } from '../../../lambda/monitor/make-handler';
import type { MonitorSettings } from '../../../lambda/monitor/run-monitor';
import { runMonitor } from '../../../lambda/monitor/run-monitor';
import { captureOutput } from '../support/captured-output';
import { RecordingLog } from '../support/in-memory';
import { loopbackAws, spyOnClient } from '../support/loopback-aws';
import type { Item } from '../../../tools/fake-aws';

/** Alphanumeric, so that no encoding (JSON, URL, XML, EMF) could disguise them. */
const SENTINEL = {
  description: 'ZZLEAK01DESCRIPTION',
  secretString: 'ZZLEAK02SECRETSTRING',
  secretBinary: 'ZZLEAK03SECRETBINARY',
  unusedTagValue: 'ZZLEAK04UNUSEDTAGVALUE',
  unusedTagKey: 'ZZLEAK05UNUSEDTAGKEY',
  clientId: 'ZZLEAK06CLIENTID',
  expiresAtTail: 'ZZLEAK07EXPIRESATTAIL',
  rotatedAtTail: 'ZZLEAK08ROTATEDATTAIL',
  windowDaysTail: 'ZZLEAK09WINDOWDAYSTAIL',
  straddlingTail: 'ZZLEAK10STRADDLING',
  kmsKey: 'ZZLEAK11KMSKEY',
  rotationLambda: 'ZZLEAK12ROTATIONLAMBDA',
  versionSecretString: 'ZZLEAK13VERSIONSECRETSTRING',
  versionKmsKey: 'ZZLEAK14VERSIONKMSKEY',
} as const;

const NOW = new Date('2026-06-15T12:00:00.000Z');
const REGION = 'eu-west-1';
const TABLE = 'ledger-table';
const ARN_PREFIX = `arn:aws:secretsmanager:${REGION}:111122223333:secret:`;
const SETTINGS: MonitorSettings = {
  tagKey: 'lwa:app',
  defaultWindowDays: 180,
  policy: { thresholdsDays: [30, 7, 1], expiredReminderMs: 24 * MS_PER_HOUR },
  region: REGION,
  leaseMs: 360_000,
  concurrency: 8,
};

function arnOf(name: string): string {
  return `${ARN_PREFIX}${name}-AbCdEf`;
}

/** Overlong date tags: the first 40 characters are echoed in warnings, the sentinel after them never. */
/** Separators keep it from looking like a token, which would be withheld whole, not cut. */
const OVERLONG_EXPIRES_AT = `2026-06-20T${'0:'.repeat(14)}0${SENTINEL.expiresAtTail}`;
const OVERLONG_ROTATED_AT = `2026-01-01T${'1'.repeat(29)}${SENTINEL.rotatedAtTail}`;
const OVERLONG_WINDOW_DAYS = `${'9'.repeat(40)}${SENTINEL.windowDaysTail}`;
/** The cut falls inside the sentinel: only its first four characters may show. */
const STRADDLING_EXPIRES_AT = `${'y'.repeat(36)}${SENTINEL.straddlingTail}`;

/** What a careless fake might add to a ListSecrets entry: none of it is metadata the monitor uses. */
function leakyEntry(name: string, app: string, tags: Record<string, string>): SecretListEntry {
  const entry = {
    ARN: arnOf(name),
    Name: name,
    Description: `Production LWA credentials of ${app}. Note: ${SENTINEL.description}`,
    KmsKeyId: `arn:aws:kms:${REGION}:111122223333:key/${SENTINEL.kmsKey}`,
    RotationLambdaARN: `arn:aws:lambda:${REGION}:111122223333:function:${SENTINEL.rotationLambda}`,
    Tags: [
      { Key: 'lwa:app', Value: app },
      { Key: 'lwa:client-id', Value: `amzn1.application-oa2-client.${SENTINEL.clientId}` },
      { Key: 'owner-notes', Value: `pasted by mistake: ${SENTINEL.unusedTagValue}` },
      { Key: SENTINEL.unusedTagKey, Value: 'x' },
      ...Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    ],
    SecretVersionsToStages: { [`v-${name}`]: ['AWSCURRENT'] },
    // Never part of a ListSecrets response; a fake endpoint could still send them.
    SecretString: `{"clientSecret":"amzn1.oa2-cs.v1.${SENTINEL.secretString}"}`,
    SecretBinary: new TextEncoder().encode(SENTINEL.secretBinary),
  };
  return entry;
}

const LEAKY_SECRETS: readonly SecretListEntry[] = [
  // every date tag unusable: dated by its version, warnings echo the cut tag values
  leakyEntry('leaky-dated', 'Leaky Dated', {
    'lwa:expires-at': OVERLONG_EXPIRES_AT,
    'lwa:rotated-at': OVERLONG_ROTATED_AT,
    'lwa:window-days': OVERLONG_WINDOW_DAYS,
  }),
  // no version either: the "undetermined" alert lists every problem
  leakyEntry('leaky-undated', 'Leaky Undated', { 'lwa:expires-at': STRADDLING_EXPIRES_AT }),
  // its publish fails: the error is logged and thrown
  leakyEntry('leaky-unpublished', 'Leaky Unpublished', {
    'lwa:rotated-at': new Date(NOW.getTime() - 175 * MS_PER_DAY).toISOString(),
  }),
  // its ledger write fails after the publish
  leakyEntry('leaky-unrecorded', 'Leaky Unrecorded', {
    'lwa:expires-at': new Date(NOW.getTime() + 12 * MS_PER_HOUR).toISOString(),
  }),
];

function leakyVersions(input: ListSecretVersionIdsCommandInput): ListSecretVersionIdsResponse {
  if (input.SecretId === arnOf('leaky-undated')) return { Versions: [] };
  const version = {
    VersionId: `v-${input.SecretId}`,
    VersionStages: ['AWSCURRENT'],
    CreatedDate: new Date('2026-01-10T00:00:00Z'),
    KmsKeyIds: [SENTINEL.versionKmsKey],
    SecretString: SENTINEL.versionSecretString,
  };
  return { Versions: [version] };
}

interface Surfaces {
  /** Everything written to stdout and stderr (Powertools logs and EMF metrics). */
  readonly output: string;
  /** Everything written through the global console. */
  readonly console: string;
  readonly publishInputs: string;
  /** The email and SMS bodies of those inputs, decoded from their JSON envelope. */
  readonly alertBodies: string;
  readonly ledgerWrites: string;
  readonly thrown: string;
  readonly returned: string;
  /** The per-secret reports of a run, as the CLI prints them. */
  readonly reports: string;
}

function serialise(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : v,
  );
}

function describeThrown(error: unknown): string {
  if (!(error instanceof Error)) return serialise(error);
  return [error.name, error.message, error.stack ?? '', serialise(error)].join('\n');
}

async function runLeakyMonitor(): Promise<Surfaces> {
  const secretsManagerClient = new SecretsManagerClient({ region: REGION });
  const secretsManager = mockClient(secretsManagerClient);
  secretsManager.on(ListSecretsCommand).resolves({ SecretList: [...LEAKY_SECRETS] });
  secretsManager.on(ListSecretVersionIdsCommand).callsFake(leakyVersions);

  const fake = loopbackAws({ region: REGION, accountId: '111122223333' });
  fake.dynamodb.createTable(TABLE);
  const dynamoClient = new DynamoDBClient(fake.clientConfig());
  // A spy: the commands reach the loopback fake, and the test reads what was sent
  const dynamo = spyOnClient(dynamoClient);
  // the first write of leaky-unrecorded fails (one attempt: the client does not retry)
  fake.faults.inject({
    operation: 'DynamoDB.PutItem',
    fault: 'server-error',
    when: (request) => (request.json?.Item as Item | undefined)?.pk?.S === arnOf('leaky-unrecorded'),
  });

  const snsClient = new SNSClient({ region: REGION });
  const sns = mockClient(snsClient);
  let failPublishOnce = true;
  sns.on(PublishCommand).callsFake((input: PublishCommandInput) => {
    const app = input.MessageAttributes?.app?.StringValue;
    if (app === 'Leaky Unpublished' && failPublishOnce) {
      failPublishOnce = false;
      throw Object.assign(new Error('Internal error'), { name: 'InternalErrorException' });
    }
    return { MessageId: `msg-${app ?? '?'}` };
  });

  const handler = makeHandler({
    catalog: new SecretsManagerCatalog(secretsManagerClient),
    ledger: new DynamoAlertLedger(dynamoClient, TABLE),
    publisher: new SnsAlertPublisher(snsClient, 'arn:aws:sns:eu-west-1:111122223333:lwa-alerts'),
    settings: SETTINGS,
    logger: createLogger(),
    metrics: createMetrics(),
    clock: () => NOW,
  });

  const consoleLines: string[] = [];
  const consoleSpies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleLines.push(args.map((a) => (typeof a === 'string' ? a : serialise(a))).join(' '));
    }),
  );
  const output = captureOutput();
  let thrown: unknown;
  let returned: unknown;
  let reports: unknown;
  let ledgerInputs: unknown[] = [];
  try {
    // a run with failures (it throws), then Lambda's retry of the same event (it returns)
    try {
      await handler({ time: NOW.toISOString() }, { awsRequestId: 'leaky-run' });
    } catch (error: unknown) {
      thrown = error;
    }
    returned = await handler({ time: NOW.toISOString() }, { awsRequestId: 'leaky-run' });
    // the per-secret reports the CLI prints, from a dry run of the same catalog 40 days later,
    // when every secret has an alert due, so that the reports carry alert subjects too
    reports = await runMonitor(
      {
        catalog: new SecretsManagerCatalog(secretsManagerClient),
        ledger: new DynamoAlertLedger(dynamoClient, TABLE),
        publisher: { publish: () => Promise.reject(new Error('a dry run publishes nothing')) },
        log: new RecordingLog(),
      },
      SETTINGS,
      { now: new Date(NOW.getTime() + 40 * MS_PER_DAY), wallClock: () => NOW, runId: 'dry', dryRun: true },
    );
  } finally {
    output.restore();
    consoleSpies.forEach((spy) => spy.mockRestore());
    ledgerInputs = dynamo.calls().map((call) => call.args[0].input);
    dynamo.restore();
    dynamoClient.destroy();
    await fake.close();
  }
  expect(fake.problems).toEqual([]);

  return {
    output: output.text(),
    console: consoleLines.join('\n'),
    publishInputs: serialise(sns.commandCalls(PublishCommand).map((call) => call.args[0].input)),
    alertBodies: sns
      .commandCalls(PublishCommand)
      .map((call) => Object.values(JSON.parse(call.args[0].input.Message ?? '{}') as Record<string, string>))
      .flat()
      .join('\n'),
    ledgerWrites: serialise(ledgerInputs),
    thrown: describeThrown(thrown),
    returned: serialise(returned),
    reports: serialise(reports),
  };
}

let surfaces: Surfaces;

beforeAll(async () => {
  surfaces = await runLeakyMonitor();
});

describe('No secret leak: the run took every output path', () => {
  it('threw a MonitorRunError for the failed publish and ledger write, and the retry returned a summary', () => {
    // Prepare: one run and its retry, above

    // Act
    const { thrown, returned } = surfaces;

    // Assess
    expect(thrown).toMatch(new RegExp(`^${MonitorRunError.name}\n`));
    expect(thrown).toMatch(/1 publish, 1 ledger/);
    expect(JSON.parse(returned)).toMatchObject({ ran: true, publishFailures: 0, ledgerFailures: 0 });
  });

  it('published alerts, wrote the ledger and logged, naming the secrets and apps it is allowed to show', () => {
    // Prepare
    const shown = ['leaky-dated', 'Leaky Undated', 'Leaky Unpublished', 'leaky-unrecorded'];

    // Act
    const { publishInputs, ledgerWrites, output, reports } = surfaces;

    // Assess
    for (const identifier of shown) {
      expect(publishInputs).toContain(identifier);
      expect(output).toContain(identifier);
      expect(reports).toContain(identifier);
    }
    expect(ledgerWrites).toContain(arnOf('leaky-dated'));
    expect(output).toMatch(/"_aws":\{/); // EMF metrics were captured too
  });

  it('echoes an overlong tag value cut to its first 40 characters, in logs and in the alert email', () => {
    // Prepare
    const shownPart = JSON.stringify(`${OVERLONG_EXPIRES_AT.slice(0, 40)}…`);

    // Act
    const { output, alertBodies } = surfaces;

    // Assess: quoted, cut, and marked as cut
    expect(output).toContain(JSON.stringify(`tag lwa:expires-at ${shownPart} ignored`).slice(1, -1));
    expect(alertBodies).toContain(`  - tag lwa:expires-at ${shownPart} ignored: it is not an ISO-8601 date`);
  });
});

describe('No secret leak: no sentinel appears in anything the monitor emits', () => {
  const surfaceNames: readonly (keyof Surfaces)[] = [
    'output',
    'console',
    'publishInputs',
    'alertBodies',
    'ledgerWrites',
    'thrown',
    'returned',
    'reports',
  ];

  it.each(Object.entries(SENTINEL))(
    '%s (%s) is in no log line, metric, message, ledger write, error, summary or report',
    (_field, sentinel) => {
      // Prepare: the captured surfaces of the run

      // Act
      const leaks = surfaceNames.filter((name) => surfaces[name].includes(sentinel));

      // Assess
      expect(leaks).toEqual([]);
    },
  );

  it('shows no more of an overlong tag value than its first 40 characters', () => {
    // Prepare
    const overlong = [OVERLONG_EXPIRES_AT, OVERLONG_ROTATED_AT, OVERLONG_WINDOW_DAYS, STRADDLING_EXPIRES_AT];

    // Act
    const leaks = overlong.flatMap((value) =>
      surfaceNames
        .filter((name) => surfaces[name].includes(value.slice(0, 41)))
        .map((name) => `${name}: ${value}`),
    );

    // Assess
    expect(leaks).toEqual([]);
  });
});
