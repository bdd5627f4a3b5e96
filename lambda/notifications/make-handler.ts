import { randomUUID } from 'node:crypto';
import { logPortOf } from '../runtime/powertools';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { NOTIFICATION_LOG, NOTIFICATION_METRIC } from '../../contract/telemetry';
import type { LogPort } from '../ports/log';
import type { MessageResult, NotificationDeps, NotificationSettings } from './process-notification';
import { describeError, processMessage, secretsInBody } from './process-notification';

export interface NotificationHandlerDeps extends Omit<NotificationDeps, 'log'> {
  readonly settings: NotificationSettings;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Wall clock; injected by tests. */
  readonly clock?: () => Date;
}

function receiveCountOf(record: SQSRecord): number {
  const count = Number(record.attributes?.ApproximateReceiveCount);
  return Number.isInteger(count) && count > 0 ? count : 1;
}

/** The failure counters and the outcome each counts. */
const FAILURE_COUNTERS: readonly (readonly [string, MessageResult['outcome']])[] = [
  [NOTIFICATION_METRIC.verificationFailures, 'verification-failed'],
  [NOTIFICATION_METRIC.lwaUnavailable, 'lwa-unavailable'],
  [NOTIFICATION_METRIC.unknownClients, 'unknown-client'],
  [NOTIFICATION_METRIC.ambiguousClients, 'ambiguous-client'],
  [NOTIFICATION_METRIC.malformed, 'malformed'],
];

/**
 * The failure counters of one invocation, each only if that failure happened in it: a batch
 * without failures writes no metric (see NOTIFICATION_METRIC).
 */
export function emitNotificationMetrics(metrics: Metrics, results: readonly MessageResult[]): void {
  let written = false;
  for (const [name, outcome] of FAILURE_COUNTERS) {
    const count = results.filter((r) => r.outcome === outcome).length;
    if (count === 0) continue;
    metrics.addMetric(name, MetricUnit.Count, count);
    written = true;
  }
  if (written) metrics.publishStoredMetrics();
}

/** One line per message: its type and what came of it (no body, no secret; ids it lacks are left out). */
export function logNotificationOutcomes(log: LogPort, results: readonly MessageResult[]): void {
  const field = NOTIFICATION_LOG.fields;
  for (const result of results) {
    log.info(NOTIFICATION_LOG.message, {
      [field.messageId]: result.messageId,
      [field.notificationId]: result.notificationId,
      [field.type]: result.type,
      [field.clientId]: result.clientId,
      [field.outcome]: result.outcome,
      [field.disposition]: result.disposition,
    });
  }
}

/**
 * The SQS handler: each message is handled on its own, one after the other, and only the
 * messages that must come back are reported as batch item failures. Messages of one batch run
 * in order so two notifications about one app never race on its secret.
 */
export function makeHandler(deps: NotificationHandlerDeps) {
  const clock = deps.clock ?? (() => new Date());
  const log = logPortOf(deps.logger);
  const ports: NotificationDeps = {
    directory: deps.directory,
    versions: deps.versions,
    ledger: deps.ledger,
    clientRecords: deps.clientRecords,
    held: deps.held,
    publisher: deps.publisher,
    events: deps.events,
    lwa: deps.lwa,
    log,
  };

  return async function handler(
    event: SQSEvent,
    context?: Pick<Context, 'awsRequestId'>,
  ): Promise<SQSBatchResponse> {
    const invocation = context?.awsRequestId ?? randomUUID();
    const results: MessageResult[] = [];
    for (const record of event.Records ?? []) {
      results.push(
        await handleRecord(record, `${invocation}/${record.messageId}`, ports, deps.settings, clock),
      );
    }
    logNotificationOutcomes(log, results);
    try {
      emitNotificationMetrics(deps.metrics, results);
    } catch (error: unknown) {
      log.warn('Could not publish metrics', { error: describeError(error, []) });
    }
    const batchItemFailures = results
      .filter((r) => r.disposition === 'retry')
      .map((r) => ({ itemIdentifier: r.messageId }));
    deps.logger.info('Notification batch finished', {
      messages: results.length,
      failures: batchItemFailures.length,
    });
    return { batchItemFailures };
  };
}

/** One SQS record; a failure that escapes `processMessage` makes it come back. */
async function handleRecord(
  record: SQSRecord,
  holder: string,
  ports: NotificationDeps,
  settings: NotificationSettings,
  clock: () => Date,
): Promise<MessageResult> {
  try {
    return await processMessage(
      { messageId: record.messageId, body: record.body ?? '', receiveCount: receiveCountOf(record) },
      ports,
      settings,
      clock(),
      holder,
    );
  } catch (error: unknown) {
    // processMessage handles its own failures; this guards the batch against a bug in it.
    // The last resort redacts like every other path: the body may hold a new client secret.
    ports.log.error('Unexpected failure handling a message; it will be delivered again', {
      messageId: record.messageId,
      error: describeError(error, secretsInBody(record.body ?? '')),
    });
    return {
      messageId: record.messageId,
      disposition: 'retry',
      outcome: 'error',
      type: 'unreadable',
    };
  }
}
