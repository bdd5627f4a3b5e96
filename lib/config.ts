import { Duration } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { parseThresholds, parseWholeNumber } from '../lambda/domain/config-rules';
import type { LwaExpiryMonitorProps } from './lwa-expiry-monitor';
import { ConfigError } from './validation';

export { ConfigError };

/**
 * Configuration keys read from cdk.json "context" or `cdk deploy -c key=value`. A value given
 * with -c arrives as a string; the same key in cdk.json may be a JSON array or number.
 */
export const CONFIG_KEYS = [
  'alertEmails',
  'alertPhoneNumbers',
  'operatorEmails',
  'smsSeverities',
  'thresholdsDays',
  'windowDays',
  'scheduleExpression',
  'appTagKey',
  'expiredReminderHours',
  'logRetentionDays',
] as const;

export type ConfigKey = (typeof CONFIG_KEYS)[number];
export type ContextReader = (key: string) => unknown;

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

function optionalString(key: string, raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') throw new ConfigError(key, raw, 'a string');
  return raw;
}

/** Context keys that look like ours (no ":" "@" "/" as CDK's own keys have) but are unknown. */
export function unknownConfigKeys(allContext: Record<string, unknown>): string[] {
  return Object.keys(allContext).filter(
    (key) => /^[A-Za-z][A-Za-z0-9_-]*$/.test(key) && !(CONFIG_KEYS as readonly string[]).includes(key),
  );
}

/** Turns context values into construct props; the construct validates their content. */
export function monitorPropsFromContext(read: ContextReader): LwaExpiryMonitorProps {
  const windowRaw = read('windowDays');
  const reminderRaw = read('expiredReminderHours');
  const retentionRaw = read('logRetentionDays');
  const thresholdsRaw = read('thresholdsDays');
  let logRetention: logs.RetentionDays | undefined;
  if (retentionRaw !== undefined) {
    const days = parseWholeNumber('logRetentionDays', retentionRaw, 1, 9999, 'days');
    const allowed: logs.RetentionDays[] = Object.values(logs.RetentionDays).filter(
      (v): v is logs.RetentionDays => typeof v === 'number' && Number(v) > 0,
    );
    const match = allowed.find((period) => Number(period) === days);
    if (match === undefined) {
      throw new ConfigError(
        'logRetentionDays',
        retentionRaw,
        `one of CloudWatch Logs' retention periods: ${allowed.join(', ')}`,
      );
    }
    logRetention = match;
  }
  return {
    alertEmails: parseList('alertEmails', read('alertEmails')),
    alertPhoneNumbers: parseList('alertPhoneNumbers', read('alertPhoneNumbers')),
    operatorEmails: parseList('operatorEmails', read('operatorEmails')),
    smsSeverities: parseList('smsSeverities', read('smsSeverities')),
    thresholdsDays:
      thresholdsRaw === undefined ? undefined : parseThresholds('thresholdsDays', thresholdsRaw),
    windowDays:
      windowRaw === undefined ? undefined : parseWholeNumber('windowDays', windowRaw, 1, 3650, 'days'),
    scheduleExpression: optionalString('scheduleExpression', read('scheduleExpression')),
    appTagKey: optionalString('appTagKey', read('appTagKey')),
    expiredReminderInterval:
      reminderRaw === undefined
        ? undefined
        : Duration.hours(parseWholeNumber('expiredReminderHours', reminderRaw, 1, 720, 'hours')),
    logRetention,
  };
}
