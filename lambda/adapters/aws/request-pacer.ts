/**
 * Keeps calls within a per-second request quota: a token bucket that holds at most `burst`
 * calls and refills at `perSecond`, so no window of one second sees more than
 * `burst + perSecond` calls from this process. Each `take()` reserves the next free slot, in the
 * order asked, and resolves when it comes; while the bucket holds a token it resolves at once.
 */
export class RequestPacer {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    /** Monotonic milliseconds; injected by tests. */
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    if (!(perSecond > 0) || !(burst >= 1)) {
      throw new Error(`RequestPacer needs perSecond > 0 and burst >= 1, got ${perSecond} and ${burst}`);
    }
    this.tokens = burst;
    this.last = now();
  }

  /** Resolves when the next call may be made. */
  take(): Promise<void> {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + (Math.max(now - this.last, 0) / 1000) * this.perSecond);
    this.last = now;
    this.tokens -= 1;
    if (this.tokens >= 0) return Promise.resolve();
    return this.sleep((-this.tokens / this.perSecond) * 1000);
  }
}
