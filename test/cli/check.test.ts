import 'aws-sdk-client-mock-jest';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  expectNoSecretValueRead,
  givenNoStack,
  givenSecrets,
  givenStack,
  mocks,
  resetMocks,
  runCli,
  secretEntry,
} from './support/cli-harness';

beforeEach(() => {
  resetMocks();
});
afterEach(() => {
  expectNoSecretValueRead();
});

const ZETA_SOON = secretEntry('prod/zeta/lwa', {
  'lwa:app': 'Zeta Sync',
  'lwa:expires-at': '2026-06-06T12:00:00Z',
});
const OLD = secretEntry('prod/old/lwa', { 'lwa:app': 'Old App', 'lwa:expires-at': '2026-05-20T00:00:00Z' });
const FINE = secretEntry('prod/fine/lwa', { 'lwa:app': 'Fine', 'lwa:rotated-at': '2026-05-01T00:00:00Z' });

describe('check --dry-run: what the monitor would send, sending nothing', () => {
  it('GIVEN due alerts WHEN check --dry-run runs THEN each is listed with severity, app, secret and subject', async () => {
    // Prepare
    givenStack();
    givenSecrets(ZETA_SOON, OLD, FINE);
    // Act
    const run = await runCli(['check', '--dry-run']);
    // Assess
    const out = run.stdout.split('\n');
    expect(out[0]).toBe('Dry run at 2026-06-01 12:00 UTC over 3 credentials: 2 alerts would be sent.');
    expect(out[1]).toBe('Nothing was published or recorded.');
    expect(out[3]).toMatch(/^SEVERITY +APP +SECRET +SUBJECT$/);
    expect(run.stdout).toMatch(
      /\n7-day +Zeta Sync +prod\/zeta\/lwa +\[LWA 7-day\] Zeta Sync client secret expires in 5 days\n/,
    );
    expect(run.stdout).toMatch(
      /\nexpired +Old App +prod\/old\/lwa +\[LWA expired\] Old App client secret has EXPIRED\n/,
    );
    expect(run.stdout).not.toContain('prod/fine/lwa');
    expect(run.code).toBe(0);
  });

  it('GIVEN due alerts WHEN check --dry-run --json runs THEN the same alerts are a JSON document', async () => {
    givenStack();
    givenSecrets(ZETA_SOON, FINE);
    const run = await runCli(['check', '--dry-run', '--json']);
    expect(JSON.parse(run.stdout)).toEqual({
      dryRun: true,
      at: '2026-06-01T12:00:00.000Z',
      credentials: 2,
      alerts: [
        {
          severity: '7-day',
          app: 'Zeta Sync',
          secret: 'prod/zeta/lwa',
          subject: '[LWA 7-day] Zeta Sync client secret expires in 5 days',
        },
      ],
    });
    expect(run.code).toBe(0);
  });

  it('GIVEN an alert too wide for 100 columns WHEN check --dry-run runs THEN each alert is a block, nothing cut', async () => {
    givenStack();
    const longName = `prod/${'very-long-secret-name-'.repeat(3)}lwa`;
    givenSecrets(secretEntry(longName, { 'lwa:app': 'Zeta Sync', 'lwa:expires-at': '2026-06-06T12:00:00Z' }));
    const run = await runCli(['check', '--dry-run']);
    expect(run.stdout).toContain(
      `7-day\n  app:      Zeta Sync\n  secret:   ${longName}\n  subject:  [LWA 7-day]`,
    );
    expect(Math.max(...run.stdout.split('\n').map((line) => line.length))).toBeLessThanOrEqual(100);
  });

  it('GIVEN due alerts WHEN check --dry-run runs THEN SNS is never called and the ledger never written', async () => {
    // Prepare
    givenStack();
    givenSecrets(ZETA_SOON, OLD);
    // Act
    await runCli(['check', '--dry-run']);
    // Assess
    expect(mocks.sns.calls()).toHaveLength(0);
    expect(mocks.dynamodb).not.toHaveReceivedCommand(PutItemCommand);
  });

  it('GIVEN nothing due WHEN check --dry-run runs THEN it says nothing would be sent', async () => {
    // Prepare
    givenNoStack();
    givenSecrets(FINE);
    // Act
    const run = await runCli(['check', '--dry-run']);
    // Assess
    expect(run.stdout).toContain('over 1 credential: no alert is due, nothing would be sent.');
    expect(run.code).toBe(0);
  });

  it('GIVEN no tagged secret WHEN check --dry-run runs THEN it says nothing is monitored, exit 4', async () => {
    // Prepare
    givenNoStack();
    givenSecrets();
    // Act
    const run = await runCli(['check', '--dry-run']);
    // Assess
    expect(run.stderr).toContain('no secret carries the tag "lwa:app" in eu-west-1: nothing is monitored.');
    expect(run.code).toBe(4);
  });

  it('GIVEN check without --dry-run WHEN run THEN it is a usage error that says how to run the real monitor', async () => {
    // Act
    const run = await runCli(['check']);
    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('check only runs with --dry-run');
    expect(run.stderr).toContain('aws lambda invoke --function-name <MonitorFunctionName>');
    expect(run.stderr).toContain('aws cloudformation describe-stacks --stack-name LwaExpiryMonitor');
    for (const mock of Object.values(mocks)) expect(mock.calls()).toHaveLength(0);
  });
});
