import { randomUUID } from 'node:crypto';
import { AwsServiceError, UnsupportedByFake } from './aws-error';
import type { JsonObject } from './json-input';
import { onlyKnownMembers, optionalNumber, requiredString } from './json-input';
import type { FakeQueue, QueueDirectory, StoredMessage } from './sqs';
import { attributeSelected, invalidParameter, md5, messageAttributesMd5, stringList } from './sqs-messages';

/**
 * Messages in flight: ReceiveMessage hides each message for its visibility timeout under a new
 * receipt handle (or moves it to the dead-letter queue once received maxReceiveCount times);
 * DeleteMessage and ChangeMessageVisibility act on it by its latest handle.
 */

export const MAX_VISIBILITY_SECONDS = 43_200;
const SYSTEM_ATTRIBUTES = [
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'SentTimestamp',
  'SenderId',
] as const;

interface ReceiveOptions {
  readonly max: number;
  readonly visibility: number;
  readonly attributeNames: readonly string[];
  readonly systemNames: readonly string[];
}

function receiveOptions(queue: FakeQueue, input: JsonObject): ReceiveOptions {
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
  return { max, visibility, attributeNames, systemNames };
}

/** Hides the message under a new receipt handle; returns it as ReceiveMessage answers it. */
function deliver(
  directory: QueueDirectory,
  queue: FakeQueue,
  message: StoredMessage,
  now: number,
  options: ReceiveOptions,
): JsonObject {
  message.receiveCount++;
  message.firstReceivedAt ??= now;
  message.visibleAt = now + options.visibility * 1000;
  const handle = Buffer.from(`${queue.name}/${message.messageId}/${randomUUID()}`).toString('base64');
  message.receiptHandle = handle;
  directory.handles.set(handle, { queue: queue.name, messageId: message.messageId });
  const system: Record<string, string> = {
    ApproximateReceiveCount: String(message.receiveCount),
    ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt),
    SentTimestamp: String(message.sentAt),
    SenderId: directory.accountId,
  };
  const { systemNames, attributeNames } = options;
  const chosen = Object.fromEntries(
    Object.entries(system).filter(([name]) => systemNames.includes('All') || systemNames.includes(name)),
  );
  const attributes = Object.fromEntries(
    Object.entries(message.attributes).filter(([name]) => attributeSelected(name, attributeNames)),
  );
  return {
    MessageId: message.messageId,
    ReceiptHandle: handle,
    MD5OfBody: md5(message.body),
    Body: message.body,
    ...(Object.keys(chosen).length > 0 ? { Attributes: chosen } : {}),
    ...(Object.keys(attributes).length > 0
      ? { MessageAttributes: attributes, MD5OfMessageAttributes: messageAttributesMd5(attributes) }
      : {}),
  };
}

export function receiveMessage(directory: QueueDirectory, input: JsonObject): JsonObject {
  onlyKnownMembers(input, 'ReceiveMessage', [
    'QueueUrl',
    'MaxNumberOfMessages',
    'VisibilityTimeout',
    'WaitTimeSeconds',
    'MessageAttributeNames',
    'MessageSystemAttributeNames',
    'AttributeNames',
  ]);
  const queue = directory.queueByUrl(requiredString(input, 'QueueUrl'));
  const options = receiveOptions(queue, input);
  const now = Date.now();
  const received: JsonObject[] = [];
  for (const message of [...queue.messages]) {
    if (received.length === options.max) break;
    if (message.visibleAt > now) continue;
    if (queue.deadLetter !== undefined && message.receiveCount >= queue.deadLetter.maxReceiveCount) {
      // Received maxReceiveCount times and back again: SQS moves it instead of delivering it.
      queue.messages = queue.messages.filter((m) => m !== message);
      directory.queueByUrl(queue.deadLetter.queueUrl).messages.push({
        ...message,
        visibleAt: 0,
        receiptHandle: undefined,
      });
      continue;
    }
    received.push(deliver(directory, queue, message, now, options));
  }
  return received.length > 0 ? { Messages: received } : {};
}

/** What a receipt handle names; refused when this queue never gave it. */
function knownHandle(directory: QueueDirectory, queue: FakeQueue, handle: string) {
  const known = directory.handles.get(handle);
  if (known === undefined || known.queue !== queue.name) {
    throw new AwsServiceError(
      404,
      'ReceiptHandleIsInvalid',
      `The input receipt handle "${handle}" is not a valid receipt handle.`,
    );
  }
  return known;
}

export function deleteMessage(directory: QueueDirectory, input: JsonObject): JsonObject {
  onlyKnownMembers(input, 'DeleteMessage', ['QueueUrl', 'ReceiptHandle']);
  const queue = directory.queueByUrl(requiredString(input, 'QueueUrl'));
  const handle = requiredString(input, 'ReceiptHandle');
  const known = knownHandle(directory, queue, handle);
  // Only the latest receipt handle deletes; an older one succeeds and deletes nothing.
  queue.messages = queue.messages.filter(
    (m) => m.messageId !== known.messageId || m.receiptHandle !== handle,
  );
  return {};
}

/** A new visibility timeout from now for a message in flight, by its latest receipt handle. */
export function changeMessageVisibility(directory: QueueDirectory, input: JsonObject): JsonObject {
  onlyKnownMembers(input, 'ChangeMessageVisibility', ['QueueUrl', 'ReceiptHandle', 'VisibilityTimeout']);
  const queue = directory.queueByUrl(requiredString(input, 'QueueUrl'));
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
  const known = knownHandle(directory, queue, handle);
  const message = queue.messages.find((m) => m.messageId === known.messageId && m.receiptHandle === handle);
  const now = Date.now();
  if (message === undefined || message.visibleAt <= now) {
    throw new AwsServiceError(400, 'MessageNotInflight', 'The message referred to is not in flight.');
  }
  message.visibleAt = now + timeout * 1000;
  return {};
}
