import type { Logger } from '@aws-lambda-powertools/logger';
import { logPortOf } from '../runtime/powertools';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { METRIC, ROTATION_METRIC } from '../../contract/telemetry';
import type { RotationDeps } from './rotation-run';
import { runRotation } from './run-rotation';
import type { RotationSummary } from './run-summary';
import { rotationRunFailed } from './run-summary';
import type { RotationSettings } from './settings';

export interface RotationHandlerDeps extends Omit<RotationDeps, 'log' | 'clock' | 'sleep'> {
  readonly settings: RotationSettings;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly clock?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Time kept free before the function timeout. @default 15 000 */
  readonly safetyMarginMs?: number;
  /** Run budget when no Lambda context says how much time is left. @default 14 minutes */
  readonly defaultBudgetMs?: number;
}

/** Thrown after the run finished everything it could, so the errors alarm and Lambda's retry see it. */
export class RotationRunError extends Error {
  constructor(readonly summary: RotationSummary) {
    super(
      `Rotation run finished with failures: ${summary.publishFailures} publish, ${summary.ledgerFailures} ledger, ` +
        `${summary.lookupFailures} version lookup, ${summary.internalErrors} internal. Owed alerts are sent by the next run.`,
    );
    this.name = 'RotationRunError';
  }
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function makeHandler(deps: RotationHandlerDeps) {
  const clock = deps.clock ?? (() => new Date());
  const sleep = deps.sleep ?? realSleep;
  const log = logPortOf(deps.logger);

  return async function handler(
    _event: unknown,
    context?: Pick<Context, 'awsRequestId' | 'getRemainingTimeInMillis'>,
  ): Promise<RotationSummary> {
    const started = clock();
    const remaining = context?.getRemainingTimeInMillis?.() ?? deps.defaultBudgetMs ?? 14 * 60_000;
    const deadline = new Date(started.getTime() + remaining - (deps.safetyMarginMs ?? 15_000));
    const summary = await runRotation({ ...deps, log, clock, sleep }, deps.settings, {
      runId: context?.awsRequestId ?? `local-${started.getTime()}`,
      deadline,
    });
    deps.metrics.addMetric(ROTATION_METRIC.requested, MetricUnit.Count, summary.requested);
    deps.metrics.addMetric(
      ROTATION_METRIC.failed,
      MetricUnit.Count,
      summary.retryLater + summary.failedPermanently,
    );
    deps.metrics.addMetric(ROTATION_METRIC.deferred, MetricUnit.Count, summary.deferred);
    deps.metrics.addMetric(ROTATION_METRIC.calls, MetricUnit.Count, summary.calls);
    deps.metrics.addMetric(METRIC.alertsPublished, MetricUnit.Count, summary.alertsPublished);
    deps.metrics.addMetric(METRIC.publishFailures, MetricUnit.Count, summary.publishFailures);
    deps.metrics.addMetric(METRIC.ledgerFailures, MetricUnit.Count, summary.ledgerFailures);
    deps.metrics.addMetric(METRIC.lookupFailures, MetricUnit.Count, summary.lookupFailures);
    deps.metrics.publishStoredMetrics();
    deps.logger.info('Rotation run finished', { summary });
    if (rotationRunFailed(summary)) throw new RotationRunError(summary);
    return summary;
  };
}
