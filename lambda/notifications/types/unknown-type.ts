import { renderUnknownType } from '../alerts/unknown-type';
import type { Decision, NotificationContext } from '../notification-context';
import type { UnknownTypeNotification } from '../notification-envelope';

/**
 * A notification of a type this handler does not process (another subscription pointed at the
 * queue). Each is counted and consumed; the alert about a type goes out at most once a UTC day,
 * so that a busy subscription cannot flood the alert topic.
 */

/** The claim that stands for "this type was alerted on this UTC day". */
export function unknownTypeAlertId(type: string, now: Date): string {
  return `unknown-type#${type}#${now.toISOString().slice(0, 10)}`;
}

export async function handleUnknownType(
  ctx: NotificationContext,
  parsed: UnknownTypeNotification,
): Promise<Decision> {
  ctx.log.warn('Notification of an unknown type: counted and removed from the queue', ctx.context);
  const alertId = unknownTypeAlertId(parsed.type, ctx.now);
  const claim = await ctx.deps.ledger.claim(alertId, ctx.holder, ctx.now, ctx.settings.leaseMs);
  if (claim.kind !== 'claimed') {
    ctx.log.info('This type was already alerted today; not repeated', { ...ctx.context, alertId });
    return { disposition: 'consume', outcome: 'unknown-type' };
  }
  try {
    await ctx.publish(
      renderUnknownType({
        notificationId: parsed.metadata.notificationId,
        notificationType: parsed.type,
        region: ctx.settings.region,
        now: ctx.now,
      }),
      'unknown-type',
    );
  } catch (error: unknown) {
    // Not alerted: let the next notification of this type (or this one, delivered again) try.
    await ctx.deps.ledger.release(alertId, ctx.holder, undefined, ctx.now);
    throw error;
  }
  await ctx.deps.ledger.complete(alertId, 'alerted', ctx.now);
  return { disposition: 'consume', outcome: 'unknown-type' };
}
