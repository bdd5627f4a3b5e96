import type { AlertLedger } from '../ports/alert-ledger';
import type { LogPort } from '../ports/log';
import { describeError } from './describe-error';
import type { RunOptions } from './run-types';

/**
 * Allowance for the clocks of two runs disagreeing: a lease that ended this close before this
 * run started counts as overlapping it.
 */
export const LEASE_CLOCK_MARGIN_MS = 10_000;

/** Why a run may not write what it read. */
export type LeaseRefusal =
  /** Another run holds the lease: this one must not publish or record. */
  | { readonly kind: 'held-elsewhere' }
  /** The lease was taken, but another run held it after this one read the ledger. */
  | { readonly kind: 'ledger-read-before-other-run'; readonly otherRunEnded: Date };

/**
 * Thrown by the first write of a pass that finds the lease refused. An exception, not a result:
 * it must stop every worker of the pass at once, wherever each is; the page walk turns it back
 * into a `LeaseRefusal`.
 */
export class LeaseRefused extends Error {
  constructor(readonly refusal: LeaseRefusal) {
    super(
      refusal.kind === 'held-elsewhere'
        ? 'another run holds the lease'
        : 'another run held the lease after this run read the ledger',
    );
  }
}

/**
 * The run lease. It is taken only when the run first has something to publish or record, so a
 * run with nothing to do (the steady state) reads and never writes. A run that reads while
 * another writes could act on what it read before that other run's writes; so when taking the
 * lease shows that another run held it after this one started, the write is refused with
 * `ledger-read-before-other-run` and the run starts over, reading the ledger again under the lease.
 */
export class RunLease {
  private readonly startedAt: Date;
  private taking: Promise<void> | undefined;
  private taken = false;

  constructor(
    private readonly ledger: AlertLedger,
    private readonly log: LogPort,
    private readonly options: RunOptions,
    private readonly leaseMs: number,
  ) {
    this.startedAt = options.wallClock();
  }

  /** True once this run holds the lease, which it must then release. */
  get held(): boolean {
    return this.taken;
  }

  /** Resolves once this run may publish and record; every write waits for it. */
  beforeWriting(): Promise<void> {
    this.taking ??= this.take();
    return this.taking;
  }

  /** The pass that starts over writes under the lease already taken. */
  startOverUnderLease(): void {
    this.taking = Promise.resolve();
  }

  /** Ends the lease; false (and logged) when that failed. */
  async release(): Promise<boolean> {
    try {
      await this.ledger.releaseLease(this.options.runId, this.options.wallClock());
      return true;
    } catch (error: unknown) {
      // The run's work is done and recorded; an unreleased lease only lapses on its own.
      this.log.error('Could not release the run lease; it lapses by itself', { error: describeError(error) });
      return false;
    }
  }

  private async take(): Promise<void> {
    const grant = await this.ledger.acquireLease(this.options.runId, this.options.wallClock(), this.leaseMs);
    if (!grant.acquired) throw new LeaseRefused({ kind: 'held-elsewhere' });
    this.taken = true;
    const previousEnd = grant.previousEnd;
    if (previousEnd && previousEnd.getTime() >= this.startedAt.getTime() - LEASE_CLOCK_MARGIN_MS) {
      throw new LeaseRefused({ kind: 'ledger-read-before-other-run', otherRunEnded: previousEnd });
    }
  }
}
