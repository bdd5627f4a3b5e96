import { FakeAws } from '../../tools/fake-aws';
import { flat } from './support/flat';
import { runAgainst } from './support/fake-aws-cli';

let fake: FakeAws;
let alertTopic: string;
let operatorTopic: string;

beforeEach(async () => {
  fake = await FakeAws.start({ region: 'eu-west-1' });
  alertTopic = fake.sns.createTopic('LwaExpiryMonitor-AlertTopic');
  operatorTopic = fake.sns.createTopic('LwaExpiryMonitor-OperatorTopic');
  fake.cloudFormation.putStack({
    name: 'LwaExpiryMonitor',
    outputs: { AlertTopicArn: alertTopic, OperatorTopicArn: operatorTopic, LedgerTableName: 'ledger' },
  });
});

afterEach(async () => {
  expect(fake.problems).toEqual([]);
  // test-alert needs no secret, and never reads one.
  expect(fake.calls.total('SecretsManager')).toBe(0);
  await fake.close();
});

function givenEverySubscriber(): void {
  fake.sns.subscribe(alertTopic, 'email', 'ops@example.com');
  fake.sns.subscribe(alertTopic, 'email', 'new@example.com', { confirmed: false });
  fake.sns.subscribe(alertTopic, 'sms', '+15555550100');
  fake.sns.subscribe(
    alertTopic,
    'lambda',
    'arn:aws:lambda:eu-west-1:123456789012:function:LwaExpiryMonitor-Forwarder',
  );
  fake.sns.subscribe(operatorTopic, 'email', 'ops@example.com');
}

describe('test-alert: one marked test message to each topic', () => {
  it('GIVEN the deployed stack WHEN test-alert runs THEN the alert topic gets a test for every protocol and the operator topic one too', async () => {
    // Prepare
    givenEverySubscriber();
    // Act
    const run = await runAgainst(fake, ['test-alert']);
    // Assess
    expect(run.code).toBe(0);
    expect(fake.sns.published).toHaveLength(2);
    const [alert, operator] = fake.sns.published;
    expect(alert).toMatchObject({
      TopicArn: alertTopic,
      Subject: '[LWA test] Test alert from lwa-expiry-monitor: no action needed',
      MessageStructure: 'json',
      MessageAttributes: {
        severity: { DataType: 'String', StringValue: 'test' },
        app: { DataType: 'String', StringValue: 'lwa-expiry test-alert' },
      },
    });
    expect(alert?.bodies?.email).toContain('This is a TEST of the lwa-expiry-monitor alert path.');
    expect(alert?.bodies?.default).toBe(alert?.bodies?.email);
    expect(alert?.bodies?.sms).toBe('LWA expiry monitor TEST alert: delivery works. No action needed.');
    expect(operator).toMatchObject({
      TopicArn: operatorTopic,
      Subject: '[LWA ops test] Test message from lwa-expiry-monitor: no action needed',
    });
    expect(operator?.Message).toContain('This is a TEST of the lwa-expiry-monitor operator topic.');
  });

  it('GIVEN confirmed and pending subscriptions WHEN test-alert runs THEN each is listed with its state, and how to confirm', async () => {
    // Prepare
    givenEverySubscriber();
    // Act
    const run = await runAgainst(fake, ['test-alert']);
    // Assess
    expect(run.stdout).toContain(`  alert topic: ${alertTopic}\n`);
    expect(run.stdout).toContain(`  operator topic: ${operatorTopic}\n`);
    expect(run.stdout).toMatch(/\nTOPIC +PROTOCOL +ENDPOINT +STATE\n/);
    expect(run.stdout).toMatch(/\nalert topic +email +ops@example\.com +confirmed\n/);
    expect(run.stdout).toMatch(/\nalert topic +email +new@example\.com +pending confirmation\n/);
    expect(run.stdout).toMatch(/\nalert topic +sms +\+15555550100 +confirmed\n/);
    expect(run.stdout).toMatch(
      /\nalert topic +lambda +webhook forwarder \(posts to every webhook\) +confirmed\n/,
    );
    expect(run.stdout).toMatch(/\noperator topic +email +ops@example\.com +confirmed\n/);
    expect(flat(run.stdout)).toContain(
      '1 subscription(s) of the alert topic wait for confirmation: open the email from AWS Notifications and choose "Confirm subscription".',
    );
    expect(Math.max(...run.stdout.split('\n').map((line) => line.length))).toBeLessThanOrEqual(100);
  });

  it('GIVEN --json WHEN test-alert runs THEN topics, message ids and subscriptions are a JSON document', async () => {
    givenEverySubscriber();
    const run = await runAgainst(fake, ['test-alert', '--json']);
    const parsed = JSON.parse(run.stdout) as { publishedAt: string; topics: unknown[] };
    expect(parsed.publishedAt).toBe('2026-06-01T12:00:00.000Z');
    expect(parsed.topics).toEqual([
      expect.objectContaining({
        topic: 'alert',
        topicArn: alertTopic,
        messageId: fake.sns.published[0]?.messageId,
        subscriptions: expect.arrayContaining([
          { topic: 'alert', protocol: 'email', endpoint: 'new@example.com', state: 'pending confirmation' },
        ]),
      }),
      expect.objectContaining({ topic: 'operator', topicArn: operatorTopic }),
    ]);
  });

  it('GIVEN an operator topic whose only subscription is pending WHEN test-alert runs THEN it says the test reached no one there, exit 4', async () => {
    fake.sns.subscribe(alertTopic, 'email', 'ops@example.com');
    fake.sns.subscribe(operatorTopic, 'email', 'ops@example.com', { confirmed: false });
    const run = await runAgainst(fake, ['test-alert']);
    expect(flat(run.stdout)).toContain(
      'Nothing on the operator topic is confirmed yet: its messages reach no one.',
    );
    expect(fake.sns.published).toHaveLength(2);
    expect(run.code).toBe(4);
  });

  it('GIVEN a topic without any subscription WHEN test-alert runs THEN it says so, exit 4', async () => {
    fake.sns.subscribe(operatorTopic, 'email', 'ops@example.com');
    const run = await runAgainst(fake, ['test-alert']);
    expect(run.stdout).toContain('The alert topic has no subscriber: its messages reach no one.');
    expect(run.code).toBe(4);
  });

  it('GIVEN no deployed stack WHEN test-alert runs THEN it says to deploy, publishes nothing, exit 1', async () => {
    const run = await runAgainst(fake, ['test-alert', '--stack', 'Other']);
    expect(flat(run.stderr)).toContain(
      'lwa-expiry: Cannot read the outputs of stack "Other": ValidationError: Stack with id Other does not exist. Deploy it first',
    );
    expect(fake.sns.published).toHaveLength(0);
    expect(run.code).toBe(1);
  });

  it('GIVEN a stack without the topic outputs WHEN test-alert runs THEN it names the missing output', async () => {
    fake.cloudFormation.putStack({ name: 'Unrelated', outputs: { BucketName: 'b' } });
    const run = await runAgainst(fake, ['test-alert', '--stack', 'Unrelated']);
    expect(run.stderr).toContain('Stack "Unrelated" has no AlertTopicArn output');
    expect(run.code).toBe(1);
  });

  it('GIVEN SNS refuses the publish WHEN test-alert runs THEN the AWS error is reported, exit 1', async () => {
    givenEverySubscriber();
    fake.faults.inject({
      operation: 'SNS.Publish',
      fault: { status: 403, code: 'AuthorizationError', message: 'not allowed' },
    });
    const run = await runAgainst(fake, ['test-alert']);
    expect(run.stderr).toContain('lwa-expiry: AWS request failed: AuthorizationErrorException: not allowed');
    expect(run.code).toBe(1);
  });
});
