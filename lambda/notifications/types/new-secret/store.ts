import { createHash } from 'node:crypto';
import type { StoredCredentials } from '../../../domain/credential-json';
import { parseCredentials, withClientSecret } from '../../../domain/credential-json';
import { EVENT_DETAIL_TYPE } from '../../../../contract/events';
import { CLIENT_ID_TAG } from '../../../../contract/tags';
import type { CurrentSecretValue } from '../../../ports/app-secret-versions';
import { renderSecretUnusable } from '../../alerts/secret-unusable';
import type { Decision, NotificationContext } from '../../notification-context';
import type { NewSecretNotification } from '../../notification-envelope';
import type { NewSecretArrival } from './arrival';
import { announcePromoted, logContext, newSecretEvent, saveRecord, withPromotion } from './arrival';
import type { StagedSecret } from './verify';
import { actOnVerdict } from './verify';

/**
 * Storing is on: read the secret's current value, stage the new client secret as AWSPENDING,
 * verify it with LWA, then (in verify.ts) record, promote, date and tell.
 */
export async function storeNewSecret(arrival: NewSecretArrival): Promise<Decision> {
  const { ctx, parsed, secret } = arrival;
  const current = await ctx.deps.versions.current(secret.arn);
  const stored = storedCredentials(ctx, current, parsed);
  if (!stored.ok) return secretUnusable(arrival, stored.reason);
  ctx.secrets.push(stored.credentials.clientSecret, stored.credentials.refreshToken);
  if (stored.credentials.clientSecret === parsed.newClientSecret) return alreadyCurrent(arrival);
  const staged = await stagePending(arrival, current, stored.credentials);
  await ctx.putEvent(
    newSecretEvent(arrival, EVENT_DETAIL_TYPE.newSecretStored, {
      pendingVersionId: staged.pendingVersionId,
      currentVersionId: staged.currentVersionId,
    }),
  );
  const verdict = await ctx.deps.lwa.exchange({
    clientId: parsed.clientId,
    clientSecret: parsed.newClientSecret,
    refreshToken: stored.credentials.refreshToken,
  });
  return actOnVerdict(arrival, staged, verdict);
}

/**
 * The ClientRequestToken of the new version: the same notification replacing the same current
 * version always yields the same token, so a redelivery re-sends an identical PutSecretValue,
 * which Secrets Manager treats as a no-op. If the current version changed in between, the new
 * version is rebuilt from it under a new token instead of colliding with the stale one.
 */
export function clientRequestTokenFor(notificationId: string, currentVersionId: string): string {
  const hex = createHash('sha256')
    .update(`lwa-notification\n${notificationId}\n${currentVersionId}`)
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The credentials the app secret holds now, if it can take the new client secret. */
function storedCredentials(
  ctx: NotificationContext,
  current: CurrentSecretValue,
  parsed: NewSecretNotification,
): { ok: true; credentials: StoredCredentials } | { ok: false; reason: string } {
  if (current.secretString === undefined) {
    return { ok: false, reason: 'the secret holds binary data, not a JSON object' };
  }
  const stored = parseCredentials(current.secretString, ctx.settings.fields);
  if (!stored.ok) return stored;
  if (stored.credentials.clientId !== parsed.clientId) {
    // The stored value is not quoted: if the field names are misconfigured it may be a secret.
    return {
      ok: false,
      reason: `its field "${ctx.settings.fields.clientId}" holds a different client id than its tag ${CLIENT_ID_TAG} and the notification (${parsed.clientId})`,
    };
  }
  return stored;
}

/** The app secret cannot take it: the message goes back to the queue, and on to the dead-letter queue. */
async function secretUnusable(arrival: NewSecretArrival, reason: string): Promise<Decision> {
  const { ctx, parsed, secret } = arrival;
  ctx.log.error('The app secret cannot take the new client secret', {
    ...logContext(arrival),
    problem: reason,
  });
  const alertedProblem = await ctx.alertOnce('secret-unusable', () =>
    renderSecretUnusable({
      ...ctx.appFacts(parsed, secret),
      problem: reason,
      oldExpiresAt: parsed.oldExpiresAt,
    }),
  );
  return { disposition: 'retry', outcome: 'secret-unusable', alertedProblem };
}

/** A redelivery after the promotion, or someone stored it by hand: only the date is left to do. */
async function alreadyCurrent(arrival: NewSecretArrival): Promise<Decision> {
  const { ctx, parsed, secret, record } = arrival;
  await saveRecord(ctx, parsed.clientId, withPromotion(record, parsed, ctx.now));
  await ctx.deps.versions.tagExpiry(secret.arn, parsed.newExpiresAt);
  ctx.log.info('The new client secret is already the current version', logContext(arrival));
  await announcePromoted(arrival, { versionId: secret.currentVersionId, alreadyCurrent: true });
  return { disposition: 'consume', outcome: 'already-current' };
}

/** Stores the current value with the new client secret in it as AWSPENDING. */
async function stagePending(
  arrival: NewSecretArrival,
  current: CurrentSecretValue,
  credentials: StoredCredentials,
): Promise<StagedSecret> {
  const { ctx, parsed, secret } = arrival;
  const replaced = withClientSecret(current.secretString ?? '', ctx.settings.fields, parsed.newClientSecret);
  if (!replaced.ok) throw new Error(`The secret could not be rebuilt: ${replaced.reason}`);
  const token = clientRequestTokenFor(parsed.metadata.notificationId, current.versionId);
  const pendingVersionId = await ctx.deps.versions.putPending(secret.arn, token, replaced.secretString);
  ctx.log.info('New client secret stored as AWSPENDING; verifying it with LWA', {
    ...logContext(arrival),
    pendingVersionId,
    currentVersionId: current.versionId,
  });
  return {
    pendingVersionId,
    currentVersionId: current.versionId,
    grant: credentials.refreshToken ? 'refresh_token' : 'client_credentials',
  };
}
