import type { ProductEvent } from '../domain/product-events';

/** An event the bus did not take, described without its content. */
export interface UnpublishedEvent {
  readonly detailType: string;
  readonly secretArn: string;
  /** Safe to log: an error code or name, never the event's detail. */
  readonly reason: string;
}

export interface EventPublishOutcome {
  /** Events the bus accepted. */
  readonly published: number;
  /** Events it did not accept, after the bounded retries. */
  readonly failed: readonly UnpublishedEvent[];
}

/**
 * Puts events on an EventBridge bus. It never rejects: what the bus did not take is in the
 * outcome. An event only ever accompanies an alert (or an action) that already happened, so a
 * failure here changes nothing else the caller does.
 */
export interface EventPublisher {
  publish(events: readonly ProductEvent[]): Promise<EventPublishOutcome>;
}
