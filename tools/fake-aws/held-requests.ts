import type { Fault, FakeRequest } from './faults';

/** One request as the fake received it: operation, attempt header and body, and its fault. */
export interface CallRecord extends FakeRequest {
  /** Wall-clock ms when the request arrived. */
  readonly at: number;
  /** The fault it was answered with (set once the fault plan and `intercept` have decided). */
  readonly fault?: Fault;
}

/** A request a `hang` fault holds: the client gets no answer until the test releases it. */
export interface HeldRequest {
  readonly request: CallRecord;
  /**
   * Answers it now: as the service would, from the fake's state at this moment, or with the
   * given fault (`socket-destroy` drops the connection). Releasing it again does nothing.
   */
  release(fault?: Exclude<Fault, 'hang'>): void;
}

/** The requests `hang` faults hold, in arrival order, and the tests waiting for some to be held. */
export class HeldRequests {
  private readonly requests: HeldRequest[] = [];
  private readonly waiters: { count: number; resolve: (held: readonly HeldRequest[]) => void }[] = [];

  get all(): readonly HeldRequest[] {
    return [...this.requests];
  }

  /** Holds `record` until released; `answer` then answers it (with a fault, if one is given). */
  hold(record: CallRecord, answer: (fault: Exclude<Fault, 'hang'> | undefined) => void): void {
    const held: HeldRequest = {
      request: record,
      release: (fault) => {
        const index = this.requests.indexOf(held);
        if (index < 0) return;
        this.requests.splice(index, 1);
        answer(fault);
      },
    };
    this.requests.push(held);
    this.notify();
  }

  /** Resolves once at least `count` requests are held at the same time (at once if they are). */
  when(count: number): Promise<readonly HeldRequest[]> {
    return new Promise((resolve) => {
      this.waiters.push({ count, resolve });
      this.notify();
    });
  }

  /** Forgets every held request (their connections are closing). */
  clear(): void {
    this.requests.length = 0;
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) {
      if (this.requests.length < waiter.count) continue;
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(this.all);
    }
  }
}
