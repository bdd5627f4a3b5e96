/**
 * Validation rules shared by the CDK configuration (checked at synth) and the monitor's
 * environment (checked at cold start). Each failure names the setting, the bad value and the
 * expected form.
 */
import { OWNER_NAME_EXPECTED, isOwnerName } from './tags';

export class ConfigError extends Error {
  constructor(
    readonly key: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`Invalid configuration "${key}": ${JSON.stringify(value)} is not valid; expected ${expected}.`);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_THRESHOLDS_DAYS: readonly number[] = [30, 7, 1];
export const DEFAULT_EXPIRED_REMINDER_HOURS = 24;

const TAG_KEY_PATTERN = /^[a-zA-Z0-9 :_@/+=.-]{1,128}$/;

/** Accepts `[30, 7, 1]`, `"30,7,1"` or `"[30,7,1]"`; returns the thresholds sorted, most distant first. */
export function parseThresholds(key: string, raw: unknown): number[] {
  const expected = 'distinct positive whole numbers of days, such as 30,7,1';
  let items: unknown[];
  if (Array.isArray(raw)) items = raw;
  else if (typeof raw === 'number') items = [raw];
  else if (typeof raw === 'string') {
    const text = raw.trim().replace(/^\[(.*)\]$/, '$1');
    items = text === '' ? [] : text.split(',').map((part) => part.trim());
  } else throw new ConfigError(key, raw, expected);
  const days = items.map((item) => (typeof item === 'string' && /^\d+$/.test(item) ? Number(item) : item));
  if (days.length === 0) throw new ConfigError(key, raw, expected);
  for (const d of days) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d <= 0 || d > 3650)
      throw new ConfigError(key, raw, expected);
  }
  const numbers = days as number[];
  if (new Set(numbers).size !== numbers.length) throw new ConfigError(key, raw, expected);
  return [...numbers].sort((a, b) => b - a);
}

/** A whole number within [min, max], given as a number or a numeric string. */
export function parseWholeNumber(key: string, raw: unknown, min: number, max: number, unit: string): number {
  const value = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(key, raw, `a whole number of ${unit} from ${min} to ${max}`);
  }
  return value;
}

export function validateWindow(key: string, windowDays: number, thresholdsDays: readonly number[]): void {
  const largest = Math.max(...thresholdsDays);
  if (windowDays <= largest) {
    throw new ConfigError(
      key,
      windowDays,
      `a rotation window longer than the largest alert threshold (${largest} days), or every alert would be due at once`,
    );
  }
}

export function validateTagKey(key: string, raw: unknown): string {
  if (typeof raw !== 'string' || !TAG_KEY_PATTERN.test(raw) || raw.startsWith('aws:')) {
    throw new ConfigError(
      key,
      raw,
      'a Secrets Manager tag key: 1-128 letters, digits, spaces or _ . : / = + - @, not starting with "aws:"',
    );
  }
  return raw;
}

/**
 * Owner names, as the `owners` configuration keys or the functions' owner-names variable give
 * them (a list, or a comma-separated string; blank: none): each per `OWNER_NAME_PATTERN`, once.
 */
export function parseOwnerNames(key: string, raw: unknown): string[] {
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== 'string' && !Array.isArray(raw)) {
    throw new ConfigError(key, raw, `a comma-separated list of owner names, each ${OWNER_NAME_EXPECTED}`);
  }
  const items: unknown[] = typeof raw === 'string' ? (raw.trim() === '' ? [] : raw.split(',')) : raw;
  const names: string[] = [];
  for (const item of items) {
    const name = typeof item === 'string' ? item.trim() : item;
    if (typeof name !== 'string' || !isOwnerName(name)) throw new ConfigError(key, item, OWNER_NAME_EXPECTED);
    if (names.includes(name)) throw new ConfigError(key, name, 'each owner name once');
    names.push(name);
  }
  return names;
}
