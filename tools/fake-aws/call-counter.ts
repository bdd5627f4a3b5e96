import type { OperationName, ServiceName } from './faults';

/** Counts calls per operation, failed attempts included (each SDK retry is a call). */
export class CallCounter {
  private readonly counts = new Map<string, number>();
  private serviceMs = 0;

  record(operation: OperationName): void {
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
  }

  /** Adds the time the fake itself spent answering (latency excluded), to tell it from the client's. */
  addServiceTime(ms: number): void {
    this.serviceMs += ms;
  }

  /** Milliseconds the fake spent decoding, evaluating and encoding, since the last reset. */
  get serviceTimeMs(): number {
    return this.serviceMs;
  }

  count(operation: OperationName): number {
    return this.counts.get(operation) ?? 0;
  }

  /** Calls to one service (or all), by operation. */
  snapshot(service?: ServiceName): Record<string, number> {
    const result: Record<string, number> = {};
    for (const [operation, count] of [...this.counts].sort(([a], [b]) => a.localeCompare(b))) {
      if (service === undefined || operation.startsWith(`${service}.`)) result[operation] = count;
    }
    return result;
  }

  total(service?: ServiceName): number {
    return Object.values(this.snapshot(service)).reduce((sum, n) => sum + n, 0);
  }

  reset(): void {
    this.counts.clear();
    this.serviceMs = 0;
  }
}
