import { parseArgs } from 'node:util';
import { COMMON_OPTIONS, SETTINGS_OPTIONS, expectPositionals, parseOrUsage } from './args';
import type { CommandContext } from './context';
import { dryRunMonitor } from './context';
import { EXIT, UsageError } from './errors';
import { commandLines, formatMinuteUtc, plural, printable, renderTableOrBlocks, wrapText } from './format';
import type { RunSummary } from '../lambda/monitor/run-monitor';
import type { SettingsFlags } from './resolve-settings';
import { DEFAULT_STACK_NAME, describeSettings } from './resolve-settings';
import { settingsFlagsOf } from './status';
import { CHECK_HELP } from './usage';

export const CHECK_COMMAND = 'check';

export function parseCheckArgs(args: readonly string[]): {
  help: boolean;
  json?: boolean;
  settings: SettingsFlags;
} {
  const { values, positionals } = parseOrUsage(CHECK_COMMAND, () =>
    parseArgs({
      args: [...args],
      options: {
        ...COMMON_OPTIONS,
        ...SETTINGS_OPTIONS,
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
  if (values.help) return { help: true, settings: {} };
  expectPositionals(CHECK_COMMAND, positionals, []);
  if (!values['dry-run']) {
    const stack = values.stack ?? DEFAULT_STACK_NAME;
    throw new UsageError(
      [
        'check only runs with --dry-run: the CLI never publishes or records alerts.',
        'To run the real monitor now, invoke its function:',
        ...commandLines(
          "aws lambda invoke --function-name <MonitorFunctionName> --payload '{}' --cli-binary-format raw-in-base64-out /dev/stdout",
        ),
        'MonitorFunctionName is an output of the stack:',
        ...commandLines(
          `aws cloudformation describe-stacks --stack-name ${stack} --query "Stacks[0].Outputs"`,
        ),
      ].join('\n'),
      CHECK_COMMAND,
    );
  }
  return { help: false, json: values.json ?? false, settings: settingsFlagsOf(values) };
}

export interface WouldAlert {
  readonly severity: string;
  readonly app: string;
  readonly secret: string;
  readonly subject: string;
}

/** Every alert the run would send, in report order. */
export function wouldAlert(summary: RunSummary): WouldAlert[] {
  return summary.reports.flatMap((report) =>
    report.alerts.map((severity, i) => ({
      severity,
      app: report.app,
      secret: report.secretName,
      subject: report.alertSubjects?.[i] ?? '',
    })),
  );
}

export function renderCheck(
  alerts: readonly WouldAlert[],
  monitored: number,
  now: Date,
  settingsLine: string,
): string {
  const lines = [
    `Dry run at ${formatMinuteUtc(now)} UTC over ${plural(monitored, 'credential')}: ` +
      (alerts.length === 0
        ? 'no alert is due, nothing would be sent.'
        : `${plural(alerts.length, 'alert')} would be sent.\nNothing was published or recorded.`),
  ];
  if (alerts.length > 0) {
    lines.push(
      '',
      renderTableOrBlocks(
        ['SEVERITY', 'APP', 'SECRET', 'SUBJECT'],
        alerts.map((a) => [a.severity, a.app, a.secret, a.subject].map(printable)),
      ),
    );
  }
  lines.push('', `Settings: ${settingsLine}.`);
  return `${wrapText(lines.join('\n'))}\n`;
}

/** `lwa-expiry check --dry-run`: what the monitor would alert about now, sending nothing. */
export async function checkCommand(ctx: CommandContext, args: readonly string[]): Promise<number> {
  const parsed = parseCheckArgs(args);
  if (parsed.help) {
    ctx.io.stdout.write(CHECK_HELP);
    return EXIT.ok;
  }
  const run = await dryRunMonitor(ctx, parsed.settings, CHECK_COMMAND);
  const alerts = wouldAlert(run.summary);
  ctx.io.stdout.write(
    parsed.json
      ? `${JSON.stringify({ dryRun: true, at: run.now.toISOString(), credentials: run.summary.credentials, alerts }, null, 2)}\n`
      : renderCheck(alerts, run.summary.credentials, run.now, describeSettings(run.resolved)),
  );
  if (run.summary.credentials === 0) {
    ctx.io.stderr.write(
      `lwa-expiry: no secret carries the tag "${run.resolved.settings.tagKey}" in ${run.resolved.settings.region}: nothing is monitored. Check the tag key (--tag-key).\n`,
    );
    return EXIT.attention;
  }
  return EXIT.ok;
}
