import { EXPIRED_LEVEL } from './alert-policy';

/**
 * Where a credential stands against the alert thresholds: `expired` at 0 days left or fewer,
 * else `<n>-day` for the most urgent threshold its days left have reached (the severity of the
 * latest threshold alert due), else `ok`; `undetermined` when it has no date. The same bands as
 * the alert severities, so a log line and an alert about one credential use one word.
 */
export type SeverityBand = `${number}-day` | 'expired' | 'ok' | 'undetermined';

/** The band of a credential with `daysLeft` whole days left (see `daysLeft` in alert-policy.ts). */
export function severityBand(daysLeft: number | undefined, thresholdsDays: readonly number[]): SeverityBand {
  if (daysLeft === undefined) return 'undetermined';
  if (daysLeft <= EXPIRED_LEVEL) return 'expired';
  const reached = thresholdsDays.filter((days) => daysLeft <= days);
  return reached.length === 0 ? 'ok' : `${Math.min(...reached)}-day`;
}
