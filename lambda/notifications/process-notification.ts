import type {
  Decision,
  NotificationDeps,
  NotificationOutcome,
  NotificationSettings,
} from './notification-context';
import { NotificationContext, describeError } from './notification-context';
import type { MalformedNotification, ParsedNotification } from './notification-envelope';
import { parseNotification } from './notification-envelope';
import type { ReadNotification } from './types';
import { actOn } from './types';

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

/** A message whose notification was read: what every later step logs, redacts and reports. */
interface Intake {
  readonly message: QueuedMessage;
  readonly parsed: ReadNotification;
  readonly type: TypeDimension;
  readonly notificationId: string;
  readonly clientId?: string;
  /** The log fields of every line about it. */
  readonly context: Record<string, unknown>;
  /** Secret values it holds, cut out of any error text. */
  readonly secrets: readonly string[];
}

export async function processMessage(
  message: QueuedMessage,
  deps: NotificationDeps,
  settings: NotificationSettings,
  now: Date,
  holder: string,
): Promise<MessageResult> {
  const parsed = parseNotification(message.body, message.messageId);
  const type = typeDimension(parsed);
  if (parsed.kind === 'malformed') return rejectMalformed(deps, message, parsed, type);
  const intake = intakeOf(message, parsed, type);
  if (!parsed.metadata.fromEnvelope) {
    deps.log.warn(
      'Notification without notificationMetadata.notificationId: the SQS message id stands in',
      intake.context,
    );
  }
  const claimed = await claimFor(deps, settings, intake, now, holder);
  if (claimed.kind !== 'claimed') return resultOf(intake, claimed.decision);
  // SQS's own count decides when a message moves to the dead-letter queue.
  const ctx = new NotificationContext(
    deps,
    settings,
    now,
    message.receiveCount,
    holder,
    intake.context,
    claimed.alertedProblem,
    intake.secrets,
  );
  const decision = await act(ctx, intake);
  await recordOutcome(ctx, intake, decision);
  const level = decision.disposition === 'consume' ? 'info' : 'warn';
  deps.log[level]('Notification handled', {
    ...intake.context,
    outcome: decision.outcome,
    disposition: decision.disposition,
  });
  return resultOf(intake, decision);
}

function rejectMalformed(
  deps: NotificationDeps,
  message: QueuedMessage,
  parsed: MalformedNotification,
  type: TypeDimension,
): MessageResult {
  // The body itself is never logged: a NEW_SECRET body holds a client secret.
  deps.log.error('Malformed notification: left for redelivery and the dead-letter queue', {
    messageId: message.messageId,
    notificationId: parsed.notificationId,
    notificationType: parsed.type,
    reason: parsed.reason,
    receiveCount: message.receiveCount,
  });
  return { messageId: message.messageId, disposition: 'retry', outcome: 'malformed', type };
}

function intakeOf(message: QueuedMessage, parsed: ReadNotification, type: TypeDimension): Intake {
  const notificationId = parsed.metadata.notificationId;
  const clientId = parsed.kind === 'unknown-type' ? undefined : parsed.clientId;
  return {
    message,
    parsed,
    type,
    notificationId,
    clientId,
    context: { messageId: message.messageId, notificationId, notificationType: parsed.type, clientId },
    secrets: [
      ...secretsInBody(message.body),
      ...(parsed.kind === 'new-secret' ? [parsed.newClientSecret] : []),
    ],
  };
}

function resultOf(intake: Intake, decision: Pick<Decision, 'disposition' | 'outcome'>): MessageResult {
  return {
    messageId: intake.message.messageId,
    disposition: decision.disposition,
    outcome: decision.outcome,
    type: intake.type,
    notificationId: intake.notificationId,
    clientId: intake.clientId,
  };
}

/** The claim on the notification, or what to answer when this invocation may not act on it. */
async function claimFor(
  deps: NotificationDeps,
  settings: NotificationSettings,
  intake: Intake,
  now: Date,
  holder: string,
): Promise<
  | { readonly kind: 'claimed'; readonly alertedProblem?: string }
  | { readonly kind: 'not-claimed'; readonly decision: Pick<Decision, 'disposition' | 'outcome'> }
> {
  const { log } = deps;
  const { context } = intake;
  let claim;
  try {
    claim = await deps.ledger.claim(intake.notificationId, holder, now, settings.leaseMs);
  } catch (error: unknown) {
    log.error('Could not claim the notification; it will be delivered again', {
      ...context,
      error: describeError(error, intake.secrets),
    });
    return { kind: 'not-claimed', decision: { disposition: 'retry', outcome: 'error' } };
  }
  if (claim.kind === 'done') {
    log.info('Notification already processed: this redelivery changes nothing', {
      ...context,
      previousOutcome: claim.outcome,
    });
    return { kind: 'not-claimed', decision: { disposition: 'consume', outcome: 'duplicate' } };
  }
  if (claim.kind === 'busy') {
    log.warn('Notification is being processed by another invocation; it will be delivered again', context);
    return { kind: 'not-claimed', decision: { disposition: 'retry', outcome: 'busy' } };
  }
  return { kind: 'claimed', alertedProblem: claim.alertedProblem };
}

/** Acts on the notification by its type; a failure becomes a retry. */
async function act(ctx: NotificationContext, intake: Intake): Promise<Decision> {
  try {
    return await actOn(ctx, intake.parsed, intake.message.body);
  } catch (error: unknown) {
    const busy = error instanceof Error && error.name === 'ClientBusyError';
    ctx.log[busy ? 'warn' : 'error'](
      busy
        ? 'Another invocation is acting on this client id; the notification will be delivered again'
        : 'Notification processing failed; it will be delivered again',
      { ...intake.context, error: describeError(error, ctx.secrets) },
    );
    return { disposition: 'retry', outcome: busy ? 'busy' : 'error', alertedProblem: ctx.alertedProblem };
  }
}

/** Done for good, or released for the next delivery (with the problem already alerted). */
async function recordOutcome(ctx: NotificationContext, intake: Intake, decision: Decision): Promise<void> {
  const { deps, now, holder } = ctx;
  try {
    if (decision.disposition === 'consume' && decision.reopenable !== true) {
      await deps.ledger.complete(intake.notificationId, decision.outcome, now);
    } else {
      await deps.ledger.release(intake.notificationId, holder, decision.alertedProblem, now);
    }
  } catch (error: unknown) {
    // A lost completion only means a redelivery repeats idempotent work; a lost release lets
    // the lease lapse before the next delivery takes over.
    deps.log.warn('Could not record the notification outcome in the ledger', {
      ...intake.context,
      outcome: decision.outcome,
      error: describeError(error, ctx.secrets),
    });
  }
}
