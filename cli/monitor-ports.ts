import type { LogPort } from '../lambda/ports/log';
import type { AlertLedger } from '../lambda/ports/alert-ledger';
import type { LedgerEntry } from '../lambda/domain/ledger-entry';
import type { AlertPublisher } from '../lambda/ports/alert-publisher';
import type { TextSink } from './io';

/**
 * The monitor's ports as the CLI wires them: it reads the ledger and never writes it, and it
 * has no publisher at all. The monitor's dry run already promises both; these make a broken
 * promise fail loudly instead of sending or recording anything.
 */

class ReadOnlyLedgerError extends Error {
  constructor(operation: string) {
    super(`lwa-expiry never writes to the alert ledger (attempted ${operation})`);
    this.name = 'ReadOnlyLedgerError';
  }
}

/** Reads through `source` (or treats every secret as never recorded) and remembers what it read. */
export class ReadOnlyLedger implements AlertLedger {
  /** Ledger entries as read before the run decided anything: what was really sent. */
  readonly read = new Map<string, LedgerEntry>();

  constructor(private readonly source?: Pick<AlertLedger, 'readAll'>) {}

  async readAll(): Promise<Map<string, LedgerEntry>> {
    const entries = this.source ? await this.source.readAll() : new Map<string, LedgerEntry>();
    for (const [arn, entry] of entries) this.read.set(arn, entry);
    return entries;
  }

  save(): Promise<never> {
    return Promise.reject(new ReadOnlyLedgerError('save'));
  }

  acquireLease(): Promise<never> {
    return Promise.reject(new ReadOnlyLedgerError('acquireLease'));
  }

  releaseLease(): Promise<never> {
    return Promise.reject(new ReadOnlyLedgerError('releaseLease'));
  }
}

export const NO_PUBLISHER: AlertPublisher = {
  publish: () => Promise.reject(new Error('lwa-expiry never publishes alerts')),
};

/** The monitor's log: silent, or one JSON line per entry on stderr with `--debug`. */
export function cliMonitorLog(stderr: TextSink, debug: boolean): LogPort {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    if (debug) stderr.write(`${JSON.stringify({ level, message, ...fields })}\n`);
  };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}
