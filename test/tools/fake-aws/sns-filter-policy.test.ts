/**
 * The fake's SNS subscription filter policies (message-attributes scope): each operator the fake
 * evaluates, matching and not, with the attribute present and absent; operators it does not
 * evaluate are refused; and delivery through the unmodified SDK v3 client.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { MessageAttribute } from '../../../tools/fake-aws';
import { FakeAws, UnsupportedByFake, filterPolicyMatches, parseFilterPolicy } from '../../../tools/fake-aws';
import { errorOf } from '../../support/error-of';

function str(value: string): MessageAttribute {
  return { DataType: 'String', StringValue: value };
}
function num(value: string): MessageAttribute {
  return { DataType: 'Number', StringValue: value };
}

/** Whether a message with these attributes passes the policy. */
function passes(policy: Record<string, unknown>, attributes: Record<string, MessageAttribute>): boolean {
  return filterPolicyMatches(parseFilterPolicy(policy), attributes);
}

const BASE = { app: str('Acme'), severity: str('7-day'), daysLeft: num('7') };

describe('SNS filter policy: operators', () => {
  it.each<[string, Record<string, unknown>, Record<string, MessageAttribute>, boolean]>([
    ['exact string, equal', { owner: ['payments'] }, { ...BASE, owner: str('payments') }, true],
    ['exact string, other value', { owner: ['payments'] }, { ...BASE, owner: str('search') }, false],
    ['exact string, case differs', { owner: ['payments'] }, { ...BASE, owner: str('Payments') }, false],
    ['exact string, attribute absent', { owner: ['payments'] }, BASE, false],
    [
      'values of a key ORed, second',
      { owner: ['payments', 'search'] },
      { ...BASE, owner: str('search') },
      true,
    ],
    [
      'keys ANDed, both hold',
      { owner: ['payments'], severity: ['7-day'] },
      { ...BASE, owner: str('payments') },
      true,
    ],
    [
      'keys ANDed, one fails',
      { owner: ['payments'], severity: ['expired'] },
      { ...BASE, owner: str('payments') },
      false,
    ],
    ['exists true, present', { owner: [{ exists: true }] }, { ...BASE, owner: str('x') }, true],
    ['exists true, absent', { owner: [{ exists: true }] }, BASE, false],
    ['exists false, absent', { owner: [{ exists: false }] }, BASE, true],
    ['exists false, present', { owner: [{ exists: false }] }, { ...BASE, owner: str('x') }, false],
    ['exists false, a message without any attribute', { owner: [{ exists: false }] }, {}, false],
    [
      'anything-but, other value',
      { owner: [{ 'anything-but': ['payments', 'search'] }] },
      { ...BASE, owner: str('billing') },
      true,
    ],
    [
      'anything-but, listed value',
      { owner: [{ 'anything-but': ['payments', 'search'] }] },
      { ...BASE, owner: str('search') },
      false,
    ],
    ['anything-but, attribute absent', { owner: [{ 'anything-but': ['payments'] }] }, BASE, false],
    [
      'anything-but, one string',
      { owner: [{ 'anything-but': 'payments' }] },
      { ...BASE, owner: str('search') },
      true,
    ],
    [
      'anything-but or exists false, absent',
      { owner: [{ exists: false }, { 'anything-but': ['payments'] }] },
      BASE,
      true,
    ],
    [
      'anything-but or exists false, unlisted',
      { owner: [{ exists: false }, { 'anything-but': ['payments'] }] },
      { ...BASE, owner: str('x') },
      true,
    ],
    [
      'anything-but or exists false, listed',
      { owner: [{ exists: false }, { 'anything-but': ['payments'] }] },
      { ...BASE, owner: str('payments') },
      false,
    ],
    ['anything-but numbers, other number', { daysLeft: [{ 'anything-but': [1, 30] }] }, BASE, true],
    ['anything-but numbers, listed number', { daysLeft: [{ 'anything-but': [7] }] }, BASE, false],
    ['prefix, starts with it', { app: [{ prefix: 'Ac' }] }, BASE, true],
    ['prefix, does not', { app: [{ prefix: 'cme' }] }, BASE, false],
    ['prefix, attribute absent', { owner: [{ prefix: 'pay' }] }, BASE, false],
    [
      'numeric =, same value spelt otherwise',
      { daysLeft: [{ numeric: ['=', 7] }] },
      { ...BASE, daysLeft: num('7.0e0') },
      true,
    ],
    ['numeric =, other value', { daysLeft: [{ numeric: ['=', 30] }] }, BASE, false],
    ['numeric range, inside', { daysLeft: [{ numeric: ['>', 0, '<=', 7] }] }, BASE, true],
    ['numeric range, upper bound excluded', { daysLeft: [{ numeric: ['>', 0, '<', 7] }] }, BASE, false],
    [
      'numeric >=, negative value',
      { daysLeft: [{ numeric: ['>=', 0] }] },
      { ...BASE, daysLeft: num('-3') },
      false,
    ],
    [
      'numeric <, negative value',
      { daysLeft: [{ numeric: ['<', 0] }] },
      { ...BASE, daysLeft: num('-3') },
      true,
    ],
    ['numeric, attribute absent', { remaining: [{ numeric: ['>=', 0] }] }, BASE, false],
    ['no keys', {}, BASE, true],
  ])(
    'GIVEN the policy case "%s" WHEN a message is matched THEN it passes as SNS decides',
    (_case, policy, attributes, expected) => {
      // Prepare: the policy and attributes of the case
      // Act
      const result = passes(policy, attributes);
      // Assess
      expect(result).toBe(expected);
    },
  );

  it('GIVEN the policy as JSON text (as the SNS API takes it) WHEN matched THEN it reads as the object does', () => {
    // Prepare
    const text = JSON.stringify({ owner: [{ exists: false }, { 'anything-but': ['payments'] }] });
    // Act
    const policy = parseFilterPolicy(text);
    // Assess
    expect(filterPolicyMatches(policy, BASE)).toBe(true);
    expect(filterPolicyMatches(policy, { ...BASE, owner: str('payments') })).toBe(false);
  });

  it.each<[string, Record<string, unknown>]>([
    ['suffix', { app: [{ suffix: 'me' }] }],
    ['equals-ignore-case', { app: [{ 'equals-ignore-case': 'acme' }] }],
    ['cidr', { ip: [{ cidr: '10.0.0.0/8' }] }],
    ['anything-but of a prefix', { app: [{ 'anything-but': { prefix: 'A' } }] }],
    ['two operators in one condition', { owner: [{ exists: false, 'anything-but': ['x'] }] }],
    ['a nested policy', { owner: { team: ['x'] } }],
    ['a bare number', { daysLeft: [7] }],
    ['a numeric condition with an unknown comparison', { daysLeft: [{ numeric: ['!=', 7] }] }],
  ])(
    'GIVEN a policy with %s WHEN parsed THEN it is refused as UnsupportedByFake, never guessed',
    (_case, policy) => {
      // Prepare: the policy of the case
      // Act
      const act = () => parseFilterPolicy(policy);
      // Assess
      expect(act).toThrow(UnsupportedByFake);
    },
  );

  it.each<[string, Record<string, unknown>, Record<string, MessageAttribute>]>([
    ['a string against a Number attribute', { daysLeft: ['7'] }, BASE],
    ['numeric against a String attribute', { app: [{ numeric: ['>', 0] }] }, BASE],
    [
      'a String.Array attribute',
      { owner: ['x'] },
      { ...BASE, owner: { DataType: 'String.Array', StringValue: '["x"]' } },
    ],
    [
      'a Binary attribute',
      { owner: [{ exists: true }, 'x'] },
      { ...BASE, owner: { DataType: 'Binary', BinaryValue: 'eA==' } },
    ],
    [
      'an unjudgeable value after a matching one',
      { owner: ['x', { numeric: ['>', 0] }] },
      { ...BASE, owner: str('x') },
    ],
  ])('GIVEN %s WHEN matched THEN it is refused as UnsupportedByFake', (_case, policy, attributes) => {
    // Prepare
    const parsed = parseFilterPolicy(policy);
    // Act
    const act = () => filterPolicyMatches(parsed, attributes);
    // Assess
    expect(act).toThrow(UnsupportedByFake);
  });
});

describe('FakeAws SNS: delivery to subscriptions by their filter policies', () => {
  let fake: FakeAws;
  let client: SNSClient;
  let topicArn: string;

  beforeEach(async () => {
    fake = await FakeAws.start();
    client = new SNSClient({
      endpoint: fake.endpoint,
      region: fake.region,
      credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' },
      maxAttempts: 1,
    });
    topicArn = fake.sns.createTopic('alerts');
  });

  afterEach(async () => {
    client.destroy();
    await fake.close();
  });

  function publish(attributes: Record<string, { DataType: string; StringValue: string }>) {
    return client.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: 'LWA',
        MessageStructure: 'json',
        Message: JSON.stringify({ default: 'D', email: 'E', sms: 'S' }),
        MessageAttributes: attributes,
      }),
    );
  }

  it('GIVEN filtered, unfiltered, pending and other-topic subscriptions WHEN two messages are published THEN each confirmed match gets its protocol body, in order', async () => {
    // Prepare
    fake.sns.subscribe(topicArn, 'email', 'all@example.com');
    fake.sns.subscribe(topicArn, 'email', 'pay@example.com', { filterPolicy: { owner: ['payments'] } });
    fake.sns.subscribe(topicArn, 'sms', '+14155550100', {
      filterPolicy: JSON.stringify({ owner: ['payments'], severity: ['expired'] }),
    });
    fake.sns.subscribe(topicArn, 'email', 'new@example.com', { confirmed: false });
    fake.sns.subscribe(topicArn, 'lambda', 'arn:aws:lambda:us-east-1:123456789012:function:f');
    fake.sns.subscribe(fake.sns.createTopic('other'), 'email', 'elsewhere@example.com');
    // Act
    await publish({ severity: { DataType: 'String', StringValue: '7-day' } });
    await publish({
      severity: { DataType: 'String', StringValue: 'expired' },
      owner: { DataType: 'String', StringValue: 'payments' },
    });
    // Assess
    expect(fake.sns.deliveries.map((d) => [d.sequence, d.message.sequence, d.endpoint, d.body])).toEqual([
      [1, 1, 'all@example.com', 'E'],
      [2, 1, 'arn:aws:lambda:us-east-1:123456789012:function:f', 'D'],
      [3, 2, 'all@example.com', 'E'],
      [4, 2, 'pay@example.com', 'E'],
      [5, 2, '+14155550100', 'S'],
      [6, 2, 'arn:aws:lambda:us-east-1:123456789012:function:f', 'D'],
    ]);
    expect(fake.sns.deliveriesTo('+14155550100')).toEqual([
      expect.objectContaining({ protocol: 'sms', body: 'S', message: fake.sns.published[1] }),
    ]);
    expect(fake.sns.deliveriesTo('new@example.com')).toEqual([]);
    expect(fake.problems).toEqual([]);
  });

  it('GIVEN a plain (not JSON-structured) message WHEN delivered THEN every protocol gets the message itself', async () => {
    // Prepare
    fake.sns.subscribe(topicArn, 'sms', '+14155550100');
    // Act
    await client.send(new PublishCommand({ TopicArn: topicArn, Message: 'hello' }));
    // Assess
    expect(fake.sns.deliveriesTo('+14155550100').map((d) => d.body)).toEqual(['hello']);
  });

  it('GIVEN a policy with an operator the fake does not evaluate WHEN subscribed THEN UnsupportedByFake is thrown', () => {
    // Prepare
    const policy = { app: [{ suffix: 'me' }] };
    // Act
    const act = () => fake.sns.subscribe(topicArn, 'email', 'x@example.com', { filterPolicy: policy });
    // Assess
    expect(act).toThrow(UnsupportedByFake);
  });

  it('GIVEN a policy the fake cannot judge on this message WHEN published THEN the publish fails, nothing is recorded, and the problem is reported', async () => {
    // Prepare
    fake.sns.subscribe(topicArn, 'email', 'x@example.com', { filterPolicy: { daysLeft: ['7'] } });
    // Act
    const error = await errorOf(publish({ daysLeft: { DataType: 'Number', StringValue: '7' } }));
    // Assess
    expect(error.message).toMatch(/FakeAws does not implement the SNS filter policy string equals match/);
    expect(fake.sns.published).toEqual([]);
    expect(fake.sns.deliveries).toEqual([]);
    expect(fake.problems).toHaveLength(1);
  });
});
