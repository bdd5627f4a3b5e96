import type { AlertPolicy, Severity } from '../domain/alert-policy';
import type { DateSource } from '../domain/expiry';
import type { AlertLedger } from '../ports/alert-ledger';
import type { AlertPublisher } from '../ports/alert-publisher';
import type { EventPublisher } from '../ports/event-publisher';
import type { LogPort } from '../ports/log';
import type { SecretCatalog } from '../ports/secret-catalog';

/** What a monitor run takes and gives back; `run-monitor.ts` re-exports all of it. */

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
  /**
   * The owner names the stack routes alerts for: an `lwa:owner` tag naming another is reported.
   * Undefined when not known (the CLI without a deployed stack): not checked.
   */
  readonly ownerNames?: readonly string[];
}

export interface MonitorDeps {
  readonly catalog: SecretCatalog;
  readonly ledger: AlertLedger;
  readonly publisher: AlertPublisher;
  /** Puts an event per alert SNS accepted on the event bus; without it, none is put. */
  readonly events?: EventPublisher;
  readonly log: LogPort;
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
  /** The team that owns the app (its `lwa:owner` tag), when the tag names one. */
  readonly owner?: string;
  readonly status: 'dated' | 'undetermined' | 'skipped';
  readonly skipReason?: SkipReason;
  readonly expiresAt?: Date;
  readonly daysLeft?: number;
  readonly source?: DateSource;
  readonly warnings: readonly string[];
  /** Date tags given but unusable (malformed, or a rotation in the future); also in `warnings`. */
  readonly dateTagErrors?: readonly string[];
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
