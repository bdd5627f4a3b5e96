import { DynamoAlertLedger } from '../lambda/adapters/aws/alert-ledger';
import { SecretsManagerCatalog } from '../lambda/adapters/aws/secret-catalog';
import type { LedgerEntry } from '../lambda/domain/ledger-entry';
import type { RunSummary } from '../lambda/monitor/run-monitor';
import { runMonitor } from '../lambda/monitor/run-monitor';
import { wrapText } from './format';
import type { CliClients, CliIo } from './io';
import { NO_PUBLISHER, ReadOnlyLedger, cliMonitorLog } from './monitor-ports';
import type { ResolvedSettings, SettingsFlags } from './resolve-settings';
import { fallbackNote, resolveSettings } from './resolve-settings';

/** What every command runs with. */
export interface CommandContext {
  readonly io: CliIo;
  readonly clients: CliClients;
  readonly debug: boolean;
}

/** Resolves the settings and says on stderr, in one line, when the defaults stand in for the stack. */
export async function settingsFor(
  ctx: CommandContext,
  flags: SettingsFlags,
  command: string,
  readsLedger: boolean,
): Promise<ResolvedSettings> {
  const resolved = await resolveSettings(flags, command, ctx.clients);
  const note = fallbackNote(resolved, readsLedger);
  if (note) ctx.io.stderr.write(`${wrapText(`lwa-expiry: ${note}`)}\n`);
  return resolved;
}

export interface DryRun {
  readonly resolved: ResolvedSettings;
  readonly summary: RunSummary;
  /** Ledger entries as they were before the run: what was really sent. */
  readonly recorded: ReadonlyMap<string, LedgerEntry>;
  readonly now: Date;
}

/** One monitor decision, exactly as the scheduled function makes it, publishing and recording nothing. */
export async function dryRunMonitor(
  ctx: CommandContext,
  flags: SettingsFlags,
  command: string,
): Promise<DryRun> {
  const resolved = await settingsFor(ctx, flags, command, true);
  const ledger = new ReadOnlyLedger(
    resolved.tableName === undefined
      ? undefined
      : new DynamoAlertLedger(ctx.clients.dynamodb, resolved.tableName),
  );
  const now = ctx.io.clock();
  const summary = await runMonitor(
    {
      catalog: new SecretsManagerCatalog(ctx.clients.secretsManager),
      ledger,
      publisher: NO_PUBLISHER,
      log: cliMonitorLog(ctx.io.stderr, ctx.debug),
    },
    resolved.settings,
    { now, wallClock: ctx.io.clock, runId: `lwa-expiry-cli-${now.getTime()}`, dryRun: true },
  );
  return { resolved, summary, recorded: ledger.read, now };
}
