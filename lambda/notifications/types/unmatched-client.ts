import type { SecretLookup } from '../../ports/secret-directory';
import { renderClientNotMatched } from '../alerts/client-not-matched';
import type { NotificationContext } from '../notification-context';
import type { NewSecretNotification, SecretExpiryNotification } from '../notification-envelope';

/** No secret, or more than one, carries the notification's client id: nothing is changed. */
export interface UnmatchedClient {
  readonly problem: 'unknown-client' | 'ambiguous-client';
  readonly alertedProblem: string;
}

/** Logs the failed match and alerts it once; the caller decides what becomes of the message. */
export async function alertUnmatched(
  ctx: NotificationContext,
  parsed: SecretExpiryNotification | NewSecretNotification,
  lookup: Exclude<SecretLookup, { kind: 'one' }>,
  notice: { readonly deadline: Date; readonly keptInDeadLetterQueue: boolean },
): Promise<UnmatchedClient> {
  ctx.logUnmatched(lookup);
  const problem = lookup.kind === 'none' ? 'unknown-client' : 'ambiguous-client';
  const alertedProblem = await ctx.alertOnce(problem, () =>
    renderClientNotMatched({
      ...ctx.facts(parsed, parsed.clientId),
      match: lookup.kind,
      secretNames: lookup.kind === 'ambiguous' ? lookup.secrets.map((s) => s.name) : [],
      appTagKey: ctx.settings.appTagKey,
      deadline: notice.deadline,
      keptInDeadLetterQueue: notice.keptInDeadLetterQueue,
    }),
  );
  return { problem, alertedProblem };
}
