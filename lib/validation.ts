import { ConfigError } from '../contract/config-rules';
import { MS_PER_DAY, MS_PER_HOUR } from '../contract/time';

export { ConfigError };

/**
 * Whether an error is the ConfigError a construct throws for a bad prop (its message names the
 * prop, the value and what was expected).
 */
export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof ConfigError;
}

const EMAIL_PATTERN = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;
const E164_PATTERN = /^\+[1-9]\d{7,14}$/;

export function validateEmails(key: string, emails: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const email of emails) {
    if (email.length > 254 || !EMAIL_PATTERN.test(email)) {
      throw new ConfigError(key, email, 'an email address such as ops@example.com');
    }
    if (seen.has(email.toLowerCase())) throw new ConfigError(key, email, 'each email address once');
    seen.add(email.toLowerCase());
  }
  return [...emails];
}

export function validatePhoneNumbers(key: string, numbers: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const number of numbers) {
    if (!E164_PATTERN.test(number)) {
      throw new ConfigError(
        key,
        number,
        'an E.164 phone number: "+", the country code and the number, 8 to 15 digits in all, no spaces (e.g. +15555550100)',
      );
    }
    if (seen.has(number)) throw new ConfigError(key, number, 'each phone number once');
    seen.add(number);
  }
  return [...numbers];
}

export interface ParsedSchedule {
  readonly expression: string;
  /** Longest gap between two runs, when it can be read off the expression (rate only). */
  readonly periodMs?: number;
}

const RATE_UNITS: Record<string, number> = { minute: 60_000, hour: MS_PER_HOUR, day: MS_PER_DAY };
/** Allowed characters and numeric range of each cron field (numbers after "/" or "#" are steps). */
const CRON_FIELDS: readonly { name: string; pattern: RegExp; min: number; max: number }[] = [
  { name: 'minutes', pattern: /^[0-9,\-*/]+$/, min: 0, max: 59 },
  { name: 'hours', pattern: /^[0-9,\-*/]+$/, min: 0, max: 23 },
  { name: 'day-of-month', pattern: /^[0-9,\-*/?LW]+$/, min: 1, max: 31 },
  { name: 'month', pattern: /^[0-9A-Za-z,\-*/]+$/, min: 1, max: 12 },
  { name: 'day-of-week', pattern: /^[0-9A-Za-z,\-*/?L#]+$/, min: 1, max: 7 },
  { name: 'year', pattern: /^[0-9,\-*/]+$/, min: 1970, max: 2199 },
];

function cronFieldValid(value: string, field: (typeof CRON_FIELDS)[number]): boolean {
  if (!field.pattern.test(value)) return false;
  // Values, not steps: "0/15" checks 0; "5#2" checks 5.
  const values = value.split(',').flatMap((part) => (part.split(/[/#]/)[0] ?? '').split('-'));
  return values.every((v) => !/^\d+$/.test(v) || (Number(v) >= field.min && Number(v) <= field.max));
}
const SCHEDULE_EXPECTED =
  'an EventBridge schedule expression: rate(<n> minute|minutes|hour|hours|day|days) with the singular unit only for 1, ' +
  'or cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>) with "?" in exactly one of the two day fields';

/** Validates an EventBridge schedule expression and, for rate(), returns its period. */
export function parseScheduleExpression(key: string, raw: string): ParsedSchedule {
  const expression = raw.trim();
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    const unit = rate[2] as string;
    const singular = !unit.endsWith('s');
    if (value < 1 || singular !== (value === 1)) throw new ConfigError(key, raw, SCHEDULE_EXPECTED);
    return { expression, periodMs: value * (RATE_UNITS[singular ? unit : unit.slice(0, -1)] as number) };
  }
  const cron = /^cron\((.+)\)$/.exec(expression);
  if (cron) {
    const fields = (cron[1] as string).trim().split(/\s+/);
    const valid =
      fields.length === 6 &&
      CRON_FIELDS.every((field, i) => cronFieldValid(fields[i] as string, field)) &&
      (fields[2] === '?') !== (fields[4] === '?');
    if (!valid) throw new ConfigError(key, raw, SCHEDULE_EXPECTED);
    return { expression };
  }
  throw new ConfigError(key, raw, SCHEDULE_EXPECTED);
}

/**
 * Longest schedule period that keeps the promise "the 1-day alert arrives at least 20 hours
 * before expiry": an alert goes out at the first run after its threshold, so it can be late
 * by up to one period.
 */
export const MAX_TIMELY_PERIOD_MS = 4 * MS_PER_HOUR;
