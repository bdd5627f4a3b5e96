import type { AlertContext } from './alert-message';
import { SMS_MAX_SEPTETS, shorten } from './alert-text';
import { daysLeftFor, estimated } from './alert-headline';
import { toGsm7Basic } from './gsm7';
import { formatUtc } from './iso-date';

/** The SMS of a monitor alert: at most 140 GSM-7 septets, the app name cut to fit. */

function smsBody(ctx: AlertContext, app: string): string {
  const { kind, expiry } = ctx;
  const about = estimated(ctx) ? 'about ' : '';
  const when =
    expiry.status === 'dated' ? `${estimated(ctx) ? 'est. ' : ''}${formatUtc(expiry.expiresAt)}` : '';
  switch (kind.type) {
    case 'threshold':
      return `LWA secret of ${app} expires in ${about}${daysLeftFor(ctx)}d (${when}). Rotate it in Developer Console now. Details by email.`;
    case 'expired':
      return `LWA secret of ${app} EXPIRED ${when}: SP-API access is lost. Rotate it in Developer Console now.`;
    case 'resolved':
      return `LWA secret of ${app} rotated. New expiry ${when}. No action needed.`;
    case 'undetermined':
      return `LWA secret of ${app}: expiry date unknown. Fix its tags; details by email.`;
  }
}

export function buildSms(ctx: AlertContext): string {
  const app = toGsm7Basic(ctx.appName.trim()) || '?';
  const skeleton = smsBody(ctx, '');
  const room = SMS_MAX_SEPTETS - skeleton.length;
  // `~` is in the GSM-7 extension table: it costs two septets, not one.
  return smsBody(ctx, shorten(app, room, 2));
}
