import type { CatalogSecret } from '../domain/catalog-secret';
import type { LedgerEntry } from '../domain/ledger-entry';
import { emptyEntry } from '../domain/ledger-entry';
import { admit } from './admit';
import { evaluateSecret } from './evaluate-secret';
import { forEachLimited } from './for-each-limited';
import type { LeaseRefusal } from './lease';
import { LeaseRefused } from './lease';
import type { MonitorRun } from './run-context';
import type { Pass } from './run-summary';

/**
 * Pages listed but not yet processed, at most, once the ledger is read; enough to keep listing
 * busy in a steady state while bounding what a slow (first) run holds in memory.
 */
const PAGES_READ_AHEAD = 3;

/**
 * Resolves on the event loop's next turn. A page's processing waits for it, so that the request
 * for the next page, started right after, is built, signed and written to its socket first:
 * processing queued as plain promise callbacks would interleave with the SDK's own and hold the
 * request back until most of the page was done. The next page is then on its way while this one
 * is processed (and while the SDK decodes it), which is what keeps a run near one round trip per
 * page.
 */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * One pass over the catalog into `pass`: undefined once every secret is processed, or why the
 * lease stopped it. Any other error (listing, the ledger read) ends the run.
 */
export async function walkCatalog(run: MonitorRun, pass: Pass): Promise<LeaseRefusal | undefined> {
  try {
    await walkPages(run, pass);
    return undefined;
  } catch (error: unknown) {
    if (error instanceof LeaseRefused) return error.refusal;
    throw error;
  }
}

/**
 * The ledger is read whole (a Scan) while the first pages are listed; pages are fetched one
 * after another (NextToken) and processed in order, one at a time, each as soon as it and the
 * ledger are in and the next page has been requested, so a steady-state run costs about one
 * ListSecrets round trip per page.
 */
async function walkPages(run: MonitorRun, pass: Pass): Promise<void> {
  const ledger = run.deps.ledger.readAll();
  let ledgerSettled = false;
  ledger.then(
    () => (ledgerSettled = true),
    () => (ledgerSettled = true),
  );
  const pages = run.deps.catalog.pages(run.settings.tagKey)[Symbol.asyncIterator]();
  let processing: Promise<void> = Promise.resolve();
  const pagesDone: Promise<void>[] = [];
  let processingFailed = false;
  let listingError: { error: unknown } | undefined;
  try {
    for (;;) {
      // Once the ledger is in, read ahead at most a few pages: when processing is the slower
      // side (a first run, with a lookup, a publish and a write per secret), listing waits
      // instead of piling up pages.
      const oldestInFlight = ledgerSettled ? pagesDone[pagesDone.length - PAGES_READ_AHEAD] : undefined;
      if (oldestInFlight) await oldestInFlight.catch(() => undefined);
      if (processingFailed) break;
      const page = await pages.next();
      if (page.done) break;
      const secrets = admit(run, pass, page.value);
      processing = processing.then(nextTurn).then(() => processPage(run, pass, secrets, ledger));
      processing.catch(() => {
        processingFailed = true;
      });
      pagesDone.push(processing);
    }
  } catch (error: unknown) {
    listingError = { error };
  }
  // Pages already listed are finished (their alerts sent and recorded) before any error ends the run.
  await processing;
  if (listingError) throw listingError.error;
}

async function processPage(
  run: MonitorRun,
  pass: Pass,
  secrets: readonly CatalogSecret[],
  ledger: Promise<Map<string, LedgerEntry>>,
): Promise<void> {
  const entries = await ledger;
  await forEachLimited(secrets, run.settings.concurrency, async (secret) => {
    pass.reports.push(
      await evaluateSecret(run, pass, secret, entries.get(secret.arn) ?? emptyEntry(secret.arn)),
    );
  });
}
