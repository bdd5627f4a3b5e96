import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SNSEvent } from 'aws-lambda';
import { webhookPayload } from './channel-payloads';
import { WEBHOOK_METRIC } from '../../contract/telemetry';
import type { DeliveryReceipts } from './delivery-receipts';
import type { ForwardedAlert } from './forwarded-alert';
import { toForwardedAlert } from './forwarded-alert';
import type { WebhookTarget } from '../domain/webhook-config';
import { WebhookConfigError } from '../domain/webhook-config';
import type { WebhookDirectory } from '../ports/webhook-directory';
import type { WebhookPoster } from '../ports/webhook-poster';

export interface WebhookHandlerDeps {
  readonly directory: WebhookDirectory;
  readonly sender: WebhookPoster;
  /** @default - none: a retried invocation posts again to every webhook */
  readonly receipts?: DeliveryReceipts;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly clock?: () => Date;
  /** Time kept free before the function timeout. @default 5 000 */
  readonly safetyMarginMs?: number;
  /** Budget when no Lambda context says how much time is left. @default 50 000 */
  readonly defaultBudgetMs?: number;
}

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

export function makeHandler(deps: WebhookHandlerDeps) {
  const clock = deps.clock ?? (() => new Date());

  return async function handler(
    event: SNSEvent,
    context?: Pick<Context, 'getRemainingTimeInMillis'>,
  ): Promise<ForwardSummary> {
    const remaining = context?.getRemainingTimeInMillis?.() ?? deps.defaultBudgetMs ?? 50_000;
    const deadline = new Date(clock().getTime() + remaining - (deps.safetyMarginMs ?? 5_000));
    let config: Awaited<ReturnType<WebhookDirectory['config']>>;
    try {
      config = await deps.directory.config();
    } catch (error: unknown) {
      // No configuration, no delivery: count it, and fail so that Lambda retries the alert.
      deps.logger.error('Webhook configuration unavailable; the alert is not forwarded', {
        // Our own config errors never hold a URL; anything else is named, not quoted.
        error:
          error instanceof WebhookConfigError
            ? error.message
            : error instanceof Error
              ? error.name
              : 'UnknownError',
      });
      deps.metrics.addMetric(WEBHOOK_METRIC.configProblems, MetricUnit.Count, 1);
      deps.metrics.addMetric(WEBHOOK_METRIC.failures, MetricUnit.Count, event.Records?.length ?? 1);
      deps.metrics.publishStoredMetrics();
      throw error;
    }
    if (config.stale) deps.logger.warn('Webhook secret could not be refreshed; using the copy read earlier');
    if (config.problems.length > 0) {
      deps.logger.error('Webhook configuration has problems', { problems: config.problems });
    }
    deps.metrics.addMetric(WEBHOOK_METRIC.configProblems, MetricUnit.Count, config.problems.length);

    let delivered = 0;
    let alreadyDelivered = 0;
    let retries = 0;
    const failures: DeliveryFailure[] = [];
    const alerts = (event.Records ?? []).map(toForwardedAlert);

    const deliverOne = async (alert: ForwardedAlert, target: WebhookTarget): Promise<void> => {
      const where = {
        channel: target.channel,
        host: target.host,
        targetId: target.id,
        messageId: alert.messageId,
      };
      if (deps.receipts) {
        try {
          if (await deps.receipts.delivered(alert.messageId, target.id)) {
            alreadyDelivered++;
            deps.logger.info('Webhook already received this alert; skipped', where);
            return;
          }
        } catch (error: unknown) {
          deps.logger.warn('Delivery receipts unreadable; posting anyway', {
            ...where,
            error: error instanceof Error ? error.name : 'UnknownError',
          });
        }
      }
      const outcome = await deps.sender.deliver(target, webhookPayload(target.channel, alert), deadline);
      retries += outcome.attempts - 1;
      if (!outcome.ok) {
        failures.push({
          channel: target.channel,
          host: target.host,
          targetId: target.id,
          reason: outcome.reason,
        });
        deps.logger.error('Webhook delivery failed', {
          ...where,
          attempts: outcome.attempts,
          reason: outcome.reason,
        });
        return;
      }
      delivered++;
      deps.logger.info('Alert posted to webhook', {
        ...where,
        attempts: outcome.attempts,
        status: outcome.status,
      });
      try {
        await deps.receipts?.record(alert.messageId, target.id, clock());
      } catch (error: unknown) {
        deps.logger.warn('Delivery receipt not recorded; a retry may post this alert again', {
          ...where,
          error: error instanceof Error ? error.name : 'UnknownError',
        });
      }
    };

    if (config.targets.length === 0) {
      deps.logger.warn('No webhook configured; nothing to forward', { alerts: alerts.length });
    }
    for (const alert of alerts) {
      await Promise.all(config.targets.map((target) => deliverOne(alert, target)));
    }
    deps.metrics.addMetric(WEBHOOK_METRIC.deliveries, MetricUnit.Count, delivered);
    deps.metrics.addMetric(WEBHOOK_METRIC.failures, MetricUnit.Count, failures.length);
    deps.metrics.addMetric(WEBHOOK_METRIC.retries, MetricUnit.Count, retries);
    deps.metrics.publishStoredMetrics();
    const summary: ForwardSummary = { alerts: alerts.length, delivered, alreadyDelivered, failures };
    deps.logger.info('Webhook forwarding finished', { summary });
    if (failures.length > 0) throw new WebhookDeliveryError(failures);
    return summary;
  };
}
