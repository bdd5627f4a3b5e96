import { Duration } from 'aws-cdk-lib';
import type { LwaExpiryMonitorProps } from '../../lib/lwa-expiry-monitor';
import { defaultSmsSeverities } from '../../lib/monitor-config';
import { DEFAULT_SMS_TAIL, monitorInStack } from './cdk-test-app';

// The first synthesis in a worker loads much of aws-cdk-lib: seconds on a busy CI machine.
jest.setTimeout(30_000);

describe('defaultSmsSeverities: urgent thresholds, expiry and urgent automation alerts reach SMS', () => {
  it.each([
    [
      [30, 7, 1],
      ['7-day', '1-day', ...DEFAULT_SMS_TAIL],
    ],
    [
      [1, 7, 30],
      ['7-day', '1-day', ...DEFAULT_SMS_TAIL],
    ],
    [
      [60, 14],
      ['14-day', ...DEFAULT_SMS_TAIL],
    ],
    [[7], ['7-day', ...DEFAULT_SMS_TAIL]],
  ])('thresholds %p give %p', (thresholds, expected) => {
    // GIVEN thresholds WHEN the default is derived THEN it is the urgent ones (or the most urgent),
    // expired, and the automation alerts that mean access is at risk now
    expect(defaultSmsSeverities(thresholds)).toEqual(expected);
  });

  it('leaves the informational automation alerts out of SMS', () => {
    // GIVEN the default thresholds WHEN the default is derived
    const severities = defaultSmsSeverities([30, 7, 1]);

    // THEN the automation alerts that need no immediate action are not in it
    for (const quiet of ['new-secret', 'rotation-requested', 'notification-problem', 'credential-warning']) {
      expect(severities).not.toContain(quiet);
    }
  });
});

describe('LwaExpiryMonitor: rejects invalid props with an error naming the key and the bad value', () => {
  const cases: [string, LwaExpiryMonitorProps, RegExp][] = [
    // emails
    [
      'an email without a domain dot',
      { alertEmails: ['ops@example'] },
      /"alertEmails": "ops@example" is not valid; expected an email address/,
    ],
    [
      'an email with a space',
      { alertEmails: ['ops team@example.com'] },
      /"alertEmails": "ops team@example.com" is not valid/,
    ],
    [
      'an email without @',
      { alertEmails: ['ops.example.com'] },
      /"alertEmails": "ops.example.com" is not valid/,
    ],
    [
      'two emails in one entry',
      { alertEmails: ['a@x.com;b@x.com'] },
      /"alertEmails": "a@x.com;b@x.com" is not valid/,
    ],
    ['an empty email', { alertEmails: [''] }, /"alertEmails": "" is not valid/],
    [
      'a duplicate email (case-insensitive)',
      { alertEmails: ['Ops@Example.com', 'ops@example.com'] },
      /"alertEmails": "ops@example.com" is not valid; expected each email address once/,
    ],
    // phone numbers
    [
      'a number without +',
      { alertPhoneNumbers: ['15555550100'] },
      /"alertPhoneNumbers": "15555550100" is not valid; expected an E.164 phone number/,
    ],
    [
      'a number with spaces',
      { alertPhoneNumbers: ['+1 555 555 0100'] },
      /"alertPhoneNumbers": "\+1 555 555 0100" is not valid/,
    ],
    [
      'a number starting with +0',
      { alertPhoneNumbers: ['+05555550100'] },
      /"alertPhoneNumbers": "\+05555550100" is not valid/,
    ],
    ['a number too short', { alertPhoneNumbers: ['+1555'] }, /"alertPhoneNumbers": "\+1555" is not valid/],
    [
      'a number too long',
      { alertPhoneNumbers: ['+1234567890123456'] },
      /"alertPhoneNumbers": "\+1234567890123456" is not valid/,
    ],
    [
      'a duplicate number',
      { alertPhoneNumbers: ['+15555550100', '+15555550100'] },
      /"alertPhoneNumbers": "\+15555550100" is not valid; expected each phone number once/,
    ],
    // thresholds
    [
      'duplicate thresholds',
      { thresholdsDays: [30, 7, 7] },
      /"thresholdsDays": \[30,7,7\] is not valid; expected distinct positive whole numbers/,
    ],
    ['a zero threshold', { thresholdsDays: [30, 0] }, /"thresholdsDays": \[30,0\] is not valid/],
    ['a negative threshold', { thresholdsDays: [-1] }, /"thresholdsDays": \[-1\] is not valid/],
    ['a fractional threshold', { thresholdsDays: [1.5] }, /"thresholdsDays": \[1.5\] is not valid/],
    [
      'a non-numeric threshold',
      { thresholdsDays: ['abc'] as unknown as number[] },
      /"thresholdsDays": \["abc"\] is not valid/,
    ],
    ['no thresholds', { thresholdsDays: [] }, /"thresholdsDays": \[\] is not valid/],
    // window
    [
      'a window equal to the largest threshold',
      { windowDays: 30 },
      /"windowDays": 30 is not valid; expected a rotation window longer than the largest alert threshold \(30 days\)/,
    ],
    [
      'a custom threshold beyond the default window, naming thresholdsDays',
      { thresholdsDays: [200, 7] },
      /"thresholdsDays": "200,7" is not valid; expected thresholds shorter than the 180-day rotation window \(windowDays\)/,
    ],
    [
      'a window given shorter than a custom threshold, naming windowDays',
      { thresholdsDays: [100, 7], windowDays: 90 },
      /"windowDays": 90 is not valid; expected .*\(100 days\)/,
    ],
    [
      'a zero window',
      { windowDays: 0 },
      /"windowDays": 0 is not valid; expected a whole number of days from 1 to 3650/,
    ],
    ['a fractional window', { windowDays: 180.5 }, /"windowDays": 180.5 is not valid/],
    ['a window over ten years', { windowDays: 3651 }, /"windowDays": 3651 is not valid/],
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
      'a zero rate',
      { scheduleExpression: 'rate(0 minutes)' },
      /"scheduleExpression": "rate\(0 minutes\)" is not valid/,
    ],
    [
      'an unknown unit',
      { scheduleExpression: 'rate(1 week)' },
      /"scheduleExpression": "rate\(1 week\)" is not valid/,
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
    [
      'a cron with two "?"',
      { scheduleExpression: 'cron(0 12 ? * ? *)' },
      /"scheduleExpression": "cron\(0 12 \? \* \? \*\)" is not valid/,
    ],
    ['plain words', { scheduleExpression: 'every hour' }, /"scheduleExpression": "every hour" is not valid/],
    ['an empty schedule', { scheduleExpression: '' }, /"scheduleExpression": "" is not valid/],
    // tag key
    [
      'a reserved aws: tag key',
      { appTagKey: 'aws:app' },
      /"appTagKey": "aws:app" is not valid; expected a Secrets Manager tag key/,
    ],
    ['an empty tag key', { appTagKey: '' }, /"appTagKey": "" is not valid/],
    ['a tag key with #', { appTagKey: 'lwa#app' }, /"appTagKey": "lwa#app" is not valid/],
    [
      'a tag key over 128 characters',
      { appTagKey: 'k'.repeat(129) },
      new RegExp(`"appTagKey": "${'k'.repeat(129)}" is not valid`),
    ],
    // SMS severities
    [
      'an unknown severity',
      { smsSeverities: ['critical'] },
      /"smsSeverities": "critical" is not valid; expected one of 30-day, 7-day, 1-day, expired, resolved, undetermined/,
    ],
    [
      'a severity of no configured threshold',
      { smsSeverities: ['2-day'] },
      /"smsSeverities": "2-day" is not valid/,
    ],
    [
      'no severity',
      { alertPhoneNumbers: ['+15555550100'], smsSeverities: [] },
      /"smsSeverities": \[\] is not valid; expected at least one of/,
    ],
    // reminder interval
    [
      'a reminder interval under an hour',
      { expiredReminderInterval: Duration.minutes(30) },
      /"expiredReminderInterval": 0.5 is not valid; expected a whole number of hours from 1 to 720/,
    ],
    [
      'a reminder interval over 30 days',
      { expiredReminderInterval: Duration.days(31) },
      /"expiredReminderInterval": 744 is not valid/,
    ],
    // per-app metrics
    [
      'a perAppMetrics that is not a boolean (from JavaScript)',
      { perAppMetrics: 'true' as unknown as boolean },
      /"perAppMetrics": "true" is not valid; expected true or false/,
    ],
  ];

  it.each(cases)('rejects %s', (_name, props, expected) => {
    // GIVEN invalid props WHEN the monitor is constructed THEN it throws naming the key and the value
    expect(() => monitorInStack(props)).toThrow(expected);
  });

  it('reports errors as ConfigError with key and value fields', () => {
    // GIVEN a malformed email WHEN the monitor is constructed THEN the error carries the key and value
    let caught: unknown;
    try {
      monitorInStack({ alertEmails: ['nope'] });
    } catch (error: unknown) {
      caught = error;
    }
    expect(caught).toMatchObject({ name: 'ConfigError', key: 'alertEmails', value: 'nope' });
  });
});
