import type { EventDetailType } from '../../../../contract/events';
import { EVENT_DETAIL_TYPE } from '../../../../contract/events';
import { AUTOMATION_SEVERITY } from '../../../../contract/severities';
import { daysLeft } from '../../../domain/alert-policy';
import type { ClientRecord } from '../../../domain/client-record';
import type { ExtraDetail, ProductEvent } from '../../../domain/product-events';
import { credentialEvent, ownerFromTags } from '../../../domain/product-events';
import type { DirectorySecret } from '../../../ports/secret-directory';
import { renderNewSecretInPlace } from '../../alerts/new-secret-in-place';
import type { NotificationContext } from '../../notification-context';
import type { NewSecretNotification } from '../../notification-envelope';

/**
 * A new client secret that is newer than everything known about its client id, matched to its
 * app's secret, under the client lock: what the hold and store steps act on.
 */
export interface NewSecretArrival {
  readonly ctx: NotificationContext;
  readonly parsed: NewSecretNotification;
  readonly secret: DirectorySecret;
  /** The client's record as read under the lock. */
  readonly record: ClientRecord;
}

/** The log fields of every step: the notification's, and the app secret's name. */
export function logContext({ ctx, secret }: NewSecretArrival): Record<string, unknown> {
  return { ...ctx.context, secret: secret.name };
}

/**
 * An event about the new client secret (stored, or promoted): the app's secret, the client id,
 * and the new secret's expiry; never the secret itself.
 */
export function newSecretEvent(
  { ctx, parsed, secret }: NewSecretArrival,
  detailType: EventDetailType,
  extra: ExtraDetail,
): ProductEvent {
  return credentialEvent(
    detailType,
    {
      app: secret.appName,
      owner: ownerFromTags(secret.tags),
      secretArn: secret.arn,
      secretName: secret.name,
      clientId: parsed.clientId,
      expiresAt: parsed.newExpiresAt,
      daysLeft: daysLeft(parsed.newExpiresAt, ctx.now),
      severity: AUTOMATION_SEVERITY.newSecret,
      time: ctx.now,
    },
    {
      notificationId: parsed.metadata.notificationId,
      oldSecretExpiresAt: parsed.oldExpiresAt.toISOString(),
      ...extra,
    },
  );
}

/** The record once this notification's secret is current. */
export function withPromotion(record: ClientRecord, parsed: NewSecretNotification, now: Date): ClientRecord {
  return {
    ...record,
    promoted: {
      expiresAt: parsed.newExpiresAt,
      at: parsed.metadata.noticeTime ?? now,
      notificationId: parsed.metadata.notificationId,
    },
  };
}

export async function saveRecord(
  ctx: NotificationContext,
  clientId: string,
  record: ClientRecord,
): Promise<void> {
  if (!(await ctx.deps.clientRecords.write(clientId, record, ctx.now))) {
    throw new Error('The client record changed while this notification was handled; it is tried again');
  }
}

/**
 * The new client secret is AWSCURRENT (promoted now, or found so on a redelivery): the "in place"
 * alert, then the New Secret Promoted event. A redelivery after a promotion whose event was never
 * put ends here too, so the event goes again.
 */
export async function announcePromoted(
  arrival: NewSecretArrival,
  promoted: {
    readonly versionId?: string;
    readonly previousVersionId?: string;
    readonly alreadyCurrent: boolean;
  },
): Promise<void> {
  const { ctx, parsed, secret } = arrival;
  await ctx.publish(
    renderNewSecretInPlace({
      ...ctx.appFacts(parsed, secret),
      newExpiresAt: parsed.newExpiresAt,
      oldExpiresAt: parsed.oldExpiresAt,
      alreadyCurrent: promoted.alreadyCurrent,
    }),
    'new-secret',
  );
  await ctx.putEvent(newSecretEvent(arrival, EVENT_DETAIL_TYPE.newSecretPromoted, promoted));
}
