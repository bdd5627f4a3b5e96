import type { Context, SNSEvent } from 'aws-lambda';
import { deliverAll } from './deliver';
import type { ForwardSummary } from './forward-report';
import { reportForwarding } from './forward-report';
import { toForwardedAlert } from './forwarded-alert';
import type { WebhookHandlerDeps } from './handler-deps';
import { resolveTargets } from './resolve-targets';

export type { WebhookHandlerDeps } from './handler-deps';
export { WebhookDeliveryError } from './forward-report';
export type { DeliveryFailure, ForwardSummary } from './forward-report';

/**
 * The webhook forwarder: reads the webhook configuration, turns the SNS records into alerts,
 * posts each to every webhook (skipping those whose receipt says they have it), then reports:
 * metrics, a summary log, and an error when any post failed so that Lambda retries the batch.
 */
export function makeHandler(deps: WebhookHandlerDeps) {
  const clock = deps.clock ?? (() => new Date());

  return async function handler(
    event: SNSEvent,
    context?: Pick<Context, 'getRemainingTimeInMillis'>,
  ): Promise<ForwardSummary> {
    const remaining = context?.getRemainingTimeInMillis?.() ?? deps.defaultBudgetMs ?? 50_000;
    const deadline = new Date(clock().getTime() + remaining - (deps.safetyMarginMs ?? 5_000));
    const config = await resolveTargets(deps, event.Records?.length);
    const alerts = (event.Records ?? []).map(toForwardedAlert);
    if (config.targets.length === 0) {
      deps.logger.warn('No webhook configured; nothing to forward', { alerts: alerts.length });
    }
    const outcomes = await deliverAll({ deps, clock, deadline }, alerts, config.targets);
    return reportForwarding(deps, alerts.length, outcomes);
  };
}
