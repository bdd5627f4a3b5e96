import type { TokenOutcome } from '../../../ports/lwa-tokens';
import { renderVerificationFailed } from '../../alerts/verification-failed';
import { renderVerificationUnavailable } from '../../alerts/verification-unavailable';
import type { Decision } from '../../notification-context';
import { describeError } from '../../notification-context';
import { printable } from '../../notification-envelope';
import type { NewSecretArrival } from './arrival';
import { announcePromoted, logContext, saveRecord, withPromotion } from './arrival';

/**
 * What LWA's answer to the staged secret decides. The client authenticated (a token, or a grant
 * or scope refused): it is made current. `invalid_client`: the old version stays current. No
 * certain answer: it stays pending and the notification comes back.
 */

/** The new client secret, stored as AWSPENDING beside the version that is still current. */
export interface StagedSecret {
  readonly pendingVersionId: string;
  readonly currentVersionId: string;
  readonly grant: 'refresh_token' | 'client_credentials';
}

export function actOnVerdict(
  arrival: NewSecretArrival,
  staged: StagedSecret,
  verdict: TokenOutcome,
): Promise<Decision> {
  switch (verdict.kind) {
    case 'accepted':
    case 'refused':
      return promote(arrival, staged, verdict);
    case 'rejected':
      return keepCurrent(arrival, staged, verdict);
    case 'inconclusive':
    case 'unavailable':
      return awaitLwa(arrival, verdict);
  }
}

/** Record, promote, clear the pending label, date and tell. */
async function promote(
  arrival: NewSecretArrival,
  staged: StagedSecret,
  verdict: Extract<TokenOutcome, { kind: 'accepted' | 'refused' }>,
): Promise<Decision> {
  const { ctx, parsed, secret, record } = arrival;
  const context = logContext(arrival);
  if (verdict.kind === 'refused') {
    // The client authenticated: the new secret is right. What LWA refused is the grant or scope.
    ctx.log.warn('LWA authenticated the new client secret but refused the grant or scope', {
      ...context,
      lwaStatus: verdict.status,
      lwaError: printable(verdict.error, 64),
      lwaDescription: verdict.description && printable(verdict.description, 200),
      grant: staged.grant,
    });
  }
  // The record before the promotion: a late, older rotation is refused from now on, and a
  // redelivery of this one after a crash resumes instead of comparing with itself.
  await saveRecord(ctx, parsed.clientId, withPromotion(record, parsed, ctx.now));
  // Moving AWSCURRENT names the version it leaves: if anything else moved it since the read,
  // the call fails and the redelivery decides again from the secret as it is then.
  await ctx.deps.versions.promote(secret.arn, staged.pendingVersionId, staged.currentVersionId);
  await clearPendingLabel(arrival, staged);
  await ctx.deps.versions.tagExpiry(secret.arn, parsed.newExpiresAt);
  ctx.log.info('New client secret verified and made AWSCURRENT', {
    ...context,
    versionId: staged.pendingVersionId,
    previousVersionId: staged.currentVersionId,
    grant: staged.grant,
  });
  await announcePromoted(arrival, {
    versionId: staged.pendingVersionId,
    previousVersionId: staged.currentVersionId,
    alreadyCurrent: false,
  });
  return { disposition: 'consume', outcome: 'promoted' };
}

async function clearPendingLabel(arrival: NewSecretArrival, staged: StagedSecret): Promise<void> {
  const { ctx, secret } = arrival;
  try {
    await ctx.deps.versions.clearPending(secret.arn, staged.pendingVersionId);
  } catch (error: unknown) {
    // Cosmetic: the version is current either way, and the next PutSecretValue moves the label.
    ctx.log.warn('Could not remove AWSPENDING from the promoted version', {
      ...logContext(arrival),
      error: describeError(error, ctx.secrets),
    });
  }
}

/** LWA rejects the new secret (`invalid_client`): it stays pending, the old version current. */
async function keepCurrent(
  arrival: NewSecretArrival,
  staged: StagedSecret,
  verdict: Extract<TokenOutcome, { kind: 'rejected' }>,
): Promise<Decision> {
  const { ctx, parsed, secret } = arrival;
  ctx.log.error('LWA rejected the new client secret: the old version stays AWSCURRENT', {
    ...logContext(arrival),
    lwaStatus: verdict.status,
    lwaError: verdict.error,
    lwaDescription: verdict.description && printable(verdict.description, 200),
    grant: staged.grant,
    pendingVersionId: staged.pendingVersionId,
  });
  await ctx.publish(
    renderVerificationFailed({
      ...ctx.appFacts(parsed, secret),
      newExpiresAt: parsed.newExpiresAt,
      oldExpiresAt: parsed.oldExpiresAt,
      lwaStatus: verdict.status,
      lwaError: printable(verdict.error, 64),
      lwaDescription: verdict.description && printable(verdict.description, 200),
      pendingVersionId: staged.pendingVersionId,
      currentVersionId: staged.currentVersionId,
      grant: staged.grant,
    }),
    'verification-failed',
  );
  return { disposition: 'consume', outcome: 'verification-failed' };
}

/** An answer that says nothing certain is handled as an outage: retried, alerted at the end. */
async function awaitLwa(
  arrival: NewSecretArrival,
  verdict: Extract<TokenOutcome, { kind: 'inconclusive' | 'unavailable' }>,
): Promise<Decision> {
  const { ctx, parsed, secret } = arrival;
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
    { ...logContext(arrival), lwaStatus: verdict.status, reason: answer, attempt: ctx.attempt },
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
