import { createHash } from 'node:crypto';
import type { StoredCredentials } from '../domain/credential-json';
import { parseCredentials, withClientSecret } from '../domain/credential-json';
import type { DirectorySecret } from '../ports/secret-directory';
import { CLIENT_ID_TAG } from '../../contract/tags';
import type { CurrentSecretValue } from '../ports/app-secret-versions';
import { renderNewSecretHeld } from './alerts/new-secret-held';
import { renderOlderSecretIgnored } from './alerts/older-secret-ignored';
import { renderVerificationUnavailable } from './alerts/verification-unavailable';
import { renderSecretUnusable } from './alerts/secret-unusable';
import { renderClientNotMatched } from './alerts/client-not-matched';
import { renderVerificationFailed } from './alerts/verification-failed';
import { renderNewSecretInPlace } from './alerts/new-secret-in-place';
import type { Decision, NotificationContext } from './notification-context';
import { describeError, expiryTagOf, rotatedAtTagOf } from './notification-context';
import type { NewSecretNotification } from './notification-envelope';
import { printable } from './notification-envelope';
import type { ClientRecord } from '../domain/client-record';
import { heldExpiryTag, orderNewSecret } from './notification-order';

/**
 * `APPLICATION_OAUTH_CLIENT_NEW_SECRET`: Amazon delivers the client secret of a rotation. It acts
 * only when it is newer than everything known about the client id; then, with storing on, it is
 * staged as AWSPENDING, verified with LWA and made AWSCURRENT, and with storing off it is held
 * back (encrypted, recoverable) while the secret's date moves to when the stored one stops.
 */

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

/** The record once this notification's secret is current. */
function withPromotion(record: ClientRecord, parsed: NewSecretNotification, now: Date): ClientRecord {
  return {
    ...record,
    promoted: {
      expiresAt: parsed.newExpiresAt,
      at: parsed.metadata.noticeTime ?? now,
      notificationId: parsed.metadata.notificationId,
    },
  };
}

async function saveRecord(ctx: NotificationContext, clientId: string, record: ClientRecord): Promise<void> {
  if (!(await ctx.deps.clientRecords.write(clientId, record, ctx.now))) {
    throw new Error('The client record changed while this notification was handled; it is tried again');
  }
}

export async function handleNewSecret(
  ctx: NotificationContext,
  parsed: NewSecretNotification,
  body: string,
): Promise<Decision> {
  const lookup = await ctx.deps.directory.findByClientId(parsed.clientId);
  if (lookup.kind !== 'one') {
    ctx.logUnmatched(lookup);
    const problem = lookup.kind === 'none' ? 'unknown-client' : 'ambiguous-client';
    const alertedProblem = await ctx.alertOnce(problem, () =>
      renderClientNotMatched({
        ...ctx.facts(parsed, parsed.clientId),
        match: lookup.kind,
        secretNames: lookup.kind === 'ambiguous' ? lookup.secrets.map((s) => s.name) : [],
        appTagKey: ctx.settings.appTagKey,
        deadline: parsed.oldExpiresAt,
        keptInDeadLetterQueue: true,
      }),
    );
    // Never drop a new secret: it waits in the queue, then the dead-letter queue, for a redrive.
    return { disposition: 'retry', outcome: problem, alertedProblem };
  }
  const secret = lookup.secret;
  return ctx.underClientLock(parsed.clientId, async () => {
    const record = await ctx.deps.clientRecords.read(parsed.clientId);
    const currentTag = expiryTagOf(secret);
    const order = orderNewSecret(
      {
        notificationId: parsed.metadata.notificationId,
        newExpiresAt: parsed.newExpiresAt,
        issuedAt: parsed.metadata.noticeTime,
      },
      record,
      { expiresAt: currentTag, rotatedAt: rotatedAtTagOf(secret), currentVersionId: secret.currentVersionId },
    );
    if (order.kind === 'not-newer') {
      ctx.log.warn('New client secret not newer than the one known: ignored, nothing stored', {
        ...ctx.context,
        secret: secret.name,
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
    if (!ctx.settings.storeNewSecrets) return holdNewSecret(ctx, parsed, body, secret, record, currentTag);
    return storeNewSecret(ctx, parsed, secret, record);
  });
}

/** Storing is off: keep the notification where it can be released later, and date the secret truly. */
async function holdNewSecret(
  ctx: NotificationContext,
  parsed: NewSecretNotification,
  body: string,
  secret: DirectorySecret,
  record: ClientRecord,
  currentTag: Date | undefined,
): Promise<Decision> {
  const context = { ...ctx.context, secret: secret.name };
  const held = ctx.deps.held;
  if (held === undefined) {
    ctx.log.error(
      'Storing new secrets is off and no held-secrets queue is configured: the notification stays in the queue',
      context,
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
  // The secret is safe first; everything after it may be repeated by a redelivery.
  await held.hold({
    body,
    notificationId: parsed.metadata.notificationId,
    clientId: parsed.clientId,
    heldAt: ctx.now,
  });
  const datedTo = heldExpiryTag(currentTag, parsed.oldExpiresAt);
  if (datedTo !== undefined) await ctx.deps.versions.tagExpiry(secret.arn, datedTo);
  if (record.held?.notificationId !== parsed.metadata.notificationId) {
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
  ctx.log.warn('Storing new secrets is off: the new client secret is held, not stored', {
    ...context,
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

/** Storing is on: stage, verify with LWA, record, promote, date, tell. */
async function storeNewSecret(
  ctx: NotificationContext,
  parsed: NewSecretNotification,
  secret: DirectorySecret,
  record: ClientRecord,
): Promise<Decision> {
  const { deps } = ctx;
  const context = { ...ctx.context, secret: secret.name };
  const current = await deps.versions.current(secret.arn);
  const stored = storedCredentials(ctx, current, parsed);
  if (!stored.ok) {
    ctx.log.error('The app secret cannot take the new client secret', { ...context, problem: stored.reason });
    const alertedProblem = await ctx.alertOnce('secret-unusable', () =>
      renderSecretUnusable({
        ...ctx.appFacts(parsed, secret),
        problem: stored.reason,
        oldExpiresAt: parsed.oldExpiresAt,
      }),
    );
    return { disposition: 'retry', outcome: 'secret-unusable', alertedProblem };
  }
  ctx.secrets.push(stored.credentials.clientSecret, stored.credentials.refreshToken);

  if (stored.credentials.clientSecret === parsed.newClientSecret) {
    // A redelivery after the promotion, or someone stored it by hand: only the date is left to do.
    await saveRecord(ctx, parsed.clientId, withPromotion(record, parsed, ctx.now));
    await deps.versions.tagExpiry(secret.arn, parsed.newExpiresAt);
    ctx.log.info('The new client secret is already the current version', context);
    await ctx.publish(
      renderNewSecretInPlace({
        ...ctx.appFacts(parsed, secret),
        newExpiresAt: parsed.newExpiresAt,
        oldExpiresAt: parsed.oldExpiresAt,
        alreadyCurrent: true,
      }),
      'new-secret',
    );
    return { disposition: 'consume', outcome: 'already-current' };
  }

  const replaced = withClientSecret(current.secretString ?? '', ctx.settings.fields, parsed.newClientSecret);
  if (!replaced.ok) throw new Error(`The secret could not be rebuilt: ${replaced.reason}`);
  const token = clientRequestTokenFor(parsed.metadata.notificationId, current.versionId);
  const pendingVersionId = await deps.versions.putPending(secret.arn, token, replaced.secretString);
  ctx.log.info('New client secret stored as AWSPENDING; verifying it with LWA', {
    ...context,
    pendingVersionId,
    currentVersionId: current.versionId,
  });

  const grant = stored.credentials.refreshToken ? 'refresh_token' : 'client_credentials';
  const verdict = await deps.lwa.exchange({
    clientId: parsed.clientId,
    clientSecret: parsed.newClientSecret,
    refreshToken: stored.credentials.refreshToken,
  });
  switch (verdict.kind) {
    case 'accepted':
    case 'refused': {
      if (verdict.kind === 'refused') {
        // The client authenticated: the new secret is right. What LWA refused is the grant or scope.
        ctx.log.warn('LWA authenticated the new client secret but refused the grant or scope', {
          ...context,
          lwaStatus: verdict.status,
          lwaError: printable(verdict.error, 64),
          lwaDescription: verdict.description && printable(verdict.description, 200),
          grant,
        });
      }
      // The record before the promotion: a late, older rotation is refused from now on, and a
      // redelivery of this one after a crash resumes instead of comparing with itself.
      await saveRecord(ctx, parsed.clientId, withPromotion(record, parsed, ctx.now));
      // Moving AWSCURRENT names the version it leaves: if anything else moved it since the read,
      // the call fails and the redelivery decides again from the secret as it is then.
      await deps.versions.promote(secret.arn, pendingVersionId, current.versionId);
      try {
        await deps.versions.clearPending(secret.arn, pendingVersionId);
      } catch (error: unknown) {
        // Cosmetic: the version is current either way, and the next PutSecretValue moves the label.
        ctx.log.warn('Could not remove AWSPENDING from the promoted version', {
          ...context,
          error: describeError(error, ctx.secrets),
        });
      }
      await deps.versions.tagExpiry(secret.arn, parsed.newExpiresAt);
      ctx.log.info('New client secret verified and made AWSCURRENT', {
        ...context,
        versionId: pendingVersionId,
        previousVersionId: current.versionId,
        grant,
      });
      await ctx.publish(
        renderNewSecretInPlace({
          ...ctx.appFacts(parsed, secret),
          newExpiresAt: parsed.newExpiresAt,
          oldExpiresAt: parsed.oldExpiresAt,
          alreadyCurrent: false,
        }),
        'new-secret',
      );
      return { disposition: 'consume', outcome: 'promoted' };
    }
    case 'rejected': {
      ctx.log.error('LWA rejected the new client secret: the old version stays AWSCURRENT', {
        ...context,
        lwaStatus: verdict.status,
        lwaError: verdict.error,
        lwaDescription: verdict.description && printable(verdict.description, 200),
        grant,
        pendingVersionId,
      });
      await ctx.publish(
        renderVerificationFailed({
          ...ctx.appFacts(parsed, secret),
          newExpiresAt: parsed.newExpiresAt,
          oldExpiresAt: parsed.oldExpiresAt,
          lwaStatus: verdict.status,
          lwaError: printable(verdict.error, 64),
          lwaDescription: verdict.description && printable(verdict.description, 200),
          pendingVersionId,
          currentVersionId: current.versionId,
          grant,
        }),
        'verification-failed',
      );
      return { disposition: 'consume', outcome: 'verification-failed' };
    }
    case 'inconclusive':
    case 'unavailable': {
      // An answer that says nothing certain is handled as an outage: retried, alerted at the end.
      const answer =
        verdict.kind === 'inconclusive'
          ? printable(
              `LWA answered HTTP ${verdict.status} ${verdict.error}${verdict.description ? ` (${verdict.description})` : ''}`,
              200,
            )
          : printable(verdict.reason, 120);
      const final = ctx.attempt >= ctx.settings.maxReceiveCount;
      const what = verdict.kind === 'unavailable' ? 'LWA unavailable' : 'LWA answer inconclusive';
      ctx.log.warn(
        final
          ? `${what} on the last attempt: the notification moves to the dead-letter queue`
          : `${what}: the new client secret stays pending and the notification will be delivered again`,
        { ...context, lwaStatus: verdict.status, reason: answer, attempt: ctx.attempt },
      );
      let alertedProblem = ctx.alertedProblem;
      if (final) {
        alertedProblem = await ctx.alertOnce('lwa-unavailable', () =>
          renderVerificationUnavailable({
            ...ctx.appFacts(parsed, secret),
            reason: answer,
            oldExpiresAt: parsed.oldExpiresAt,
            attempts: ctx.attempt,
          }),
        );
      }
      return { disposition: 'retry', outcome: 'lwa-unavailable', alertedProblem };
    }
  }
}
