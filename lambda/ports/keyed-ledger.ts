export type LedgerAttribute = string | number | boolean;

export interface StoredRecord {
  /** 0 when the item does not exist. */
  readonly revision: number;
  readonly attributes: Readonly<Record<string, LedgerAttribute>>;
}

/**
 * The automation functions' items in the monitor's ledger table. Every key carries a prefix
 * (`rotation#`, `livecheck#`, `webhook#`): a bare secret ARN is the monitor's own item and is
 * never read or written here. Writes are conditional on the revision read, so two runs can
 * never both believe they own the same item.
 */
export interface KeyedLedger {
  get(key: string): Promise<StoredRecord | undefined>;
  /**
   * Writes the item if its stored revision is still `expectedRevision` (0: the item must not
   * exist). Returns false when another writer got there first.
   */
  put(
    key: string,
    attributes: Readonly<Record<string, LedgerAttribute | undefined>>,
    expectedRevision: number,
    expiresAt: Date,
  ): Promise<boolean>;
}
