import type { WebhookTarget } from '../domain/webhook-config';

export type DeliveryOutcome =
  | { readonly ok: true; readonly attempts: number; readonly status: number }
  | {
      readonly ok: false;
      readonly attempts: number;
      readonly status?: number;
      /** Safe to log: a status, an error code or a short service error word, never the URL. */
      readonly reason: string;
      readonly retryable: boolean;
    };

export interface WebhookPoster {
  deliver(target: WebhookTarget, payload: unknown, deadline: Date): Promise<DeliveryOutcome>;
}
