import type { OperationName } from './faults';

/** The clock a latency is counted on, and the wait for its rest. */
export interface LatencyTimer {
  now(): number;
  wait(ms: number): Promise<void>;
}

const REAL_TIMER: LatencyTimer = {
  now: () => performance.now(),
  wait: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

/**
 * How long the fake takes to answer, per operation or for all: an answer leaves that long after
 * its request arrived, the fake's own work included.
 */
export class Latency {
  private readonly byOperation = new Map<string, number>();

  constructor(
    private defaultMs: number,
    private readonly timer: LatencyTimer = REAL_TIMER,
  ) {}

  /** Sets the latency of every answer (or of the answers of one operation). */
  set(ms: number, operation?: OperationName): void {
    if (operation === undefined) {
      this.defaultMs = ms;
      this.byOperation.clear();
    } else {
      this.byOperation.set(operation, ms);
    }
  }

  /** Now, on the clock latencies are counted on: when a request arrives. */
  now(): number {
    return this.timer.now();
  }

  /** How long an answer to `operation`, arrived at `arrived`, must still wait (0 or less: none). */
  remaining(operation: OperationName, arrived: number): number {
    return arrived + (this.byOperation.get(operation) ?? this.defaultMs) - this.timer.now();
  }

  wait(ms: number): Promise<void> {
    return this.timer.wait(ms);
  }
}
