import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { parseArgs } from 'node:util';
import { HELD_ATTRIBUTE } from '../lambda/adapters/aws/held-secrets';
import { COMMON_OPTIONS, expectPositionals, parseOrUsage } from './args';
import type { CommandContext } from './context';
import { CliError, EXIT, describeError } from './errors';
import { plural, printable, renderTableOrBlocks, wrapText } from './format';
import { DEFAULT_STACK_NAME } from './resolve-settings';
import { stackOutputs } from './stack-outputs';
import { RELEASE_HELD_HELP } from './usage';

export const RELEASE_HELD_COMMAND = 'release-held';

/** Stack outputs this command reads (lib/lwa-expiry-monitor-stack.ts). */
export const RELEASE_HELD_OUTPUTS = {
  heldQueueUrl: 'HeldSecretsQueueUrl',
  notificationQueueUrl: 'NotificationQueueUrl',
  storeNewSecrets: 'StoreNewSecrets',
} as const;

/** Messages per ReceiveMessage: the most SQS gives. */
const BATCH = 10;
/**
 * How long a received held message stays hidden from another release while this one moves it.
 * A message that could not be moved is made visible again at once.
 */
const VISIBILITY_SECONDS = 60;
/**
 * Long polling asks every SQS server, so an empty answer means the queue is empty (short
 * polling samples some servers and may answer empty while messages wait). The last, empty
 * receive waits this long.
 */
const WAIT_SECONDS = 2;
/** A queue cannot hold more than this many held notifications before SQS's 14 days run out. */
const MAX_RECEIVES = 1000;

/** What a held message says about itself: metadata only, never its body (it holds a client secret). */
export interface HeldView {
  readonly notificationId: string;
  readonly clientId: string;
  readonly heldAt: string;
}

export interface ReleasedView extends HeldView {
  /** The id of the message sent to the notification queue. */
  readonly messageId: string;
}

export interface FailedView extends HeldView {
  readonly step: 'send' | 'delete';
  readonly error: string;
}

function attribute(attributes: Record<string, MessageAttributeValue> | undefined, name: string): string {
  const value = attributes?.[name]?.StringValue;
  return value === undefined || value.trim() === '' ? '?' : printable(value).slice(0, 256);
}

function viewOf(message: Message): HeldView {
  return {
    notificationId: attribute(message.MessageAttributes, HELD_ATTRIBUTE.notificationId),
    clientId: attribute(message.MessageAttributes, HELD_ATTRIBUTE.clientId),
    heldAt: attribute(message.MessageAttributes, HELD_ATTRIBUTE.heldAt),
  };
}

interface Queues {
  readonly held: string;
  readonly notification: string;
  readonly storeNewSecrets: boolean;
}

async function queuesOf(ctx: CommandContext, stackName: string): Promise<Queues> {
  const outputs = await stackOutputs(ctx, stackName);
  const required = (key: string): string => {
    const value = outputs.get(key);
    if (!value) {
      throw new CliError(
        `Stack "${stackName}" has no ${key} output: the notification intake is not deployed there ` +
          '(notificationIntake=false in cdk.json), or the stack predates held secrets (deploy it again).',
      );
    }
    return value;
  };
  return {
    held: required(RELEASE_HELD_OUTPUTS.heldQueueUrl),
    notification: required(RELEASE_HELD_OUTPUTS.notificationQueueUrl),
    storeNewSecrets: required(RELEASE_HELD_OUTPUTS.storeNewSecrets).trim().toLowerCase() === 'true',
  };
}

async function receiveBatch(ctx: CommandContext, queueUrl: string): Promise<Message[]> {
  const result = await ctx.clients.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: BATCH,
      MessageAttributeNames: ['All'],
      VisibilityTimeout: VISIBILITY_SECONDS,
      WaitTimeSeconds: WAIT_SECONDS,
    }),
  );
  return result.Messages ?? [];
}

/** Best effort: a message left hidden comes back on its own when its visibility timeout ends. */
async function showAgain(ctx: CommandContext, queueUrl: string, messages: readonly Message[]): Promise<void> {
  for (const message of messages) {
    if (message.ReceiptHandle === undefined) continue;
    try {
      await ctx.clients.sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: message.ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      );
    } catch {
      // It reappears after VISIBILITY_SECONDS anyway.
    }
  }
}

/** Every held message once, put back visible at once: nothing moves. */
async function listHeld(ctx: CommandContext, queueUrl: string): Promise<HeldView[]> {
  const seen = new Map<string, HeldView>();
  const received: Message[] = [];
  try {
    for (let i = 0; i < MAX_RECEIVES; i++) {
      const batch = await receiveBatch(ctx, queueUrl);
      const fresh = batch.filter((m) => m.MessageId === undefined || !seen.has(m.MessageId));
      if (fresh.length === 0) break;
      for (const message of fresh) {
        received.push(message);
        seen.set(message.MessageId ?? `#${seen.size}`, viewOf(message));
      }
    }
  } finally {
    await showAgain(ctx, queueUrl, received);
  }
  return [...seen.values()];
}

/** Moves each held message: send the same body to the notification queue, then delete it from the held queue. */
async function releaseAll(
  ctx: CommandContext,
  queues: Queues,
): Promise<{ released: ReleasedView[]; failed: FailedView[] }> {
  const released: ReleasedView[] = [];
  const failed: FailedView[] = [];
  // Kept hidden until the end, so that this run does not receive them again; then shown again.
  const unsent: Message[] = [];
  try {
    for (let i = 0; i < MAX_RECEIVES; i++) {
      const batch = await receiveBatch(ctx, queues.held);
      if (batch.length === 0) break;
      for (const message of batch) {
        const view = viewOf(message);
        let messageId: string;
        try {
          const sent = await ctx.clients.sqs.send(
            new SendMessageCommand({ QueueUrl: queues.notification, MessageBody: message.Body ?? '' }),
          );
          messageId = sent.MessageId ?? '?';
        } catch (error: unknown) {
          // The SDK's error names the failure, never the request body.
          failed.push({ ...view, step: 'send', error: describeError(error) });
          unsent.push(message);
          continue;
        }
        try {
          // Only now: a message deleted before its copy was accepted would lose the client secret.
          await ctx.clients.sqs.send(
            new DeleteMessageCommand({ QueueUrl: queues.held, ReceiptHandle: message.ReceiptHandle }),
          );
          released.push({ ...view, messageId });
        } catch (error: unknown) {
          // Sent but still held: a later release sends it again, which the intake sees as a redelivery.
          failed.push({ ...view, step: 'delete', error: describeError(error) });
        }
      }
    }
  } finally {
    await showAgain(ctx, queues.held, unsent);
  }
  return { released, failed };
}

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

/**
 * `lwa-expiry release-held`: moves the notifications the intake held back while storing new
 * secrets was off from the held-secrets queue to the notification queue, where the intake
 * processes them as if they had just arrived (stored only if still the newest, verified, made
 * current). A body holds a client secret: it is moved as is and never printed.
 */
export async function releaseHeldCommand(ctx: CommandContext, args: readonly string[]): Promise<number> {
  const { values, positionals } = parseOrUsage(RELEASE_HELD_COMMAND, () =>
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
  if (values.help) {
    ctx.io.stdout.write(RELEASE_HELD_HELP);
    return EXIT.ok;
  }
  expectPositionals(RELEASE_HELD_COMMAND, positionals, []);
  const stackName = values.stack ?? DEFAULT_STACK_NAME;
  const queues = await queuesOf(ctx, stackName);
  const dryRun = values['dry-run'] === true;
  const write = (text: string) => ctx.io.stdout.write(`${wrapText(text)}\n`);

  if (dryRun) {
    const held = await listHeld(ctx, queues.held);
    if (values.json) {
      ctx.io.stdout.write(
        `${JSON.stringify({ dryRun: true, heldQueueUrl: queues.held, notificationQueueUrl: queues.notification, storeNewSecrets: queues.storeNewSecrets, held }, null, 2)}\n`,
      );
      return EXIT.ok;
    }
    if (held.length === 0) {
      write(`No held notification in ${queues.held}.`);
    } else {
      write(`Dry run: ${plural(held.length, 'held notification')} would move to ${queues.notification}:`);
      ctx.io.stdout.write(`${renderTableOrBlocks(HEADERS, rows(held))}\n\n`);
      write('Nothing was moved. Run without --dry-run to release them.');
    }
    if (!queues.storeNewSecrets)
      ctx.io.stderr.write(`${wrapText(`lwa-expiry: ${storingOffText(stackName)}`)}\n`);
    return EXIT.ok;
  }

  if (!queues.storeNewSecrets && values.force !== true) {
    ctx.io.stderr.write(`${wrapText(`lwa-expiry: ${storingOffText(stackName)}`)}\n`);
    return EXIT.usage;
  }
  const { released, failed } = await releaseAll(ctx, queues);
  if (values.json) {
    ctx.io.stdout.write(
      `${JSON.stringify({ dryRun: false, heldQueueUrl: queues.held, notificationQueueUrl: queues.notification, storeNewSecrets: queues.storeNewSecrets, released, failed }, null, 2)}\n`,
    );
    return failed.length > 0 ? EXIT.error : EXIT.ok;
  }
  if (released.length === 0 && failed.length === 0) {
    write(`No held notification in ${queues.held}.`);
    return EXIT.ok;
  }
  if (released.length > 0) {
    write(`Released ${plural(released.length, 'held notification')} to ${queues.notification}:`);
    ctx.io.stdout.write(`${renderTableOrBlocks(HEADERS, rows(released))}\n\n`);
    write(
      queues.storeNewSecrets
        ? 'The notification intake processes them within minutes: each new client secret is stored only if it is still the newest, verified with LWA, then made current. Its alert says which.'
        : 'Storing new secrets is off: the notification intake will hold them again (--force).',
    );
  }
  if (failed.length > 0) {
    const lines = failed.map(
      (f) =>
        `  ${f.notificationId} (client ${f.clientId}): ${f.step === 'send' ? 'not sent, still held' : 'sent, but still held as well (a later release sends it again, which the intake ignores)'}: ${f.error}`,
    );
    ctx.io.stderr.write(
      `${wrapText(`lwa-expiry: ${plural(failed.length, 'held notification')} not released:\n${lines.join('\n')}`)}\n`,
    );
    return EXIT.error;
  }
  return EXIT.ok;
}
