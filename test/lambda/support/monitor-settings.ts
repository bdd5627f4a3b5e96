import { MS_PER_HOUR } from '../../../contract/time';
import type { MonitorSettings } from '../../../lambda/monitor/run-monitor';

/** The monitor's settings as the construct's defaults give them, for tests of its run loop. */
export const MONITOR_SETTINGS: MonitorSettings = {
  tagKey: 'lwa:app',
  defaultWindowDays: 180,
  policy: { thresholdsDays: [30, 7, 1], expiredReminderMs: 24 * MS_PER_HOUR },
  region: 'eu-west-1',
  leaseMs: 900_000,
  concurrency: 4,
};
