import type { AlertLedger, LedgerEntry } from '../adapters/alert-ledger';
import { NO_CURRENT_VERSION, emptyEntry } from '../adapters/alert-ledger';
import type { AlertPublisher } from '../adapters/alert-publisher';
import type { CatalogSecret, CurrentVersion, SecretCatalog } from '../adapters/secret-catalog';
import { renderAlert } from '../domain/alert-message';
import type { AlertPolicy, AlertState, Severity } from '../domain/alert-policy';
import { daysLeft, nextAlertAt, planAlerts, severityOf } from '../domain/alert-policy';
import type { DateSource, ExpiryResult } from '../domain/expiry';
import { needsCurrentVersionDate, resolveExpiry } from '../domain/expiry';

/**
 * One monitor run: page through the tagged secrets, date each one, decide its alerts, publish,
 * and record what was published. The order per alert is publish-then-record, so an alert that
 * SNS did not accept is never marked as sent; the only duplicate possible is a crash between
 * the two calls, a window of one DynamoDB write.
 */

export interface MonitorSettings {
  readonly tagKey: string;
  readonly defaultWindowDays: number;
  readonly policy: AlertPolicy;
  /** Region the monitor runs in: replicas of secrets whose primary lives elsewhere are skipped. */
  readonly region: string;
  /** How long a run may hold the lease; at least the function timeout. */
  readonly leaseMs: number;
  /** Secrets processed at once within a page (version lookups, publishes, ledger writes). */
  readonly concurrency: number;
}

export interface MonitorLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface MonitorDeps {
  readonly catalog: SecretCatalog;
  readonly ledger: AlertLedger;
  readonly publisher: AlertPublisher;
  readonly log: MonitorLog;
}

export interface RunOptions {
  /** Evaluation time: the scheduled time of the run. */
  readonly now: Date;
  /** Wall clock for the lease, which must not follow a simulated `now`. */
  readonly wallClock: () => Date;
  readonly runId: string;
  /** Decide and report only: nothing is published or recorded. */
  readonly dryRun?: boolean;
}

export type SkipReason = 'pending-deletion' | 'replica';

export interface CredentialReport {
  readonly secretArn: string;
  readonly secretName: string;
  readonly app: string;
  readonly status: 'dated' | 'undetermined' | 'skipped';
  readonly skipReason?: SkipReason;
  readonly expiresAt?: Date;
  readonly daysLeft?: number;
  readonly source?: DateSource;
  readonly warnings: readonly string[];
  readonly reasons: readonly string[];
  /** Alerts published this run (or that would be, in a dry run). */
  readonly alerts: readonly Severity[];
  /** SNS subject of each alert in `alerts`, in the same order (what `check --dry-run` prints). */
  readonly alertSubjects?: readonly string[];
  /** Most urgent alert recorded for the current cycle, after this run. */
  readonly lastAlert?: { readonly severity: Severity; readonly at?: string };
  readonly nextAlertAt?: Date;
  readonly failures: readonly string[];
}

export interface RunSummary {
  readonly runId: string;
  readonly now: string;
  readonly dryRun: boolean;
  /** False when another run held the lease, so this one did nothing. */
  readonly ran: boolean;
  readonly credentials: number;
  readonly skipped: number;
  readonly undetermined: number;
  readonly withWarnings: number;
  readonly alertsBySeverity: Readonly<Record<string, number>>;
  readonly publishFailures: number;
  readonly ledgerFailures: number;
  readonly lookupFailures: number;
  readonly conflicts: number;
  readonly reports: readonly CredentialReport[];
}

export function runFailed(summary: RunSummary): boolean {
  return summary.publishFailures + summary.ledgerFailures + summary.lookupFailures + summary.conflicts > 0;
}

/** Pages listed but not yet processed, at most; enough to keep listing busy in a steady state. */
const PAGES_READ_AHEAD = 3;

/** BatchGetItem reads at most 100 keys. */
const LEDGER_READ_CHUNK = 100;

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
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

export async function runMonitor(
  deps: MonitorDeps,
  settings: MonitorSettings,
  options: RunOptions,
): Promise<RunSummary> {
  const dryRun = options.dryRun ?? false;
  const tally: Tally = {
    publishFailures: 0,
    ledgerFailures: 0,
    lookupFailures: 0,
    conflicts: 0,
    alertsBySeverity: {},
  };
  const reports: CredentialReport[] = [];
  const summarise = (ran: boolean): RunSummary => ({
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
  });

  const seen = new Set<string>();
  if (!dryRun && !(await deps.ledger.acquireLease(options.runId, options.wallClock(), settings.leaseMs))) {
    deps.log.warn('Another monitor run holds the lease; this run does nothing', { runId: options.runId });
    return summarise(false);
  }
  try {
    await walkCatalog();
  } finally {
    if (!dryRun) await releaseLease();
  }
  assessCatalog();
  return summarise(true);

  async function releaseLease(): Promise<void> {
    try {
      await deps.ledger.releaseLease(options.runId);
    } catch (error: unknown) {
      // The run's work is done and recorded; an unreleased lease only lapses on its own.
      tally.ledgerFailures++;
      deps.log.error('Could not release the run lease; it lapses by itself', { error: describeError(error) });
    }
  }

  /**
   * Pages are fetched one after another (NextToken), and each page's ledger read starts the
   * moment the page arrives, while earlier pages are still being processed: a steady-state run
   * then costs about one ListSecrets round trip per page. Pages are processed in order, one at
   * a time, so the concurrency limit holds for the whole run.
   */
  async function walkCatalog(): Promise<void> {
    const pages = deps.catalog.pages(settings.tagKey)[Symbol.asyncIterator]();
    let processing: Promise<void> = Promise.resolve();
    const pagesDone: Promise<void>[] = [];
    let processingFailed = false;
    let listingError: { error: unknown } | undefined;
    try {
      for (;;) {
        // Read ahead at most a few pages: when processing is the slower side (a first run, with a
        // lookup, a publish and a write per secret), listing waits instead of piling up pages.
        const oldestInFlight = pagesDone[pagesDone.length - PAGES_READ_AHEAD];
        if (oldestInFlight) await oldestInFlight.catch(() => undefined);
        if (processingFailed) break;
        const page = await pages.next();
        if (page.done) break;
        const batches = readLedgerFor(page.value);
        processing = processing.then(() => processBatches(batches));
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

  interface LedgerBatch {
    readonly secrets: readonly CatalogSecret[];
    readonly entries: Promise<Map<string, LedgerEntry>>;
  }

  function readLedgerFor(page: readonly CatalogSecret[]): LedgerBatch[] {
    const active: CatalogSecret[] = [];
    for (const secret of page) {
      // A secret listed twice (only a non-AWS endpoint does that) is processed once.
      if (seen.has(secret.arn)) continue;
      seen.add(secret.arn);
      const skip = skipReasonOf(secret);
      if (skip) reports.push(skippedReport(secret, skip));
      else active.push(secret);
    }
    // Pages hold at most 100 secrets on AWS; chunking keeps an endpoint that ignores
    // MaxResults within BatchGetItem's limit of 100 keys.
    const batches: LedgerBatch[] = [];
    for (let start = 0; start < active.length; start += LEDGER_READ_CHUNK) {
      const secrets = active.slice(start, start + LEDGER_READ_CHUNK);
      const entries = deps.ledger.getMany(secrets.map((secret) => secret.arn));
      entries.catch(() => undefined); // awaited by processBatches; this only marks it handled
      batches.push({ secrets, entries });
    }
    return batches;
  }

  async function processBatches(batches: readonly LedgerBatch[]): Promise<void> {
    for (const batch of batches) {
      const entries = await batch.entries;
      await forEachLimited(batch.secrets, settings.concurrency, async (secret) => {
        reports.push(await processSecret(secret, entries.get(secret.arn) ?? emptyEntry(secret.arn)));
      });
    }
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
    try {
      const found = await deps.catalog.currentVersion(secret.arn);
      return { version: found ?? { versionId: NO_CURRENT_VERSION, createdAt: new Date(0) } };
    } catch (error: unknown) {
      return { failure: `ListSecretVersionIds failed: ${describeError(error)}` };
    }
  }

  async function processSecret(secret: CatalogSecret, entry: LedgerEntry): Promise<CredentialReport> {
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
      const saved = await record(
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

  function assessCatalog(): void {
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
