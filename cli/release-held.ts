import { parseArgs } from 'node:util';
import { COMMON_OPTIONS, expectPositionals, parseOrUsage } from './args';
import type { CommandContext } from './context';
import { EXIT } from './errors';
import { plural, renderTableOrBlocks, wrapText } from './format';
import type { FailedView, HeldView, Queues } from './release-held-queue';
import { listHeld, queuesOf, releaseAll } from './release-held-queue';
import { DEFAULT_STACK_NAME } from './resolve-settings';
import { RELEASE_HELD_HELP } from './usage';

export const RELEASE_HELD_COMMAND = 'release-held';

const HEADERS = ['NOTIFICATION ID', 'CLIENT ID', 'HELD AT'];

function rows(views: readonly HeldView[]): string[][] {
  return views.map((v) => [v.notificationId, v.clientId, v.heldAt]);
}

function storingOffText(stackName: string): string {
  return (
    `Storing new secrets is off in stack "${stackName}" (output StoreNewSecrets is not true). Released now, ` +
    'each new client secret would only be held again. Set "storeNewSecrets": true in cdk.json and deploy ' +
    '(npx cdk deploy), then run lwa-expiry release-held again. --force releases them anyway.'
  );
}

function parseReleaseHeldArgs(args: readonly string[]) {
  return parseOrUsage(RELEASE_HELD_COMMAND, () =>
    parseArgs({
      args: [...args],
      options: {
        ...COMMON_OPTIONS,
        stack: { type: 'string' },
        'dry-run': { type: 'boolean' },
        force: { type: 'boolean' },
        json: { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
}

function writeLine(ctx: CommandContext, text: string): void {
  ctx.io.stdout.write(`${wrapText(text)}\n`);
}

function warnStoringOff(ctx: CommandContext, stackName: string): void {
  ctx.io.stderr.write(`${wrapText(`lwa-expiry: ${storingOffText(stackName)}`)}\n`);
}

/** `--dry-run`: lists what would move, moving nothing. */
async function dryRunStep(
  ctx: CommandContext,
  queues: Queues,
  stackName: string,
  json: boolean,
): Promise<number> {
  const held = await listHeld(ctx, queues.held);
  if (json) {
    ctx.io.stdout.write(
      `${JSON.stringify({ dryRun: true, heldQueueUrl: queues.held, notificationQueueUrl: queues.notification, storeNewSecrets: queues.storeNewSecrets, held }, null, 2)}\n`,
    );
    return EXIT.ok;
  }
  if (held.length === 0) {
    writeLine(ctx, `No held notification in ${queues.held}.`);
  } else {
    writeLine(
      ctx,
      `Dry run: ${plural(held.length, 'held notification')} would move to ${queues.notification}:`,
    );
    ctx.io.stdout.write(`${renderTableOrBlocks(HEADERS, rows(held))}\n\n`);
    writeLine(ctx, 'Nothing was moved. Run without --dry-run to release them.');
  }
  if (!queues.storeNewSecrets) warnStoringOff(ctx, stackName);
  return EXIT.ok;
}

/** The messages that did not move, and why, on stderr. */
function reportFailed(ctx: CommandContext, failed: readonly FailedView[]): void {
  const lines = failed.map(
    (f) =>
      `  ${f.notificationId} (client ${f.clientId}): ${f.step === 'send' ? 'not sent, still held' : 'sent, but still held as well (a later release sends it again, which the intake ignores)'}: ${f.error}`,
  );
  ctx.io.stderr.write(
    `${wrapText(`lwa-expiry: ${plural(failed.length, 'held notification')} not released:\n${lines.join('\n')}`)}\n`,
  );
}

/** Moves every held message, then says what moved and what did not. */
async function releaseStep(ctx: CommandContext, queues: Queues, json: boolean): Promise<number> {
  const { released, failed } = await releaseAll(ctx, queues);
  if (json) {
    ctx.io.stdout.write(
      `${JSON.stringify({ dryRun: false, heldQueueUrl: queues.held, notificationQueueUrl: queues.notification, storeNewSecrets: queues.storeNewSecrets, released, failed }, null, 2)}\n`,
    );
    return failed.length > 0 ? EXIT.error : EXIT.ok;
  }
  if (released.length === 0 && failed.length === 0) {
    writeLine(ctx, `No held notification in ${queues.held}.`);
    return EXIT.ok;
  }
  if (released.length > 0) {
    writeLine(ctx, `Released ${plural(released.length, 'held notification')} to ${queues.notification}:`);
    ctx.io.stdout.write(`${renderTableOrBlocks(HEADERS, rows(released))}\n\n`);
    writeLine(
      ctx,
      queues.storeNewSecrets
        ? 'The notification intake processes them within minutes: each new client secret is stored only if it is still the newest, verified with LWA, then made current. Its alert says which.'
        : 'Storing new secrets is off: the notification intake will hold them again (--force).',
    );
  }
  if (failed.length > 0) {
    reportFailed(ctx, failed);
    return EXIT.error;
  }
  return EXIT.ok;
}

/**
 * `lwa-expiry release-held`: moves the notifications the intake held back while storing new
 * secrets was off from the held-secrets queue to the notification queue, where the intake
 * processes them as if they had just arrived (stored only if still the newest, verified, made
 * current). A body holds a client secret: it is moved as is and never printed.
 */
export async function releaseHeldCommand(ctx: CommandContext, args: readonly string[]): Promise<number> {
  const { values, positionals } = parseReleaseHeldArgs(args);
  if (values.help) {
    ctx.io.stdout.write(RELEASE_HELD_HELP);
    return EXIT.ok;
  }
  expectPositionals(RELEASE_HELD_COMMAND, positionals, []);
  const stackName = values.stack ?? DEFAULT_STACK_NAME;
  const queues = await queuesOf(ctx, stackName);
  const json = values.json === true;
  if (values['dry-run'] === true) return dryRunStep(ctx, queues, stackName, json);
  if (!queues.storeNewSecrets && values.force !== true) {
    warnStoringOff(ctx, stackName);
    return EXIT.usage;
  }
  return releaseStep(ctx, queues, json);
}
