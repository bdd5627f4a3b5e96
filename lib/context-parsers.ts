/** Readers of context values: a value given with -c arrives as a string, the same key in cdk.json as JSON. */
import * as logs from 'aws-cdk-lib/aws-logs';
import { parseWholeNumber } from '../contract/config-rules';
import type { CredentialFieldNames } from '../contract/credential-fields';
import type { DefaultRecipientsGet, OwnerRecipients } from './owners-config';
import { ConfigError } from './validation';

/** A list given as a JSON array, or as a comma-separated string ("a@x.com,b@x.com"). */
export function parseList(key: string, raw: unknown): string[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (Array.isArray(raw)) {
    return raw.map((item) => {
      if (typeof item !== 'string') throw new ConfigError(key, raw, 'a list of strings');
      return item.trim();
    });
  }
  if (typeof raw !== 'string')
    throw new ConfigError(key, raw, 'a comma-separated list or a JSON array of strings');
  const text = raw.trim();
  if (text.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ConfigError(key, raw, 'a comma-separated list or a JSON array of strings');
    }
    return parseList(key, parsed);
  }
  return text === '' ? [] : text.split(',').map((item) => item.trim());
}

/** `true`/`false`, as a boolean (cdk.json) or a string (-c). */
export function parseBoolean(key: string, raw: unknown): boolean | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  throw new ConfigError(key, raw, 'true or false');
}

const CREDENTIAL_FIELD_KEYS = ['clientId', 'clientSecret', 'refreshToken'] as const;

/** A context value that must be a JSON object: given as one (cdk.json) or as its JSON text (`-c`). */
function jsonObjectOf(key: string, raw: unknown, expected: string): object {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new ConfigError(key, raw, expected);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ConfigError(key, raw, expected);
  return value;
}

/** `{"clientSecret":"lwaClientSecret"}`: JSON object (string with -c) naming the secret's JSON fields. */
export function parseCredentialFields(key: string, raw: unknown): Partial<CredentialFieldNames> | undefined {
  if (raw === undefined || raw === null) return undefined;
  const expected = `a JSON object mapping some of ${CREDENTIAL_FIELD_KEYS.join(', ')} to field names, e.g. {"clientSecret":"lwaClientSecret"}`;
  const value = jsonObjectOf(key, raw, expected);
  const fields: Partial<Record<(typeof CREDENTIAL_FIELD_KEYS)[number], string>> = {};
  for (const [name, field] of Object.entries(value)) {
    const known = CREDENTIAL_FIELD_KEYS.find((k) => k === name);
    if (!known || typeof field !== 'string' || field.trim() === '') throw new ConfigError(key, raw, expected);
    fields[known] = field;
  }
  return fields;
}

/** `tagged` or `all`: which secrets an automation covers. */
export function parseScope(key: string, raw: unknown): 'tagged' | 'all' | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (raw === 'tagged' || raw === 'all') return raw;
  throw new ConfigError(
    key,
    raw,
    '"tagged" (only secrets opted in by tag) or "all" (every monitored secret)',
  );
}

/** A string, when given. */
export function optionalString(key: string, raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') throw new ConfigError(key, raw, 'a string');
  return raw;
}

/** A number of days CloudWatch Logs offers as a retention period. */
export function parseLogRetention(key: string, raw: unknown): logs.RetentionDays | undefined {
  if (raw === undefined) return undefined;
  const days = parseWholeNumber(key, raw, 1, 9999, 'days');
  const allowed: logs.RetentionDays[] = Object.values(logs.RetentionDays).filter(
    (v): v is logs.RetentionDays => typeof v === 'number' && Number(v) > 0,
  );
  const match = allowed.find((period) => Number(period) === days);
  if (match === undefined) {
    throw new ConfigError(key, raw, `one of CloudWatch Logs' retention periods: ${allowed.join(', ')}`);
  }
  return match;
}

/**
 * `{"payments":{"emails":["pay@example.com"],"phones":["+14155550100"]}}`: a JSON object (a
 * string with -c) of owner names to their recipients. Only its shape is read here; the construct
 * validates names, addresses and numbers.
 */
export function parseOwners(key: string, raw: unknown): Record<string, OwnerRecipients> | undefined {
  if (raw === undefined || raw === null) return undefined;
  const expected =
    'a JSON object of owner names to their recipients, e.g. {"payments":{"emails":["pay@example.com"],"phones":["+14155550100"]}}';
  const value = jsonObjectOf(key, raw, expected);
  const owners: Record<string, OwnerRecipients> = {};
  for (const [name, recipients] of Object.entries(value)) {
    if (typeof recipients !== 'object' || recipients === null || Array.isArray(recipients)) {
      throw new ConfigError(`${key}.${name}`, recipients, 'an object with "emails" and/or "phones" lists');
    }
    const entry = recipients as Record<string, unknown>;
    owners[name] = {
      ...entry,
      emails: parseList(`${key}.${name}.emails`, entry.emails),
      phones: parseList(`${key}.${name}.phones`, entry.phones),
    };
  }
  return owners;
}

/** `all` or `unowned`: what the default recipients get once owners are configured. */
export function parseDefaultRecipientsGet(key: string, raw: unknown): DefaultRecipientsGet | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (raw === 'all' || raw === 'unowned') return raw;
  throw new ConfigError(
    key,
    raw,
    '"all" (the default recipients get every alert) or "unowned" (only the alerts of apps without a configured owner)',
  );
}
