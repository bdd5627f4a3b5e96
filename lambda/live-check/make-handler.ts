import type { Logger } from '@aws-lambda-powertools/logger';
import { logPortOf } from '../runtime/powertools';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { METRIC, LIVE_CHECK_METRIC } from '../../contract/telemetry';
import type { LiveCheckDeps } from './live-check-run';
import { runLiveCheck } from './run-live-check';
import type { LiveCheckSummary } from './run-summary';
import { liveCheckRunFailed } from './run-summary';
import type { LiveCheckSettings } from './settings';

export interface LiveCheckHandlerDeps extends Omit<LiveCheckDeps, 'log' | 'clock' | 'sleep'> {
  readonly settings: LiveCheckSettings;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly clock?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Time kept free before the function timeout. @default 10 000 */
  readonly safetyMarginMs?: number;
  /** Run budget when no Lambda context says how much time is left. @default 4 minutes */
  readonly defaultBudgetMs?: number;
}

export class LiveCheckRunError extends Error {
  constructor(readonly summary: LiveCheckSummary) {
    super(
      `Live check finished with failures: ${summary.readFailures} unreadable secret(s), ${summary.publishFailures} publish, ` +
        `${summary.ledgerFailures} ledger. Unsent alerts are sent by the next run.`,
    );
    this.name = 'LiveCheckRunError';
  }
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function makeHandler(deps: LiveCheckHandlerDeps) {
  const clock = deps.clock ?? (() => new Date());
  const sleep = deps.sleep ?? realSleep;
  const log = logPortOf(deps.logger);

  return async function handler(
    _event: unknown,
    context?: Pick<Context, 'getRemainingTimeInMillis'>,
  ): Promise<LiveCheckSummary> {
    const remaining = context?.getRemainingTimeInMillis?.() ?? deps.defaultBudgetMs ?? 4 * 60_000;
    const deadline = new Date(clock().getTime() + remaining - (deps.safetyMarginMs ?? 10_000));
    const summary = await runLiveCheck({ ...deps, log, clock, sleep }, deps.settings, { deadline });
    const m = deps.metrics;
    m.addMetric(LIVE_CHECK_METRIC.accepted, MetricUnit.Count, summary.accepted);
    m.addMetric(LIVE_CHECK_METRIC.secretRejected, MetricUnit.Count, summary.secretRejected);
    m.addMetric(LIVE_CHECK_METRIC.secretExpired, MetricUnit.Count, summary.secretExpired);
    m.addMetric(LIVE_CHECK_METRIC.otherRejections, MetricUnit.Count, summary.otherRejections);
    m.addMetric(LIVE_CHECK_METRIC.inconclusive, MetricUnit.Count, summary.inconclusive);
    m.addMetric(LIVE_CHECK_METRIC.malformed, MetricUnit.Count, summary.malformed);
    m.addMetric(LIVE_CHECK_METRIC.lwaUnavailable, MetricUnit.Count, summary.lwaUnavailable);
    m.addMetric(LIVE_CHECK_METRIC.spApiUnavailable, MetricUnit.Count, summary.spApiUnavailable);
    m.addMetric(LIVE_CHECK_METRIC.readFailures, MetricUnit.Count, summary.readFailures);
    m.addMetric(LIVE_CHECK_METRIC.deferred, MetricUnit.Count, summary.deferred);
    m.addMetric(METRIC.alertsPublished, MetricUnit.Count, summary.alertsPublished);
    m.addMetric(METRIC.publishFailures, MetricUnit.Count, summary.publishFailures);
    m.addMetric(METRIC.ledgerFailures, MetricUnit.Count, summary.ledgerFailures);
    m.publishStoredMetrics();
    deps.logger.info('Live check finished', { summary });
    if (liveCheckRunFailed(summary)) throw new LiveCheckRunError(summary);
    return summary;
  };
}
