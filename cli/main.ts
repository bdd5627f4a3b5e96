import { checkCommand, CHECK_COMMAND } from './check';
import type { CommandContext } from './context';
import {
  CliError,
  EXIT,
  UsageError,
  awsSetupHint,
  describeError,
  isAwsError,
  isAwsSetupError,
  isErrorLike,
} from './errors';
import { chooseRegion, regionFlag } from './args';
import { wrapText } from './format';
import type { CliIo } from './io';
import { lazyClients } from './io';
import { MARK_ROTATED_COMMAND, markRotatedCommand } from './mark-rotated';
import { adoptCommand } from './adopt';
import { ADOPT_COMMAND } from './adopt-plan';
import { STATUS_COMMAND, statusCommand } from './status';
import { RELEASE_HELD_COMMAND, releaseHeldCommand } from './release-held';
import { TEST_ALERT_COMMAND, testAlertCommand } from './test-alert';
import { packageVersion } from './version';
import {
  ADOPT_HELP,
  CHECK_HELP,
  MAIN_HELP,
  MARK_ROTATED_HELP,
  RELEASE_HELD_HELP,
  STATUS_HELP,
  TEST_ALERT_HELP,
} from './usage';

/**
 * Entry point of the `lwa-expiry` CLI. Everything it touches comes in through `io`, so tests
 * pass buffers, a clock and mocked SDK clients; `bin/lwa-expiry` passes the real process.
 */

type Command = (ctx: CommandContext, args: readonly string[]) => Promise<number>;

const COMMANDS: Readonly<Record<string, { run: Command; help: string }>> = {
  [STATUS_COMMAND]: { run: statusCommand, help: STATUS_HELP },
  [TEST_ALERT_COMMAND]: { run: testAlertCommand, help: TEST_ALERT_HELP },
  [ADOPT_COMMAND]: { run: adoptCommand, help: ADOPT_HELP },
  [MARK_ROTATED_COMMAND]: { run: markRotatedCommand, help: MARK_ROTATED_HELP },
  [CHECK_COMMAND]: { run: checkCommand, help: CHECK_HELP },
  [RELEASE_HELD_COMMAND]: { run: releaseHeldCommand, help: RELEASE_HELD_HELP },
};

const PROGRAM = 'lwa-expiry';

function defaultIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    clock: () => new Date(),
    clients: {},
  };
}

function helpHint(command?: string): string {
  return command ? `Run '${PROGRAM} ${command} --help' for usage.` : `Run '${PROGRAM} --help' for usage.`;
}

/** Options before `--` only: after it everything is an argument. */
function wantsDebug(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--debug');
}

/** Maps a failure to its message and exit code; the stack trace only with `--debug`. */
function report(error: unknown, io: CliIo, debug: boolean): number {
  const write = (text: string) => io.stderr.write(`${wrapText(`${PROGRAM}: ${text}`)}\n`);
  if (error instanceof UsageError) {
    write(`${error.message}\n${helpHint(error.command)}`);
    return EXIT.usage;
  }
  if (error instanceof CliError) {
    write(error.message);
  } else if (isAwsSetupError(error)) {
    write(`AWS is not set up: ${describeError(error)}\n${awsSetupHint(error)}`);
  } else if (isAwsError(error)) {
    write(`AWS request failed: ${describeError(error)}`);
  } else {
    write(`unexpected error: ${describeError(error)}${debug ? '' : ' (run with --debug for details)'}`);
  }
  if (debug && isErrorLike(error) && typeof error.stack === 'string') io.stderr.write(`${error.stack}\n`);
  return EXIT.error;
}

export async function main(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  const fullIo: CliIo = { ...defaultIo(), ...io };
  const debug = wantsDebug(argv);
  try {
    // `--debug` may also come first; every other option belongs to a command.
    const [first, ...rest] = argv[0] === '--debug' ? argv.slice(1) : argv;
    if (first === undefined) {
      fullIo.stderr.write(MAIN_HELP);
      return EXIT.usage;
    }
    if (first === '-V' || first === '--version') {
      fullIo.stdout.write(`${PROGRAM} ${packageVersion()}\n`);
      return EXIT.ok;
    }
    if (first === '-h' || first === '--help') {
      fullIo.stdout.write(MAIN_HELP);
      return EXIT.ok;
    }
    if (first === 'help') {
      const topic = rest[0];
      if (topic === undefined) {
        fullIo.stdout.write(MAIN_HELP);
        return EXIT.ok;
      }
      const command = COMMANDS[topic];
      if (!command) throw new UsageError(`Unknown command '${topic}'.`);
      fullIo.stdout.write(command.help);
      return EXIT.ok;
    }
    if (first.startsWith('-')) {
      throw new UsageError(
        `Unknown option '${first}' before the command. Options go after the command, as in '${PROGRAM} status --json'.`,
      );
    }
    const command = COMMANDS[first];
    if (!command) {
      throw new UsageError(`Unknown command '${first}'. Commands: ${Object.keys(COMMANDS).join(', ')}.`);
    }
    const region = chooseRegion(regionFlag(rest), fullIo.env);
    return await command.run({ io: fullIo, clients: lazyClients(fullIo.clients, region), debug }, rest);
  } catch (error: unknown) {
    return report(error, fullIo, debug);
  }
}
