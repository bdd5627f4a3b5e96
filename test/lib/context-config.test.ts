import type { CfnElement } from 'aws-cdk-lib';
import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import {
  CONFIG_KEYS,
  ConfigError,
  RecipientsError,
  checkRecipients,
  monitorPropsFromContext,
  unknownConfigKeys,
} from '../../lib/context-config';
import type { IConstruct } from 'constructs';
import { LwaExpiryMonitor } from '../../lib/lwa-expiry-monitor';
import { newTestApp } from './cdk-test-app';

// The first synthesis in a worker loads much of aws-cdk-lib: seconds on a busy CI machine.
jest.setTimeout(30_000);

/** Context exactly as `cdk synth -c key=value` hands it to the app: every value a string. */
function readerOf(context: Record<string, unknown>) {
  return (key: string): unknown => context[key];
}

/** Builds a monitor from context the way bin/app.ts does, in a fresh App. */
function monitorFromContext(context: Record<string, unknown>) {
  const app = newTestApp(context);
  const stack = new Stack(app, 'FromContext');
  const props = monitorPropsFromContext((key) => app.node.tryGetContext(key));
  const monitor = new LwaExpiryMonitor(stack, 'Monitor', props);
  return { stack, monitor };
}

describe('unknownConfigKeys: a mistyped key is reported, CDK keys are not', () => {
  it('reports keys that look like ours but are not known', () => {
    // GIVEN context with a typo, a known key and CDK's own keys
    const context = {
      alertEmail: 'a@x.com',
      thresholds: '30,7,1',
      alertEmails: 'a@x.com',
      '@aws-cdk/core:newStyleStackSynthesis': true,
      'aws:cdk:bundling-stacks': ['**'],
      'availability-zones:account=111122223333:region=eu-west-1': ['eu-west-1a'],
    };

    // WHEN unknown keys are listed THEN only the typos are
    expect(unknownConfigKeys(context)).toEqual(['alertEmail', 'thresholds']);
  });

  it('accepts every documented key', () => {
    // GIVEN every known key WHEN unknown keys are listed THEN there are none
    const context = Object.fromEntries(CONFIG_KEYS.map((key) => [key, 'x']));
    expect(unknownConfigKeys(context)).toEqual([]);
  });
});

describe('monitorPropsFromContext: turns -c strings and cdk.json values into construct props', () => {
  it('reads every documented key, and only those', () => {
    // GIVEN a reader that records what it is asked
    const asked: string[] = [];

    const reader = (key: string) => {
      asked.push(key);
      return undefined;
    };

    // WHEN props are built from empty context, and the recipients checked as bin/app.ts does
    const props = monitorPropsFromContext(reader);
    expect(() => checkRecipients(props, reader)).toThrow(RecipientsError);

    // THEN each CONFIG_KEYS entry was read, and nothing is set
    expect([...new Set(asked)].sort()).toEqual([...CONFIG_KEYS].sort());
    expect(Object.values(props).every((value) => value === undefined)).toBe(true);
  });

  it('parses strings as -c gives them', () => {
    // GIVEN every key as a command-line string
    const props = monitorPropsFromContext(
      readerOf({
        alertEmails: 'a@x.com,b@x.com',
        alertPhoneNumbers: '["+15555550100","+447700900123"]',
        smsSeverities: '1-day,expired',
        thresholdsDays: '30,7,1',
        windowDays: '90',
        scheduleExpression: 'rate(2 hours)',
        appTagKey: 'sp-api:app',
        expiredReminderHours: '12',
        logRetentionDays: '30',
        perAppMetrics: 'true',
      }),
    );

    // THEN they become typed props
    expect(props).toMatchObject({
      alertEmails: ['a@x.com', 'b@x.com'],
      alertPhoneNumbers: ['+15555550100', '+447700900123'],
      smsSeverities: ['1-day', 'expired'],
      thresholdsDays: [30, 7, 1],
      windowDays: 90,
      scheduleExpression: 'rate(2 hours)',
      appTagKey: 'sp-api:app',
      logRetention: logs.RetentionDays.ONE_MONTH,
      perAppMetrics: true,
    });
    expect(props.expiredReminderInterval?.toHours()).toBe(12);
  });

  it('parses JSON values as cdk.json gives them', () => {
    // GIVEN arrays and numbers from cdk.json
    const props = monitorPropsFromContext(
      readerOf({
        alertEmails: ['a@x.com'],
        thresholdsDays: [14, 3],
        windowDays: 120,
        expiredReminderHours: 48,
        logRetentionDays: 365,
        perAppMetrics: false,
      }),
    );

    // THEN they become the same typed props
    expect(props).toMatchObject({
      alertEmails: ['a@x.com'],
      thresholdsDays: [14, 3],
      windowDays: 120,
      logRetention: logs.RetentionDays.ONE_YEAR,
      perAppMetrics: false,
    });
    expect(props.expiredReminderInterval).toEqual(Duration.hours(48));
  });

  it('accepts thresholds as a bracketed string', () => {
    // GIVEN -c thresholdsDays=[30,7,1] WHEN read THEN the brackets are dropped
    expect(monitorPropsFromContext(readerOf({ thresholdsDays: '[30, 7, 1]' })).thresholdsDays).toEqual([
      30, 7, 1,
    ]);
  });

  it('builds the subscriptions from comma strings and JSON array strings in an App context', () => {
    // GIVEN App context as `cdk synth -c alertEmails=a@x.com,b@x.com -c alertPhoneNumbers=[...]` sets it
    const { stack, monitor } = monitorFromContext({
      alertEmails: 'a@x.com,b@x.com',
      alertPhoneNumbers: '["+15555550100"]',
    });

    // WHEN the stack is synthesized
    const template = Template.fromStack(stack);

    // THEN both emails and the number are subscribed to the alert topic, the number with the SMS filter
    const topicRef = { Ref: stack.getLogicalId(monitor.topic.node.defaultChild as CfnElement) };
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'a@x.com',
      TopicArn: topicRef,
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'b@x.com',
      TopicArn: topicRef,
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sms',
      Endpoint: '+15555550100',
      TopicArn: topicRef,
      FilterPolicy: {
        severity: [
          '7-day',
          '1-day',
          'expired',
          'verification-failed',
          'secret-rejected',
          'rotation-failed',
          'test',
        ],
      },
    });
  });

  it.each([
    ['by default', {}, 'false'],
    ['with -c perAppMetrics=true', { perAppMetrics: 'true' }, 'true'],
    ['with "perAppMetrics": false in cdk.json', { perAppMetrics: false }, 'false'],
  ])("sets the monitor's PER_APP_METRICS %s", (_name, context, expected) => {
    // GIVEN the context WHEN the stack is synthesized THEN the monitor is told whether to emit per app
    const { stack } = monitorFromContext(context);
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { THRESHOLDS_DAYS: '30,7,1', PER_APP_METRICS: expected } },
    });
  });

  it('passes string numbers through to the function environment', () => {
    // GIVEN numeric settings as -c strings
    const { stack } = monitorFromContext({
      thresholdsDays: '14,3',
      windowDays: '90',
      expiredReminderHours: '6',
    });

    // WHEN the stack is synthesized THEN the environment carries the parsed values
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: { THRESHOLDS_DAYS: '14,3', WINDOW_DAYS: '90', EXPIRED_REMINDER_HOURS: '6' },
      },
    });
  });
});

describe('monitorPropsFromContext: every configuration error names the key and the bad value', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    // emails
    [
      'a malformed email',
      { alertEmails: 'ops@example' },
      /"alertEmails": "ops@example" is not valid; expected an email address/,
    ],
    [
      'a malformed second email',
      { alertEmails: 'a@x.com,not-an-email' },
      /"alertEmails": "not-an-email" is not valid/,
    ],
    ['a trailing comma', { alertEmails: 'a@x.com,' }, /"alertEmails": "" is not valid/],
    [
      'a duplicate email',
      { alertEmails: 'a@x.com,A@X.com' },
      /"alertEmails": "A@X.com" is not valid; expected each email address once/,
    ],
    [
      'a malformed operator email',
      { operatorEmails: 'ops(at)example.com' },
      /"operatorEmails": "ops\(at\)example.com" is not valid/,
    ],
    // phone numbers
    [
      'a number without +',
      { alertPhoneNumbers: '5555550100' },
      /"alertPhoneNumbers": "5555550100" is not valid; expected an E.164 phone number/,
    ],
    [
      'a number with dashes',
      { alertPhoneNumbers: '+1-555-555-0100' },
      /"alertPhoneNumbers": "\+1-555-555-0100" is not valid/,
    ],
    [
      'a duplicate number',
      { alertPhoneNumbers: '+15555550100,+15555550100' },
      /"alertPhoneNumbers": "\+15555550100" is not valid; expected each phone number once/,
    ],
    // thresholds
    [
      'duplicate thresholds',
      { thresholdsDays: '30,7,7' },
      /"thresholdsDays": "30,7,7" is not valid; expected distinct positive whole numbers/,
    ],
    ['a zero threshold', { thresholdsDays: '30,0' }, /"thresholdsDays": "30,0" is not valid/],
    ['a negative threshold', { thresholdsDays: '-1' }, /"thresholdsDays": "-1" is not valid/],
    ['a fractional threshold', { thresholdsDays: '1.5' }, /"thresholdsDays": "1.5" is not valid/],
    ['a word', { thresholdsDays: 'abc' }, /"thresholdsDays": "abc" is not valid/],
    ['an empty list', { thresholdsDays: '' }, /"thresholdsDays": "" is not valid/],
    ['a JSON array with a duplicate', { thresholdsDays: [7, 7] }, /"thresholdsDays": \[7,7\] is not valid/],
    ['an object', { thresholdsDays: { a: 1 } }, /"thresholdsDays": \{"a":1\} is not valid/],
    // window
    [
      'a window equal to the largest threshold',
      { windowDays: '30' },
      /"windowDays": 30 is not valid; expected a rotation window longer than the largest alert threshold \(30 days\)/,
    ],
    [
      'a window shorter than custom thresholds',
      { thresholdsDays: '60,7', windowDays: '45' },
      /"windowDays": 45 is not valid; expected .*\(60 days\)/,
    ],
    [
      'a window as a word',
      { windowDays: 'half a year' },
      /"windowDays": "half a year" is not valid; expected a whole number of days from 1 to 3650/,
    ],
    ['a zero window', { windowDays: '0' }, /"windowDays": "0" is not valid/],
    ['a fractional window', { windowDays: '180.5' }, /"windowDays": "180.5" is not valid/],
    // schedule
    [
      'a plural unit for 1',
      { scheduleExpression: 'rate(1 hours)' },
      /"scheduleExpression": "rate\(1 hours\)" is not valid; expected an EventBridge schedule expression/,
    ],
    [
      'a singular unit for 5',
      { scheduleExpression: 'rate(5 hour)' },
      /"scheduleExpression": "rate\(5 hour\)" is not valid/,
    ],
    [
      'a five-field cron',
      { scheduleExpression: 'cron(0 * * * *)' },
      /"scheduleExpression": "cron\(0 \* \* \* \*\)" is not valid/,
    ],
    [
      'a cron without "?"',
      { scheduleExpression: 'cron(0 12 * * * *)' },
      /"scheduleExpression": "cron\(0 12 \* \* \* \*\)" is not valid/,
    ],
    ['plain words', { scheduleExpression: 'every hour' }, /"scheduleExpression": "every hour" is not valid/],
    [
      'a non-string schedule',
      { scheduleExpression: 60 },
      /"scheduleExpression": 60 is not valid; expected a string/,
    ],
    // tag key
    [
      'a reserved tag key',
      { appTagKey: 'aws:lwa' },
      /"appTagKey": "aws:lwa" is not valid; expected a Secrets Manager tag key/,
    ],
    ['a tag key with !', { appTagKey: 'lwa!app' }, /"appTagKey": "lwa!app" is not valid/],
    ['a non-string tag key', { appTagKey: true }, /"appTagKey": true is not valid; expected a string/],
    // SMS severities
    [
      'an unknown severity',
      { smsSeverities: 'urgent' },
      /"smsSeverities": "urgent" is not valid; expected one of 30-day, 7-day, 1-day, expired, resolved, undetermined/,
    ],
    [
      'a severity of no configured threshold',
      { thresholdsDays: '14,3', smsSeverities: '7-day' },
      /"smsSeverities": "7-day" is not valid; expected one of 14-day, 3-day, expired/,
    ],
    [
      'an empty severity list',
      { smsSeverities: '' },
      /"smsSeverities": \[\] is not valid; expected at least one of/,
    ],
    // reminder interval
    [
      'a zero reminder interval',
      { expiredReminderHours: '0' },
      /"expiredReminderHours": "0" is not valid; expected a whole number of hours from 1 to 720/,
    ],
    [
      'a reminder interval in words',
      { expiredReminderHours: 'daily' },
      /"expiredReminderHours": "daily" is not valid/,
    ],
    [
      'a reminder interval over 30 days',
      { expiredReminderHours: '721' },
      /"expiredReminderHours": "721" is not valid/,
    ],
    // log retention
    [
      'a retention CloudWatch does not offer',
      { logRetentionDays: '100' },
      /"logRetentionDays": "100" is not valid; expected one of CloudWatch Logs' retention periods: 1, 3, 5, 7, 14, 30/,
    ],
    [
      'a zero retention',
      { logRetentionDays: '0' },
      /"logRetentionDays": "0" is not valid; expected a whole number of days from 1 to 9999/,
    ],
    ['a retention in words', { logRetentionDays: 'forever' }, /"logRetentionDays": "forever" is not valid/],
    ['a retention over ten years', { logRetentionDays: 3654 }, /"logRetentionDays": 3654 is not valid/],
    [
      'a retention beyond INFINITE (9999)',
      { logRetentionDays: '10000' },
      /"logRetentionDays": "10000" is not valid; expected a whole number of days from 1 to 9999/,
    ],
    // notification intake
    [
      'a notificationIntake that is not a boolean',
      { notificationIntake: 'yes' },
      /"notificationIntake": "yes" is not valid; expected true or false/,
    ],
    [
      'a notificationIntake of 0',
      { notificationIntake: 0 },
      /"notificationIntake": 0 is not valid; expected true or false/,
    ],
    // credential field names
    [
      'malformed credentialFields JSON',
      { credentialFields: '{clientSecret:lwaClientSecret}' },
      /"credentialFields": "\{clientSecret:lwaClientSecret\}" is not valid; expected a JSON object mapping some of clientId, clientSecret, refreshToken to field names/,
    ],
    [
      'an unknown credentialFields key',
      { credentialFields: '{"secret":"lwaClientSecret"}' },
      /"credentialFields": "\{\\"secret\\":\\"lwaClientSecret\\"\}" is not valid; expected a JSON object mapping/,
    ],
    [
      'a credentialFields array',
      { credentialFields: '["clientSecret"]' },
      /"credentialFields": "\[\\"clientSecret\\"\]" is not valid; expected a JSON object/,
    ],
    [
      'an empty credential field name',
      { credentialFields: { clientSecret: '' } },
      /"credentialFields": \{"clientSecret":""\} is not valid; expected a JSON object/,
    ],
    [
      'a credential field name that is not a string',
      { credentialFields: { clientId: 7 } },
      /"credentialFields": \{"clientId":7\} is not valid/,
    ],
    // automatic rotation
    [
      'autoRotateDaysBefore of 0',
      { storeNewSecrets: 'true', autoRotateDaysBefore: '0' },
      /"autoRotateDaysBefore": "0" is not valid; expected a whole number of days from 1 to 179/,
    ],
    [
      'autoRotateDaysBefore of the whole (default) 180-day window',
      { storeNewSecrets: 'true', autoRotateDaysBefore: '180' },
      /"autoRotateDaysBefore": "180" is not valid; expected a whole number of days from 1 to 179/,
    ],
    [
      'autoRotateDaysBefore not shorter than windowDays (named as given, not as the prop)',
      { storeNewSecrets: 'true', windowDays: '60', autoRotateDaysBefore: '60' },
      /^Invalid configuration "autoRotateDaysBefore": "60" is not valid; expected a whole number of days from 1 to 59/,
    ],
    [
      'autoRotateDaysBefore in words',
      { storeNewSecrets: 'true', autoRotateDaysBefore: 'two weeks' },
      /"autoRotateDaysBefore": "two weeks" is not valid/,
    ],
    [
      'a fractional autoRotateDaysBefore',
      { storeNewSecrets: 'true', autoRotateDaysBefore: 14.5 },
      /"autoRotateDaysBefore": 14.5 is not valid/,
    ],
    [
      'an unknown autoRotateScope',
      { storeNewSecrets: 'true', autoRotateDaysBefore: '14', autoRotateScope: 'some' },
      /"autoRotateScope": "some" is not valid; expected "tagged" \(only secrets opted in by tag\) or "all"/,
    ],
    [
      'autoRotateScope without autoRotateDaysBefore',
      { autoRotateScope: 'all' },
      /"autoRotateScope": "all" is not valid; expected autoRotateDaysBefore as well/,
    ],
    [
      'spApiEndpoint without automatic rotation or the live check',
      { spApiEndpoint: 'eu' },
      /"spApiEndpoint": "eu" is not valid; expected autoRotateDaysBefore or liveCheck=true as well: only automatic rotation and the live check call SP-API/,
    ],
    [
      'spApiEndpoint with liveCheck=false',
      { spApiEndpoint: 'eu', liveCheck: 'false' },
      /"spApiEndpoint": "eu" is not valid; expected autoRotateDaysBefore or liveCheck=true as well/,
    ],
    [
      'an unknown spApiEndpoint region for the live check',
      { liveCheck: 'true', spApiEndpoint: 'us' },
      /"spApiEndpoint": "us" is not valid; expected na, eu, fe, or an https:\/\/ URL/,
    ],
    [
      'an spApiEndpoint that is not a string',
      { storeNewSecrets: 'true', autoRotateDaysBefore: '14', spApiEndpoint: 3 },
      /"spApiEndpoint": 3 is not valid; expected a string/,
    ],
    [
      'an unknown spApiEndpoint region',
      { storeNewSecrets: 'true', autoRotateDaysBefore: '14', spApiEndpoint: 'us' },
      /"spApiEndpoint": "us" is not valid; expected na, eu, fe, or an https:\/\/ URL/,
    ],
    [
      'automatic rotation with the notification intake off',
      { storeNewSecrets: 'true', autoRotateDaysBefore: '14', notificationIntake: 'false' },
      /"autoRotateDaysBefore": "14" is not valid; expected notificationIntake left on \(it is false\)/,
    ],
    [
      'automatic rotation without storing new secrets (a requested secret would be lost)',
      { autoRotateDaysBefore: '14' },
      /"autoRotateDaysBefore": "14" is not valid; expected storeNewSecrets=true as well/,
    ],
    [
      'a storeNewSecrets that is not a boolean',
      { storeNewSecrets: 'yes' },
      /"storeNewSecrets": "yes" is not valid; expected true or false/,
    ],
    // live check
    [
      'a liveCheck that is not a boolean',
      { liveCheck: 'on' },
      /"liveCheck": "on" is not valid; expected true or false/,
    ],
    [
      'an unknown liveCheckScope',
      { liveCheck: 'true', liveCheckScope: 'everything' },
      /"liveCheckScope": "everything" is not valid; expected "tagged" \(only secrets opted in by tag\) or "all"/,
    ],
    [
      'liveCheckScope without liveCheck',
      { liveCheckScope: 'all' },
      /"liveCheckScope": "all" is not valid; expected liveCheck=true as well/,
    ],
    [
      'liveCheckScope with liveCheck=false',
      { liveCheck: 'false', liveCheckScope: 'tagged' },
      /"liveCheckScope": "tagged" is not valid; expected liveCheck=true as well/,
    ],
    // metrics
    [
      'a perAppMetrics that is not a boolean',
      { perAppMetrics: 'yes' },
      /"perAppMetrics": "yes" is not valid; expected true or false/,
    ],
    // webhooks
    [
      'a webhooks value that is not a boolean',
      { webhooks: 'slack' },
      /"webhooks": "slack" is not valid; expected true or false/,
    ],
  ];

  it.each(cases)('rejects %s', (_name, context, expected) => {
    // GIVEN invalid context WHEN the monitor is built from it THEN a ConfigError names key and value
    expect(() => monitorFromContext(context)).toThrow(ConfigError);
    expect(() => monitorFromContext(context)).toThrow(expected);
  });
});

describe('monitorPropsFromContext: the SP-API keys turn the intake off and the automation on', () => {
  it('bounds autoRotateDaysBefore by the rotation window given, not by a fixed number', () => {
    // GIVEN a 365-day window WHEN 200 days before expiry is asked THEN it is accepted; 365 is not
    expect(
      monitorPropsFromContext(
        readerOf({ storeNewSecrets: 'true', windowDays: '365', autoRotateDaysBefore: '200' }),
      ).autoRotation,
    ).toMatchObject({ rotateDaysBefore: 200 });
    expect(() =>
      monitorPropsFromContext(
        readerOf({ storeNewSecrets: 'true', windowDays: '365', autoRotateDaysBefore: '365' }),
      ),
    ).toThrow(/"autoRotateDaysBefore": "365" is not valid; expected a whole number of days from 1 to 364/);
  });

  it('parses them as -c gives them: strings, JSON in a string', () => {
    // GIVEN every SP-API key as a command-line string
    const props = monitorPropsFromContext(
      readerOf({
        notificationIntake: 'true',
        credentialFields: '{"clientSecret":"lwaClientSecret","refreshToken":"lwaRefreshToken"}',
        storeNewSecrets: 'true',
        autoRotateDaysBefore: '20',
        autoRotateScope: 'all',
        spApiEndpoint: 'eu',
        liveCheck: 'true',
        liveCheckScope: 'all',
        webhooks: 'true',
      }),
    );

    // THEN they become typed props
    expect(props).toMatchObject({
      notificationIntake: true,
      credentialFields: { clientSecret: 'lwaClientSecret', refreshToken: 'lwaRefreshToken' },
      autoRotation: { rotateDaysBefore: 20, scope: 'all', spApiEndpoint: 'eu' },
      liveCheck: { scope: 'all', spApiEndpoint: 'eu' },
      webhooks: true,
    });
  });

  it('parses them as cdk.json gives them: booleans, numbers, objects', () => {
    // GIVEN the same keys with JSON types
    const props = monitorPropsFromContext(
      readerOf({
        notificationIntake: false,
        credentialFields: { clientId: 'lwaClientId' },
        liveCheck: true,
        webhooks: false,
      }),
    );

    // THEN they become the same typed props; the absent automation stays off
    expect(props).toMatchObject({
      notificationIntake: false,
      credentialFields: { clientId: 'lwaClientId' },
      liveCheck: { scope: undefined },
      webhooks: false,
    });
    expect(props.autoRotation).toBeUndefined();
  });

  it('takes spApiEndpoint with the live check alone, for its SP-API call', () => {
    // GIVEN the live check and an endpoint, without automatic rotation WHEN read THEN the live check gets it
    const props = monitorPropsFromContext(readerOf({ liveCheck: 'true', spApiEndpoint: 'fe' }));
    expect(props.liveCheck).toEqual({ scope: undefined, spApiEndpoint: 'fe' });
    expect(props.autoRotation).toBeUndefined();
  });

  it('reads autoRotateDaysBefore alone as rotation with the construct defaults', () => {
    // GIVEN only the number of days WHEN read THEN scope and endpoint are left to the construct
    expect(
      monitorPropsFromContext(readerOf({ storeNewSecrets: 'true', autoRotateDaysBefore: 14 })).autoRotation,
    ).toEqual({
      rotateDaysBefore: 14,
      scope: undefined,
      spApiEndpoint: undefined,
    });
  });

  it.each([
    ['liveCheck', 'false'],
    ['liveCheck', false],
  ])('leaves the live check off for %s=%p', (key, value) => {
    // GIVEN the live check turned off explicitly WHEN read THEN there is no live check
    expect(monitorPropsFromContext(readerOf({ [key]: value })).liveCheck).toBeUndefined();
  });

  it.each([
    ['9999', logs.RetentionDays.INFINITE],
    ['3653', logs.RetentionDays.TEN_YEARS],
    [1, logs.RetentionDays.ONE_DAY],
  ])('accepts logRetentionDays %p', (raw, expected) => {
    // GIVEN a retention CloudWatch Logs offers, up to 9999 (never expire) WHEN read THEN it is kept
    expect(monitorPropsFromContext(readerOf({ logRetentionDays: raw })).logRetention).toBe(expected);
  });
});

describe('monitorPropsFromContext: App context decides which parts are deployed', () => {
  const functionsOf = (stack: Stack) =>
    Object.keys(Template.fromStack(stack).findResources('AWS::Lambda::Function')).length;

  /** The monitor from empty context, synthesized once for this describe. */
  let byDefault: ReturnType<typeof monitorFromContext>;

  beforeAll(() => {
    byDefault = monitorFromContext({});
  });

  it('keeps the notification intake by default and drops it for notificationIntake "false"', () => {
    // GIVEN empty context, and -c notificationIntake=false
    const without = monitorFromContext({ notificationIntake: 'false' });

    // WHEN the stacks are synthesized THEN only the first has the intake and its event source
    expect(byDefault.monitor.notificationIntake).toBeDefined();
    expect(without.monitor.notificationIntake).toBeUndefined();
    Template.fromStack(byDefault.stack).resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    Template.fromStack(without.stack).resourceCountIs('AWS::Lambda::EventSourceMapping', 0);
    expect(functionsOf(without.stack)).toBe(functionsOf(byDefault.stack) - 1);
  });

  it.each([
    ['autoRotateDaysBefore=20', { storeNewSecrets: 'true', autoRotateDaysBefore: '20' }, 'autoRotation'],
    ['liveCheck=true', { liveCheck: 'true' }, 'liveCheck'],
    ['webhooks=true', { webhooks: 'true' }, 'webhookForwarder'],
  ] as const)('adds one function for %s', (_name, context, member) => {
    // GIVEN one automation turned on through context
    const { stack, monitor } = monitorFromContext(context);

    // WHEN the stacks are synthesized THEN its construct exists and there is one function more
    expect(monitor[member]).toBeDefined();
    expect(functionsOf(stack)).toBe(functionsOf(byDefault.stack) + 1);
  });

  it('configures every automation from -c strings', () => {
    // GIVEN every automation with its settings, and custom credential fields, as -c strings
    const { stack, monitor } = monitorFromContext({
      storeNewSecrets: 'true',
      autoRotateDaysBefore: '20',
      autoRotateScope: 'all',
      spApiEndpoint: 'eu',
      liveCheck: 'true',
      liveCheckScope: 'all',
      webhooks: 'true',
      credentialFields: '{"clientSecret":"lwaClientSecret"}',
    });

    // WHEN the stack is synthesized
    const template = Template.fromStack(stack);
    const environmentOf = (fn: IConstruct | undefined) => {
      if (fn === undefined) throw new Error('expected the function to exist');
      const resources = template.toJSON().Resources as Record<
        string,
        { Properties: { Environment: { Variables: Record<string, unknown> } } }
      >;
      return resources[stack.getLogicalId(fn.node.defaultChild as CfnElement)]?.Properties.Environment
        .Variables;
    };

    // THEN the functions carry the settings
    const fields = JSON.stringify({
      clientId: 'clientId',
      clientSecret: 'lwaClientSecret',
      refreshToken: 'refreshToken',
    });
    expect(functionsOf(stack)).toBe(5);
    expect(environmentOf(monitor.autoRotation?.rotationFunction)).toMatchObject({
      ROTATE_DAYS_BEFORE: '20',
      AUTOMATION_SCOPE: 'all',
      SP_API_ENDPOINT: 'https://sellingpartnerapi-eu.amazon.com',
      CREDENTIAL_FIELDS: fields,
    });
    expect(environmentOf(monitor.liveCheck?.checkFunction)).toMatchObject({
      AUTOMATION_SCOPE: 'all',
      SP_API_ENDPOINT: 'https://sellingpartnerapi-eu.amazon.com',
      CREDENTIAL_FIELDS: fields,
    });
    expect(environmentOf(monitor.notificationIntake?.handler)).toMatchObject({ CREDENTIAL_FIELDS: fields });
    expect(monitor.webhookForwarder).toBeDefined();
  });

  it('keeps logs forever for logRetentionDays 9999', () => {
    // GIVEN -c logRetentionDays=9999 WHEN the stack is synthesized
    const { stack } = monitorFromContext({ logRetentionDays: '9999' });

    // THEN no log group sets a retention, which CloudWatch Logs reads as "never expire"
    const groups = Object.values(Template.fromStack(stack).findResources('AWS::Logs::LogGroup'));
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) expect(group).not.toHaveProperty('Properties.RetentionInDays');
  });
});

describe('checkRecipients: synth refuses topics nobody receives', () => {
  function check(context: Record<string, unknown>): () => void {
    const read = readerOf(context);
    return () => checkRecipients(monitorPropsFromContext(read), read);
  }

  it('names every key that adds a recipient when none is configured', () => {
    // GIVEN no recipient at all WHEN checked THEN both topics are named, with the keys and the opt-out
    expect(check({})).toThrow(RecipientsError);
    expect(check({})).toThrow(
      /No alert recipient is configured: set alertEmails, alertPhoneNumbers or webhooks=true.*\n.*operator topic .* no subscriber: set operatorEmails, or alertEmails.*\n.*cdk\.json.*\n.*allowNoRecipients=true/,
    );
  });

  it('is a ConfigError, which bin/app.ts prints as one message without a stack trace', () => {
    expect(check({})).toThrow(ConfigError);
  });

  it.each([
    ['an alert email (also the operator default)', { alertEmails: 'a@x.com' }],
    [
      'a phone number and an operator email',
      { alertPhoneNumbers: '+15555550100', operatorEmails: 'o@x.com' },
    ],
    ['webhooks and an operator email', { webhooks: 'true', operatorEmails: ['o@x.com'] }],
    ['nothing, with the explicit opt-out', { allowNoRecipients: 'true' }],
    ['the opt-out as a cdk.json boolean', { allowNoRecipients: true }],
  ])('accepts %s', (_name, context) => {
    expect(check(context)).not.toThrow();
  });

  it('refuses SMS alone: the operator topic needs an email', () => {
    expect(check({ alertPhoneNumbers: '+15555550100' })).toThrow(
      /^The operator topic \(alarms about the monitor itself\) would have no subscriber: set operatorEmails/,
    );
  });

  it('refuses an emptied operator list even with alert emails', () => {
    expect(check({ alertEmails: 'a@x.com', operatorEmails: '' })).toThrow(/operator topic/);
  });

  it('refuses webhooks=false as a recipient', () => {
    expect(check({ webhooks: 'false', operatorEmails: 'o@x.com' })).toThrow(/^No alert recipient/);
  });

  it('refuses an opt-out that is not a boolean, naming it', () => {
    expect(check({ allowNoRecipients: 'yes' })).toThrow(
      /"allowNoRecipients": "yes" is not valid; expected true or false/,
    );
  });
});
