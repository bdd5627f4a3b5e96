import type { LogPort } from '../ports/log';
import type { AlertPublisher } from '../ports/alert-publisher';
import type { EventPublisher } from '../ports/event-publisher';
import type { SecretCatalog } from '../ports/secret-catalog';
import type { ApplicationManagement } from '../ports/application-management';
import type { LwaTokens } from '../ports/lwa-tokens';
import type { CredentialReader } from '../ports/credential-reader';
import type { KeyedLedger } from '../ports/keyed-ledger';
import type { RotationCandidate } from './rotation-record';
import type { DeferReason, RotationTally } from './run-summary';
import { emptyTally } from './run-summary';
import type { RotationSettings } from './settings';

/** What one rotation run needs, and the state its steps pass along. */

export interface RotationDeps {
  readonly catalog: SecretCatalog;
  readonly ledger: KeyedLedger;
  readonly credentials: CredentialReader;
  readonly tokens: Pick<LwaTokens, 'rotationToken'>;
  readonly applications: ApplicationManagement;
  readonly publisher: AlertPublisher;
  /** Puts an event per rotation requested or failed alert SNS accepted; without it, none. */
  readonly events?: EventPublisher;
  readonly log: LogPort;
  readonly clock: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
}

export interface RotationRunOptions {
  readonly runId: string;
  /** No work starts that could run past this. */
  readonly deadline: Date;
}

/** When the next rotate call may start; set by each call and by whatever stops further calls. */
export interface CallSlots {
  lastCallAt?: number;
  /** Set once no further call may start this run. */
  deferReason?: DeferReason;
}

export interface RotationRun {
  readonly deps: RotationDeps;
  readonly settings: RotationSettings;
  readonly options: RotationRunOptions;
  /** The run's start: which credentials are due, and how long their records are kept. */
  readonly startedAt: Date;
  readonly tally: RotationTally;
  readonly slots: CallSlots;
}

export function startRun(
  deps: RotationDeps,
  settings: RotationSettings,
  options: RotationRunOptions,
): RotationRun {
  return { deps, settings, options, tally: emptyTally(), startedAt: deps.clock(), slots: {} };
}

/** The log fields that name a candidate. */
export function candidateFields(candidate: RotationCandidate): Record<string, unknown> {
  return { secretArn: candidate.secretArn, app: candidate.appName, daysLeft: candidate.daysLeft };
}
