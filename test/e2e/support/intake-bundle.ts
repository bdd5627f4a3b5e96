import type { SQSClient } from '@aws-sdk/client-sqs';
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

/** The bundled notification handler's export, as Lambda calls it. */
export type NotificationHandler = (
  event: SQSEvent,
  context?: { readonly awsRequestId: string },
) => Promise<SQSBatchResponse>;

/** Loads the `handler` export of a bundle, checking its shape rather than trusting it. */
export function notificationHandlerOf(loaded: unknown, file: string): NotificationHandler {
  if (typeof loaded !== 'object' || loaded === null || !('handler' in loaded)) {
    throw new Error(`${file} exports no handler`);
  }
  const { handler } = loaded;
  if (typeof handler !== 'function') throw new Error(`${file}: handler is not a function`);
  return handler as NotificationHandler;
}

export interface IntakeTargets {
  readonly topicArn: string;
  readonly tableName: string;
  readonly heldQueueUrl: string;
  readonly lwaTokenEndpoint: string;
  /** `true` to store new secrets; undefined leaves the variable out (the default: off). */
  readonly storeNewSecrets?: 'true' | 'false';
}

/** What the construct sets in the handler's environment, pointed at the fakes. */
export function intakeEnvironment(
  clientEnvironment: Readonly<Record<string, string>>,
  targets: IntakeTargets,
): Record<string, string> {
  return {
    ...clientEnvironment,
    ALERT_TOPIC_ARN: targets.topicArn,
    LEDGER_TABLE_NAME: targets.tableName,
    APP_TAG_KEY: 'lwa:app',
    CREDENTIAL_FIELDS: JSON.stringify({
      clientId: 'clientId',
      clientSecret: 'clientSecret',
      refreshToken: 'refreshToken',
    }),
    LWA_TOKEN_ENDPOINT: targets.lwaTokenEndpoint,
    CLAIM_LEASE_SECONDS: '180',
    MAX_RECEIVE_COUNT: '5',
    HELD_QUEUE_URL: targets.heldQueueUrl,
    WINDOW_DAYS: '180',
    ...(targets.storeNewSecrets === undefined ? {} : { STORE_NEW_SECRETS: targets.storeNewSecrets }),
    // Every log line is read by the test, for secret values that must not be there.
    POWERTOOLS_LOG_LEVEL: 'DEBUG',
    POWERTOOLS_SERVICE_NAME: 'lwa-expiry-monitor',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/** The environment variables `intakeEnvironment` may set, to clear between two loads. */
export const INTAKE_VARIABLES = [
  'ALERT_TOPIC_ARN',
  'LEDGER_TABLE_NAME',
  'APP_TAG_KEY',
  'CREDENTIAL_FIELDS',
  'LWA_TOKEN_ENDPOINT',
  'CLAIM_LEASE_SECONDS',
  'MAX_RECEIVE_COUNT',
  'HELD_QUEUE_URL',
  'WINDOW_DAYS',
  'STORE_NEW_SECRETS',
] as const;

export interface PollResult {
  /** Messages handed to the function. */
  readonly delivered: number;
  /** Of those, the ones it reported as batch item failures (left for a later delivery). */
  readonly failed: number;
}

/**
 * One poll of Lambda's SQS event source: receive a batch (with the system attributes Lambda
 * passes on), invoke the function, delete every message it did not report as a batch item
 * failure. A failed message stays in flight until its visibility timeout ends.
 */
export async function pollOnce(
  sqs: SQSClient,
  queue: { readonly url: string; readonly arn: string; readonly region: string },
  handler: NotificationHandler,
  batchSize = 10,
): Promise<PollResult> {
  const received = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queue.url,
      MaxNumberOfMessages: batchSize,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
  );
  const messages = received.Messages ?? [];
  if (messages.length === 0) return { delivered: 0, failed: 0 };
  const records: SQSRecord[] = messages.map((message) => ({
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? '1',
      SentTimestamp: message.Attributes?.SentTimestamp ?? '0',
      SenderId: message.Attributes?.SenderId ?? '',
      ApproximateFirstReceiveTimestamp: message.Attributes?.ApproximateFirstReceiveTimestamp ?? '0',
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queue.arn,
    awsRegion: queue.region,
  }));
  const response = await handler({ Records: records }, { awsRequestId: `e2e-${records[0]?.messageId}` });
  const failures = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
  for (const message of messages) {
    if (failures.has(message.MessageId ?? '')) continue;
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: message.ReceiptHandle }));
  }
  return { delivered: messages.length, failed: failures.size };
}
