import { randomUUID } from 'node:crypto';
import { AwsServiceError, UnsupportedByFake } from './aws-error';
import type { JsonObject } from './json-input';
import { onlyKnownMembers, optionalNumber, optionalString, requiredString } from './json-input';
import { changeMessageVisibility, deleteMessage, receiveMessage } from './sqs-in-flight';
import type { SqsMessageAttribute } from './sqs-messages';
import {
  checkBodyText,
  checkMessageSize,
  md5,
  messageAttributesMd5,
  parseAttributes,
  stringList,
} from './sqs-messages';

/**
 * SQS (AWS JSON 1.0, target prefix `AmazonSQS`, as SDK v3 speaks it): standard queues and
 * SendMessage, ReceiveMessage, DeleteMessage, ChangeMessageVisibility, GetQueueUrl and
 * GetQueueAttributes, with what SQS
 * does that a caller depends on: a received message is invisible for the visibility timeout and
 * comes back after it with a higher ApproximateReceiveCount; only the latest receipt handle
 * deletes it (an older one succeeds and deletes nothing); a queue with a redrive policy moves a
 * message to its dead-letter queue once it was received maxReceiveCount times; MD5 digests of
 * the body and of the message attributes, which the SDK checks. Time is `Date.now()`, so a test
 * that fakes Date moves visibility timeouts with its clock. Long polling (WaitTimeSeconds)
 * answers at once: an empty queue returns no messages instead of waiting. Message content is
 * checked in sqs-messages.ts; receiving, deleting and hiding in sqs-in-flight.ts.
 */

const DEFAULT_VISIBILITY_SECONDS = 30;
const QUEUE_ATTRIBUTES = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'VisibilityTimeout',
  'QueueArn',
  'RedrivePolicy',
] as const;

export interface FakeQueueOptions {
  /** Default VisibilityTimeout of the queue. Default 30 s, as SQS has it. */
  readonly visibilityTimeoutSeconds?: number;
  /** RedrivePolicy: move a message here once it was received this many times. */
  readonly deadLetter?: { readonly queueUrl: string; readonly maxReceiveCount: number };
}

/** A message as a test sees it in a queue (deleted ones are gone). */
export interface FakeQueueMessage {
  readonly messageId: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, SqsMessageAttribute>>;
  readonly receiveCount: number;
  readonly sentAt: number;
  /** False while a receiver holds it (within its visibility timeout). */
  readonly visible: boolean;
}

export interface StoredMessage {
  readonly messageId: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, SqsMessageAttribute>>;
  readonly sentAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  visibleAt: number;
  receiptHandle?: string;
}

export interface FakeQueue {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  readonly visibilityTimeoutSeconds: number;
  readonly deadLetter?: { readonly queueUrl: string; readonly maxReceiveCount: number };
  messages: StoredMessage[];
}

/** What the in-flight operations need of the fake: its queues and the receipt handles it gave. */
export interface QueueDirectory {
  readonly accountId: string;
  readonly handles: Map<string, { queue: string; messageId: string }>;
  queueByUrl(queueUrl: string): FakeQueue;
}

export class FakeSqs implements QueueDirectory {
  private readonly queues = new Map<string, FakeQueue>();
  readonly handles = new Map<string, { queue: string; messageId: string }>();

  constructor(
    readonly region: string,
    readonly accountId: string,
    private readonly endpoint: () => string,
  ) {}

  /** Creates a standard queue; returns its URL (on this fake's endpoint, as the SDK routes by it). */
  createQueue(name: string, options: FakeQueueOptions = {}): string {
    if (this.queues.has(name)) throw new Error(`FakeSqs: a queue named ${name} exists`);
    if (options.deadLetter !== undefined) this.queueByUrl(options.deadLetter.queueUrl);
    const url = `${this.endpoint()}/${this.accountId}/${name}`;
    this.queues.set(name, {
      name,
      url,
      arn: `arn:aws:sqs:${this.region}:${this.accountId}:${name}`,
      visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? DEFAULT_VISIBILITY_SECONDS,
      deadLetter: options.deadLetter,
      messages: [],
    });
    return url;
  }

  /** The messages in a queue now, in the order sent. */
  messages(queueUrl: string): FakeQueueMessage[] {
    const now = Date.now();
    return this.queueByUrl(queueUrl).messages.map((m) => ({
      messageId: m.messageId,
      body: m.body,
      attributes: m.attributes,
      receiveCount: m.receiveCount,
      sentAt: m.sentAt,
      visible: m.visibleAt <= now,
    }));
  }

  /** Sends a message as another sender would (Amazon, for a notification queue). */
  send(
    queueUrl: string,
    body: string,
    attributes: Readonly<Record<string, SqsMessageAttribute>> = {},
  ): string {
    const queue = this.queueByUrl(queueUrl);
    const messageId = randomUUID();
    queue.messages.push({ messageId, body, attributes, sentAt: Date.now(), receiveCount: 0, visibleAt: 0 });
    return messageId;
  }

  /**
   * Moves every message from one queue to another, as a dead-letter redrive does: same body and
   * attributes, a new message that has not been received yet.
   */
  redrive(fromUrl: string, toUrl: string): number {
    const from = this.queueByUrl(fromUrl);
    const moved = from.messages;
    from.messages = [];
    for (const message of moved) this.send(toUrl, message.body, message.attributes);
    return moved.length;
  }

  handle(operation: string, input: JsonObject): JsonObject {
    switch (operation) {
      case 'SendMessage':
        return this.sendMessage(input);
      case 'ReceiveMessage':
        return receiveMessage(this, input);
      case 'DeleteMessage':
        return deleteMessage(this, input);
      case 'ChangeMessageVisibility':
        return changeMessageVisibility(this, input);
      case 'GetQueueUrl':
        return this.getQueueUrl(input);
      case 'GetQueueAttributes':
        return this.getQueueAttributes(input);
      default:
        throw new UnsupportedByFake(`the SQS operation ${operation}`);
    }
  }

  queueByUrl(queueUrl: string): FakeQueue {
    let path: string;
    try {
      path = new URL(queueUrl).pathname;
    } catch {
      throw new AwsServiceError(
        404,
        'InvalidAddress',
        `The address ${queueUrl} is not valid for this endpoint.`,
      );
    }
    const [, account, name, ...rest] = path.split('/');
    const queue = name === undefined ? undefined : this.queues.get(name);
    if (account !== this.accountId || rest.length > 0 || queue === undefined) {
      throw new AwsServiceError(400, 'QueueDoesNotExist', 'The specified queue does not exist.');
    }
    return queue;
  }

  private sendMessage(input: JsonObject): JsonObject {
    onlyKnownMembers(input, 'SendMessage', ['QueueUrl', 'MessageBody', 'MessageAttributes', 'DelaySeconds']);
    const queue = this.queueByUrl(requiredString(input, 'QueueUrl'));
    const delay = optionalNumber(input, 'DelaySeconds');
    if (delay !== undefined && delay !== 0) throw new UnsupportedByFake('SendMessage with DelaySeconds');
    const body = requiredString(input, 'MessageBody');
    checkBodyText(body);
    const { attributes, bytes } = parseAttributes(input);
    checkMessageSize(body, bytes);
    const messageId = this.send(queue.url, body, attributes);
    return {
      MessageId: messageId,
      MD5OfMessageBody: md5(body),
      ...(Object.keys(attributes).length > 0
        ? { MD5OfMessageAttributes: messageAttributesMd5(attributes) }
        : {}),
    };
  }

  private getQueueUrl(input: JsonObject): JsonObject {
    onlyKnownMembers(input, 'GetQueueUrl', ['QueueName', 'QueueOwnerAWSAccountId']);
    const name = requiredString(input, 'QueueName');
    const owner = optionalString(input, 'QueueOwnerAWSAccountId') ?? this.accountId;
    const queue = this.queues.get(name);
    if (queue === undefined || owner !== this.accountId) {
      throw new AwsServiceError(400, 'QueueDoesNotExist', 'The specified queue does not exist.');
    }
    return { QueueUrl: queue.url };
  }

  private getQueueAttributes(input: JsonObject): JsonObject {
    onlyKnownMembers(input, 'GetQueueAttributes', ['QueueUrl', 'AttributeNames']);
    const queue = this.queueByUrl(requiredString(input, 'QueueUrl'));
    const names = stringList(input, 'AttributeNames');
    for (const name of names) {
      if (name !== 'All' && !(QUEUE_ATTRIBUTES as readonly string[]).includes(name)) {
        throw new UnsupportedByFake(`the queue attribute ${name}`);
      }
    }
    const now = Date.now();
    const all: Record<string, string> = {
      ApproximateNumberOfMessages: String(queue.messages.filter((m) => m.visibleAt <= now).length),
      ApproximateNumberOfMessagesNotVisible: String(queue.messages.filter((m) => m.visibleAt > now).length),
      ApproximateNumberOfMessagesDelayed: '0',
      VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
      QueueArn: queue.arn,
    };
    if (queue.deadLetter !== undefined) {
      all.RedrivePolicy = JSON.stringify({
        deadLetterTargetArn: this.queueByUrl(queue.deadLetter.queueUrl).arn,
        maxReceiveCount: queue.deadLetter.maxReceiveCount,
      });
    }
    const chosen = Object.entries(all).filter(([name]) => names.includes('All') || names.includes(name));
    return chosen.length > 0 ? { Attributes: Object.fromEntries(chosen) } : {};
  }
}
