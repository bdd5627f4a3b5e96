import { WEBHOOK_KEY_PREFIX } from '../../contract/ledger-keys';
import { MS_PER_DAY } from '../../contract/time';
import type { KeyedLedger } from '../ports/keyed-ledger';

/**
 * Which webhook already received which alert, so that a retried invocation (Lambda retries a
 * failed one twice) posts only to the webhooks that failed, not again to those that succeeded.
 * Receipts are a best effort: if the ledger cannot be read, the alert is posted anyway (a
 * duplicate is better than a lost alert).
 */
export interface DeliveryReceipts {
  delivered(messageId: string, targetId: string): Promise<boolean>;
  record(messageId: string, targetId: string, now: Date): Promise<void>;
}

/** Longer than every retry of an invocation (Lambda keeps an event at most 6 hours). */
const RECEIPT_RETENTION_MS = 2 * MS_PER_DAY;

export function receiptKey(messageId: string, targetId: string): string {
  return `${WEBHOOK_KEY_PREFIX}${messageId}#${targetId}`;
}

export class LedgerDeliveryReceipts implements DeliveryReceipts {
  constructor(private readonly ledger: KeyedLedger) {}

  async delivered(messageId: string, targetId: string): Promise<boolean> {
    return (await this.ledger.get(receiptKey(messageId, targetId))) !== undefined;
  }

  async record(messageId: string, targetId: string, now: Date): Promise<void> {
    await this.ledger.put(
      receiptKey(messageId, targetId),
      { deliveredAt: now.toISOString() },
      0,
      new Date(now.getTime() + RECEIPT_RETENTION_MS),
    );
  }
}
