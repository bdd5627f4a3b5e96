import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { LwaExpiryMonitorProps } from '../../lib/lwa-expiry-monitor';
import { monitorPropsFromContext } from '../../lib/context-config';
import { ConfigError } from '../../lib/validation';
import { filterPolicyMatches, parseFilterPolicy } from '../../tools/fake-aws';
import { DEFAULT_SMS_TAIL, monitorInStack } from './cdk-test-app';

// The first synthesis in a worker loads much of aws-cdk-lib: seconds on a busy CI machine.
jest.setTimeout(30_000);

const OWNERS: LwaExpiryMonitorProps['owners'] = {
  payments: { emails: ['pay@example.com'], phones: ['+14155550100'] },
  search: { emails: ['search@example.com'] },
};
const BASE: LwaExpiryMonitorProps = {
  alertEmails: ['ops@example.com'],
  alertPhoneNumbers: ['+15555550100'],
  owners: OWNERS,
};

interface Subscription {
  readonly Protocol: string;
  readonly Endpoint: string;
  readonly FilterPolicy?: Record<string, unknown[]>;
}

function synth(props: LwaExpiryMonitorProps) {
  const { stack, monitor } = monitorInStack(props);
  const template = Template.fromStack(stack);
  const topicRef = { Ref: stack.getLogicalId(monitor.topic.node.defaultChild as CfnElement) };
  const subscriptions = Object.values(
    template.findResources('AWS::SNS::Subscription', { Properties: { TopicArn: topicRef } }),
  ).map((resource) => resource.Properties as Subscription);
  return { template, subscriptions };
}

/** Endpoints that receive an alert of this severity and owner, sorted. */
function recipientsOf(subscriptions: readonly Subscription[], severity: string, owner?: string): string[] {
  // The attributes the monitor publishes, matched as SNS matches them (the loopback fake's rules).
  const text = (value: string) => ({ DataType: 'String', StringValue: value });
  const attributes = {
    app: text('Acme'),
    severity: text(severity),
    daysLeft: { DataType: 'Number', StringValue: '7' },
    ...(owner === undefined ? {} : { owner: text(owner) }),
  };
  return subscriptions
    .filter(
      (s) =>
        s.FilterPolicy === undefined || filterPolicyMatches(parseFilterPolicy(s.FilterPolicy), attributes),
    )
    .map((s) => s.Endpoint)
    .sort();
}

describe('owners: each app alerts its owner through subscription filter policies on "owner"', () => {
  it('GIVEN two owners WHEN synthesized THEN each owner subscription filters on its name, the SMS ones on the urgent severities as well', () => {
    // Act
    const { subscriptions } = synth(BASE);
    // Assess
    const byEndpoint = Object.fromEntries(subscriptions.map((s) => [s.Endpoint, s]));
    expect(byEndpoint['pay@example.com']).toEqual({
      Protocol: 'email',
      Endpoint: 'pay@example.com',
      TopicArn: expect.anything() as unknown,
      FilterPolicy: { owner: ['payments'] },
    });
    expect(byEndpoint['search@example.com']?.FilterPolicy).toEqual({ owner: ['search'] });
    expect(byEndpoint['+14155550100']?.FilterPolicy).toEqual({
      severity: ['7-day', '1-day', ...DEFAULT_SMS_TAIL, 'test'],
      owner: ['payments'],
    });
    expect(byEndpoint['ops@example.com']?.FilterPolicy).toBeUndefined();
    expect(Object.keys(byEndpoint['+15555550100']?.FilterPolicy ?? {})).toEqual(['severity']);
    expect(subscriptions).toHaveLength(5);
  });

  it('GIVEN two owners and the default recipients getting all WHEN alerts of each owner arrive THEN the owner and the defaults get them, the other owner not', () => {
    // Act
    const { subscriptions } = synth(BASE);
    // Assess
    expect(recipientsOf(subscriptions, '30-day', 'payments')).toEqual(['ops@example.com', 'pay@example.com']);
    expect(recipientsOf(subscriptions, '1-day', 'payments')).toEqual([
      '+14155550100',
      '+15555550100',
      'ops@example.com',
      'pay@example.com',
    ]);
    expect(recipientsOf(subscriptions, '1-day', 'search')).toEqual([
      '+15555550100',
      'ops@example.com',
      'search@example.com',
    ]);
    expect(recipientsOf(subscriptions, '1-day')).toEqual(['+15555550100', 'ops@example.com']);
  });

  it('GIVEN defaultRecipientsGet=unowned WHEN alerts arrive THEN the defaults get only those without a configured owner, never an owned one', () => {
    // Act
    const { subscriptions } = synth({ ...BASE, defaultRecipientsGet: 'unowned' });
    // Assess
    const ops = subscriptions.find((s) => s.Endpoint === 'ops@example.com');
    expect(ops?.FilterPolicy).toEqual({
      owner: [{ exists: false }, { 'anything-but': ['payments', 'search'] }],
    });
    const opsPhone = subscriptions.find((s) => s.Endpoint === '+15555550100');
    expect(opsPhone?.FilterPolicy?.owner).toEqual([
      { exists: false },
      { 'anything-but': ['payments', 'search'] },
    ]);
    expect(recipientsOf(subscriptions, '1-day', 'payments')).toEqual(['+14155550100', 'pay@example.com']);
    expect(recipientsOf(subscriptions, '1-day', 'search')).toEqual(['search@example.com']);
    // No owner tag (or a malformed one), and an owner tag naming a team that is not configured
    expect(recipientsOf(subscriptions, '1-day')).toEqual(['+15555550100', 'ops@example.com']);
    expect(recipientsOf(subscriptions, '1-day', 'billing')).toEqual(['+15555550100', 'ops@example.com']);
    expect(recipientsOf(subscriptions, '30-day', 'billing')).toEqual(['ops@example.com']);
  });

  it('GIVEN an address under two owners and one also a default recipient WHEN synthesized THEN each is subscribed once, and gets each alert once', () => {
    // Prepare
    const props: LwaExpiryMonitorProps = {
      alertEmails: ['ops@example.com'],
      owners: {
        payments: { emails: ['lead@example.com', 'OPS@example.com'] },
        search: { emails: ['lead@example.com'] },
      },
      defaultRecipientsGet: 'unowned',
    };
    // Act
    const { subscriptions } = synth(props);
    // Assess
    expect(subscriptions.map((s) => s.Endpoint).sort()).toEqual(['lead@example.com', 'ops@example.com']);
    expect(subscriptions.find((s) => s.Endpoint === 'lead@example.com')?.FilterPolicy).toEqual({
      owner: ['payments', 'search'],
    });
    expect(recipientsOf(subscriptions, '7-day', 'payments')).toEqual(['lead@example.com', 'ops@example.com']);
    expect(recipientsOf(subscriptions, '7-day', 'search')).toEqual(['lead@example.com']);
    expect(recipientsOf(subscriptions, '7-day')).toEqual(['ops@example.com']);
  });

  it('GIVEN owners WHEN synthesized THEN the functions that alert learn the owner names; without owners they get no such variable', () => {
    // Act
    const owned = synth({ ...BASE, autoRotation: {}, storeNewSecrets: true, liveCheck: {} }).template;
    const plain = synth({ alertEmails: ['ops@example.com'] }).template;
    // Assess
    const withNames = Object.values(owned.findResources('AWS::Lambda::Function')).filter(
      (fn) =>
        (fn.Properties as { Environment?: { Variables?: Record<string, string> } }).Environment?.Variables
          ?.OWNER_NAMES === 'payments,search',
    );
    expect(withNames).toHaveLength(4); // monitor, notification intake, rotation, live check
    const anyNames = Object.values(plain.findResources('AWS::Lambda::Function')).filter(
      (fn) =>
        (fn.Properties as { Environment?: { Variables?: Record<string, string> } }).Environment?.Variables
          ?.OWNER_NAMES !== undefined,
    );
    expect(anyNames).toEqual([]);
  });
});

describe('owners: validated at synth, each error naming the key', () => {
  function errorOf(props: LwaExpiryMonitorProps): ConfigError {
    try {
      monitorInStack(props);
    } catch (error: unknown) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
    throw new Error('no ConfigError');
  }

  it.each<[string, LwaExpiryMonitorProps['owners'], string, unknown]>([
    ['a malformed owner name', { 'pay ments': { emails: ['a@example.com'] } }, 'owners', 'pay ments'],
    [
      'a malformed email',
      { payments: { emails: ['not-an-address'] } },
      'owners.payments.emails',
      'not-an-address',
    ],
    [
      'a phone number not in E.164',
      { payments: { phones: ['0415 555 0100'] } },
      'owners.payments.phones',
      '0415 555 0100',
    ],
    [
      'an owner without recipients',
      { payments: { emails: [], phones: [] } },
      'owners.payments',
      { emails: [], phones: [] },
    ],
    [
      'an unknown key',
      { payments: { email: ['a@example.com'] } as never },
      'owners.payments.email',
      { email: ['a@example.com'] },
    ],
  ])(
    'GIVEN %s WHEN synthesized THEN a ConfigError names the key and the value',
    (_case, owners, key, value) => {
      // Act
      const error = errorOf({ ...BASE, owners });
      // Assess
      expect(error).toMatchObject({ key, value });
      expect(error.message).toContain(`Invalid configuration "${key}"`);
    },
  );

  it('GIVEN defaultRecipientsGet=unowned without owners WHEN synthesized THEN a ConfigError says owners are needed', () => {
    // Act
    const error = errorOf({ alertEmails: ['ops@example.com'], defaultRecipientsGet: 'unowned' });
    // Assess
    expect(error).toMatchObject({ key: 'defaultRecipientsGet', value: 'unowned' });
  });

  it('GIVEN so many owners that the default SMS filter would exceed SNS limits WHEN synthesized THEN a ConfigError says why', () => {
    // Prepare
    const owners = Object.fromEntries(
      Array.from({ length: 25 }, (_, i) => [`team-${i}`, { emails: [`t${i}@example.com`] }]),
    );
    // Act
    const error = errorOf({ ...BASE, owners, defaultRecipientsGet: 'unowned' });
    // Assess
    expect(error).toMatchObject({ key: 'owners', value: '+15555550100' });
    expect(error.expected).toContain('SNS allows at most 150');
  });
});

describe('owners and defaultRecipientsGet from the cdk context', () => {
  const readerOf = (context: Record<string, unknown>) => (key: string) => context[key];

  it('GIVEN owners as cdk.json JSON and as a -c string WHEN read THEN both give the same props', () => {
    // Prepare
    const json = { payments: { emails: ['pay@example.com'], phones: ['+14155550100'] } };
    // Act
    const fromJson = monitorPropsFromContext(readerOf({ owners: json, defaultRecipientsGet: 'unowned' }));
    const fromString = monitorPropsFromContext(readerOf({ owners: JSON.stringify(json) }));
    // Assess
    expect(fromJson.owners).toEqual(json);
    expect(fromJson.defaultRecipientsGet).toBe('unowned');
    expect(fromString.owners).toEqual(json);
    expect(fromString.defaultRecipientsGet).toBeUndefined();
  });

  it.each<[unknown, string]>([
    ['{"payments":', 'owners'],
    [['payments'], 'owners'],
    [{ payments: 'pay@example.com' }, 'owners.payments'],
    [{ payments: { emails: 42 } }, 'owners.payments.emails'],
  ])('GIVEN owners=%j WHEN read THEN a ConfigError names %s', (owners, key) => {
    // Act
    const act = () => monitorPropsFromContext(readerOf({ owners }));
    // Assess
    expect(act).toThrow(expect.objectContaining({ name: 'ConfigError', key }) as Error);
  });

  it('GIVEN defaultRecipientsGet=some WHEN read THEN a ConfigError lists the two choices', () => {
    // Act
    const act = () => monitorPropsFromContext(readerOf({ defaultRecipientsGet: 'some' }));
    // Assess
    expect(act).toThrow(/"defaultRecipientsGet": "some" is not valid; expected "all" .* or "unowned"/);
  });
});
