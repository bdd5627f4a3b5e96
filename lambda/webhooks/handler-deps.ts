import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { DeliveryReceipts } from './delivery-receipts';
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
