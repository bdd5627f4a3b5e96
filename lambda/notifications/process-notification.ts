import type { ClaimOutcome } from '../ports/notification-ledger';
import type {
  Decision,
  NotificationDeps,
  NotificationOutcome,
  NotificationSettings,
} from './notification-context';
import { NotificationContext, describeError } from './notification-context';
import type { ParsedNotification } from './notification-envelope';
import { parseNotification } from './notification-envelope';
import { handleNewSecret } from './types/new-secret/handle';
import { handleSecretExpiry } from './types/secret-expiry';
import { handleUnknownType } from './types/unknown-type';

/**
 * One SQS message from Amazon, from body to outcome: parse, claim, act, record. No AWS SDK is
 * imported here; every AWS call goes through a port. The result says whether SQS may delete
 * the message (`consume`) or must deliver it again (`retry`, a batch item failure).
 */

export type { NotificationDeps, NotificationOutcome, NotificationSettings };
export { describeError };

export interface QueuedMessage {
  readonly messageId: string;
  readonly body: string;
  /** SQS ApproximateReceiveCount: 1 on the first delivery. */
  readonly receiveCount: number;
}

/** Metric dimension of the notification type: the two known ones, else a fixed bucket. */
export type TypeDimension =
  'APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY' | 'APPLICATION_OAUTH_CLIENT_NEW_SECRET' | 'other' | 'unreadable';

export interface MessageResult {
  readonly messageId: string;
  readonly disposition: 'consume' | 'retry';
  readonly outcome: NotificationOutcome;
  readonly type: TypeDimension;
  readonly notificationId?: string;
  readonly clientId?: string;
}

/**
 * Client secrets a message body may hold, to cut out of any error text even where the body
 * could not be parsed: every string value of a `newClientSecret` member.
 */
export function secretsInBody(body: string): string[] {
  const found: string[] = [];
  const pattern = /"newClientSecret"\s*:\s*"((?:[^"\\]|\\.)*)"/gi;
  for (const match of body.matchAll(pattern)) {
    const raw = match[1] ?? '';
    found.push(raw);
    try {
      const decoded: unknown = JSON.parse(`"${raw}"`);
      if (typeof decoded === 'string' && decoded !== raw) found.push(decoded);
    } catch {
      // Not a valid JSON string: the raw text is what an error could quote.
    }
  }
  return found;
}

function typeDimension(parsed: ParsedNotification): TypeDimension {
  if (parsed.kind === 'secret-expiry' || parsed.kind === 'new-secret') return parsed.type;
  if (parsed.kind === 'unknown-type') return 'other';
  if (
    parsed.type === 'APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY' ||
    parsed.type === 'APPLICATION_OAUTH_CLIENT_NEW_SECRET'
  ) {
    return parsed.type;
  }
  return 'unreadable';
}

async function act(
  ctx: NotificationContext,
  parsed: Exclude<ParsedNotification, { kind: 'malformed' }>,
  body: string,
): Promise<Decision> {
  switch (parsed.kind) {
    case 'secret-expiry':
      return handleSecretExpiry(ctx, parsed);
    case 'new-secret':
      return handleNewSecret(ctx, parsed, body);
    case 'unknown-type':
      return handleUnknownType(ctx, parsed);
  }
}

export async function processMessage(
  message: QueuedMessage,
  deps: NotificationDeps,
  settings: NotificationSettings,
  now: Date,
  holder: string,
): Promise<MessageResult> {
  const { log } = deps;
  const parsed = parseNotification(message.body, message.messageId);
  const type = typeDimension(parsed);
  if (parsed.kind === 'malformed') {
    // The body itself is never logged: a NEW_SECRET body holds a client secret.
    log.error('Malformed notification: left for redelivery and the dead-letter queue', {
      messageId: message.messageId,
      notificationId: parsed.notificationId,
      notificationType: parsed.type,
      reason: parsed.reason,
      receiveCount: message.receiveCount,
    });
    return { messageId: message.messageId, disposition: 'retry', outcome: 'malformed', type };
  }

  const notificationId = parsed.metadata.notificationId;
  const clientId = parsed.kind === 'unknown-type' ? undefined : parsed.clientId;
  const context = { messageId: message.messageId, notificationId, notificationType: parsed.type, clientId };
  const secrets = [
    ...secretsInBody(message.body),
    ...(parsed.kind === 'new-secret' ? [parsed.newClientSecret] : []),
  ];
  const result = (decision: Decision): MessageResult => ({
    messageId: message.messageId,
    disposition: decision.disposition,
    outcome: decision.outcome,
    type,
    notificationId,
    clientId,
  });
  if (!parsed.metadata.fromEnvelope) {
    log.warn(
      'Notification without notificationMetadata.notificationId: the SQS message id stands in',
      context,
    );
  }

  let claim: ClaimOutcome;
  try {
    claim = await deps.ledger.claim(notificationId, holder, now, settings.leaseMs);
  } catch (error: unknown) {
    log.error('Could not claim the notification; it will be delivered again', {
      ...context,
      error: describeError(error, secrets),
    });
    return result({ disposition: 'retry', outcome: 'error' });
  }
  if (claim.kind === 'done') {
    log.info('Notification already processed: this redelivery changes nothing', {
      ...context,
      previousOutcome: claim.outcome,
    });
    return result({ disposition: 'consume', outcome: 'duplicate' });
  }
  if (claim.kind === 'busy') {
    log.warn('Notification is being processed by another invocation; it will be delivered again', context);
    return result({ disposition: 'retry', outcome: 'busy' });
  }

  // SQS's own count decides when a message moves to the dead-letter queue.
  const ctx = new NotificationContext(
    deps,
    settings,
    now,
    message.receiveCount,
    holder,
    context,
    claim.alertedProblem,
    secrets,
  );
  let decision: Decision;
  try {
    decision = await act(ctx, parsed, message.body);
  } catch (error: unknown) {
    const busy = error instanceof Error && error.name === 'ClientBusyError';
    log[busy ? 'warn' : 'error'](
      busy
        ? 'Another invocation is acting on this client id; the notification will be delivered again'
        : 'Notification processing failed; it will be delivered again',
      { ...context, error: describeError(error, ctx.secrets) },
    );
    decision = { disposition: 'retry', outcome: busy ? 'busy' : 'error', alertedProblem: ctx.alertedProblem };
  }

  try {
    if (decision.disposition === 'consume' && decision.reopenable !== true) {
      await deps.ledger.complete(notificationId, decision.outcome, now);
    } else {
      await deps.ledger.release(notificationId, holder, decision.alertedProblem, now);
    }
  } catch (error: unknown) {
    // A lost completion only means a redelivery repeats idempotent work; a lost release lets
    // the lease lapse before the next delivery takes over.
    log.warn('Could not record the notification outcome in the ledger', {
      ...context,
      outcome: decision.outcome,
      error: describeError(error, ctx.secrets),
    });
  }
  const level = decision.disposition === 'consume' ? 'info' : 'warn';
  log[level]('Notification handled', {
    ...context,
    outcome: decision.outcome,
    disposition: decision.disposition,
  });
  return result(decision);
}
