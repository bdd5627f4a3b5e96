/** A clock that only moves when told to, or when code "sleeps" on it. */
export class FakeClock {
  readonly sleeps: number[] = [];
  constructor(private nowMs: number) {}

  readonly clock = (): Date => new Date(this.nowMs);
  readonly sleep = (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.nowMs += ms;
    return Promise.resolve();
  };
  advance(ms: number): void {
    this.nowMs += ms;
  }
  get now(): number {
    return this.nowMs;
  }
}
