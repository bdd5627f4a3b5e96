import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { HELD_ATTRIBUTE } from '../lambda/adapters/aws/held-secrets';
import type { CommandContext } from './context';
import { CliError, describeError } from './errors';
import { printable } from './format';
import { stackOutputs } from './stack-outputs';

/**
 * The SQS side of `lwa-expiry release-held`: the two queues the stack names, listing the held
 * messages without moving them, and moving each one (send, then delete). Bodies hold client
 * secrets: they are moved as they are and never read out.
 */

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

export interface Queues {
  readonly held: string;
  readonly notification: string;
  readonly storeNewSecrets: boolean;
}

export async function queuesOf(ctx: CommandContext, stackName: string): Promise<Queues> {
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
export async function listHeld(ctx: CommandContext, queueUrl: string): Promise<HeldView[]> {
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

type Move = { readonly released: ReleasedView } | { readonly failed: FailedView; readonly unsent: boolean };

/** Sends one held message's body to the notification queue, then deletes it from the held queue. */
async function moveOne(ctx: CommandContext, queues: Queues, message: Message): Promise<Move> {
  const view = viewOf(message);
  let messageId: string;
  try {
    const sent = await ctx.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: queues.notification, MessageBody: message.Body ?? '' }),
    );
    messageId = sent.MessageId ?? '?';
  } catch (error: unknown) {
    // The SDK's error names the failure, never the request body.
    return { failed: { ...view, step: 'send', error: describeError(error) }, unsent: true };
  }
  try {
    // Only now: a message deleted before its copy was accepted would lose the client secret.
    await ctx.clients.sqs.send(
      new DeleteMessageCommand({ QueueUrl: queues.held, ReceiptHandle: message.ReceiptHandle }),
    );
    return { released: { ...view, messageId } };
  } catch (error: unknown) {
    // Sent but still held: a later release sends it again, which the intake sees as a redelivery.
    return { failed: { ...view, step: 'delete', error: describeError(error) }, unsent: false };
  }
}

/** Moves each held message: send the same body to the notification queue, then delete it from the held queue. */
export async function releaseAll(
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
        const move = await moveOne(ctx, queues, message);
        if ('released' in move) released.push(move.released);
        else {
          failed.push(move.failed);
          if (move.unsent) unsent.push(message);
        }
      }
    }
  } finally {
    await showAgain(ctx, queues.held, unsent);
  }
  return { released, failed };
}
