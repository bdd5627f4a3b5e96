import { renderOlderSecretIgnored } from '../../alerts/older-secret-ignored';
import type { Decision, NotificationContext } from '../../notification-context';
import { expiryTagOf, rotatedAtTagOf } from '../../notification-context';
import type { NewSecretNotification } from '../../notification-envelope';
import type { NewSecretOrder } from '../../notification-order';
import { orderNewSecret } from '../../notification-order';
import { alertUnmatched } from '../unmatched-client';
import type { NewSecretArrival } from './arrival';
import { logContext } from './arrival';
import { holdNewSecret } from './hold';
import { storeNewSecret } from './store';

/**
 * `APPLICATION_OAUTH_CLIENT_NEW_SECRET`: Amazon delivers the client secret of a rotation. It acts
 * only when it is newer than everything known about the client id; then, with storing on, it is
 * staged as AWSPENDING, verified with LWA and made AWSCURRENT, and with storing off it is held
 * back (encrypted, recoverable) while the secret's date moves to when the stored one stops.
 */
export async function handleNewSecret(
  ctx: NotificationContext,
  parsed: NewSecretNotification,
  body: string,
): Promise<Decision> {
  const lookup = await ctx.deps.directory.findByClientId(parsed.clientId);
  if (lookup.kind !== 'one') {
    const { problem, alertedProblem } = await alertUnmatched(ctx, parsed, lookup, {
      deadline: parsed.oldExpiresAt,
      keptInDeadLetterQueue: true,
    });
    // Never drop a new secret: it waits in the queue, then the dead-letter queue, for a redrive.
    return { disposition: 'retry', outcome: problem, alertedProblem };
  }
  const secret = lookup.secret;
  return ctx.underClientLock(parsed.clientId, async () => {
    const record = await ctx.deps.clientRecords.read(parsed.clientId);
    const arrival: NewSecretArrival = { ctx, parsed, secret, record };
    const order = orderAgainstKnown(arrival);
    if (order.kind === 'not-newer') return ignoreOlder(arrival, order);
    if (!ctx.settings.storeNewSecrets) return holdNewSecret(arrival, body);
    return storeNewSecret(arrival);
  });
}

/** Whether it is later than the secret stored now and anything this stack promoted or held. */
function orderAgainstKnown({ parsed, secret, record }: NewSecretArrival): NewSecretOrder {
  return orderNewSecret(
    {
      notificationId: parsed.metadata.notificationId,
      newExpiresAt: parsed.newExpiresAt,
      issuedAt: parsed.metadata.noticeTime,
    },
    record,
    {
      expiresAt: expiryTagOf(secret),
      rotatedAt: rotatedAtTagOf(secret),
      currentVersionId: secret.currentVersionId,
    },
  );
}

/** An older secret, delivered late: never stored, since making it current would lock the app out. */
async function ignoreOlder(
  arrival: NewSecretArrival,
  order: Extract<NewSecretOrder, { kind: 'not-newer' }>,
): Promise<Decision> {
  const { ctx, parsed, secret } = arrival;
  ctx.log.warn('New client secret not newer than the one known: ignored, nothing stored', {
    ...logContext(arrival),
    newExpiresAt: parsed.newExpiresAt.toISOString(),
    against: order.against,
    knownDate: order.date.toISOString(),
  });
  const alertedProblem = await ctx.alertOnce('older-secret-ignored', () =>
    renderOlderSecretIgnored({
      ...ctx.appFacts(parsed, secret),
      newExpiresAt: parsed.newExpiresAt,
      rotatedAt: parsed.metadata.noticeTime,
      against: order.against,
      knownDate: order.date,
    }),
  );
  return { disposition: 'consume', outcome: 'older-secret-ignored', alertedProblem };
}
