import type { LatencyTimer } from '../../tools/fake-aws';

/**
 * A latency timer for the fake whose clock stands still and whose waits are held until the
 * test releases them: a test sees which waits the fake asked for, and in what order answers
 * come, without depending on how fast the machine is.
 */
export class HeldWaits implements LatencyTimer {
  /** The waits asked for, in ms, in order. */
  readonly asked: number[] = [];
  private readonly held: (() => void)[] = [];
  private readonly waiters: { count: number; resolve: () => void }[] = [];

  now(): number {
    return 0;
  }

  wait(ms: number): Promise<void> {
    this.asked.push(ms);
    return new Promise<void>((resolve) => {
      this.held.push(resolve);
      for (const waiter of this.waiters.filter((w) => this.asked.length >= w.count)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
  }

  /** Resolves once at least `count` waits have been asked for. */
  whenAsked(count: number): Promise<void> {
    if (this.asked.length >= count) return Promise.resolve();
    return new Promise<void>((resolve) => this.waiters.push({ count, resolve }));
  }

  /** Ends every wait held so far. */
  releaseAll(): void {
    for (const release of this.held.splice(0)) release();
  }
}
