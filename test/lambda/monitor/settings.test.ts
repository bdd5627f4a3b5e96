import { MS_PER_HOUR } from '../../../contract/time';
import { monitorEnvironment } from '../../../lambda/monitor/settings';
import { configErrorOf } from '../support/config-error';
import { MONITOR_ENV } from '../../../contract/environment';

const TOPIC_ARN = 'arn:aws:sns:eu-west-1:111122223333:lwa-expiry-alerts';

describe('monitorEnvironment: reads the configuration the construct sets', () => {
  let env: NodeJS.ProcessEnv;

  beforeEach(() => {
    // Only what the construct always sets; everything else takes its default.
    env = { ALERT_TOPIC_ARN: TOPIC_ARN, LEDGER_TABLE_NAME: 'lwa-expiry-ledger', AWS_REGION: 'eu-west-1' };
  });

  it('GIVEN only the required variables WHEN read THEN every setting has its documented default', () => {
    // Act
    const result = monitorEnvironment(env);
    // Assess
    expect(result).toEqual({
      topicArn: TOPIC_ARN,
      tableName: 'lwa-expiry-ledger',
      perAppMetrics: false,
      settings: {
        tagKey: 'lwa:app',
        defaultWindowDays: 180,
        policy: { thresholdsDays: [30, 7, 1], expiredReminderMs: 24 * MS_PER_HOUR },
        region: 'eu-west-1',
        leaseMs: 900_000,
        concurrency: 8,
        ownerNames: [],
      },
    });
  });

  it('GIVEN every optional variable set WHEN read THEN each is used', () => {
    // Prepare
    Object.assign(env, {
      APP_TAG_KEY: 'team:lwa-app',
      THRESHOLDS_DAYS: '1,14,45',
      WINDOW_DAYS: '120',
      EXPIRED_REMINDER_HOURS: '6',
      LEASE_SECONDS: '300',
      PER_APP_METRICS: 'true',
    });
    // Act
    const { settings, perAppMetrics } = monitorEnvironment(env);
    // Assess
    expect(perAppMetrics).toBe(true);
    expect(settings).toMatchObject({
      tagKey: 'team:lwa-app',
      defaultWindowDays: 120,
      policy: { thresholdsDays: [45, 14, 1], expiredReminderMs: 6 * MS_PER_HOUR },
      leaseMs: 300_000,
    });
  });

  it.each<[string, string | undefined]>([
    [MONITOR_ENV.thresholdsDays, '30,7,7'],
    [MONITOR_ENV.thresholdsDays, ''],
    [MONITOR_ENV.windowDays, '0'],
    [MONITOR_ENV.windowDays, '3651'],
    [MONITOR_ENV.windowDays, '30'],
    [MONITOR_ENV.expiredReminderHours, '0'],
    [MONITOR_ENV.expiredReminderHours, '721'],
    [MONITOR_ENV.expiredReminderHours, 'daily'],
    [MONITOR_ENV.leaseSeconds, '0'],
    [MONITOR_ENV.leaseSeconds, '86401'],
    [MONITOR_ENV.tagKey, 'aws:app'],
    [MONITOR_ENV.tagKey, ''],
    [MONITOR_ENV.topicArn, undefined],
    [MONITOR_ENV.topicArn, '  '],
    [MONITOR_ENV.tableName, undefined],
    [MONITOR_ENV.tableName, ''],
    ['AWS_REGION', undefined],
  ])('GIVEN %s=%j WHEN read THEN the ConfigError names that variable', (name, value) => {
    // Prepare
    if (value === undefined) delete env[name];
    else env[name] = value;
    // Act
    const error = configErrorOf(() => monitorEnvironment(env));
    // Assess
    expect(error.key).toBe(name);
    expect(error.message).toContain(`"${name}"`);
  });
});
