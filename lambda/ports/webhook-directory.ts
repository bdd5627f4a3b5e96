import type { WebhookConfig } from '../domain/webhook-config';

/**
 * The webhook URLs, read from their Secrets Manager secret on the first invocation and then
 * kept for `cacheMs` (5 minutes by default): a changed URL takes effect within that time, and
 * a burst of alerts reads the secret once. If a refresh fails, the previous copy is used.
 */
export interface WebhookDirectory {
  config(): Promise<WebhookConfig & { readonly stale: boolean }>;
}
