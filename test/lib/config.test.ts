import type { CfnElement } from 'aws-cdk-lib';
import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import {
  CONFIG_KEYS,
  ConfigError,
  monitorPropsFromContext,
  parseList,
  unknownConfigKeys,
} from '../../lib/config';
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

describe('parseList: a list is a JSON array or a comma-separated string', () => {
  it.each([
    ['a comma-separated string', 'a@x.com,b@x.com', ['a@x.com', 'b@x.com']],
    ['a comma-separated string with spaces', ' a@x.com , b@x.com ', ['a@x.com', 'b@x.com']],
    ['a single value', 'a@x.com', ['a@x.com']],
    ['a JSON array given as a string (-c key=[...])', '["a@x.com", "b@x.com"]', ['a@x.com', 'b@x.com']],
    ['a JSON array from cdk.json', ['a@x.com', ' b@x.com'], ['a@x.com', 'b@x.com']],
    ['an empty string', '', []],
  ])('reads %s', (_name, raw, expected) => {
    // GIVEN a raw context value WHEN it is parsed THEN it is a list of trimmed strings
    expect(parseList('alertEmails', raw)).toEqual(expected);
  });

  it.each([undefined, null])('treats %p as not configured', (raw) => {
    // GIVEN an absent value WHEN it is parsed THEN there is no list
    expect(parseList('alertEmails', raw)).toBeUndefined();
  });

  it.each([
    [
      'a number',
      5,
      /"alertEmails": 5 is not valid; expected a comma-separated list or a JSON array of strings/,
    ],
    ['an object', { a: 1 }, /"alertEmails": \{"a":1\} is not valid/],
    ['an array of numbers', [1, 2], /"alertEmails": \[1,2\] is not valid; expected a list of strings/],
    [
      'a JSON array of numbers as a string',
      '[1,2]',
      /"alertEmails": \[1,2\] is not valid; expected a list of strings/,
    ],
    [
      'malformed JSON',
      '["a@x.com"',
      /"alertEmails": "\[\\"a@x.com\\"" is not valid; expected a comma-separated list/,
    ],
  ])('rejects %s, naming the key and the value', (_name, raw, expected) => {
    // GIVEN a malformed list WHEN it is parsed THEN a ConfigError names key and value
    expect(() => parseList('alertEmails', raw)).toThrow(ConfigError);
    expect(() => parseList('alertEmails', raw)).toThrow(expected);
  });
});

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

    // WHEN props are built from empty context
    const props = monitorPropsFromContext((key) => {
      asked.push(key);
      return undefined;
    });

    // THEN each CONFIG_KEYS entry was read, and nothing is set
    expect([...asked].sort()).toEqual([...CONFIG_KEYS].sort());
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
      }),
    );

    // THEN they become the same typed props
    expect(props).toMatchObject({
      alertEmails: ['a@x.com'],
      thresholdsDays: [14, 3],
      windowDays: 120,
      logRetention: logs.RetentionDays.ONE_YEAR,
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
      FilterPolicy: { severity: ['7-day', '1-day', 'expired'] },
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
  ];

  it.each(cases)('rejects %s', (_name, context, expected) => {
    // GIVEN invalid context WHEN the monitor is built from it THEN a ConfigError names key and value
    expect(() => monitorFromContext(context)).toThrow(ConfigError);
    expect(() => monitorFromContext(context)).toThrow(expected);
  });
});
