import type { HeldSecrets } from '../../../ports/held-secrets';
import { renderNewSecretHeld } from '../../alerts/new-secret-held';
import type { Decision } from '../../notification-context';
import { expiryTagOf } from '../../notification-context';
import { heldExpiryTag } from '../../notification-order';
import type { NewSecretArrival } from './arrival';
import { logContext, saveRecord } from './arrival';

/**
 * Storing is off: keep the notification where it can be released later, and date the secret
 * truly (only ever earlier: to when the secret stored now stops working).
 */
export async function holdNewSecret(arrival: NewSecretArrival, body: string): Promise<Decision> {
  const held = arrival.ctx.deps.held;
  if (held === undefined) return leaveInQueue(arrival);
  // The secret is safe first; everything after it may be repeated by a redelivery.
  await keepHeld(arrival, held, body);
  const datedTo = await dateToOldExpiry(arrival);
  await recordHold(arrival);
  return alertHeld(arrival, datedTo);
}

/** No held-secrets queue: the message stays in the queue, then its dead-letter queue. */
async function leaveInQueue(arrival: NewSecretArrival): Promise<Decision> {
  const { ctx, parsed, secret } = arrival;
  ctx.log.error(
    'Storing new secrets is off and no held-secrets queue is configured: the notification stays in the queue',
    logContext(arrival),
  );
  const alertedProblem = await ctx.alertOnce('new-secret-held', () =>
    renderNewSecretHeld({
      ...ctx.appFacts(parsed, secret),
      newExpiresAt: parsed.newExpiresAt,
      oldExpiresAt: parsed.oldExpiresAt,
      where: 'dead-letter-queue',
      datedTo: undefined,
    }),
  );
  return { disposition: 'retry', outcome: 'held', alertedProblem };
}

async function keepHeld({ ctx, parsed }: NewSecretArrival, held: HeldSecrets, body: string): Promise<void> {
  await held.hold({
    body,
    notificationId: parsed.metadata.notificationId,
    clientId: parsed.clientId,
    heldAt: ctx.now,
  });
}

/** Moves the expiry tag to when the secret stored now stops, unless it already says so or earlier. */
async function dateToOldExpiry({ ctx, parsed, secret }: NewSecretArrival): Promise<Date | undefined> {
  const datedTo = heldExpiryTag(expiryTagOf(secret), parsed.oldExpiresAt);
  if (datedTo !== undefined) await ctx.deps.versions.tagExpiry(secret.arn, datedTo);
  return datedTo;
}

/** Records the hold once, so later notifications are compared with it. */
async function recordHold({ ctx, parsed, secret, record }: NewSecretArrival): Promise<void> {
  if (record.held?.notificationId === parsed.metadata.notificationId) return;
  await saveRecord(ctx, parsed.clientId, {
    ...record,
    held: {
      expiresAt: parsed.newExpiresAt,
      oldExpiresAt: parsed.oldExpiresAt,
      at: parsed.metadata.noticeTime ?? ctx.now,
      notificationId: parsed.metadata.notificationId,
      versionId: secret.currentVersionId,
    },
  });
}

async function alertHeld(arrival: NewSecretArrival, datedTo: Date | undefined): Promise<Decision> {
  const { ctx, parsed, secret } = arrival;
  ctx.log.warn('Storing new secrets is off: the new client secret is held, not stored', {
    ...logContext(arrival),
    oldExpiresAt: parsed.oldExpiresAt.toISOString(),
    datedTo: datedTo?.toISOString(),
  });
  const alertedProblem = await ctx.alertOnce('new-secret-held', () =>
    renderNewSecretHeld({
      ...ctx.appFacts(parsed, secret),
      newExpiresAt: parsed.newExpiresAt,
      oldExpiresAt: parsed.oldExpiresAt,
      where: 'held-queue',
      datedTo,
    }),
  );
  return { disposition: 'consume', outcome: 'held', alertedProblem, reopenable: true };
}
