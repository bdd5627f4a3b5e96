import 'aws-sdk-client-mock-jest';
import type { DescribeSecretCommandOutput } from '@aws-sdk/client-secrets-manager';
import {
  DescribeSecretCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-secrets-manager';
import {
  arnOf,
  expectNoSecretValueRead,
  givenNoStack,
  givenStack,
  mocks,
  resetMocks,
  runCli,
  serviceError,
} from './support/cli-harness';
import { flat } from './support/flat';

beforeEach(() => {
  resetMocks();
  givenNoStack();
});
afterEach(() => {
  expectNoSecretValueRead();
});

const NAME = 'prod/acme/lwa';

function givenDescribed(
  tags: Record<string, string>,
  extra: Partial<DescribeSecretCommandOutput> = {},
): void {
  mocks.secretsManager.on(DescribeSecretCommand).resolves({
    ARN: arnOf(NAME),
    Name: NAME,
    Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    ...extra,
  });
}

function expectNothingChanged(): void {
  expect(mocks.secretsManager).not.toHaveReceivedCommand(TagResourceCommand);
  expect(mocks.secretsManager).not.toHaveReceivedCommand(UntagResourceCommand);
}

describe('mark-rotated: records the rotation in tags', () => {
  it('GIVEN --at WHEN the secret is tagged THEN lwa:rotated-at is set to that instant, in UTC', async () => {
    // Prepare
    givenDescribed({ 'lwa:app': 'Acme Repricer' });
    // Act
    const run = await runCli(['mark-rotated', NAME, '--at', '2026-05-30T10:00:00+02:00']);
    // Assess
    expect(run.code).toBe(0);
    expect(mocks.secretsManager).toHaveReceivedCommandWith(DescribeSecretCommand, { SecretId: NAME });
    expect(mocks.secretsManager).toHaveReceivedCommandTimes(TagResourceCommand, 1);
    expect(mocks.secretsManager).toHaveReceivedCommandWith(TagResourceCommand, {
      SecretId: arnOf(NAME),
      Tags: [{ Key: 'lwa:rotated-at', Value: '2026-05-30T08:00:00Z' }],
    });
    expect(mocks.secretsManager).not.toHaveReceivedCommand(UntagResourceCommand);
    expect(run.stdout).toContain(
      `Marked "${NAME}" (app "Acme Repricer") as rotated at 2026-05-30 08:00 UTC:\n  set tag lwa:rotated-at = 2026-05-30T08:00:00Z\n`,
    );
    expect(run.stdout).toContain('New expiry: 2026-11-26 08:00 UTC, 178 days left');
  });

  it('GIVEN --json WHEN marked THEN what was changed and the new expiry are a JSON document', async () => {
    givenDescribed({ 'lwa:app': 'Acme Repricer', 'lwa:expires-at': '2026-06-10T00:00:00Z' });
    const run = await runCli(['mark-rotated', NAME, '--at', '2026-05-30T08:00:00Z', '--json']);
    expect(JSON.parse(run.stdout)).toEqual({
      secret: NAME,
      app: 'Acme Repricer',
      rotatedAt: '2026-05-30T08:00:00.000Z',
      tagsSet: { 'lwa:rotated-at': '2026-05-30T08:00:00Z' },
      tagsRemoved: ['lwa:expires-at'],
      expiresAt: '2026-11-26T08:00:00.000Z',
      daysLeft: 178,
      dateSource: 'rotated-at-tag',
    });
    expect(run.code).toBe(0);
  });

  it('GIVEN no --at WHEN marked THEN the rotation time is now', async () => {
    // Prepare
    givenDescribed({ 'lwa:app': 'Acme Repricer' });
    // Act
    const run = await runCli(['mark-rotated', arnOf(NAME)]);
    // Assess
    expect(run.code).toBe(0);
    expect(mocks.secretsManager).toHaveReceivedCommandWith(DescribeSecretCommand, { SecretId: arnOf(NAME) });
    expect(mocks.secretsManager).toHaveReceivedCommandWith(TagResourceCommand, {
      Tags: [{ Key: 'lwa:rotated-at', Value: '2026-06-01T12:00:00Z' }],
    });
    expect(run.stdout).toContain('New expiry: 2026-11-28 12:00 UTC, 180 days left');
  });

  it('GIVEN an lwa:expires-at earlier than the new expiry WHEN marked THEN the stale tag is removed', async () => {
    // Prepare
    givenDescribed({ 'lwa:app': 'Acme Repricer', 'lwa:expires-at': '2026-06-05T00:00:00Z' });
    // Act
    const run = await runCli(['mark-rotated', NAME, '--at', '2026-06-01']);
    // Assess
    expect(run.code).toBe(0);
    expect(mocks.secretsManager).toHaveReceivedCommandWith(UntagResourceCommand, {
      SecretId: arnOf(NAME),
      TagKeys: ['lwa:expires-at'],
    });
    expect(run.stdout).toContain(
      'removed tag lwa:expires-at ("2026-06-05T00:00:00Z"): it was earlier than the new expiry',
    );
    expect(run.stdout).toContain('New expiry: 2026-11-28 00:00 UTC');
    expect(run.stdout).toContain('(lwa:rotated-at + 180-day rotation window)');
  });

  it('GIVEN an lwa:expires-at later than the new expiry WHEN marked THEN it is kept and still decides', async () => {
    // Prepare
    givenDescribed({ 'lwa:app': 'Acme Repricer', 'lwa:expires-at': '2026-12-24T00:00:00Z' });
    // Act
    const run = await runCli(['mark-rotated', NAME, '--at', '2026-06-01']);
    // Assess
    expect(run.code).toBe(0);
    expect(mocks.secretsManager).not.toHaveReceivedCommand(UntagResourceCommand);
    expect(run.stdout).toContain('kept tag lwa:expires-at ("2026-12-24T00:00:00Z")');
    expect(run.stdout).toContain('New expiry: 2026-12-24 00:00 UTC, 206 days left (from tag lwa:expires-at)');
  });

  it('GIVEN an lwa:window-days tag WHEN marked THEN the new expiry uses that window', async () => {
    // Prepare
    givenDescribed({ 'lwa:app': 'Acme Repricer', 'lwa:window-days': '90' });
    // Act
    const run = await runCli(['mark-rotated', NAME, '--at', '2026-06-01']);
    // Assess
    expect(run.stdout).toContain('New expiry: 2026-08-30 00:00 UTC, 90 days left');
  });

  it('GIVEN the stack names another tag key WHEN marked THEN that tag must be present', async () => {
    // Prepare
    givenStack({ APP_TAG_KEY: 'team:lwa' });
    givenDescribed({ 'lwa:app': 'Acme Repricer' });
    // Act
    const run = await runCli(['mark-rotated', NAME]);
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('does not carry the tag "team:lwa"');
    expectNothingChanged();
  });
});

describe('mark-rotated: refuses what it must not record', () => {
  it.each([
    ['a future date', '2026-06-02T00:00:00Z', 'is in the future (now is 2026-06-01 12:00 UTC)'],
    ['a date only 2 minutes ahead', '2026-06-01T12:02:00Z', 'is in the future'],
    ['a date that is not ISO-8601', '31/05/2026', 'Invalid --at "31/05/2026": it is not an ISO-8601 date'],
    ['an impossible date', '2026-02-30', 'names day 30 of a month that has 28 days'],
  ])(
    'GIVEN --at %s WHEN run THEN it is a usage error and nothing is read or changed',
    async (_case, at, message) => {
      // Act
      const run = await runCli(['mark-rotated', NAME, '--at', at]);
      // Assess
      expect(run.code).toBe(2);
      expect(flat(run.stderr)).toContain(message);
      expect(mocks.secretsManager.calls()).toHaveLength(0);
    },
  );

  it('GIVEN a date within a minute of clock skew WHEN marked THEN it is accepted', async () => {
    // Prepare
    givenDescribed({ 'lwa:app': 'Acme Repricer' });
    // Act
    const run = await runCli(['mark-rotated', NAME, '--at', '2026-06-01T12:00:30Z']);
    // Assess
    expect(run.code).toBe(0);
  });

  it('GIVEN an unknown secret WHEN marked THEN it is refused with a clear message', async () => {
    // Prepare
    mocks.secretsManager
      .on(DescribeSecretCommand)
      .rejects(serviceError('ResourceNotFoundException', "Secrets Manager can't find the specified secret."));
    // Act
    const run = await runCli(['mark-rotated', 'prod/nope']);
    // Assess
    expect(run.code).toBe(1);
    expect(flat(run.stderr)).toBe(
      'lwa-expiry: note: stack "LwaExpiryMonitor" not found (ValidationError: Stack with id LwaExpiryMonitor does not exist); using default settings.\n' +
        'lwa-expiry: No secret "prod/nope" in eu-west-1; nothing was changed. Check the name or ARN, and the AWS region and profile.\n',
    );
    expectNothingChanged();
  });

  it('GIVEN a secret without the app tag WHEN marked THEN it is refused and says how to tag it', async () => {
    // Prepare
    givenDescribed({ team: 'ads' });
    // Act
    const run = await runCli(['mark-rotated', NAME]);
    // Assess
    expect(run.code).toBe(1);
    expect(flat(run.stderr)).toContain(`Secret "${NAME}" does not carry the tag "lwa:app"`);
    expect(flat(run.stderr)).toContain(
      `aws secretsmanager tag-resource --secret-id "${NAME}" --tags Key=lwa:app,Value=<app name>`,
    );
    expectNothingChanged();
  });

  it('GIVEN a replica WHEN marked THEN it points at the primary region', async () => {
    // Prepare
    givenDescribed({ 'lwa:app': 'Acme Repricer' }, { PrimaryRegion: 'us-east-1' });
    // Act
    const run = await runCli(['mark-rotated', NAME]);
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is a replica; its primary is in us-east-1');
    expectNothingChanged();
  });

  it('GIVEN a secret scheduled for deletion WHEN marked THEN it is refused', async () => {
    // Prepare
    givenDescribed({ 'lwa:app': 'Acme Repricer' }, { DeletedDate: new Date('2026-05-31T00:00:00Z') });
    // Act
    const run = await runCli(['mark-rotated', NAME]);
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is scheduled for deletion');
    expectNothingChanged();
  });

  it('GIVEN the stale tag cannot be removed WHEN marked THEN it says which half was done', async () => {
    // Prepare
    givenDescribed({ 'lwa:app': 'Acme Repricer', 'lwa:expires-at': '2026-06-05T00:00:00Z' });
    mocks.secretsManager.on(TagResourceCommand).resolves({});
    mocks.secretsManager.on(UntagResourceCommand).rejects(serviceError('AccessDeniedException', 'denied'));
    // Act
    const run = await runCli(['mark-rotated', NAME]);
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'Set tag lwa:rotated-at = 2026-06-01T12:00:00Z on "prod/acme/lwa", but could not remove',
    );
  });
});
