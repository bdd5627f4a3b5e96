import type { EventBridgeClient, PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { EVENT_SOURCE } from '../../../contract/events';
import { errorName } from '../../domain/error-name';
import type { ProductEvent } from '../../domain/product-events';
import type { EventPublisher, EventPublishOutcome, UnpublishedEvent } from '../../ports/event-publisher';

/** PutEvents takes at most 10 entries a call. */
export const MAX_ENTRIES_PER_CALL = 10;
/** Calls after the first for the entries a PutEvents answer lists as failed. */
export const DEFAULT_ENTRY_RETRIES = 2;

/** One PutEvents entry of `event` on `eventBusName`. */
export function toPutEventsEntry(eventBusName: string, event: ProductEvent): PutEventsRequestEntry {
  return {
    EventBusName: eventBusName,
    Source: EVENT_SOURCE,
    DetailType: event.detailType,
    Time: event.time,
    Resources: [...event.resources],
    Detail: JSON.stringify(event.detail),
  };
}

export interface EventBridgePublisherOptions {
  /** Calls after the first for entries the bus answered as failed. */
  readonly entryRetries?: number;
  /** Waits before a retry of failed entries; injected by tests. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * EventBridge PutEvents, ten entries a call. A call the SDK could not complete (after its own
 * retries) fails its entries; entries the answer lists with an ErrorCode (its FailedEntryCount)
 * are sent again, alone, a bounded number of times.
 */
export class EventBridgeEventPublisher implements EventPublisher {
  private readonly entryRetries: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly client: EventBridgeClient,
    private readonly eventBusName: string,
    options: EventBridgePublisherOptions = {},
  ) {
    this.entryRetries = options.entryRetries ?? DEFAULT_ENTRY_RETRIES;
    this.sleep = options.sleep ?? realSleep;
  }

  async publish(events: readonly ProductEvent[]): Promise<EventPublishOutcome> {
    let published = 0;
    const failed: UnpublishedEvent[] = [];
    for (let start = 0; start < events.length; start += MAX_ENTRIES_PER_CALL) {
      const outcome = await this.putChunk(events.slice(start, start + MAX_ENTRIES_PER_CALL));
      published += outcome.published;
      failed.push(...outcome.failed);
    }
    return { published, failed };
  }

  /** One chunk of at most ten, its failed entries retried. */
  private async putChunk(chunk: readonly ProductEvent[]): Promise<EventPublishOutcome> {
    let pending = chunk.map((event) => ({ event, reason: 'NotSent' }));
    let published = 0;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) {
        if (attempt > this.entryRetries) break;
        await this.sleep(100 * 2 ** (attempt - 1));
      }
      const answer = await this.put(pending.map((p) => p.event));
      if (!answer.ok) {
        // The SDK already retried the call itself (throttling, 5xx): it is not repeated here.
        pending = pending.map((p) => ({ ...p, reason: answer.reason }));
        break;
      }
      const next: typeof pending = [];
      answer.entries.forEach((entry, index) => {
        const sent = pending[index];
        if (sent === undefined) return;
        if (entry.ErrorCode) next.push({ event: sent.event, reason: entry.ErrorCode });
        else published++;
      });
      // An answer that lists fewer entries than were sent accounts for none of the rest.
      for (const missing of pending.slice(answer.entries.length)) {
        next.push({ ...missing, reason: 'NoResultEntry' });
      }
      pending = next;
    }
    return {
      published,
      failed: pending.map(({ event, reason }) => ({
        detailType: event.detailType,
        secretArn: event.detail.secretArn,
        reason,
      })),
    };
  }

  private async put(
    events: readonly ProductEvent[],
  ): Promise<
    { ok: true; entries: readonly { readonly ErrorCode?: string }[] } | { ok: false; reason: string }
  > {
    try {
      const result = await this.client.send(
        new PutEventsCommand({ Entries: events.map((event) => toPutEventsEntry(this.eventBusName, event)) }),
      );
      return { ok: true, entries: result.Entries ?? [] };
    } catch (error: unknown) {
      return { ok: false, reason: errorName(error) };
    }
  }
}
