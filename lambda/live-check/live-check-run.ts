import type { LogPort } from '../ports/log';
import type { LwaTokens } from '../ports/lwa-tokens';
import type { AlertPublisher } from '../ports/alert-publisher';
import type { EventPublisher } from '../ports/event-publisher';
import type { SecretCatalog } from '../ports/secret-catalog';
import type { CredentialReader } from '../ports/credential-reader';
import type { KeyedLedger } from '../ports/keyed-ledger';
import type { SpApiProber } from '../ports/sp-api-prober';
import { CallPacer } from '../domain/call-pacer';
import type { LiveCheckTally } from './run-summary';
import { emptyTally } from './run-summary';
import type { LiveCheckSettings } from './settings';

/** What one live-check run needs, and the state its steps pass along. */

export interface LiveCheckDeps {
  readonly catalog: SecretCatalog;
  readonly ledger: KeyedLedger;
  readonly credentials: CredentialReader;
  readonly tokens: Pick<LwaTokens, 'exchange'>;
  readonly spApi: SpApiProber;
  readonly publisher: AlertPublisher;
  /** Puts an event per "secret rejected" or "secret expired" alert SNS accepted; without it, none. */
  readonly events?: EventPublisher;
  readonly log: LogPort;
  readonly clock: () => Date;
  /** Waits for an SP-API call slot. */
  readonly sleep: (ms: number) => Promise<void>;
}

export interface LiveCheckRunOptions {
  readonly deadline: Date;
}

export interface LiveCheckRun {
  readonly deps: LiveCheckDeps;
  readonly settings: LiveCheckSettings;
  readonly options: LiveCheckRunOptions;
  readonly tally: LiveCheckTally;
  /** The SP-API call slots of every app, shared by the concurrent checks. */
  readonly pacer: CallPacer;
}

export function startRun(
  deps: LiveCheckDeps,
  settings: LiveCheckSettings,
  options: LiveCheckRunOptions,
): LiveCheckRun {
  return { deps, settings, options, tally: emptyTally(), pacer: new CallPacer() };
}
