import { createHash, randomUUID } from 'node:crypto';
import { AwsServiceError, UnsupportedByFake } from './aws-error';
import type { JsonObject } from './json-input';
import {
  isJsonObject,
  onlyKnownMembers,
  optionalArray,
  optionalNumber,
  optionalObject,
  optionalString,
  requiredString,
} from './json-input';

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
 * answers at once: an empty queue returns no messages instead of waiting.
 */

/** The error shape names the SDK knows, by the query-protocol code SQS sends in x-amzn-query-error. */
const QUERY_ERROR_CODES: Readonly<Record<string, string>> = {
  QueueDoesNotExist: 'AWS.SimpleQueueService.NonExistentQueue',
  UnsupportedOperation: 'AWS.SimpleQueueService.UnsupportedOperation',
  MessageNotInflight: 'AWS.SimpleQueueService.MessageNotInflight',
};

/** What goes in the `x-amzn-query-error` header of an error answer (`Code;Sender`). */
export function sqsQueryErrorHeader(error: AwsServiceError): string {
  const code = QUERY_ERROR_CODES[error.code] ?? error.code;
  return `${code};${error.status >= 500 ? 'Receiver' : 'Sender'}`;
}

const MAX_MESSAGE_BYTES = 256 * 1024;
const MAX_ATTRIBUTES = 10;
const DEFAULT_VISIBILITY_SECONDS = 30;
const MAX_VISIBILITY_SECONDS = 43_200;
const SYSTEM_ATTRIBUTES = [
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'SentTimestamp',
  'SenderId',
] as const;
const QUEUE_ATTRIBUTES = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'VisibilityTimeout',
  'QueueArn',
  'RedrivePolicy',
] as const;

export interface SqsMessageAttribute {
  readonly DataType: string;
  readonly StringValue?: string;
  /** Base64, as the JSON protocol carries it. */
  readonly BinaryValue?: string;
}

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

interface StoredMessage {
  readonly messageId: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, SqsMessageAttribute>>;
  readonly sentAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  visibleAt: number;
  receiptHandle?: string;
}

interface FakeQueue {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  readonly visibilityTimeoutSeconds: number;
  readonly deadLetter?: { readonly queueUrl: string; readonly maxReceiveCount: number };
  messages: StoredMessage[];
}

function invalidParameter(message: string): AwsServiceError {
  return new AwsServiceError(400, 'InvalidParameterValue', message);
}

function md5(data: Buffer | string): string {
  return createHash('md5').update(data).digest('hex');
}

/**
 * The MD5 of message attributes as SQS computes it: per attribute, sorted by name, the name,
 * the data type and the value, each prefixed by its 4-byte big-endian length, with a transport
 * byte (1 string, 2 binary) before the value.
 */
export function messageAttributesMd5(attributes: Readonly<Record<string, SqsMessageAttribute>>): string {
  const parts: Buffer[] = [];
  const lengthPrefixed = (bytes: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    parts.push(length, bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const attribute = attributes[name];
    if (attribute === undefined) continue;
    lengthPrefixed(Buffer.from(name, 'utf8'));
    lengthPrefixed(Buffer.from(attribute.DataType, 'utf8'));
    if (attribute.BinaryValue !== undefined) {
      parts.push(Buffer.from([2]));
      lengthPrefixed(Buffer.from(attribute.BinaryValue, 'base64'));
    } else {
      parts.push(Buffer.from([1]));
      lengthPrefixed(Buffer.from(attribute.StringValue ?? '', 'utf8'));
    }
  }
  return md5(Buffer.concat(parts));
}

/** SQS accepts #x9 #xA #xD, #x20-#xD7FF, #xE000-#xFFFD and #x10000-#x10FFFF only. */
function validText(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const ok =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      (code >= 0x10000 && code <= 0x10ffff);
    if (!ok) return false;
  }
  return true;
}

function parseAttributes(input: JsonObject): {
  attributes: Record<string, SqsMessageAttribute>;
  bytes: number;
} {
  const raw = optionalObject(input, 'MessageAttributes') ?? {};
  const names = Object.keys(raw);
  if (names.length > MAX_ATTRIBUTES) {
    throw invalidParameter(
      `Number of message attributes [${names.length}] exceeds the allowed maximum [10].`,
    );
  }
  const attributes: Record<string, SqsMessageAttribute> = {};
  let bytes = 0;
  for (const [name, value] of Object.entries(raw)) {
    if (!isJsonObject(value)) throw invalidParameter(`The message attribute '${name}' must be an object.`);
    onlyKnownMembers(value, 'MessageAttributeValue', ['DataType', 'StringValue', 'BinaryValue']);
    if (
      !/^[A-Za-z0-9_.-]{1,256}$/.test(name) ||
      /^(aws\.|amazon\.)/i.test(name) ||
      name.startsWith('.') ||
      name.endsWith('.') ||
      name.includes('..')
    ) {
      throw invalidParameter(`The message attribute name '${name}' is invalid.`);
    }
    const dataType = requiredString(value, 'DataType');
    const base = dataType.split('.')[0];
    const stringValue = optionalString(value, 'StringValue');
    const binaryValue = optionalString(value, 'BinaryValue');
    if (base === 'Binary') {
      if (!binaryValue) {
        throw invalidParameter(
          `The message attribute '${name}' must contain a non-empty value of type '${dataType}'.`,
        );
      }
    } else if (base === 'String' || base === 'Number') {
      if (stringValue === undefined || stringValue === '') {
        throw invalidParameter(
          `The message attribute '${name}' must contain a non-empty value of type '${dataType}'.`,
        );
      }
      if (!validText(stringValue)) {
        throw new AwsServiceError(
          400,
          'InvalidMessageContents',
          `The message attribute '${name}' has invalid characters.`,
        );
      }
      if (base === 'Number' && !/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(stringValue)) {
        throw invalidParameter(
          `The message attribute '${name}' with type 'Number' has an invalid numeric value.`,
        );
      }
    } else {
      throw invalidParameter(
        `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
      );
    }
    attributes[name] = {
      DataType: dataType,
      ...(base === 'Binary' ? { BinaryValue: binaryValue } : { StringValue: stringValue }),
    };
    bytes += Buffer.byteLength(name) + Buffer.byteLength(dataType);
    bytes +=
      base === 'Binary'
        ? Buffer.from(binaryValue ?? '', 'base64').length
        : Buffer.byteLength(stringValue ?? '');
  }
  return { attributes, bytes };
}

/** `All`, `.*`, a name, or a prefix ending in `.*`, as ReceiveMessage's MessageAttributeNames take them. */
function attributeSelected(name: string, patterns: readonly string[]): boolean {
  return patterns.some(
    (pattern) =>
      pattern === 'All' ||
      pattern === '.*' ||
      pattern === name ||
      (pattern.endsWith('.*') && name.startsWith(pattern.slice(0, -1))),
  );
}

function stringList(input: JsonObject, key: string): string[] {
  return (optionalArray(input, key) ?? []).map((entry) => {
    if (typeof entry !== 'string') throw invalidParameter(`${key} must be a list of strings`);
    return entry;
  });
}

export class FakeSqs {
  private readonly queues = new Map<string, FakeQueue>();
  private readonly handles = new Map<string, { queue: string; messageId: string }>();

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
        return this.receiveMessage(input);
      case 'DeleteMessage':
        return this.deleteMessage(input);
      case 'ChangeMessageVisibility':
        return this.changeMessageVisibility(input);
      case 'GetQueueUrl':
        return this.getQueueUrl(input);
      case 'GetQueueAttributes':
        return this.getQueueAttributes(input);
      default:
        throw new UnsupportedByFake(`the SQS operation ${operation}`);
    }
  }

  private queueByUrl(queueUrl: string): FakeQueue {
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
    if (body === '') throw invalidParameter('The request must contain the parameter MessageBody.');
    if (!validText(body)) {
      throw new AwsServiceError(
        400,
        'InvalidMessageContents',
        'Invalid characters found in the message body.',
      );
    }
    const { attributes, bytes } = parseAttributes(input);
    if (Buffer.byteLength(body) + bytes > MAX_MESSAGE_BYTES) {
      throw invalidParameter(
        `One or more parameters are invalid. Reason: Message must be shorter than ${MAX_MESSAGE_BYTES} bytes.`,
      );
    }
    const messageId = this.send(queue.url, body, attributes);
    return {
      MessageId: messageId,
      MD5OfMessageBody: md5(body),
      ...(Object.keys(attributes).length > 0
        ? { MD5OfMessageAttributes: messageAttributesMd5(attributes) }
        : {}),
    };
  }

  private receiveMessage(input: JsonObject): JsonObject {
    onlyKnownMembers(input, 'ReceiveMessage', [
      'QueueUrl',
      'MaxNumberOfMessages',
      'VisibilityTimeout',
      'WaitTimeSeconds',
      'MessageAttributeNames',
      'MessageSystemAttributeNames',
      'AttributeNames',
    ]);
    const queue = this.queueByUrl(requiredString(input, 'QueueUrl'));
    const max = optionalNumber(input, 'MaxNumberOfMessages') ?? 1;
    if (!Number.isInteger(max) || max < 1 || max > 10) {
      throw invalidParameter(
        `Value ${max} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.`,
      );
    }
    const visibility = optionalNumber(input, 'VisibilityTimeout') ?? queue.visibilityTimeoutSeconds;
    if (!Number.isInteger(visibility) || visibility < 0 || visibility > MAX_VISIBILITY_SECONDS) {
      throw invalidParameter(`Value ${visibility} for parameter VisibilityTimeout is invalid.`);
    }
    const wait = optionalNumber(input, 'WaitTimeSeconds');
    if (wait !== undefined && (!Number.isInteger(wait) || wait < 0 || wait > 20)) {
      throw invalidParameter(
        `Value ${wait} for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.`,
      );
    }
    const attributeNames = stringList(input, 'MessageAttributeNames');
    const systemNames = [
      ...stringList(input, 'MessageSystemAttributeNames'),
      ...stringList(input, 'AttributeNames'),
    ];
    for (const name of systemNames) {
      if (name !== 'All' && !(SYSTEM_ATTRIBUTES as readonly string[]).includes(name)) {
        throw new UnsupportedByFake(`the message system attribute ${name}`);
      }
    }
    const now = Date.now();
    const received: JsonObject[] = [];
    for (const message of [...queue.messages]) {
      if (received.length === max) break;
      if (message.visibleAt > now) continue;
      if (queue.deadLetter !== undefined && message.receiveCount >= queue.deadLetter.maxReceiveCount) {
        // Received maxReceiveCount times and back again: SQS moves it instead of delivering it.
        queue.messages = queue.messages.filter((m) => m !== message);
        this.queueByUrl(queue.deadLetter.queueUrl).messages.push({
          ...message,
          visibleAt: 0,
          receiptHandle: undefined,
        });
        continue;
      }
      message.receiveCount++;
      message.firstReceivedAt ??= now;
      message.visibleAt = now + visibility * 1000;
      const handle = Buffer.from(`${queue.name}/${message.messageId}/${randomUUID()}`).toString('base64');
      message.receiptHandle = handle;
      this.handles.set(handle, { queue: queue.name, messageId: message.messageId });
      const system: Record<string, string> = {
        ApproximateReceiveCount: String(message.receiveCount),
        ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt),
        SentTimestamp: String(message.sentAt),
        SenderId: this.accountId,
      };
      const chosen = Object.fromEntries(
        Object.entries(system).filter(([name]) => systemNames.includes('All') || systemNames.includes(name)),
      );
      const attributes = Object.fromEntries(
        Object.entries(message.attributes).filter(([name]) => attributeSelected(name, attributeNames)),
      );
      received.push({
        MessageId: message.messageId,
        ReceiptHandle: handle,
        MD5OfBody: md5(message.body),
        Body: message.body,
        ...(Object.keys(chosen).length > 0 ? { Attributes: chosen } : {}),
        ...(Object.keys(attributes).length > 0
          ? { MessageAttributes: attributes, MD5OfMessageAttributes: messageAttributesMd5(attributes) }
          : {}),
      });
    }
    return received.length > 0 ? { Messages: received } : {};
  }

  private deleteMessage(input: JsonObject): JsonObject {
    onlyKnownMembers(input, 'DeleteMessage', ['QueueUrl', 'ReceiptHandle']);
    const queue = this.queueByUrl(requiredString(input, 'QueueUrl'));
    const handle = requiredString(input, 'ReceiptHandle');
    const known = this.handles.get(handle);
    if (known === undefined || known.queue !== queue.name) {
      throw new AwsServiceError(
        404,
        'ReceiptHandleIsInvalid',
        `The input receipt handle "${handle}" is not a valid receipt handle.`,
      );
    }
    // Only the latest receipt handle deletes; an older one succeeds and deletes nothing.
    queue.messages = queue.messages.filter(
      (m) => m.messageId !== known.messageId || m.receiptHandle !== handle,
    );
    return {};
  }

  /** A new visibility timeout from now for a message in flight, by its latest receipt handle. */
  private changeMessageVisibility(input: JsonObject): JsonObject {
    onlyKnownMembers(input, 'ChangeMessageVisibility', ['QueueUrl', 'ReceiptHandle', 'VisibilityTimeout']);
    const queue = this.queueByUrl(requiredString(input, 'QueueUrl'));
    const handle = requiredString(input, 'ReceiptHandle');
    const timeout = optionalNumber(input, 'VisibilityTimeout');
    if (
      timeout === undefined ||
      !Number.isInteger(timeout) ||
      timeout < 0 ||
      timeout > MAX_VISIBILITY_SECONDS
    ) {
      throw invalidParameter(`Value ${String(timeout)} for parameter VisibilityTimeout is invalid.`);
    }
    const known = this.handles.get(handle);
    if (known === undefined || known.queue !== queue.name) {
      throw new AwsServiceError(
        404,
        'ReceiptHandleIsInvalid',
        `The input receipt handle "${handle}" is not a valid receipt handle.`,
      );
    }
    const message = queue.messages.find((m) => m.messageId === known.messageId && m.receiptHandle === handle);
    const now = Date.now();
    if (message === undefined || message.visibleAt <= now) {
      throw new AwsServiceError(400, 'MessageNotInflight', 'The message referred to is not in flight.');
    }
    message.visibleAt = now + timeout * 1000;
    return {};
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
