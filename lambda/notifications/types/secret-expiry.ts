import type { ClientRecord } from '../../domain/client-record';
import { resolveWindowDays } from '../../domain/expiry';
import type { DirectorySecret } from '../../ports/secret-directory';
import { renderExpiryNoticeIgnored } from '../alerts/expiry-notice-ignored';
import type { Decision, NotificationContext } from '../notification-context';
import { expiryTagOf } from '../notification-context';
import type { SecretExpiryNotification } from '../notification-envelope';
import type { ExpiryNoticeFacts, ExpiryNoticeVerdict } from '../notification-order';
import { judgeExpiryNotice } from '../notification-order';
import { alertUnmatched } from './unmatched-client';

/**
 * `APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY`: Amazon announces when the app's current client
 * secret expires. Applying it needs the secret's tags only (`lwa:expires-at`), never its value,
 * and it is applied only when no newer knowledge about the client id contradicts it.
 */
export async function handleSecretExpiry(
  ctx: NotificationContext,
  parsed: SecretExpiryNotification,
): Promise<Decision> {
  const lookup = await ctx.deps.directory.findByClientId(parsed.clientId);
  if (lookup.kind !== 'one') {
    const { problem, alertedProblem } = await alertUnmatched(ctx, parsed, lookup, {
      deadline: parsed.expiresAt,
      keptInDeadLetterQueue: false,
    });
    // Nothing is lost by consuming it: the monitor keeps dating the secret its own way.
    return { disposition: 'consume', outcome: problem, alertedProblem };
  }
  const secret = lookup.secret;
  return ctx.underClientLock(parsed.clientId, async () => {
    const record = await ctx.deps.clientRecords.read(parsed.clientId);
    const notice: ExpiryNoticeFacts = {
      notificationId: parsed.metadata.notificationId,
      expiresAt: parsed.expiresAt,
      at: parsed.metadata.noticeTime,
    };
    const verdict = judgeExpiryNotice(notice, record, {
      now: ctx.now,
      windowDays: resolveWindowDays(secret.tags, ctx.settings.windowDays).windowDays,
      currentVersionId: secret.currentVersionId,
    });
    const expiry: ExpiryNotice = { ctx, parsed, secret, record, notice };
    if (verdict.kind === 'ignore') return ignoreNotice(expiry, verdict);
    return applyNotice(expiry);
  });
}

/** An expiry notice matched to its app's secret, under the client lock. */
interface ExpiryNotice {
  readonly ctx: NotificationContext;
  readonly parsed: SecretExpiryNotification;
  readonly secret: DirectorySecret;
  readonly record: ClientRecord;
  readonly notice: ExpiryNoticeFacts;
}

function logFields({ ctx, parsed, secret }: ExpiryNotice): Record<string, unknown> {
  return {
    ...ctx.context,
    secret: secret.name,
    expiresAt: parsed.expiresAt.toISOString(),
    noticeTime: parsed.metadata.noticeTime?.toISOString(),
  };
}

/** Stale, about another secret, or an odd date: the secret keeps its date. */
async function ignoreNotice(
  expiry: ExpiryNotice,
  verdict: Extract<ExpiryNoticeVerdict, { kind: 'ignore' }>,
): Promise<Decision> {
  const { ctx, parsed, secret } = expiry;
  ctx.log.warn('Expiry notice not applied: the secret keeps its date', {
    ...logFields(expiry),
    why: verdict.why,
    detail: verdict.detail,
  });
  const alertedProblem = await ctx.alertOnce('expiry-ignored', () =>
    renderExpiryNoticeIgnored({
      ...ctx.appFacts(parsed, secret),
      expiresAt: parsed.expiresAt,
      noticeTime: parsed.metadata.noticeTime,
      detail: verdict.detail,
      currentExpiryTag: expiryTagOf(secret),
    }),
  );
  return { disposition: 'consume', outcome: 'expiry-ignored', alertedProblem };
}

/** The record first: should the tag write fail, the redelivery finds its own notice applied. */
async function applyNotice(expiry: ExpiryNotice): Promise<Decision> {
  const { ctx, parsed, secret, record, notice } = expiry;
  const applied = notice.at ?? record.expiryNotice?.at;
  const saved = await ctx.deps.clientRecords.write(
    parsed.clientId,
    {
      ...record,
      expiryNotice: { expiresAt: notice.expiresAt, at: applied, notificationId: notice.notificationId },
    },
    ctx.now,
  );
  if (!saved) throw new Error('The client record changed while this notice was applied; it is tried again');
  await ctx.deps.versions.tagExpiry(secret.arn, parsed.expiresAt);
  ctx.log.info("Secret dated with Amazon's expiry time", {
    ...logFields(expiry),
    expiryReason: parsed.reason,
  });
  return { disposition: 'consume', outcome: 'expiry-tagged' };
}
