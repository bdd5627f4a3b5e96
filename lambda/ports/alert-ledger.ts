import type { LedgerEntry } from '../domain/ledger-entry';

export type SaveOutcome =
  | { readonly saved: true; readonly revision: number }
  | { readonly saved: false; readonly reason: 'conflict' };

export type LeaseGrant =
  | {
      readonly acquired: true;
      /**
       * When the previous holder's lease ended: when it was released, or when it lapsed if it
       * never was. Undefined when no earlier lease is on record.
       */
      readonly previousEnd?: Date;
    }
  | { readonly acquired: false };

export interface AlertLedger {
  /**
   * Every recorded entry, read consistently (a Scan of the table, about 1 MB per request), keyed
   * by secret ARN. A secret absent from the map has never been recorded.
   */
  readAll(): Promise<Map<string, LedgerEntry>>;
  /** Writes `entry` if the stored revision is still `entry.revision`; returns the new revision. */
  save(entry: LedgerEntry, now: Date): Promise<SaveOutcome>;
  /** Takes the run lease unless another live run holds it. */
  acquireLease(holder: string, now: Date, durationMs: number): Promise<LeaseGrant>;
  /** Ends the lease at `now`, if `holder` still holds it; the record of when it ended stays. */
  releaseLease(holder: string, now: Date): Promise<void>;
}
