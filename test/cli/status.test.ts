import 'aws-sdk-client-mock-jest';
import { CloudFormationServiceException } from '@aws-sdk/client-cloudformation';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { ListSecretVersionIdsCommand, ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { toItem } from '../../lambda/adapters/aws/alert-ledger';
import {
  LEDGER_TABLE,
  NOW,
  REGION,
  arnOf,
  daysFromNow,
  expectReadOnly,
  givenNoStack,
  givenSecrets,
  givenStack,
  mocks,
  resetMocks,
  runCli,
  secretEntry,
} from './support/cli-harness';
import { flat } from './support/flat';

beforeEach(() => {
  resetMocks();
});
afterEach(() => {
  expectReadOnly();
});

const ACME = secretEntry('prod/acme/lwa', {
  'lwa:app': 'Acme Repricer',
  'lwa:rotated-at': daysFromNow(-100).toISOString(), // expires in 80 days
});
const ZETA_SOON = secretEntry('prod/zeta/lwa', {
  'lwa:app': 'Zeta Sync',
  'lwa:expires-at': '2026-06-06T12:00:00Z', // 5 days left: the 7-day alert is due
});
const BETA_TOMORROW = secretEntry('prod/beta/lwa', {
  'lwa:app': 'Beta Ads',
  'lwa:expires-at': '2026-06-02T06:00:00Z', // 18 hours left: 1 day, the most urgent threshold
});
const UNDATED = secretEntry('prod/undated/lwa', { 'lwa:app': 'Undated App' }, { SecretVersionsToStages: {} });
const REPLICA = secretEntry(
  'prod/replica/lwa',
  { 'lwa:app': 'Replica App', 'lwa:rotated-at': '2026-05-01T00:00:00Z' },
  { PrimaryRegion: 'us-east-1' },
);
const BAD_WINDOW = secretEntry('prod/gamma/lwa', {
  'lwa:app': 'Gamma',
  'lwa:rotated-at': '2026-05-01T00:00:00Z',
  'lwa:window-days': 'half a year',
});

function lines(text: string): string[] {
  return text.split('\n');
}

describe('status: the table', () => {
  it('GIVEN dated, undetermined, skipped and warned secrets WHEN status runs THEN each has its row', async () => {
    // Prepare
    givenNoStack();
    givenSecrets(ACME, ZETA_SOON, UNDATED, REPLICA, BAD_WINDOW);
    // Act
    const run = await runCli(['status']);
    // Assess
    const out = lines(run.stdout);
    expect(out[0]).toMatch(/^APP +SECRET +EXPIRES \(UTC\) +DAYS LEFT +DATE FROM +NEXT ALERT$/);
    // Soonest expiry first, then unknown, then skipped.
    expect(out[1]).toMatch(
      /^Zeta Sync +prod\/zeta\/lwa +2026-06-06 12:00 +5 +lwa:expires-at +7-day due now$/,
    );
    expect(out[2]).toMatch(
      /^Acme Repricer +prod\/acme\/lwa +2026-08-20 12:00 +80 +lwa:rotated-at +2026-07-21 12:00$/,
    );
    expect(out[3]).toMatch(
      /^Gamma +prod\/gamma\/lwa +2026-10-28 00:00 +149 +lwa:rotated-at +2026-09-28 00:00$/,
    );
    expect(out[4]).toMatch(/^Undated App +prod\/undated\/lwa +unknown +unknown +- +undetermined due now$/);
    expect(out[5]).toMatch(/^Replica App +prod\/replica\/lwa +- +- +skipped +-$/);
    expect(flat(run.stdout)).toContain(
      '\nErrors:\n  error: prod/undated/lwa (Undated App): expiry unknown: no usable lwa:expires-at or lwa:rotated-at tag',
    );
    expect(flat(run.stdout)).toContain(
      '\nWarnings:\n  prod/gamma/lwa (Gamma): tag lwa:window-days "half a year" ignored',
    );
    expect(run.stdout).toContain(
      '\nSkipped:\n  prod/replica/lwa: replica of a secret whose primary is in another region (monitored there)',
    );
    expect(run.stdout).toContain(
      `4 credentials monitored in ${REGION} at 2026-06-01 12:00 UTC: 0 at or below 1 day or expired, 1 with\nan unknown expiry, 1 error, 1 skipped.`,
    );
    expect(Math.max(...out.map((line) => line.length))).toBeLessThanOrEqual(100);
    expect(run.code).toBe(4);
  });

  it('GIVEN columns WHEN rendered THEN every column starts at the same offset on every row', async () => {
    // Prepare
    givenNoStack();
    givenSecrets(ACME, ZETA_SOON);
    // Act
    const run = await runCli(['status']);
    // Assess
    const [header = '', ...rows] = lines(run.stdout);
    const secretColumn = header.indexOf('SECRET');
    const daysColumn = header.indexOf('DAYS LEFT');
    for (const row of rows.slice(0, 2)) {
      expect(row.slice(secretColumn)).toMatch(/^prod\//);
      expect(row.slice(daysColumn)).toMatch(/^\d+ /);
    }
  });

  it('GIVEN an app name with control characters WHEN rendered THEN they cannot reach the terminal', async () => {
    // Prepare
    givenNoStack();
    givenSecrets(
      secretEntry('prod/evil', { 'lwa:app': 'Evil\u001b[31m\nApp', 'lwa:rotated-at': '2026-05-01' }),
    );
    // Act
    const run = await runCli(['status']);
    // Assess
    expect(run.stdout).not.toContain('\u001b');
    expect(lines(run.stdout)[1]).toMatch(/^Evil\?\[31m\?App +prod\/evil/);
  });

  it('GIVEN no secret carries the tag WHEN status runs THEN it says so, suggests the tag key, exit 4', async () => {
    // Prepare
    givenNoStack();
    givenSecrets();
    // Act
    const run = await runCli(['status']);
    // Assess
    expect(run.stdout).toContain(`No secret in ${REGION} carries the tag "lwa:app": nothing is monitored.`);
    expect(run.stdout).toContain('Check the tag key on your secrets (or pass --tag-key)');
    expect(run.code).toBe(4);
  });
});

describe('status: the exit code gates CI', () => {
  it.each([
    ['every credential beyond the most urgent threshold', [ACME, ZETA_SOON], 0],
    ['one credential at the 1-day threshold', [ACME, BETA_TOMORROW], 3],
    [
      'one expired credential',
      [ACME, secretEntry('prod/old', { 'lwa:app': 'Old', 'lwa:expires-at': '2026-05-01' })],
      3,
    ],
    ['one undetermined credential', [ACME, UNDATED], 4],
    ['an urgent and an undetermined credential: urgent wins', [BETA_TOMORROW, UNDATED], 3],
    ['only skipped secrets: nothing monitored here', [REPLICA], 4],
  ])('GIVEN %s WHEN status runs THEN the exit code is %i', async (_case, secrets, code) => {
    // Prepare
    givenNoStack();
    givenSecrets(...secrets);
    // Act
    const run = await runCli(['status']);
    // Assess
    expect(run.code).toBe(code);
  });

  it('GIVEN an expired credential WHEN status runs THEN its days-left cell says expired', async () => {
    // Prepare
    givenNoStack();
    givenSecrets(secretEntry('prod/old', { 'lwa:app': 'Old', 'lwa:expires-at': '2026-05-01' }));
    // Act
    const run = await runCli(['status']);
    // Assess
    expect(lines(run.stdout)[1]).toMatch(
      /^Old +prod\/old +2026-05-01 00:00 +expired +lwa:expires-at +expired due now$/,
    );
    expect(run.stdout).toContain('1 at or below 1 day or expired');
  });

  it('GIVEN --thresholds 30,7 WHEN a credential has 5 days left THEN it is urgent (exit 3)', async () => {
    // Prepare
    givenNoStack();
    givenSecrets(ZETA_SOON);
    // Act
    const run = await runCli(['status', '--thresholds', '30,7']);
    // Assess
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('alerts at 30, 7 days before expiry');
  });
});

describe('status --json', () => {
  it('GIVEN the same secrets WHEN --json THEN stdout is a JSON array with the same fields, ISO dates', async () => {
    // Prepare
    givenNoStack();
    givenSecrets(ACME, UNDATED, REPLICA);
    // Act
    const run = await runCli(['status', '--json']);
    // Assess
    const parsed: unknown = JSON.parse(run.stdout);
    expect(parsed).toEqual([
      {
        app: 'Acme Repricer',
        owner: null,
        secret: 'prod/acme/lwa',
        secretArn: arnOf('prod/acme/lwa'),
        status: 'dated',
        expiresAt: '2026-08-20T12:00:00.000Z',
        daysLeft: 80,
        dateSource: 'rotated-at-tag',
        estimated: false,
        exactDateCommand: null,
        lastAlert: null,
        alertsDue: [],
        nextAlertAt: '2026-07-21T12:00:00.000Z',
        skipReason: null,
        reasons: [],
        dateTagErrors: [],
        warnings: [],
      },
      expect.objectContaining({
        secret: 'prod/undated/lwa',
        status: 'undetermined',
        expiresAt: null,
        daysLeft: null,
        alertsDue: ['undetermined'],
        reasons: [expect.stringContaining('no usable lwa:expires-at')],
      }),
      expect.objectContaining({ secret: 'prod/replica/lwa', status: 'skipped', skipReason: 'replica' }),
    ]);
    expect(run.code).toBe(4);
  });

  it('GIVEN no tagged secret WHEN --json THEN stdout is [] and the hint goes to stderr', async () => {
    // Prepare
    givenNoStack();
    givenSecrets();
    // Act
    const run = await runCli(['status', '--json']);
    // Assess
    expect(JSON.parse(run.stdout)).toEqual([]);
    expect(run.stderr).toContain('no secret carries the tag "lwa:app"');
    expect(run.code).toBe(4);
  });
});

describe('status: settings come from the deployed stack', () => {
  it('GIVEN the stack WHEN status runs THEN the function environment decides tag, thresholds and ledger', async () => {
    // Prepare
    givenStack({ APP_TAG_KEY: 'team:lwa', THRESHOLDS_DAYS: '14,3', WINDOW_DAYS: '90' });
    givenSecrets(
      secretEntry('prod/acme/lwa', {
        'team:lwa': 'Acme Repricer',
        'lwa:rotated-at': daysFromNow(-80).toISOString(),
      }),
    );
    // Act
    const run = await runCli(['status']);
    // Assess: 90-day window, so 10 days left; the 14-day alert is due.
    expect(mocks.lambda).toHaveReceivedCommandWith(GetFunctionConfigurationCommand, {
      FunctionName: 'LwaExpiryMonitor-MonitorFunction-abc123',
    });
    expect(mocks.secretsManager).toHaveReceivedCommandWith(ListSecretsCommand, {
      Filters: [{ Key: 'tag-key', Values: ['team:lwa'] }],
    });
    expect(mocks.dynamodb).toHaveReceivedCommandWith(ScanCommand, {
      TableName: LEDGER_TABLE,
      ConsistentRead: true,
    });
    expect(lines(run.stdout)[1]).toMatch(
      /^Acme Repricer +prod\/acme\/lwa +2026-06-11 12:00 +10 .* 14-day due now$/,
    );
    expect(flat(run.stdout)).toContain(
      `Settings: tag team:lwa, alerts at 14, 3 days before expiry, 90-day window, ledger table ${LEDGER_TABLE} (from stack LwaExpiryMonitor).`,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('GIVEN the ledger recorded the 7-day alert WHEN status runs THEN it shows it as sent and the 1-day one as next', async () => {
    // Prepare
    givenStack();
    givenSecrets(ZETA_SOON);
    const arn = arnOf('prod/zeta/lwa');
    const recorded = toItem(
      {
        secretArn: arn,
        revision: 1,
        alertState: {
          cycle: {
            expiresAt: '2026-06-06T12:00:00.000Z',
            alertedDays: 7,
            lastAlertAt: '2026-05-30T13:05:00.000Z',
            expiredReminders: 0,
          },
        },
      },
      1,
      new Date('2026-05-30T13:05:00Z'),
    );
    mocks.dynamodb.on(ScanCommand).resolves({ Items: [recorded] });
    // Act
    const run = await runCli(['status']);
    // Assess
    expect(lines(run.stdout)[1]).toMatch(
      /^Zeta Sync +prod\/zeta\/lwa +2026-06-06 12:00 +5 +lwa:expires-at +2026-06-05 12:00$/,
    );
    expect(run.stdout).toContain(
      '\nAlerts sent for the current expiry:\n  prod/zeta/lwa (Zeta Sync): 7-day at 2026-05-30 13:05 UTC\n',
    );
    expect(run.code).toBe(0);
  });

  it('GIVEN flags WHEN the stack has settings THEN the flags win', async () => {
    // Prepare
    givenStack();
    givenSecrets();
    // Act
    const run = await runCli([
      'status',
      '--tag-key',
      'my:app',
      '--table',
      'OtherLedger',
      '--window-days',
      '200',
    ]);
    // Assess
    expect(mocks.secretsManager).toHaveReceivedCommandWith(ListSecretsCommand, {
      Filters: [{ Key: 'tag-key', Values: ['my:app'] }],
    });
    expect(flat(run.stdout)).toContain(
      'Settings: tag my:app, alerts at 30, 7, 1 days before expiry, 200-day window, ledger table OtherLedger',
    );
  });

  it('GIVEN no stack WHEN status runs THEN defaults apply without a ledger, with a one-line note on stderr', async () => {
    // Prepare
    givenNoStack();
    givenSecrets(ZETA_SOON);
    // Act
    const run = await runCli(['status']);
    // Assess
    expect(flat(run.stderr)).toBe(
      'lwa-expiry: note: stack "LwaExpiryMonitor" not found (ValidationError: Stack with id LwaExpiryMonitor does not exist); ' +
        'using default settings and no alert ledger (every secret counts as never alerted).\n',
    );
    expect(mocks.lambda.calls()).toHaveLength(0);
    expect(mocks.dynamodb.calls()).toHaveLength(0);
    expect(lines(run.stdout)[1]).toMatch(/ +7-day due now$/);
    expect(run.stdout).not.toContain('Alerts sent'); // never alerted
    expect(flat(run.stdout)).toContain(
      'Settings: tag lwa:app, alerts at 30, 7, 1 days before expiry, 180-day window, no alert ledger (defaults: stack LwaExpiryMonitor not found).',
    );
    expect(run.code).toBe(0);
  });

  it.each([
    [
      'refuses the connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' }),
      '(connect ECONNREFUSED 127.0.0.1:4566)',
    ],
    [
      'answers 404',
      new CloudFormationServiceException({
        name: 'NotFound',
        message: 'Unknown',
        $fault: 'client',
        $metadata: { httpStatusCode: 404 },
      }),
      '(NotFound: Unknown (HTTP 404))',
    ],
  ])(
    'GIVEN an endpoint without CloudFormation that %s WHEN status runs THEN it falls back the same way',
    async (_case, error, reason) => {
      // Prepare: an endpoint that serves only Secrets Manager.
      mocks.cloudFormation.onAnyCommand().rejects(error);
      givenSecrets(ACME);
      // Act
      const run = await runCli(['status']);
      // Assess
      expect(flat(run.stderr)).toContain(
        `lwa-expiry: note: stack "LwaExpiryMonitor" not found ${reason}; using default`,
      );
      expect(flat(run.stderr).trim().split('\n')).toHaveLength(1);
      expect(run.code).toBe(0);
    },
  );

  it('GIVEN no stack and --table WHEN status runs THEN that ledger is read', async () => {
    // Prepare
    givenNoStack();
    givenSecrets(ACME);
    // Act
    const run = await runCli(['status', '--table', 'MyLedger']);
    // Assess
    expect(mocks.dynamodb).toHaveReceivedCommandWith(ScanCommand, { TableName: 'MyLedger' });
    expect(run.stderr).toContain('using default settings and alert ledger table "MyLedger".');
  });

  it('GIVEN --stack naming a stack that does not exist WHEN status runs THEN it fails instead of guessing', async () => {
    // Prepare
    givenNoStack();
    givenSecrets(ACME);
    // Act
    const run = await runCli(['status', '--stack', 'Typo']);
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('lwa-expiry: Cannot read the settings of stack "Typo" in eu-west-1');
    expect(mocks.secretsManager).not.toHaveReceivedCommand(ListSecretsCommand);
  });

  it('GIVEN a stack without the function output WHEN status runs THEN it falls back and says why', async () => {
    // Prepare
    mocks.cloudFormation.onAnyCommand().resolves({
      Stacks: [
        { StackName: 'LwaExpiryMonitor', CreationTime: NOW, StackStatus: 'ROLLBACK_COMPLETE', Outputs: [] },
      ],
    });
    givenSecrets(ACME);
    // Act
    const run = await runCli(['status']);
    // Assess
    expect(flat(run.stderr)).toContain('(stack "LwaExpiryMonitor" has no MonitorFunctionName output)');
    expect(run.code).toBe(0);
  });

  it('GIVEN a secret without date tags WHEN its version is looked up THEN only version metadata is read', async () => {
    // Prepare
    givenNoStack();
    givenSecrets(secretEntry('prod/plain', { 'lwa:app': 'Plain' }));
    mocks.secretsManager.on(ListSecretVersionIdsCommand).resolves({
      Versions: [{ VersionId: 'v-current', VersionStages: ['AWSCURRENT'], CreatedDate: daysFromNow(-10) }],
    });
    // Act
    const run = await runCli(['status']);
    // Assess
    expect(lines(run.stdout)[1]).toMatch(
      /^Plain +prod\/plain +2026-11-18 12:00 +~170 +estimate +2026-10-19 12:00$/,
    );
  });
});

describe('status: dates say how sure they are', () => {
  /** A secret created 10 days ago with no date tag: 170 days left, but only by estimate. */
  const FRESH = secretEntry('prod/fresh/lwa', { 'lwa:app': 'Fresh App' });
  const MALFORMED = secretEntry('prod/typo/lwa', { 'lwa:app': 'Typo App', 'lwa:expires-at': '2026-13-01' });

  function versionsCreated(days: number): void {
    mocks.secretsManager.on(ListSecretVersionIdsCommand).resolves({
      Versions: [{ VersionId: 'v-current', VersionStages: ['AWSCURRENT'], CreatedDate: daysFromNow(-days) }],
    });
  }

  it('GIVEN a fresh secret without a date tag WHEN status runs THEN its days left are marked ~ with the command that makes them exact', async () => {
    // Prepare
    givenNoStack();
    givenSecrets(FRESH);
    versionsCreated(10);
    // Act
    const run = await runCli(['status']);
    // Assess
    expect(lines(run.stdout)[1]).toMatch(/^Fresh App +prod\/fresh\/lwa +2026-11-18 12:00 +~170 +estimate +/);
    expect(run.stdout).toContain('Estimated (~): dated from the creation of the AWSCURRENT version');
    expect(run.stdout).toContain(
      '  aws secretsmanager tag-resource --secret-id "prod/fresh/lwa" \\\n' +
        '    --tags Key=lwa:expires-at,Value=<expiry shown in the Developer Console>\n',
    );
    expect(run.stdout).toContain('1 estimated');
    expect(Math.max(...lines(run.stdout).map((line) => line.length))).toBeLessThanOrEqual(100);
    expect(run.code).toBe(0);
  });

  it('GIVEN the same WHEN --json THEN estimated is true and the command is given', async () => {
    givenNoStack();
    givenSecrets(FRESH);
    versionsCreated(10);
    const run = await runCli(['status', '--json']);
    expect(JSON.parse(run.stdout)).toEqual([
      expect.objectContaining({
        dateSource: 'current-version-created',
        daysLeft: 170,
        estimated: true,
        exactDateCommand: expect.stringContaining('--tags Key=lwa:expires-at,Value='),
      }),
    ]);
  });

  it('GIVEN a malformed lwa:expires-at WHEN status runs THEN it is an error line, the date an estimate, exit 4', async () => {
    // Prepare
    givenNoStack();
    givenSecrets(MALFORMED);
    versionsCreated(10);
    // Act
    const run = await runCli(['status']);
    // Assess
    expect(lines(run.stdout)[1]).toMatch(/^Typo App +prod\/typo\/lwa +2026-11-18 12:00 +~170 +estimate +/);
    expect(flat(run.stdout)).toContain(
      '\nErrors:\n  error: prod/typo/lwa (Typo App): tag lwa:expires-at "2026-13-01" ignored:',
    );
    expect(flat(run.stdout)).toContain(
      'the date shown comes from an estimate instead. Fix or remove the tag.',
    );
    expect(run.stdout).not.toContain('Warnings:');
    expect(run.code).toBe(4);
  });

  it('GIVEN a malformed tag WHEN --json THEN it is listed under dateTagErrors', async () => {
    givenNoStack();
    givenSecrets(MALFORMED);
    versionsCreated(10);
    const run = await runCli(['status', '--json']);
    expect(JSON.parse(run.stdout)).toEqual([
      expect.objectContaining({
        dateTagErrors: [expect.stringContaining('tag lwa:expires-at "2026-13-01" ignored')],
      }),
    ]);
    expect(run.code).toBe(4);
  });
});

describe('status --fail-within: CI fails while a credential is inside the days given', () => {
  it.each([
    ['80 days left, --fail-within 30', ['--fail-within', '30'], 0],
    ['80 days left, --fail-within 80', ['--fail-within', '80'], 3],
    ['80 days left, --fail-within=90', ['--fail-within=90'], 3],
    ['80 days left, --fail-within 0', ['--fail-within', '0'], 0],
  ])('GIVEN %s THEN the exit code is %i', async (_case, flags, code) => {
    givenNoStack();
    givenSecrets(ACME);
    const run = await runCli(['status', ...flags]);
    expect(run.code).toBe(code);
  });

  it('GIVEN --fail-within 90 WHEN status prints THEN the summary counts against 90 days', async () => {
    givenNoStack();
    givenSecrets(ACME);
    const run = await runCli(['status', '--fail-within', '90']);
    expect(run.stdout).toContain('1 at or below 90 days or expired');
  });

  it.each(['soon', '-1', '2.5', '4000'])('GIVEN --fail-within %p THEN it is a usage error', async (value) => {
    const run = await runCli(['status', `--fail-within=${value}`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `Invalid --fail-within "${value}": expected a whole number of days from 0 to 3650.`,
    );
    expect(mocks.secretsManager.calls()).toHaveLength(0);
  });
});
