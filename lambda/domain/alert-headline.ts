import type { AlertContext } from './alert-message';
import { daysLeft } from './alert-policy';
import { isEstimatedSource } from './expiry';

/** What the subject, the SMS and the email of a monitor alert all say: the headline, the days left. */

/** True when the date counts from the AWSCURRENT version's creation: every message says so. */
export function estimated(ctx: AlertContext): boolean {
  return ctx.expiry.status === 'dated' && isEstimatedSource(ctx.expiry.source);
}

export function headline(ctx: AlertContext): string {
  const { kind } = ctx;
  switch (kind.type) {
    case 'threshold':
      return `expires in ${estimated(ctx) ? 'about ' : ''}${daysLeftFor(ctx)} day${daysLeftFor(ctx) === 1 ? '' : 's'}`;
    case 'expired':
      return kind.reminder === 0 ? 'has EXPIRED' : `is still EXPIRED (reminder ${kind.reminder})`;
    case 'resolved':
      return 'rotated: new cycle started';
    case 'undetermined':
      return 'expiry cannot be determined';
  }
}

export function daysLeftFor(ctx: AlertContext): number {
  return ctx.expiry.status === 'dated' ? daysLeft(ctx.expiry.expiresAt, ctx.now) : 0;
}
