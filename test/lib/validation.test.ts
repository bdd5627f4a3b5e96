import { DEFAULT_SCHEDULE_EXPRESSION } from '../../lib/monitor-config';
import {
  ConfigError,
  MAX_TIMELY_PERIOD_MS,
  parseScheduleExpression,
  validateEmails,
  validatePhoneNumbers,
} from '../../lib/validation';

const HOUR_MS = 3_600_000;

describe('validateEmails: accepts ordinary addresses, each once', () => {
  it('returns valid addresses unchanged, in order', () => {
    // GIVEN valid addresses WHEN validated THEN they come back as given
    const emails = ['ops@example.com', 'first.last+lwa@sub.example.co.uk', 'x@y.io'];
    expect(validateEmails('alertEmails', emails)).toEqual(emails);
  });

  it('accepts no address at all', () => {
    // GIVEN an empty list WHEN validated THEN it is empty
    expect(validateEmails('alertEmails', [])).toEqual([]);
  });

  it.each([
    [
      'ops@example',
      /"someKey": "ops@example" is not valid; expected an email address such as ops@example.com\./,
    ],
    ['@example.com', /"someKey": "@example.com" is not valid/],
    ['ops@', /"someKey": "ops@" is not valid/],
    ['ops@@example.com', /"someKey": "ops@@example.com" is not valid/],
    ['a@x.com,b@x.com', /"someKey": "a@x.com,b@x.com" is not valid/],
    [' ops@example.com', /"someKey": " ops@example.com" is not valid/],
  ])('rejects %p under the key it is given', (email, expected) => {
    // GIVEN a malformed address WHEN validated THEN the error names the caller's key and the address
    expect(() => validateEmails('someKey', [email])).toThrow(expected);
  });

  it('rejects an address longer than 254 characters', () => {
    // GIVEN a syntactically fine but overlong address
    const email = `${'a'.repeat(250)}@x.com`;

    // WHEN validated THEN it is rejected with the address in the message
    expect(() => validateEmails('alertEmails', [email])).toThrow(
      new RegExp(`"alertEmails": "${email}" is not valid`),
    );
  });

  it('rejects the same address twice, whatever its case', () => {
    // GIVEN one address in two cases WHEN validated THEN the second is named as a duplicate
    expect(() => validateEmails('alertEmails', ['OPS@example.com', 'ops@EXAMPLE.com'])).toThrow(
      /"alertEmails": "ops@EXAMPLE.com" is not valid; expected each email address once/,
    );
  });
});

describe('validatePhoneNumbers: accepts E.164 numbers, each once', () => {
  it.each(['+15555550100', '+447700900123', '+4915112345678', '+12345678', '+123456789012345'])(
    'accepts %p',
    (number) => {
      // GIVEN an E.164 number WHEN validated THEN it is kept
      expect(validatePhoneNumbers('alertPhoneNumbers', [number])).toEqual([number]);
    },
  );

  it.each([
    ['15555550100', /"alertPhoneNumbers": "15555550100" is not valid; expected an E.164 phone number/],
    ['+1 555 555 0100', /"alertPhoneNumbers": "\+1 555 555 0100" is not valid/],
    ['+1(555)5550100', /"alertPhoneNumbers": "\+1\(555\)5550100" is not valid/],
    ['+0555550100', /"alertPhoneNumbers": "\+0555550100" is not valid/],
    ['+1234567', /"alertPhoneNumbers": "\+1234567" is not valid/],
    ['+1234567890123456', /"alertPhoneNumbers": "\+1234567890123456" is not valid/],
    ['', /"alertPhoneNumbers": "" is not valid/],
  ])('rejects %p', (number, expected) => {
    // GIVEN a number not in E.164 form WHEN validated THEN the error names the key and the number
    expect(() => validatePhoneNumbers('alertPhoneNumbers', [number])).toThrow(expected);
  });

  it('rejects the same number twice', () => {
    // GIVEN a repeated number WHEN validated THEN it is named as a duplicate
    expect(() => validatePhoneNumbers('alertPhoneNumbers', ['+15555550100', '+15555550100'])).toThrow(
      /"alertPhoneNumbers": "\+15555550100" is not valid; expected each phone number once/,
    );
  });
});

describe('parseScheduleExpression: EventBridge rate and cron expressions', () => {
  it.each([
    ['rate(1 minute)', 60_000],
    ['rate(15 minutes)', 15 * 60_000],
    ['rate(1 hour)', HOUR_MS],
    ['rate(4 hours)', 4 * HOUR_MS],
    ['rate(1 day)', 24 * HOUR_MS],
    ['rate(2 days)', 48 * HOUR_MS],
  ])('reads the period of %p', (expression, periodMs) => {
    // GIVEN a valid rate WHEN parsed THEN its period is known
    expect(parseScheduleExpression('scheduleExpression', expression)).toEqual({ expression, periodMs });
  });

  it.each([
    'cron(0 * * * ? *)',
    'cron(0 12 ? * MON-FRI *)',
    'cron(15 10 L * ? 2030)',
    'cron(0/30 8-18 ? * 2#1 *)',
    'cron(0 9 1W * ? *)',
  ])('accepts %p without a known period', (expression) => {
    // GIVEN a valid cron WHEN parsed THEN it is kept, its period not read
    expect(parseScheduleExpression('scheduleExpression', expression)).toEqual({ expression });
  });

  it.each([
    'cron(59 23 31 12 ? 2199)',
    'cron(0 0 1 1 ? 1970)',
    'cron(0 0 ? * 7 *)',
    'cron(0 0 ? * 1-7 *)',
    'cron(0/59 0-23 ? * 5#2 *)',
    'cron(0 0,12 1-31 * ? *)',
  ])('accepts %p, every value at the edge of its range', (expression) => {
    // GIVEN a cron whose numbers sit at the ends of their fields' ranges WHEN parsed THEN it is kept
    expect(parseScheduleExpression('scheduleExpression', expression)).toEqual({ expression });
  });

  it.each([
    ['minutes above 59', 'cron(60 * * * ? *)'],
    ['hours above 23', 'cron(0 24 * * ? *)'],
    ['an hour range ending at 24', 'cron(0 22-24 * * ? *)'],
    ['day-of-month 0', 'cron(0 0 0 * ? *)'],
    ['day-of-month above 31', 'cron(0 0 32 * ? *)'],
    ['month 0', 'cron(0 0 ? 0 * *)'],
    ['month above 12', 'cron(0 0 ? 13 * *)'],
    ['day-of-week 0', 'cron(0 0 ? * 0 *)'],
    ['day-of-week above 7', 'cron(0 0 ? * 8 *)'],
    ['an nth weekday of day 8', 'cron(0 0 ? * 8#1 *)'],
    ['a year before 1970', 'cron(0 0 * * ? 1969)'],
    ['a year after 2199', 'cron(0 0 * * ? 2200)'],
    ['a start value out of range before a step', 'cron(60/5 * * * ? *)'],
    ['one bad value in a list', 'cron(0 1,25 * * ? *)'],
  ])('rejects %s in a cron expression', (_name, expression) => {
    // GIVEN a cron with a number outside its field's range WHEN parsed THEN a ConfigError quotes it
    expect(() => parseScheduleExpression('scheduleExpression', expression)).toThrow(ConfigError);
    expect(() => parseScheduleExpression('scheduleExpression', expression)).toThrow(
      `"scheduleExpression": ${JSON.stringify(expression)} is not valid; expected an EventBridge schedule expression`,
    );
  });

  it('trims surrounding whitespace', () => {
    // GIVEN padding WHEN parsed THEN the expression is trimmed
    expect(parseScheduleExpression('scheduleExpression', '  rate(2 hours) ').expression).toBe(
      'rate(2 hours)',
    );
  });

  it.each([
    'rate(1 hours)',
    'rate(5 hour)',
    'rate(0 minutes)',
    'rate(-1 hours)',
    'rate(1.5 hours)',
    'rate(1 week)',
    'rate(1hour)',
    'RATE(1 hour)',
    'cron(0 * * * *)',
    'cron(0 12 * * * *)',
    'cron(0 12 ? * ? *)',
    'cron(0 12 * * ? * *)',
    'cron(0 12 * * ? abc)',
    'cron()',
    'every hour',
    '1h',
    '',
  ])('rejects %p, naming the key, the value and the expected form', (expression) => {
    // GIVEN an invalid expression WHEN parsed THEN a ConfigError quotes it and shows both forms
    const expected = new RegExp(
      `"scheduleExpression": ${JSON.stringify(expression).replace(/[()*?.+[\]\\^$|{}]/g, '\\$&')} is not valid; expected an EventBridge schedule expression: rate\\(.*or cron\\(`,
    );
    expect(() => parseScheduleExpression('scheduleExpression', expression)).toThrow(ConfigError);
    expect(() => parseScheduleExpression('scheduleExpression', expression)).toThrow(expected);
  });
});

describe('MAX_TIMELY_PERIOD_MS: the schedule promise of the 1-day alert', () => {
  it('is 4 hours, so a 1-day alert that is one period late still arrives 20 hours ahead', () => {
    // GIVEN the longest timely period WHEN the latest 1-day alert is computed THEN it is 20 hours ahead
    expect(MAX_TIMELY_PERIOD_MS).toBe(4 * HOUR_MS);
    expect(24 * HOUR_MS - MAX_TIMELY_PERIOD_MS).toBe(20 * HOUR_MS);
  });

  it('is kept by the default schedule', () => {
    // GIVEN the default schedule WHEN parsed THEN its period is within the promise
    const { periodMs } = parseScheduleExpression('scheduleExpression', DEFAULT_SCHEDULE_EXPRESSION);
    expect(periodMs).toBeDefined();
    expect(periodMs).toBeLessThanOrEqual(MAX_TIMELY_PERIOD_MS);
  });
});
