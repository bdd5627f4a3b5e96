import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import {
  ConfigError,
  DEFAULT_EXPIRED_REMINDER_HOURS,
  DEFAULT_THRESHOLDS_DAYS,
  parseThresholds,
  parseWholeNumber,
  validateTagKey,
  validateWindow,
} from '../contract/config-rules';
import { MS_PER_HOUR } from '../contract/time';
import { DEFAULT_APP_TAG_KEY, DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS } from '../contract/tags';
import type { MonitorSettings } from '../lambda/monitor/run-monitor';
import { monitorEnvironment } from '../lambda/monitor/settings';
import { CliError, UsageError, describeError, isAwsSetupError } from './errors';
import type { CliClients } from './io';

/**
 * Where the CLI gets the monitor's settings: the deployed stack's monitor function (so the CLI
 * sees exactly what the monitor sees), else the product defaults; flags override either.
 */

/** The stack name `bin/app.ts` deploys. */
export const DEFAULT_STACK_NAME = 'LwaExpiryMonitor';
/** The stack output naming the monitor function (lib/lwa-expiry-monitor-stack.ts). */
export const FUNCTION_NAME_OUTPUT = 'MonitorFunctionName';

export interface SettingsFlags {
  readonly stack?: string;
  readonly table?: string;
  readonly tagKey?: string;
  readonly thresholds?: string;
  readonly windowDays?: string;
}

export type SettingsOrigin =
  | { readonly kind: 'stack'; readonly stackName: string; readonly functionName: string }
  | { readonly kind: 'defaults'; readonly stackName: string; readonly reason: string };

export interface ResolvedSettings {
  readonly settings: MonitorSettings;
  /** The alert ledger to read; undefined when there is none (every secret counts as never alerted). */
  readonly tableName?: string;
  readonly origin: SettingsOrigin;
}

interface SettingsOverrides {
  readonly tableName?: string;
  readonly tagKey?: string;
  readonly thresholdsDays?: number[];
  readonly windowDays?: number;
}

function flagError(flag: string, error: unknown, command: string): never {
  if (error instanceof ConfigError) {
    throw new UsageError(
      `Invalid ${flag} ${JSON.stringify(error.value)}: expected ${error.expected}.`,
      command,
    );
  }
  throw error;
}

/** Validates the override flags before any AWS call, naming the flag in the message. */
export function parseSettingsFlags(flags: SettingsFlags, command: string): SettingsOverrides {
  const overrides: { -readonly [K in keyof SettingsOverrides]: SettingsOverrides[K] } = {};
  if (flags.table !== undefined) {
    if (flags.table.trim() === '')
      throw new UsageError('Invalid --table "": expected a table name.', command);
    overrides.tableName = flags.table.trim();
  }
  try {
    if (flags.tagKey !== undefined) overrides.tagKey = validateTagKey('--tag-key', flags.tagKey);
  } catch (error: unknown) {
    flagError('--tag-key', error, command);
  }
  try {
    if (flags.thresholds !== undefined) {
      overrides.thresholdsDays = parseThresholds('--thresholds', flags.thresholds);
    }
  } catch (error: unknown) {
    flagError('--thresholds', error, command);
  }
  try {
    if (flags.windowDays !== undefined) {
      overrides.windowDays = parseWholeNumber('--window-days', flags.windowDays, 1, MAX_WINDOW_DAYS, 'days');
    }
  } catch (error: unknown) {
    flagError('--window-days', error, command);
  }
  return overrides;
}

/** The settings the monitor itself applies when nothing is configured. */
export function defaultSettings(region: string): MonitorSettings {
  return {
    tagKey: DEFAULT_APP_TAG_KEY,
    defaultWindowDays: DEFAULT_WINDOW_DAYS,
    policy: {
      thresholdsDays: [...DEFAULT_THRESHOLDS_DAYS],
      expiredReminderMs: DEFAULT_EXPIRED_REMINDER_HOURS * MS_PER_HOUR,
    },
    region,
    leaseMs: 900_000,
    concurrency: 8,
  };
}

/** The region the SDK resolved (AWS_REGION or the profile's); a setup error when there is none. */
export async function resolvedRegion(clients: CliClients): Promise<string> {
  return clients.secretsManager.config.region();
}

class StackLookupError extends Error {
  override readonly name = 'StackLookupError';
}

async function settingsFromStack(
  stackName: string,
  region: string,
  clients: CliClients,
): Promise<{ settings: MonitorSettings; tableName: string; functionName: string }> {
  const described = await clients.cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
  const stack = described.Stacks?.[0];
  if (!stack) throw new StackLookupError(`stack "${stackName}" does not exist`);
  const functionName = stack.Outputs?.find((o) => o.OutputKey === FUNCTION_NAME_OUTPUT)?.OutputValue;
  if (!functionName) throw new StackLookupError(`stack "${stackName}" has no ${FUNCTION_NAME_OUTPUT} output`);
  const configuration = await clients.lambda.send(
    new GetFunctionConfigurationCommand({ FunctionName: functionName }),
  );
  const variables = configuration.Environment?.Variables ?? {};
  // Lambda sets AWS_REGION at run time; it is not part of the stored configuration.
  const environment = monitorEnvironment({ ...variables, AWS_REGION: variables.AWS_REGION ?? region });
  return { settings: environment.settings, tableName: environment.tableName, functionName };
}

/**
 * The stack's settings, or the defaults when the default stack cannot be read (not deployed, or
 * an endpoint that serves only Secrets Manager), with the origin saying why; a stack named with
 * `--stack` must exist.
 */
async function stackOrDefaults(
  flags: SettingsFlags,
  stackName: string,
  region: string,
  clients: CliClients,
): Promise<ResolvedSettings> {
  try {
    const fromStack = await settingsFromStack(stackName, region, clients);
    return {
      settings: fromStack.settings,
      tableName: fromStack.tableName,
      origin: { kind: 'stack', stackName, functionName: fromStack.functionName },
    };
  } catch (error: unknown) {
    if (isAwsSetupError(error)) throw error;
    if (flags.stack !== undefined) {
      throw new CliError(
        `Cannot read the settings of stack "${stackName}" in ${region}: ${describeError(error)}. ` +
          'Check the stack name and the AWS region/profile, or leave out --stack to use the defaults.',
      );
    }
    return {
      settings: defaultSettings(region),
      tableName: undefined,
      origin: {
        kind: 'defaults',
        stackName,
        reason: error instanceof StackLookupError ? error.message : describeError(error),
      },
    };
  }
}

/** A window or thresholds given as flags must still leave the window longer than every threshold. */
function checkOverriddenWindow(
  overrides: SettingsOverrides,
  windowDays: number,
  thresholdsDays: number[],
  command: string,
): void {
  if (overrides.thresholdsDays === undefined && overrides.windowDays === undefined) return;
  const flag = overrides.windowDays !== undefined ? '--window-days' : '--thresholds';
  try {
    validateWindow(flag, windowDays, thresholdsDays);
  } catch (error: unknown) {
    if (error instanceof ConfigError) {
      throw new UsageError(
        `Invalid ${flag}: the ${windowDays}-day window must be longer than the largest threshold (${Math.max(...thresholdsDays)} days).`,
        command,
      );
    }
    throw error;
  }
}

/** Resolves the settings for one command: the stack's (or the defaults), then the flags over them. */
export async function resolveSettings(
  flags: SettingsFlags,
  command: string,
  clients: CliClients,
): Promise<ResolvedSettings> {
  const overrides = parseSettingsFlags(flags, command);
  const region = await resolvedRegion(clients);
  const resolved = await stackOrDefaults(flags, flags.stack ?? DEFAULT_STACK_NAME, region, clients);
  const base = resolved.settings;
  const thresholdsDays = overrides.thresholdsDays ?? [...base.policy.thresholdsDays];
  const windowDays = overrides.windowDays ?? base.defaultWindowDays;
  checkOverriddenWindow(overrides, windowDays, thresholdsDays, command);
  return {
    settings: {
      ...base,
      tagKey: overrides.tagKey ?? base.tagKey,
      defaultWindowDays: windowDays,
      policy: { ...base.policy, thresholdsDays },
    },
    tableName: overrides.tableName ?? resolved.tableName,
    origin: resolved.origin,
  };
}

/** The one-line stderr note when the stack's settings could not be read. */
export function fallbackNote(resolved: ResolvedSettings, readsLedger: boolean): string | undefined {
  if (resolved.origin.kind !== 'defaults') return undefined;
  const head = `note: stack "${resolved.origin.stackName}" not found (${resolved.origin.reason}); using default settings`;
  if (!readsLedger) return `${head}.`;
  const ledger =
    resolved.tableName === undefined
      ? 'no alert ledger (every secret counts as never alerted)'
      : `alert ledger table "${resolved.tableName}"`;
  return `${head} and ${ledger}.`;
}

/** `tag lwa:app, alerts at 30, 7, 1 days, 180-day window, ledger X (from stack Y)`. */
export function describeSettings(resolved: ResolvedSettings): string {
  const { settings } = resolved;
  const ledger = resolved.tableName === undefined ? 'no alert ledger' : `ledger table ${resolved.tableName}`;
  const origin =
    resolved.origin.kind === 'stack'
      ? `from stack ${resolved.origin.stackName}`
      : `defaults: stack ${resolved.origin.stackName} not found`;
  return (
    `tag ${settings.tagKey}, alerts at ${settings.policy.thresholdsDays.join(', ')} days before expiry, ` +
    `${settings.defaultWindowDays}-day window, ${ledger} (${origin})`
  );
}
