import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  expectNoSecretValueRead,
  givenNoStack,
  mocks,
  resetMocks,
  runCli,
  serviceError,
} from './support/cli-harness';

beforeEach(() => {
  resetMocks();
});
afterEach(() => {
  expectNoSecretValueRead();
});

function expectNoAwsCall(): void {
  for (const mock of Object.values(mocks)) expect(mock.calls()).toHaveLength(0);
}

describe('lwa-expiry: help', () => {
  it('GIVEN --help WHEN run THEN the tool help goes to stdout and the exit code is 0', async () => {
    // Act
    const run = await runCli(['--help']);
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage:');
    expect(run.stdout).toMatch(/status .*mark-rotated .*check --dry-run/s);
    expect(run.stderr).toBe('');
    expectNoAwsCall();
  });

  it.each([
    ['status', 'Usage: lwa-expiry status'],
    ['mark-rotated', 'Usage: lwa-expiry mark-rotated <secret>'],
    ['check', 'Usage: lwa-expiry check --dry-run'],
  ])('GIVEN %s --help WHEN run THEN that command help is printed', async (command, usage) => {
    // Act
    const viaFlag = await runCli([command, '--help']);
    const viaHelp = await runCli(['help', command]);
    // Assess
    expect(viaFlag.code).toBe(0);
    expect(viaFlag.stdout).toContain(usage);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
    expectNoAwsCall();
  });

  it('GIVEN no arguments WHEN run THEN the usage goes to stderr with exit code 2', async () => {
    // Act
    const run = await runCli([]);
    // Assess
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Usage:');
  });
});

describe('lwa-expiry: usage errors exit 2 with one message on stderr and no AWS call', () => {
  it.each([
    [['rotate'], "Unknown command 'rotate'. Commands: status, mark-rotated, check."],
    [['status', '--verbose'], "Unknown option '--verbose'."],
    [['status', 'extra'], "Unexpected argument 'extra'."],
    [['status', '--json=yes'], "Option '--json' does not take an argument."],
    [['--json', 'status'], "Unknown option '--json' before the command."],
    [['status', '--thresholds', '30,seven'], 'Invalid --thresholds "30,seven": expected distinct positive'],
    [['status', '--thresholds', '7,7'], 'Invalid --thresholds "7,7"'],
    [['status', '--window-days', '0'], 'Invalid --window-days "0": expected a whole number of days from 1'],
    [['status', '--tag-key', 'aws:app'], 'Invalid --tag-key "aws:app"'],
    [['status', '--window-days', '20', '--thresholds', '30,7'], 'Invalid --window-days: the 20-day window'],
    [['mark-rotated'], 'Missing argument: <secret>.'],
    [['mark-rotated', 'a', 'b'], "Unexpected argument 'b'."],
    [['mark-rotated', 'a', '--at'], "Option '--at <value>' argument missing."],
    [['check', '--json'], "Unknown option '--json'."],
  ])('GIVEN %j WHEN run THEN it says %j', async (argv, message) => {
    if (argv.includes('--window-days') && argv.includes('--thresholds')) givenNoStack();
    // Act
    const run = await runCli(argv);
    // Assess
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr).toMatch(/Run 'lwa-expiry( [a-z-]+)? --help' for usage\.\n$/);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(mocks.secretsManager.calls()).toHaveLength(0);
  });
});

describe('lwa-expiry: AWS and unexpected errors exit 1 without a stack trace, unless --debug', () => {
  it('GIVEN ListSecrets is denied WHEN status runs THEN stderr names the AWS error and the exit code is 1', async () => {
    // Prepare
    givenNoStack();
    mocks.secretsManager
      .on(ListSecretsCommand)
      .rejects(serviceError('AccessDeniedException', 'User is not authorized to perform ListSecrets'));
    // Act
    const run = await runCli(['status']);
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'lwa-expiry: AWS request failed: AccessDeniedException: User is not authorized to perform ListSecrets',
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  });

  it('GIVEN the same failure and --debug WHEN status runs THEN the stack trace follows', async () => {
    // Prepare
    givenNoStack();
    mocks.secretsManager.on(ListSecretsCommand).rejects(serviceError('AccessDeniedException', 'denied'));
    // Act
    const run = await runCli(['status', '--debug']);
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\n\s+at /);
  });

  it('GIVEN no region in the AWS environment WHEN status runs THEN it says how to set one, exit 1', async () => {
    // Prepare: what the SDK's default region provider does when nothing names a region.
    const regionless = new SecretsManagerClient({
      region: () => Promise.reject<string>(new Error('Region is missing')),
    });
    // Act
    const run = await runCli(['status'], { clients: { secretsManager: regionless } });
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Region is missing');
    expect(run.stderr).toContain('Set AWS_REGION');
    expect(mocks.cloudFormation.calls()).toHaveLength(0);
  });
});
