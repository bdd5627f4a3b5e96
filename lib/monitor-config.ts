import { Annotations, Duration } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import {
  DEFAULT_EXPIRED_REMINDER_HOURS,
  DEFAULT_THRESHOLDS_DAYS,
  parseThresholds,
  parseWholeNumber,
  validateTagKey,
  validateWindow,
} from '../contract/config-rules';
import { AUTOMATION_SEVERITY, URGENT_AUTOMATION_SEVERITIES } from '../contract/severities';
import { DEFAULT_APP_TAG_KEY, DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS } from '../contract/tags';
import type { LwaExpiryMonitorProps } from './monitor-props';
import type { DefaultRecipientsGet, ResolvedOwner } from './owners-config';
import { alertSubscribers, checkFilterComplexity, resolveOwners } from './owners-config';
import {
  ConfigError,
  MAX_TIMELY_PERIOD_MS,
  parseScheduleExpression,
  validateEmails,
  validatePhoneNumbers,
} from './validation';

export const DEFAULT_SCHEDULE_EXPRESSION = 'rate(1 hour)';

/** After a rotation, Amazon keeps the previous client secret working this many days. */
const OLD_SECRET_OVERLAP_DAYS = 7;

/** Resolved configuration, every default applied and validated. */
export interface ResolvedMonitorConfig {
  readonly thresholdsDays: number[];
  readonly windowDays: number;
  readonly scheduleExpression: string;
  readonly schedulePeriodMs?: number;
  readonly appTagKey: string;
  readonly alertEmails: string[];
  readonly alertPhoneNumbers: string[];
  readonly operatorEmails: string[];
  readonly smsSeverities: string[];
  readonly expiredReminderHours: number;
  /** `DaysUntilExpiry` per app as well: one custom metric per app. */
  readonly perAppMetrics: boolean;
  /** Teams with recipients of their own, in configuration order; empty when none is configured. */
  readonly owners: ResolvedOwner[];
  readonly defaultRecipientsGet: DefaultRecipientsGet;
}

/** The SMS default: urgent alerts only. */
export function defaultSmsSeverities(thresholdsDays: readonly number[]): string[] {
  const urgent = thresholdsDays.filter((d) => d <= 7);
  const chosen = urgent.length > 0 ? urgent : [Math.min(...thresholdsDays)];
  return [
    ...[...chosen].sort((a, b) => b - a).map((d) => `${d}-day`),
    'expired',
    ...URGENT_AUTOMATION_SEVERITIES,
  ];
}

/** Applies defaults and validates props; errors name the prop, the value and the expected form. */
export function resolveMonitorConfig(props: LwaExpiryMonitorProps): ResolvedMonitorConfig {
  const { thresholdsDays, windowDays } = resolveThresholdsAndWindow(props);
  const schedule = parseScheduleExpression(
    'scheduleExpression',
    props.scheduleExpression ?? DEFAULT_SCHEDULE_EXPRESSION,
  );
  const appTagKey = validateTagKey('appTagKey', props.appTagKey ?? DEFAULT_APP_TAG_KEY);
  const alertEmails = validateEmails('alertEmails', props.alertEmails ?? []);
  const alertPhoneNumbers = validatePhoneNumbers('alertPhoneNumbers', props.alertPhoneNumbers ?? []);
  const operatorEmails = validateEmails('operatorEmails', props.operatorEmails ?? alertEmails);
  const smsSeverities = resolveSmsSeverities(props.smsSeverities, thresholdsDays);
  const { owners, defaultRecipientsGet } = resolveOwners(props.owners, props.defaultRecipientsGet);
  checkFilterComplexity(
    smsSeverities.length + 1, // and the test alert's severity
    alertSubscribers(
      alertPhoneNumbers,
      owners.map((o) => ({ owner: o.name, endpoints: o.phones })),
      defaultRecipientsGet,
    ),
  );
  const reminder = props.expiredReminderInterval ?? Duration.hours(DEFAULT_EXPIRED_REMINDER_HOURS);
  const expiredReminderHours = parseWholeNumber(
    'expiredReminderInterval',
    reminder.toHours({ integral: false }),
    1,
    24 * 30,
    'hours',
  );
  return {
    thresholdsDays,
    windowDays,
    scheduleExpression: schedule.expression,
    schedulePeriodMs: schedule.periodMs,
    appTagKey,
    alertEmails,
    alertPhoneNumbers,
    operatorEmails,
    smsSeverities,
    expiredReminderHours,
    perAppMetrics: resolvePerAppMetrics(props.perAppMetrics),
    owners,
    defaultRecipientsGet,
  };
}

/** A construct user writing JavaScript can pass anything: only a boolean is taken. */
function resolvePerAppMetrics(given: unknown): boolean {
  if (given === undefined) return false;
  if (typeof given !== 'boolean') throw new ConfigError('perAppMetrics', given, 'true or false');
  return given;
}

function resolveThresholdsAndWindow(props: LwaExpiryMonitorProps): {
  thresholdsDays: number[];
  windowDays: number;
} {
  const thresholdsDays = parseThresholds('thresholdsDays', props.thresholdsDays ?? DEFAULT_THRESHOLDS_DAYS);
  const windowDays = parseWholeNumber(
    'windowDays',
    props.windowDays ?? DEFAULT_WINDOW_DAYS,
    1,
    MAX_WINDOW_DAYS,
    'days',
  );
  // Name the setting that was given: thresholds too large for the default window are a
  // thresholdsDays mistake, not a windowDays one.
  if (props.windowDays === undefined && windowDays <= Math.max(...thresholdsDays)) {
    throw new ConfigError(
      'thresholdsDays',
      thresholdsDays.join(','),
      `thresholds shorter than the ${windowDays}-day rotation window (windowDays), or every alert would be due at once`,
    );
  }
  validateWindow('windowDays', windowDays, thresholdsDays);
  return { thresholdsDays, windowDays };
}

/** The given severities, each a known one, or the default. */
function resolveSmsSeverities(
  given: readonly string[] | undefined,
  thresholdsDays: readonly number[],
): string[] {
  const allowed = [
    ...thresholdsDays.map((d) => `${d}-day`),
    'expired',
    'resolved',
    'undetermined',
    ...Object.values(AUTOMATION_SEVERITY),
  ];
  const smsSeverities = given ? [...given] : defaultSmsSeverities(thresholdsDays);
  for (const severity of smsSeverities) {
    if (!allowed.includes(severity))
      throw new ConfigError('smsSeverities', severity, `one of ${allowed.join(', ')}`);
  }
  if (smsSeverities.length === 0) {
    throw new ConfigError('smsSeverities', smsSeverities, `at least one of ${allowed.join(', ')}`);
  }
  return smsSeverities;
}

/**
 * Longest expected gap between two monitor runs. A cron schedule's period is not read off the
 * expression: assume up to three days between runs (a weekdays-only cron leaves a weekend), so
 * its gaps never look like missed runs.
 */
export function longestRunGap(config: ResolvedMonitorConfig): Duration {
  return Duration.millis(config.schedulePeriodMs ?? 3 * 86_400_000);
}

/** New secrets, and so automatic rotation, arrive only through the notification intake. */
export function checkIntakeOptIns(props: LwaExpiryMonitorProps): void {
  if (props.autoRotation && props.notificationIntake === false) {
    throw new ConfigError(
      'autoRotation',
      'with notificationIntake false',
      'notificationIntake left on: Amazon delivers the rotated secret only through the notification queue',
    );
  }
  if (props.notificationIntake === false && props.storeNewSecrets === true) {
    throw new ConfigError(
      'storeNewSecrets',
      'true with notificationIntake false',
      'notificationIntake left on: new secrets arrive only through the notification queue',
    );
  }
}

/** A rotation the stack requests must be stored when it arrives. */
export function checkRotationStoresSecrets(storeNewSecrets: boolean): void {
  if (!storeNewSecrets) {
    throw new ConfigError(
      'autoRotation',
      'with storeNewSecrets off',
      'storeNewSecrets on as well: a rotation the stack requests must be stored when it arrives, or the app is locked out 7 days later',
    );
  }
}

/** A schedule slower than every 4 hours can make the 1-day alert late. */
export function warnIfSlowSchedule(scope: Construct, config: ResolvedMonitorConfig): void {
  if (config.schedulePeriodMs !== undefined && config.schedulePeriodMs > MAX_TIMELY_PERIOD_MS) {
    Annotations.of(scope).addWarningV2(
      'lwa-expiry-monitor:slowSchedule',
      `scheduleExpression "${config.scheduleExpression}" runs less often than every 4 hours: an alert can arrive up to one period late, so the 1-day alert may arrive less than 20 hours before expiry.`,
    );
  }
}

/** Rotating within the week the old secret keeps working leaves apps no time to switch. */
export function warnIfShortRotationLead(scope: Construct, daysBefore: number): void {
  if (daysBefore <= OLD_SECRET_OVERLAP_DAYS) {
    Annotations.of(scope).addWarningV2(
      'lwa-expiry-monitor:shortRotationLead',
      `autoRotateDaysBefore is ${daysBefore}: after a rotation the previous client secret works ${OLD_SECRET_OVERLAP_DAYS} more days at most (never past its own expiry), so apps get a full week to switch to the new secret, and you a week to fix a new secret that fails verification, only when rotation starts more than ${OLD_SECRET_OVERLAP_DAYS} days before expiry. Keep it above ${OLD_SECRET_OVERLAP_DAYS} (the default is 14).`,
    );
  }
}
