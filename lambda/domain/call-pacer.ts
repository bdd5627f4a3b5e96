/**
 * Spaces calls of one SP-API operation for one app the way Amazon's usage plan allows: a token
 * bucket of `burst` calls refilled at `ratePerSecond` (the generic cell rate algorithm, kept as
 * one "theoretical arrival time" per key). Reservations are synchronous, so concurrent checks of
 * one run never pick the same slot. Pure: the caller passes the time and does the waiting.
 */

export interface RateLimit {
  readonly ratePerSecond: number;
  readonly burst: number;
}

export class CallPacer {
  /** Per key: when the bucket would be full again if no call came (the "theoretical arrival time"). */
  private readonly arrival = new Map<string, number>();
  /** Per key: no call before this time (Amazon's Retry-After, or one interval after a 429). */
  private readonly blocked = new Map<string, number>();

  /** The earliest time, at or after `nowMs`, a call under `key` may start. Reserves nothing. */
  earliest(key: string, limit: RateLimit, nowMs: number): number {
    const interval = 1000 / limit.ratePerSecond;
    const tolerance = (Math.max(1, limit.burst) - 1) * interval;
    const arrival = this.arrival.get(key) ?? Number.NEGATIVE_INFINITY;
    return Math.max(nowMs, arrival - tolerance, this.blocked.get(key) ?? Number.NEGATIVE_INFINITY);
  }

  /** Takes the slot `earliest` returned (call it right after, with no await in between). */
  reserve(key: string, limit: RateLimit, startMs: number): void {
    const interval = 1000 / limit.ratePerSecond;
    const arrival = this.arrival.get(key) ?? Number.NEGATIVE_INFINITY;
    this.arrival.set(key, Math.max(arrival, startMs) + interval);
  }

  /** After a 429: no further call under `key` before `untilMs`. */
  block(key: string, untilMs: number): void {
    this.blocked.set(key, Math.max(untilMs, this.blocked.get(key) ?? Number.NEGATIVE_INFINITY));
  }
}
