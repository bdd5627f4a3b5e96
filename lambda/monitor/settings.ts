import { required } from '../domain/env-values';
import { MONITOR_ENV } from '../../contract/environment';
import {
  DEFAULT_EXPIRED_REMINDER_HOURS,
  DEFAULT_THRESHOLDS_DAYS,
  parseOwnerNames,
  parseThresholds,
  parseWholeNumber,
  validateTagKey,
  validateWindow,
} from '../../contract/config-rules';
import { MS_PER_HOUR } from '../../contract/time';
import { DEFAULT_APP_TAG_KEY, DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS } from '../../contract/tags';
import type { MonitorSettings } from './run-monitor';

export interface MonitorEnvironment {
  readonly topicArn: string;
  readonly tableName: string;
  readonly settings: MonitorSettings;
  /** `DaysUntilExpiry` per app as well (the `perAppMetrics` opt-in). */
  readonly perAppMetrics: boolean;
}

/** Reads and validates the monitor's configuration; throws a `ConfigError` naming the variable. */
export function monitorEnvironment(env: NodeJS.ProcessEnv): MonitorEnvironment {
  const thresholdsDays = parseThresholds(
    MONITOR_ENV.thresholdsDays,
    env[MONITOR_ENV.thresholdsDays] ?? DEFAULT_THRESHOLDS_DAYS.join(','),
  );
  const windowDays = parseWholeNumber(
    MONITOR_ENV.windowDays,
    env[MONITOR_ENV.windowDays] ?? String(DEFAULT_WINDOW_DAYS),
    1,
    MAX_WINDOW_DAYS,
    'days',
  );
  validateWindow(MONITOR_ENV.windowDays, windowDays, thresholdsDays);
  const reminderHours = parseWholeNumber(
    MONITOR_ENV.expiredReminderHours,
    env[MONITOR_ENV.expiredReminderHours] ?? String(DEFAULT_EXPIRED_REMINDER_HOURS),
    1,
    24 * 30,
    'hours',
  );
  const leaseSeconds = parseWholeNumber(
    MONITOR_ENV.leaseSeconds,
    env[MONITOR_ENV.leaseSeconds] ?? '900',
    1,
    86_400,
    'seconds',
  );
  return {
    topicArn: required(env, MONITOR_ENV.topicArn),
    tableName: required(env, MONITOR_ENV.tableName),
    perAppMetrics: env[MONITOR_ENV.perAppMetrics] === 'true',
    settings: {
      tagKey: validateTagKey(MONITOR_ENV.tagKey, env[MONITOR_ENV.tagKey] ?? DEFAULT_APP_TAG_KEY),
      defaultWindowDays: windowDays,
      policy: { thresholdsDays, expiredReminderMs: reminderHours * MS_PER_HOUR },
      region: required(env, 'AWS_REGION'),
      leaseMs: leaseSeconds * 1000,
      concurrency: 8,
      ownerNames: parseOwnerNames(MONITOR_ENV.ownerNames, env[MONITOR_ENV.ownerNames]),
    },
  };
}
