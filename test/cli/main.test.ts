import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { chooseRegion } from '../../cli/args';
import { lazyClients } from '../../cli/io';
import { main } from '../../cli/main';
import { packageVersion } from '../../cli/version';
import {
  expectNoSecretValueRead,
  givenNoStack,
  mocks,
  resetMocks,
  runCli,
  serviceError,
} from './support/cli-harness';
import { flat } from './support/flat';

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
    [
      ['rotate'],
      "Unknown command 'rotate'. Commands: status, test-alert, adopt, mark-rotated, check, release-held.",
    ],
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
    [['check', '--yaml'], "Unknown option '--yaml'."],
  ])('GIVEN %j WHEN run THEN it says %j', async (argv, message) => {
    if (argv.includes('--window-days') && argv.includes('--thresholds')) givenNoStack();
    // Act
    const run = await runCli(argv);
    // Assess
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(flat(run.stderr)).toContain(message);
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
    expect(run.stderr).toContain('Pass --region, set AWS_REGION or AWS_DEFAULT_REGION');
    expect(mocks.cloudFormation.calls()).toHaveLength(0);
  });
});

describe('lwa-expiry --version', () => {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    version: string;
  };

  it.each(['--version', '-V'])(
    'GIVEN %s WHEN run THEN it prints the package version and exits 0',
    async (flag) => {
      const run = await runCli([flag]);
      expect(run).toEqual({ code: 0, stdout: `lwa-expiry ${manifest.version}\n`, stderr: '' });
      expectNoAwsCall();
    },
  );

  it('GIVEN a directory with no package.json above it WHEN the version is looked up THEN it says unknown', () => {
    expect(packageVersion('/')).toBe('unknown');
  });
});

describe('lwa-expiry: the region comes from --region, AWS_REGION or AWS_DEFAULT_REGION', () => {
  it.each<[string, string | undefined, NodeJS.ProcessEnv, string | undefined]>([
    [
      '--region first',
      'ap-south-1',
      { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'us-east-2' },
      'ap-south-1',
    ],
    ['then AWS_REGION', undefined, { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'us-east-2' }, 'eu-west-1'],
    ['then AWS_DEFAULT_REGION', undefined, { AWS_DEFAULT_REGION: 'us-east-2' }, 'us-east-2'],
    ['else the profile decides', undefined, {}, undefined],
  ])('%s', (_case, flag, env, expected) => {
    expect(chooseRegion(flag, env)).toBe(expected);
  });

  it('GIVEN a region WHEN the default clients are built THEN each uses it', async () => {
    const clients = lazyClients({}, 'ap-southeast-2');
    await expect(clients.secretsManager.config.region()).resolves.toBe('ap-southeast-2');
    await expect(clients.sns.config.region()).resolves.toBe('ap-southeast-2');
    await expect(clients.cloudFormation.config.region()).resolves.toBe('ap-southeast-2');
    await expect(clients.sqs.config.region()).resolves.toBe('ap-southeast-2');
  });

  it('GIVEN only AWS_DEFAULT_REGION WHEN status runs with the default clients THEN it reads that region', async () => {
    // Prepare: the mocks replace send() of every client instance, the default ones included
    givenNoStack();
    mocks.secretsManager.on(ListSecretsCommand).resolves({ SecretList: [] });
    let stdout = '';
    // Act
    const code = await main(['status'], {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: () => true },
      env: { AWS_DEFAULT_REGION: 'us-east-2', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'x' },
      clock: () => new Date('2026-06-01T12:00:00Z'),
      clients: {},
    });
    // Assess
    expect(stdout).toContain('No secret in us-east-2 carries the tag');
    expect(code).toBe(4);
  });

  it.each([[['status', '--region', 'eu-west-1']], [['status', '--region=eu-west-1']]])(
    'accepts %j',
    async (argv) => {
      givenNoStack();
      mocks.secretsManager.on(ListSecretsCommand).resolves({ SecretList: [] });
      const run = await runCli(argv);
      expect(run.stdout).toContain('No secret in eu-west-1');
      expect(run.code).toBe(4);
    },
  );

  it('GIVEN --region that is not a region WHEN run THEN it is a usage error before any AWS call', async () => {
    const run = await runCli(['status', '--region', 'Ireland']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Invalid --region "Ireland": expected an AWS region such as eu-west-1.');
    expectNoAwsCall();
  });
});

describe('lwa-expiry: every help text fits 100 columns', () => {
  it.each([[[]], [['status']], [['test-alert']], [['adopt']], [['mark-rotated']], [['check']]])(
    'help %j',
    async (command) => {
      const run = await runCli(['help', ...command]);
      expect(run.code).toBe(0);
      for (const line of run.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    },
  );

  it('names test-alert and adopt in the tool help', async () => {
    const run = await runCli(['--help']);
    expect(run.stdout).toContain('  lwa-expiry test-alert [--stack <name>] [--json]');
    expect(run.stdout).toContain('  lwa-expiry adopt --csv <file> [--dry-run]');
  });
});
