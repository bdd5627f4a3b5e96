import type { LedgerEntry } from '../domain/ledger-entry';
import { NO_CURRENT_VERSION, emptyEntry } from '../domain/ledger-entry';
import type { CatalogSecret, CurrentVersion } from '../domain/catalog-secret';
import { renderAlert } from '../domain/alert-message';
import type { AlertState, Severity } from '../domain/alert-policy';
import { daysLeft, nextAlertAt, planAlerts, severityOf } from '../domain/alert-policy';
import type { ExpiryResult } from '../domain/expiry';
import { needsCurrentVersionDate, resolveExpiry } from '../domain/expiry';
import type {
  CredentialReport,
  MonitorDeps,
  MonitorSettings,
  RunOptions,
  RunSummary,
  SkipReason,
} from './run-types';

export type {
  CredentialReport,
  MonitorDeps,
  MonitorSettings,
  RunOptions,
  RunSummary,
  SkipReason,
} from './run-types';

/**
 * One monitor run: page through the tagged secrets, date each one, decide its alerts, publish,
 * and record what was published. The order per alert is publish-then-record, so an alert that
 * SNS did not accept is never marked as sent; the only duplicate possible is a crash between
 * the two calls, a window of one DynamoDB write.
 */

export function runFailed(summary: RunSummary): boolean {
  return summary.publishFailures + summary.ledgerFailures + summary.lookupFailures + summary.conflicts > 0;
}

/**
 * Pages listed but not yet processed, at most, once the ledger is read; enough to keep listing
 * busy in a steady state while bounding what a slow (first) run holds in memory.
 */
const PAGES_READ_AHEAD = 3;

/**
 * Allowance for the clocks of two runs disagreeing: a lease that ended this close before this
 * run started counts as overlapping it.
 */
export const LEASE_CLOCK_MARGIN_MS = 10_000;

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** Runs `task` over `items`, `limit` at a time; after a task fails, no further item is started. */
async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  let failed = false;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await task(item);
      } catch (error: unknown) {
        failed = true;
        throw error;
      }
    }
  });
  await Promise.all(workers);
}

interface Tally {
  publishFailures: number;
  ledgerFailures: number;
  lookupFailures: number;
  conflicts: number;
  alertsBySeverity: Record<string, number>;
}

/** What one pass over the catalog found; a pass that is started over is discarded whole. */
interface Pass {
  readonly tally: Tally;
  readonly reports: CredentialReport[];
  readonly seen: Set<string>;
}

function newPass(): Pass {
  return {
    tally: { publishFailures: 0, ledgerFailures: 0, lookupFailures: 0, conflicts: 0, alertsBySeverity: {} },
    reports: [],
    seen: new Set(),
  };
}

/** Another run holds the lease: this one must not publish or record. */
class LeaseHeldElsewhere extends Error {}

/** The lease was taken, but another run held it after this one read the ledger. */
class LedgerReadBeforeOtherRun extends Error {
  constructor(readonly otherRunEnded: Date) {
    super('another run held the lease after this run read the ledger');
  }
}

export async function runMonitor(
  deps: MonitorDeps,
  settings: MonitorSettings,
  options: RunOptions,
): Promise<RunSummary> {
  const dryRun = options.dryRun ?? false;
  const summarise = (pass: Pass, ran: boolean): RunSummary => {
    const { reports, tally } = pass;
    return {
      runId: options.runId,
      now: options.now.toISOString(),
      dryRun,
      ran,
      credentials: reports.filter((r) => r.status !== 'skipped').length,
      skipped: reports.filter((r) => r.status === 'skipped').length,
      undetermined: reports.filter((r) => r.status === 'undetermined').length,
      withWarnings: reports.filter((r) => r.warnings.length > 0).length,
      ...tally,
      reports,
    };
  };

  /*
   * The lease is taken only when the run first has something to publish or record, so a run
   * with nothing to do (the steady state) reads and never writes. A run that reads while another
   * writes could act on what it read before that other run's writes; so when taking the lease
   * shows that another run held it after this one started, the run starts over, reading the
   * ledger again under the lease.
   */
  const startedAt = options.wallClock();
  /** Versions looked up (ListSecretVersionIds) by this run, kept for a pass that starts over. */
  const lookedUp = new Map<string, CurrentVersion>();
  let lease: Promise<void> | undefined;
  let leaseHeld = false;

  async function takeLease(): Promise<void> {
    const grant = await deps.ledger.acquireLease(options.runId, options.wallClock(), settings.leaseMs);
    if (!grant.acquired) throw new LeaseHeldElsewhere();
    leaseHeld = true;
    const previousEnd = grant.previousEnd;
    if (previousEnd && previousEnd.getTime() >= startedAt.getTime() - LEASE_CLOCK_MARGIN_MS) {
      throw new LedgerReadBeforeOtherRun(previousEnd);
    }
  }

  /** Resolves once this run may publish and record; every write waits for it. */
  function beforeWriting(): Promise<void> {
    lease ??= takeLease();
    return lease;
  }

  let pass = newPass();
  try {
    try {
      await walkCatalog(pass);
    } catch (error: unknown) {
      if (error instanceof LeaseHeldElsewhere) {
        deps.log.warn('Another monitor run holds the lease; this run publishes and records nothing', {
          runId: options.runId,
        });
        return summarise(newPass(), false);
      }
      if (!(error instanceof LedgerReadBeforeOtherRun)) throw error;
      deps.log.info(
        'Another monitor run wrote to the ledger while this one read it; starting over under the lease',
        {
          runId: options.runId,
          otherRunEnded: error.otherRunEnded.toISOString(),
        },
      );
      lease = Promise.resolve();
      pass = newPass();
      await walkCatalog(pass);
    }
  } finally {
    if (leaseHeld) await releaseLease(pass);
  }
  assessCatalog(pass);
  return summarise(pass, true);

  async function releaseLease(pass: Pass): Promise<void> {
    try {
      await deps.ledger.releaseLease(options.runId, options.wallClock());
    } catch (error: unknown) {
      // The run's work is done and recorded; an unreleased lease only lapses on its own.
      pass.tally.ledgerFailures++;
      deps.log.error('Could not release the run lease; it lapses by itself', { error: describeError(error) });
    }
  }

  /**
   * The ledger is read whole (a Scan) while the first pages are listed; pages are fetched one
   * after another (NextToken) and processed in order, one at a time, each as soon as it and the
   * ledger are in, so a steady-state run costs about one ListSecrets round trip per page.
   */
  async function walkCatalog(pass: Pass): Promise<void> {
    const ledger = deps.ledger.readAll();
    let ledgerSettled = false;
    ledger.then(
      () => (ledgerSettled = true),
      () => (ledgerSettled = true),
    );
    const pages = deps.catalog.pages(settings.tagKey)[Symbol.asyncIterator]();
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
        const secrets = admit(pass, page.value);
        processing = processing.then(() => processPage(pass, secrets, ledger));
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

  /** The secrets of a page to process: each once, pending deletions and replicas reported as skipped. */
  function admit(pass: Pass, page: readonly CatalogSecret[]): CatalogSecret[] {
    const active: CatalogSecret[] = [];
    for (const secret of page) {
      // A secret listed twice (only a non-AWS endpoint does that) is processed once.
      if (pass.seen.has(secret.arn)) continue;
      pass.seen.add(secret.arn);
      const skip = skipReasonOf(secret);
      if (skip) pass.reports.push(skippedReport(secret, skip));
      else active.push(secret);
    }
    return active;
  }

  async function processPage(
    pass: Pass,
    secrets: readonly CatalogSecret[],
    ledger: Promise<Map<string, LedgerEntry>>,
  ): Promise<void> {
    const entries = await ledger;
    await forEachLimited(secrets, settings.concurrency, async (secret) => {
      pass.reports.push(await processSecret(pass, secret, entries.get(secret.arn) ?? emptyEntry(secret.arn)));
    });
  }

  function skipReasonOf(secret: CatalogSecret): SkipReason | undefined {
    if (secret.deletedDate !== undefined) return 'pending-deletion';
    if (secret.primaryRegion !== undefined && secret.primaryRegion !== settings.region) return 'replica';
    return undefined;
  }

  function skippedReport(secret: CatalogSecret, skipReason: SkipReason): CredentialReport {
    deps.log.info('Secret skipped', { secret: secret.name, reason: skipReason });
    return {
      secretArn: secret.arn,
      secretName: secret.name,
      app: appNameOf(secret).app,
      status: 'skipped',
      skipReason,
      warnings: [],
      reasons: [],
      alerts: [],
      failures: [],
    };
  }

  function appNameOf(secret: CatalogSecret): { app: string; warning?: string } {
    const raw = secret.tags[settings.tagKey] ?? '';
    const app = raw.trim();
    if (app !== '') return { app };
    return {
      app: secret.name,
      warning: `tag ${settings.tagKey} is empty; the secret name is used as the app name`,
    };
  }

  async function currentVersionFor(
    secret: CatalogSecret,
    entry: LedgerEntry,
  ): Promise<{ version?: CurrentVersion; failure?: string }> {
    if (!needsCurrentVersionDate(secret.tags, options.now)) return { version: entry.currentVersion };
    const cached = entry.currentVersion;
    // ListSecrets names the AWSCURRENT version: while it is the one recorded, its date is known.
    if (cached && secret.currentVersionId !== undefined && cached.versionId === secret.currentVersionId) {
      return { version: cached };
    }
    // A secret without a current version (created without a value) was looked up once already.
    if (cached?.versionId === NO_CURRENT_VERSION && secret.currentVersionId === undefined) {
      return { version: cached };
    }
    // Looked up already in this run, before it started over: the same version needs no second call.
    const earlier = lookedUp.get(secret.arn);
    if (earlier && earlier.versionId === (secret.currentVersionId ?? NO_CURRENT_VERSION))
      return { version: earlier };
    try {
      const found = await deps.catalog.currentVersion(secret.arn);
      const version = found ?? { versionId: NO_CURRENT_VERSION, createdAt: new Date(0) };
      lookedUp.set(secret.arn, version);
      return { version };
    } catch (error: unknown) {
      return { failure: `ListSecretVersionIds failed: ${describeError(error)}` };
    }
  }

  async function processSecret(
    pass: Pass,
    secret: CatalogSecret,
    entry: LedgerEntry,
  ): Promise<CredentialReport> {
    const { tally } = pass;
    const { app, warning: appWarning } = appNameOf(secret);
    const failures: string[] = [];
    const alerts: Severity[] = [];
    const alertSubjects: string[] = [];
    const lookup = await currentVersionFor(secret, entry);
    if (lookup.failure) {
      tally.lookupFailures++;
      failures.push(lookup.failure);
      deps.log.error('Could not read the version metadata of a secret', {
        secret: secret.name,
        error: lookup.failure,
      });
      return {
        secretArn: secret.arn,
        secretName: secret.name,
        app,
        status: 'undetermined',
        warnings: [],
        reasons: [lookup.failure],
        alerts,
        failures,
      };
    }
    const expiry: ExpiryResult = resolveExpiry({
      tags: secret.tags,
      currentVersionCreatedAt:
        lookup.version && lookup.version.versionId !== NO_CURRENT_VERSION
          ? lookup.version.createdAt
          : undefined,
      defaultWindowDays: settings.defaultWindowDays,
      now: options.now,
    });
    const warnings = appWarning ? [appWarning, ...expiry.warnings] : [...expiry.warnings];
    if (warnings.length > 0) deps.log.warn('Secret has tag problems', { secret: secret.name, app, warnings });

    const plan = planAlerts(expiry, entry.alertState, options.now, settings.policy);
    let recorded: LedgerEntry = entry;
    let state: AlertState = entry.alertState;
    const versionChanged = lookup.version?.versionId !== entry.currentVersion?.versionId;

    for (const planned of plan.alerts) {
      const severity = severityOf(planned.kind);
      const message = renderAlert({
        appName: app,
        secretName: secret.name,
        region: settings.region,
        expiry,
        kind: planned.kind,
        now: options.now,
        nextAlertAt: nextAlertAt(expiry, planned.stateAfter, settings.policy),
        policy: settings.policy,
      });
      if (dryRun) {
        alerts.push(severity);
        alertSubjects.push(message.subject);
        continue;
      }
      await beforeWriting();
      try {
        const { messageId } = await deps.publisher.publish(message);
        deps.log.info('Alert published', { secret: secret.name, app, severity, messageId });
      } catch (error: unknown) {
        tally.publishFailures++;
        failures.push(`publish of the ${severity} alert failed: ${describeError(error)}`);
        deps.log.error('Alert not published; it will be retried on the next run', {
          secret: secret.name,
          app,
          severity,
          error: describeError(error),
        });
        break;
      }
      alerts.push(severity);
      alertSubjects.push(message.subject);
      tally.alertsBySeverity[severity] = (tally.alertsBySeverity[severity] ?? 0) + 1;
      const saved = await record(
        tally,
        { ...recorded, alertState: planned.stateAfter, currentVersion: lookup.version, appName: app },
        failures,
        secret,
        severity,
      );
      if (!saved) break;
      recorded = saved;
      state = planned.stateAfter;
    }

    // Nothing published, yet something new to remember: a version date looked up (so it is not
    // looked up again) or a cycle that changed silently.
    const nothingPublished = recorded === entry;
    const stateDiffers = JSON.stringify(plan.finalState) !== JSON.stringify(entry.alertState);
    if (!dryRun && failures.length === 0 && nothingPublished && (versionChanged || stateDiffers)) {
      await beforeWriting();
      const saved = await record(
        tally,
        { ...entry, alertState: plan.finalState, currentVersion: lookup.version, appName: app },
        failures,
        secret,
      );
      if (saved) state = plan.finalState;
    }
    // In a dry run `state` stays as recorded: the report shows the last alert really sent and,
    // as next alert, the one now due (which `alerts` lists as what a real run would send).

    const cycle = state.cycle;
    const current =
      expiry.status === 'dated' && cycle?.expiresAt === expiry.expiresAt.toISOString() ? cycle : undefined;
    return {
      secretArn: secret.arn,
      secretName: secret.name,
      app,
      status: expiry.status,
      expiresAt: expiry.status === 'dated' ? expiry.expiresAt : undefined,
      daysLeft: expiry.status === 'dated' ? daysLeft(expiry.expiresAt, options.now) : undefined,
      source: expiry.status === 'dated' ? expiry.source : undefined,
      warnings,
      dateTagErrors: expiry.dateTagErrors ?? [],
      reasons: expiry.status === 'undetermined' ? expiry.reasons : [],
      alerts,
      alertSubjects,
      lastAlert:
        current?.alertedDays !== undefined
          ? {
              severity: current.alertedDays === 0 ? 'expired' : `${current.alertedDays}-day`,
              at: current.lastAlertAt,
            }
          : undefined,
      nextAlertAt: nextAlertAt(expiry, state, settings.policy),
      failures,
    };
  }

  async function record(
    tally: Tally,
    entry: LedgerEntry,
    failures: string[],
    secret: CatalogSecret,
    severity?: Severity,
  ): Promise<LedgerEntry | undefined> {
    try {
      const outcome = await deps.ledger.save(entry, options.now);
      if (outcome.saved) return { ...entry, revision: outcome.revision };
      tally.conflicts++;
      failures.push('ledger write conflicted with another run; left as that run recorded it');
      deps.log.error('Ledger write conflict: another run recorded this secret first', {
        secret: secret.name,
        severity,
      });
      return undefined;
    } catch (error: unknown) {
      tally.ledgerFailures++;
      failures.push(`ledger write failed: ${describeError(error)}`);
      deps.log.error(
        severity ? 'Alert published but not recorded: the next run may send it again' : 'Ledger write failed',
        { secret: secret.name, severity, error: describeError(error) },
      );
      return undefined;
    }
  }

  function assessCatalog({ reports }: Pass): void {
    if (reports.length === 0) {
      deps.log.warn(
        `No secret carries the tag ${JSON.stringify(settings.tagKey)}: nothing is monitored. Check the tag key on your secrets.`,
      );
    }
    const byApp = new Map<string, string[]>();
    for (const report of reports) {
      if (report.status === 'skipped') continue;
      byApp.set(report.app, [...(byApp.get(report.app) ?? []), report.secretName]);
    }
    for (const [app, secrets] of byApp) {
      if (secrets.length > 1) deps.log.warn('Several secrets share one app name', { app, secrets });
    }
  }
}
