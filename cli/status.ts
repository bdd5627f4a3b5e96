import { parseArgs } from 'node:util';
import { COMMON_OPTIONS, SETTINGS_OPTIONS, expectPositionals, parseOrUsage } from './args';
import type { CommandContext } from './context';
import { dryRunMonitor } from './context';
import { UsageError } from './errors';
import type { SettingsFlags } from './resolve-settings';
import { describeSettings } from './resolve-settings';
import { STATUS_HELP } from './usage';
import { renderStatus, statusJson } from './status-render';
import { rowsOfOwner, sortRows, statusExitCode, toStatusRow } from './status-view';
import { OWNER_NAME_EXPECTED, OWNER_TAG, isOwnerName } from '../contract/tags';

export const STATUS_COMMAND = 'status';

export interface ParsedCommand<T> {
  readonly help: boolean;
  readonly options: T;
}

export function settingsFlagsOf(values: {
  stack?: string;
  table?: string;
  'tag-key'?: string;
  thresholds?: string;
  'window-days'?: string;
}): SettingsFlags {
  return {
    stack: values.stack,
    table: values.table,
    tagKey: values['tag-key'],
    thresholds: values.thresholds,
    windowDays: values['window-days'],
  };
}

export function parseStatusArgs(args: readonly string[]): ParsedCommand<{
  json: boolean;
  failWithinDays?: number;
  owner?: string;
  settings: SettingsFlags;
}> {
  const { values, positionals } = parseOrUsage(STATUS_COMMAND, () =>
    parseArgs({
      args: [...args],
      options: {
        ...COMMON_OPTIONS,
        ...SETTINGS_OPTIONS,
        json: { type: 'boolean' },
        'fail-within': { type: 'string' },
        owner: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
  if (!values.help) expectPositionals(STATUS_COMMAND, positionals, []);
  const raw = values['fail-within'];
  let failWithinDays: number | undefined;
  if (raw !== undefined) {
    if (!/^\d{1,4}$/.test(raw.trim())) {
      throw new UsageError(
        `Invalid --fail-within ${JSON.stringify(raw)}: expected a whole number of days from 0 to 3650.`,
        STATUS_COMMAND,
      );
    }
    failWithinDays = Number(raw.trim());
    if (failWithinDays > 3650) {
      throw new UsageError(
        `Invalid --fail-within ${JSON.stringify(raw)}: expected a whole number of days from 0 to 3650.`,
        STATUS_COMMAND,
      );
    }
  }
  const owner = values.owner?.trim();
  if (owner !== undefined && !isOwnerName(owner)) {
    throw new UsageError(
      `Invalid --owner ${JSON.stringify(values.owner)}: expected ${OWNER_NAME_EXPECTED}.`,
      STATUS_COMMAND,
    );
  }
  return {
    help: values.help ?? false,
    options: { json: values.json ?? false, failWithinDays, owner, settings: settingsFlagsOf(values) },
  };
}

/** `lwa-expiry status`: the table (or JSON) of every monitored credential; the exit code gates CI. */
export async function statusCommand(ctx: CommandContext, args: readonly string[]): Promise<number> {
  const parsed = parseStatusArgs(args);
  if (parsed.help) {
    ctx.io.stdout.write(STATUS_HELP);
    return 0;
  }
  const { json, settings, failWithinDays, owner } = parsed.options;
  const run = await dryRunMonitor(ctx, settings, STATUS_COMMAND);
  const rows = sortRows(
    rowsOfOwner(
      run.summary.reports.map((report) => toStatusRow(report, run.recorded.get(report.secretArn))),
      owner,
    ),
  );
  const policy = run.resolved.settings.policy;
  if (json) {
    ctx.io.stdout.write(statusJson(rows));
    if (rows.length === 0) {
      ctx.io.stderr.write(
        owner === undefined
          ? `lwa-expiry: no secret carries the tag "${run.resolved.settings.tagKey}": nothing is monitored. Check the tag key (--tag-key).\n`
          : `lwa-expiry: no monitored secret is owned by "${owner}" (tag ${OWNER_TAG}). Check the owner name.\n`,
      );
    }
  } else {
    ctx.io.stdout.write(
      renderStatus(rows, {
        policy,
        region: run.resolved.settings.region,
        now: run.now,
        settingsLine: describeSettings(run.resolved),
        tagKey: run.resolved.settings.tagKey,
        failWithinDays,
        owner,
      }),
    );
  }
  return statusExitCode(rows, policy, failWithinDays);
}
