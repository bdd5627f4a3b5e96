import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { WEBHOOK_METRIC } from '../../contract/telemetry';
import type { WebhookConfig } from '../domain/webhook-config';
import { WebhookConfigError } from '../domain/webhook-config';
import { errorName } from '../domain/error-name';
import type { WebhookHandlerDeps } from './handler-deps';

/**
 * The webhooks to post to, with their problems logged and counted. When there is no
 * configuration at all, the whole batch is counted as failed and the error is rethrown, so that
 * Lambda retries the alerts.
 */
export async function resolveTargets(
  deps: WebhookHandlerDeps,
  recordCount: number | undefined,
): Promise<WebhookConfig> {
  const { logger, metrics } = deps;
  let config: Awaited<ReturnType<WebhookHandlerDeps['directory']['config']>>;
  try {
    config = await deps.directory.config();
  } catch (error: unknown) {
    logger.error('Webhook configuration unavailable; the alert is not forwarded', {
      // Our own config errors never hold a URL; anything else is named, not quoted.
      error: error instanceof WebhookConfigError ? error.message : errorName(error),
    });
    metrics.addMetric(WEBHOOK_METRIC.configProblems, MetricUnit.Count, 1);
    metrics.addMetric(WEBHOOK_METRIC.failures, MetricUnit.Count, recordCount ?? 1);
    metrics.publishStoredMetrics();
    throw error;
  }
  if (config.stale) logger.warn('Webhook secret could not be refreshed; using the copy read earlier');
  if (config.problems.length > 0) {
    logger.error('Webhook configuration has problems', { problems: config.problems });
  }
  metrics.addMetric(WEBHOOK_METRIC.configProblems, MetricUnit.Count, config.problems.length);
  return config;
}
