import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeAws } from '../../tools/fake-aws';
import { flat } from './support/flat';
import { runAgainst } from './support/fake-aws-cli';

const T0 = new Date('2026-05-22T12:00:00Z'); // ten days before the CLI's clock
/** Stands for every secret value: it must never reach the output. */
const SENTINEL = 'SENTINEL-value-7f3a9c';
const CLIENT_ID = 'amzn1.application-oa2-client.0123456789abcdef';

let fake: FakeAws;
let dir: string;

beforeEach(async () => {
  fake = await FakeAws.start({ region: 'eu-west-1' });
  dir = mkdtempSync(join(tmpdir(), 'lwa-adopt-'));
  const value = (extra: Record<string, string>) => JSON.stringify({ clientSecret: SENTINEL, ...extra });
  fake.secretsManager.createSecret({
    name: 'sp-api/acme/lwa',
    createdAt: T0,
    firstVersionAt: T0,
    value: value({ clientId: CLIENT_ID }),
  });
  fake.secretsManager.createSecret({
    name: 'prod/orders-app',
    createdAt: T0,
    firstVersionAt: T0,
    value: value({ clientId: 'amzn1.application-oa2-client.feedface' }),
  });
  fake.secretsManager.createSecret({
    name: 'prod/billing-db',
    createdAt: T0,
    firstVersionAt: T0,
    value: JSON.stringify({ password: SENTINEL }),
  });
  fake.secretsManager.createSecret({
    name: 'sp-api/beta/lwa',
    createdAt: T0,
    firstVersionAt: T0,
    tags: { 'lwa:app': 'Beta Ads', 'lwa:expires-at': '2026-09-01T00:00:00Z' },
  });
});

afterEach(async () => {
  expect(fake.problems).toEqual([]);
  rmSync(dir, { recursive: true, force: true });
  await fake.close();
});

function tagsOf(name: string): Record<string, string> {
  return Object.fromEntries(fake.secretsManager.get(name).tags);
}

function csv(text: string): string {
  const path = join(dir, 'adopt.csv');
  writeFileSync(path, text);
  return path;
}

function expectNoValueShown(run: { stdout: string; stderr: string }): void {
  expect(run.stdout + run.stderr).not.toContain(SENTINEL);
  expect(run.stdout + run.stderr).not.toContain('feedface');
}

describe('adopt: lists the secrets that look like LWA credentials', () => {
  it('GIVEN secrets named for SP-API and others WHEN listed THEN name matches are candidates and no value is read', async () => {
    // Act
    const run = await runAgainst(fake, ['adopt']);
    // Assess
    expect(run.stdout).toMatch(/\nsp-api\/acme\/lwa +candidate +name matches \*lwa\*\n/);
    expect(run.stdout).toMatch(/\nsp-api\/beta\/lwa +monitored +tagged lwa:app="Beta Ads"\n/);
    expect(run.stdout).not.toContain('prod/orders-app');
    expect(run.stdout).not.toContain('prod/billing-db');
    expect(run.stdout).toContain('1 candidate to adopt, 1 monitored already, in eu-west-1.');
    expect(fake.calls.count('SecretsManager.GetSecretValue')).toBe(0);
    expect(run.code).toBe(0);
  });

  it('GIVEN --by-field WHEN listed THEN a secret whose value has a clientId field is a candidate, and no value is shown', async () => {
    const run = await runAgainst(fake, ['adopt', '--by-field']);
    expect(run.stdout).toMatch(/\nprod\/orders-app +candidate +its value has a clientId field\n/);
    expect(run.stdout).not.toContain('prod/billing-db');
    // Only the untagged secrets that no name pattern matched were read.
    expect(fake.calls.count('SecretsManager.GetSecretValue')).toBe(2);
    expectNoValueShown(run);
  });

  it('GIVEN --name WHEN listed THEN that pattern replaces the default ones', async () => {
    const run = await runAgainst(fake, ['adopt', '--name', 'prod/*', '--json']);
    const listed = JSON.parse(run.stdout) as { secrets: { secret: string; state: string }[] };
    expect(listed.secrets.map((s) => [s.secret, s.state])).toEqual([
      ['prod/billing-db', 'candidate'],
      ['prod/orders-app', 'candidate'],
      ['sp-api/beta/lwa', 'monitored'],
    ]);
  });
});

describe('adopt <secret>: tags one secret from flags', () => {
  const FLAGS = ['--app', 'Acme Repricer', '--client-id', CLIENT_ID, '--expires-at', 'May 30, 2026'];

  it('GIVEN --dry-run WHEN run THEN it shows the tags it would set and changes nothing', async () => {
    const run = await runAgainst(fake, ['adopt', 'sp-api/acme/lwa', ...FLAGS, '--dry-run']);
    expect(run.stdout.replace(/\s+/g, ' ')).toContain(
      'sp-api/acme/lwa result: would tag tags: lwa:app="Acme Repricer", lwa:client-id="amzn1.application-oa2-client.0123456789abcdef", lwa:expires-at="2026-05-30T00:00:00Z"',
    );
    expect(run.stdout).toContain('Dry run: 1 secret would be tagged. Nothing was changed.');
    expect(fake.calls.count('SecretsManager.TagResource')).toBe(0);
    expect(tagsOf('sp-api/acme/lwa')).toEqual({});
    expect(run.code).toBe(0);
  });

  it('GIVEN the same without --dry-run WHEN run THEN the three tags are set, and status dates the secret by them', async () => {
    // Act
    const run = await runAgainst(fake, ['adopt', 'sp-api/acme/lwa', ...FLAGS]);
    const status = await runAgainst(fake, ['status']);
    // Assess
    expect(run.code).toBe(0);
    expect(tagsOf('sp-api/acme/lwa')).toEqual({
      'lwa:app': 'Acme Repricer',
      'lwa:client-id': CLIENT_ID,
      'lwa:expires-at': '2026-05-30T00:00:00Z',
    });
    expect(run.stdout).toContain('1 secret tagged.');
    expect(status.stdout).toMatch(
      /\nAcme Repricer +sp-api\/acme\/lwa +2026-05-30 00:00 +expired +lwa:expires-at /,
    );
    expect(fake.calls.count('SecretsManager.GetSecretValue')).toBe(0);
  });

  it('GIVEN no --expires-at WHEN adopted THEN status marks its date as an estimate', async () => {
    await runAgainst(fake, ['adopt', 'sp-api/acme/lwa', '--app', 'Acme Repricer']);
    const status = await runAgainst(fake, ['status']);
    expect(status.stdout).toMatch(/\nAcme Repricer +sp-api\/acme\/lwa +2026-11-18 12:00 +~170 +estimate /);
    expect(status.stdout).toContain('Estimated (~)');
  });

  it('GIVEN --client-id-from-value WHEN adopted THEN the clientId field becomes the tag and is never printed', async () => {
    const run = await runAgainst(fake, [
      'adopt',
      'prod/orders-app',
      '--app',
      'Orders',
      '--client-id-from-value',
    ]);
    expect(tagsOf('prod/orders-app')['lwa:client-id']).toBe('amzn1.application-oa2-client.feedface');
    expect(flat(run.stdout)).toContain('lwa:client-id=(from the clientId field of its value)');
    expect(fake.calls.count('SecretsManager.GetSecretValue')).toBe(1);
    expectNoValueShown(run);
  });

  it('GIVEN a secret already tagged for another app WHEN adopted THEN it is refused and left alone', async () => {
    const run = await runAgainst(fake, ['adopt', 'sp-api/beta/lwa', '--app', 'Gamma']);
    expect(flat(run.stdout)).toContain('already tagged lwa:app="Beta Ads", not "Gamma"');
    expect(run.stderr).toContain('lwa-expiry: 1 secret refused; see above.');
    expect(tagsOf('sp-api/beta/lwa')['lwa:app']).toBe('Beta Ads');
    expect(run.code).toBe(1);
  });

  it.each([
    [['adopt', 'sp-api/acme/lwa'], 'the app name is missing'],
    [['adopt', 'sp-api/acme/lwa', '--app', 'A', '--expires-at', '05/06/2026'], 'is ambiguous'],
    [['adopt', 'sp-api/acme/lwa', '--app', 'A', '--expires-at', 'soon'], 'is not a date such as'],
    [['adopt', '--app', 'A'], '--app applies to one secret'],
    [['adopt', 'a', 'b', '--app', 'A'], 'Adopt one secret per command'],
    [['adopt', 'sp-api/acme/lwa', '--app', 'A', '--by-field'], '--name and --by-field choose what to list'],
  ])(
    'GIVEN %j WHEN run THEN it is a usage error naming the problem, before any change',
    async (argv, message) => {
      const run = await runAgainst(fake, argv);
      expect(run.code).toBe(2);
      expect(flat(run.stderr)).toContain(message);
      expect(fake.calls.count('SecretsManager.TagResource')).toBe(0);
    },
  );

  it('GIVEN a client secret where the client id goes WHEN run THEN it is refused without echoing it', async () => {
    const secretLike = 'amzn1.oa2-cs.v1.abcdef0123456789abcdef0123456789';
    const run = await runAgainst(fake, ['adopt', 'sp-api/acme/lwa', '--app', 'A', '--client-id', secretLike]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is a client secret');
    expect(run.stderr).not.toContain(secretLike);
  });
});

describe('adopt --csv: tags many secrets from a file', () => {
  it('GIVEN a CSV WHEN run with --dry-run, then without THEN the right secrets are tagged, one refusal stopping no other', async () => {
    // Prepare
    const path = csv(
      [
        'secret,app,client_id,expires_at',
        `sp-api/acme/lwa,Acme Repricer,${CLIENT_ID},2026-11-24T14:00:00Z`,
        'prod/orders-app,"Orders, Returns",,"30 Nov 2026"',
        'sp-api/beta/lwa,Not Beta,,',
      ].join('\n'),
    );
    // Act
    const dry = await runAgainst(fake, ['adopt', '--csv', path, '--dry-run']);
    const tagsAfterDryRun = fake.calls.count('SecretsManager.TagResource');
    const real = await runAgainst(fake, ['adopt', '--csv', path]);
    // Assess
    expect(tagsAfterDryRun).toBe(0);
    expect(dry.stdout).toContain('Dry run: 2 secrets would be tagged, 1 not. Nothing was changed.');
    expect(tagsOf('sp-api/acme/lwa')).toEqual({
      'lwa:app': 'Acme Repricer',
      'lwa:client-id': CLIENT_ID,
      'lwa:expires-at': '2026-11-24T14:00:00Z',
    });
    expect(tagsOf('prod/orders-app')).toEqual({
      'lwa:app': 'Orders, Returns',
      'lwa:expires-at': '2026-11-30T00:00:00Z',
    });
    expect(tagsOf('sp-api/beta/lwa')['lwa:app']).toBe('Beta Ads');
    expect(real.stdout).toContain('2 secrets tagged, 1 not.');
    expect(flat(real.stdout)).toContain(
      "Without lwa:client-id, Amazon's notifications cannot be matched to it.",
    );
    expect(real.code).toBe(1);
    expectNoValueShown(real);
  });

  it.each([
    [
      'a missing header column',
      'secret,client_id\nsp-api/acme/lwa,x\n',
      'line 1: expected a header with the columns secret and app',
    ],
    ['an unknown column', 'secret,app,owner\nsp-api/acme/lwa,A,me\n', 'unknown: owner'],
    [
      'a bad date on line 3',
      'secret,app,expires_at\nsp-api/acme/lwa,A,2026-05-30\nprod/orders-app,B,2026-02-30\n',
      'line 3: the expiry "2026-02-30" names day 30',
    ],
    [
      'a secret listed twice',
      'secret,app\nsp-api/acme/lwa,A\nsp-api/acme/lwa,B\n',
      'line 3: sp-api/acme/lwa is listed twice (also',
    ],
    ['an open quote', 'secret,app\n"sp-api/acme/lwa,A\n', 'ends inside a quoted field'],
  ])('GIVEN %s WHEN run THEN nothing is tagged and the line is named', async (_case, text, message) => {
    const path = csv(text);
    const run = await runAgainst(fake, ['adopt', '--csv', path]);
    expect(run.code).toBe(2);
    expect(flat(run.stderr)).toContain(message);
    expect(fake.calls.count('SecretsManager.TagResource')).toBe(0);
  });
});
