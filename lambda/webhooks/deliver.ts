import type { WebhookTarget } from '../domain/webhook-config';
import { webhookPayload } from './channel-payloads';
import { errorName } from '../domain/error-name';
import type { DeliveryFailure } from './forward-report';
import type { ForwardedAlert } from './forwarded-alert';
import type { WebhookHandlerDeps } from './handler-deps';

/** What posting one alert to one webhook came to. */
export type TargetOutcome =
  | { readonly kind: 'already-delivered' }
  | { readonly kind: 'delivered'; readonly attempts: number }
  | { readonly kind: 'failed'; readonly attempts: number; readonly failure: DeliveryFailure };

export interface Delivery {
  readonly deps: WebhookHandlerDeps;
  readonly clock: () => Date;
  /** Posts give up at this time, leaving the function time to report. */
  readonly deadline: Date;
}

/**
 * Posts each alert to every target: alerts one after another, the targets of an alert at once.
 * Outcomes come in the order they finished.
 */
export async function deliverAll(
  delivery: Delivery,
  alerts: readonly ForwardedAlert[],
  targets: readonly WebhookTarget[],
): Promise<TargetOutcome[]> {
  const outcomes: TargetOutcome[] = [];
  for (const alert of alerts) {
    await Promise.all(
      targets.map(async (target) => {
        outcomes.push(await deliverToTarget(delivery, alert, target));
      }),
    );
  }
  return outcomes;
}

/**
 * Posts one alert to one webhook, unless its receipt says it already went there; records the
 * receipt after a post. Receipts are a best effort: a failure to read or write one is logged.
 */
async function deliverToTarget(
  { deps, clock, deadline }: Delivery,
  alert: ForwardedAlert,
  target: WebhookTarget,
): Promise<TargetOutcome> {
  const { logger, receipts } = deps;
  const where = {
    channel: target.channel,
    host: target.host,
    targetId: target.id,
    messageId: alert.messageId,
  };
  if (receipts) {
    try {
      if (await receipts.delivered(alert.messageId, target.id)) {
        logger.info('Webhook already received this alert; skipped', where);
        return { kind: 'already-delivered' };
      }
    } catch (error: unknown) {
      logger.warn('Delivery receipts unreadable; posting anyway', { ...where, error: errorName(error) });
    }
  }
  const outcome = await deps.sender.deliver(target, webhookPayload(target.channel, alert), deadline);
  if (!outcome.ok) {
    logger.error('Webhook delivery failed', { ...where, attempts: outcome.attempts, reason: outcome.reason });
    const failure = {
      channel: target.channel,
      host: target.host,
      targetId: target.id,
      reason: outcome.reason,
    };
    return { kind: 'failed', attempts: outcome.attempts, failure };
  }
  logger.info('Alert posted to webhook', { ...where, attempts: outcome.attempts, status: outcome.status });
  try {
    await receipts?.record(alert.messageId, target.id, clock());
  } catch (error: unknown) {
    logger.warn('Delivery receipt not recorded; a retry may post this alert again', {
      ...where,
      error: errorName(error),
    });
  }
  return { kind: 'delivered', attempts: outcome.attempts };
}
