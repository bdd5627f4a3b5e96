import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { WEBHOOK_METRIC } from '../../contract/telemetry';
import type { TargetOutcome } from './deliver';
import type { WebhookHandlerDeps } from './handler-deps';

export interface DeliveryFailure {
  readonly channel: string;
  readonly host: string;
  readonly targetId: string;
  readonly reason: string;
}

export interface ForwardSummary {
  readonly alerts: number;
  readonly delivered: number;
  readonly alreadyDelivered: number;
  readonly failures: readonly DeliveryFailure[];
}

/** Fails the invocation so that Lambda retries it and, when retries run out, parks it in the DLQ. */
export class WebhookDeliveryError extends Error {
  constructor(readonly failures: readonly DeliveryFailure[]) {
    super(
      `Webhook delivery failed for ${failures.length} webhook(s): ` +
        failures.map((f) => `${f.channel} ${f.host} [${f.targetId}] ${f.reason}`).join('; '),
    );
    this.name = 'WebhookDeliveryError';
  }
}

/**
 * Emits the batch's metrics and logs its summary; throws `WebhookDeliveryError` when any post
 * failed, so the batch is retried (targets already served are skipped by their receipts).
 */
export function reportForwarding(
  deps: WebhookHandlerDeps,
  alertCount: number,
  outcomes: readonly TargetOutcome[],
): ForwardSummary {
  let delivered = 0;
  let alreadyDelivered = 0;
  let retries = 0;
  const failures: DeliveryFailure[] = [];
  for (const outcome of outcomes) {
    if (outcome.kind === 'already-delivered') alreadyDelivered++;
    else retries += outcome.attempts - 1;
    if (outcome.kind === 'delivered') delivered++;
    if (outcome.kind === 'failed') failures.push(outcome.failure);
  }
  deps.metrics.addMetric(WEBHOOK_METRIC.deliveries, MetricUnit.Count, delivered);
  deps.metrics.addMetric(WEBHOOK_METRIC.failures, MetricUnit.Count, failures.length);
  deps.metrics.addMetric(WEBHOOK_METRIC.retries, MetricUnit.Count, retries);
  deps.metrics.publishStoredMetrics();
  const summary: ForwardSummary = { alerts: alertCount, delivered, alreadyDelivered, failures };
  deps.logger.info('Webhook forwarding finished', { summary });
  if (failures.length > 0) throw new WebhookDeliveryError(failures);
  return summary;
}
