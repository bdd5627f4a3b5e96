/**
 * `lwa-expiry release-held` against the loopback fake: real SDK clients over HTTP, held
 * notifications put there by the intake's own adapter, the stack's outputs from the fake
 * CloudFormation.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsHeldSecrets } from '../../lambda/adapters/aws/held-secrets';
import { FakeAws } from '../../tools/fake-aws';
import { flat } from './support/flat';
import { runAgainst } from './support/fake-aws-cli';

const SECRET_A = 'amzn1.oa2-cs.v1.SENTINEL-HELD-A-0123456789abcdef';
const SECRET_B = 'amzn1.oa2-cs.v1.SENTINEL-HELD-B-fedcba9876543210';
const CLIENT_A = 'amzn1.application-oa2-client.aaaa';
const CLIENT_B = 'amzn1.application-oa2-client.bbbb';

let fake: FakeAws;
let heldUrl: string;
let notificationUrl: string;

function body(clientId: string, secret: string, notificationId: string): string {
  return JSON.stringify({
    notificationType: 'APPLICATION_OAUTH_CLIENT_NEW_SECRET',
    payload: { applicationOAuthClientNewSecret: { clientId, newClientSecret: secret } },
    notificationMetadata: { notificationId },
  });
}

function givenStack(storeNewSecrets: string, outputs: Record<string, string> = {}): void {
  fake.cloudFormation.putStack({
    name: 'LwaExpiryMonitor',
    outputs: {
      AlertTopicArn: `arn:aws:sns:${fake.region}:${fake.accountId}:alerts`,
      HeldSecretsQueueUrl: heldUrl,
      NotificationQueueUrl: notificationUrl,
      StoreNewSecrets: storeNewSecrets,
      ...outputs,
    },
  });
}

async function hold(clientId: string, secret: string, notificationId: string): Promise<string> {
  const client = new SQSClient(fake.clientConfig());
  const text = body(clientId, secret, notificationId);
  await new SqsHeldSecrets(client, heldUrl).hold({
    body: text,
    notificationId,
    clientId,
    heldAt: new Date('2026-05-30T08:00:00Z'),
  });
  client.destroy();
  return text;
}

function expectNoSecretIn(text: string): void {
  expect(text).not.toContain(SECRET_A);
  expect(text).not.toContain(SECRET_B);
  expect(text).not.toContain('SENTINEL');
}

beforeEach(async () => {
  fake = await FakeAws.start();
  heldUrl = fake.sqs.createQueue('LwaExpiryMonitor-HeldSecretsQueue');
  notificationUrl = fake.sqs.createQueue('LwaExpiryMonitor-Queue');
});

afterEach(async () => {
  expect(fake.problems).toEqual([]);
  await fake.close();
});

describe('lwa-expiry release-held: storing is on', () => {
  it('GIVEN two held notifications WHEN released THEN each body reaches the notification queue unchanged, the held queue is empty, and no body is printed', async () => {
    // Prepare
    givenStack('true');
    const a = await hold(CLIENT_A, SECRET_A, 'n-a');
    const b = await hold(CLIENT_B, SECRET_B, 'n-b');

    // Act
    const run = await runAgainst(fake, ['release-held']);

    // Assess
    expect(run.code).toBe(0);
    expect(fake.sqs.messages(notificationUrl).map((m) => m.body)).toEqual([a, b]);
    expect(fake.sqs.messages(heldUrl)).toEqual([]);
    const out = flat(run.stdout);
    expect(out).toContain('Released 2 held notifications to');
    expect(out).toMatch(/n-a\s+amzn1\.application-oa2-client\.aaaa\s+2026-05-30T08:00:00\.000Z/);
    expect(out).toMatch(/n-b\s+amzn1\.application-oa2-client\.bbbb/);
    expect(run.stderr).toBe('');
    expectNoSecretIn(run.stdout + run.stderr);
  });

  it('GIVEN nothing held WHEN released THEN it says so and exits 0', async () => {
    givenStack('true');
    const run = await runAgainst(fake, ['release-held']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`No held notification in ${heldUrl}.`);
  });

  it('GIVEN --json WHEN released THEN the queues and each notification moved are printed as JSON, without a body', async () => {
    givenStack('true');
    await hold(CLIENT_A, SECRET_A, 'n-a');

    const run = await runAgainst(fake, ['release-held', '--json']);

    expect(run.code).toBe(0);
    const parsed = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(parsed).toMatchObject({
      dryRun: false,
      heldQueueUrl: heldUrl,
      notificationQueueUrl: notificationUrl,
      storeNewSecrets: true,
      released: [{ notificationId: 'n-a', clientId: CLIENT_A, heldAt: '2026-05-30T08:00:00.000Z' }],
      failed: [],
    });
    expectNoSecretIn(run.stdout);
  });

  it('GIVEN the notification queue refuses one body WHEN released THEN that one stays held (and visible), the others move, and exit 1 names it', async () => {
    // Prepare: SQS refuses the copy of n-a only
    givenStack('true');
    await hold(CLIENT_A, SECRET_A, 'n-a');
    const b = await hold(CLIENT_B, SECRET_B, 'n-b');
    fake.faults.inject({
      operation: 'SQS.SendMessage',
      fault: {
        status: 400,
        code: 'KmsAccessDenied',
        message: 'The ciphertext refers to a key that is not accessible',
      },
      times: Infinity,
      when: (request) => String(request.json?.MessageBody).includes(SECRET_A),
    });

    // Act
    const run = await runAgainst(fake, ['release-held']);

    // Assess
    expect(run.code).toBe(1);
    expect(fake.sqs.messages(notificationUrl).map((m) => m.body)).toEqual([b]);
    expect(
      fake.sqs.messages(heldUrl).map((m) => [m.attributes.notificationId?.StringValue, m.visible]),
    ).toEqual([['n-a', true]]);
    expect(flat(run.stderr)).toContain('1 held notification not released:');
    expect(flat(run.stderr)).toContain(
      'n-a (client amzn1.application-oa2-client.aaaa): not sent, still held',
    );
    expect(run.stderr).toContain('KmsAccessDenied');
    expectNoSecretIn(run.stdout + run.stderr);
  });

  it('GIVEN the held queue refuses the delete after the copy was sent WHEN released THEN it says the notification is in both queues', async () => {
    givenStack('true');
    const a = await hold(CLIENT_A, SECRET_A, 'n-a');
    fake.faults.inject({
      operation: 'SQS.DeleteMessage',
      fault: { status: 403, code: 'AccessDenied', message: 'no' },
    });

    const run = await runAgainst(fake, ['release-held']);

    expect(run.code).toBe(1);
    expect(fake.sqs.messages(notificationUrl).map((m) => m.body)).toEqual([a]);
    expect(fake.sqs.messages(heldUrl)).toHaveLength(1);
    expect(flat(run.stderr)).toContain('sent, but still held as well');
  });
});

describe('lwa-expiry release-held: storing is off', () => {
  it('GIVEN StoreNewSecrets is false WHEN released without --force THEN it refuses with exit 2, naming storeNewSecrets, and moves nothing', async () => {
    givenStack('false');
    await hold(CLIENT_A, SECRET_A, 'n-a');

    const run = await runAgainst(fake, ['release-held']);

    expect(run.code).toBe(2);
    expect(flat(run.stderr)).toContain('"storeNewSecrets": true in cdk.json');
    expect(fake.calls.count('SQS.ReceiveMessage')).toBe(0);
    expect(fake.sqs.messages(heldUrl).map((m) => m.visible)).toEqual([true]);
    expect(fake.sqs.messages(notificationUrl)).toEqual([]);
  });

  it('GIVEN --force WHEN released THEN it moves them anyway and says the intake will hold them again', async () => {
    givenStack('false');
    const a = await hold(CLIENT_A, SECRET_A, 'n-a');

    const run = await runAgainst(fake, ['release-held', '--force']);

    expect(run.code).toBe(0);
    expect(fake.sqs.messages(notificationUrl).map((m) => m.body)).toEqual([a]);
    expect(flat(run.stdout)).toContain('the notification intake will hold them again');
  });

  it('GIVEN --dry-run WHEN run THEN it lists what would move, leaves every message held and visible, and notes that storing is off', async () => {
    givenStack('false');
    for (let i = 0; i < 12; i++) await hold(CLIENT_A, SECRET_A, `n-${i}`);

    const run = await runAgainst(fake, ['release-held', '--dry-run']);

    expect(run.code).toBe(0);
    expect(flat(run.stdout)).toContain('Dry run: 12 held notifications would move to');
    expect(run.stdout).toContain('n-11');
    expect(run.stdout).toContain('Nothing was moved.');
    expect(flat(run.stderr)).toContain('Storing new secrets is off');
    expect(fake.sqs.messages(heldUrl).map((m) => m.visible)).toEqual(Array.from({ length: 12 }, () => true));
    expect(fake.sqs.messages(notificationUrl)).toEqual([]);
    expect(fake.calls.count('SQS.SendMessage')).toBe(12); // the holds only
    expectNoSecretIn(run.stdout + run.stderr);
  });

  it('GIVEN --dry-run --json WHEN run THEN the held notifications are listed as JSON', async () => {
    givenStack('true');
    await hold(CLIENT_B, SECRET_B, 'n-b');

    const run = await runAgainst(fake, ['release-held', '--dry-run', '--json']);

    expect(JSON.parse(run.stdout)).toEqual({
      dryRun: true,
      heldQueueUrl: heldUrl,
      notificationQueueUrl: notificationUrl,
      storeNewSecrets: true,
      held: [{ notificationId: 'n-b', clientId: CLIENT_B, heldAt: '2026-05-30T08:00:00.000Z' }],
    });
  });
});

describe('lwa-expiry release-held: the stack', () => {
  it('GIVEN a stack without the intake outputs WHEN run THEN exit 1 names the missing output', async () => {
    fake.cloudFormation.putStack({ name: 'LwaExpiryMonitor', outputs: { AlertTopicArn: 'arn:x' } });
    const run = await runAgainst(fake, ['release-held']);
    expect(run.code).toBe(1);
    expect(flat(run.stderr)).toContain('has no HeldSecretsQueueUrl output');
  });

  it('GIVEN no stack WHEN run THEN exit 1 says to deploy or name it', async () => {
    const run = await runAgainst(fake, ['release-held', '--stack', 'Other']);
    expect(run.code).toBe(1);
    expect(flat(run.stderr)).toContain('Cannot read the outputs of stack "Other"');
  });

  it('GIVEN an unknown option or an argument WHEN run THEN exit 2', async () => {
    expect((await runAgainst(fake, ['release-held', '--all'])).code).toBe(2);
    expect((await runAgainst(fake, ['release-held', 'queue'])).code).toBe(2);
    const help = await runAgainst(fake, ['release-held', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: lwa-expiry release-held');
  });
});
