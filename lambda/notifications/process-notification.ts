import { createHash } from 'node:crypto';
import type { AlertPublisher } from '../adapters/alert-publisher';
import type { AlertMessage } from '../domain/alert-message';
import { CLIENT_ID_TAG } from '../domain/tag-contract';
import type { CredentialFieldNames, StoredCredentials } from '../sp-api/credential-fields';
import { parseCredentials, withClientSecret } from '../sp-api/credential-fields';
import type { LwaCredentials, TokenOutcome } from '../sp-api/lwa-token-client';
import type { DirectorySecret, SecretDirectory, SecretLookup } from '../sp-api/secret-directory';
import type { AppSecretVersions, CurrentSecretValue } from './app-secret-versions';
import type { AppSecretFacts, NotificationFacts } from './notification-alerts';
import {
  renderClientNotMatched,
  renderNewSecretInPlace,
  renderSecretUnusable,
  renderUnknownType,
  renderVerificationFailed,
  renderVerificationUnavailable,
} from './notification-alerts';
import type {
  NewSecretNotification,
  ParsedNotification,
  SecretExpiryNotification,
  UnknownTypeNotification,
} from './notification-envelope';
import { parseNotification, printable } from './notification-envelope';
import type { ClaimOutcome, NotificationLedger } from './notification-ledger';

/**
 * One SQS message from Amazon, from body to outcome: parse, claim, act, record. No AWS SDK is
 * imported here; every AWS call goes through a port. The result says whether SQS may delete
 * the message (`consume`) or must deliver it again (`retry`, a batch item failure).
 */

export interface NotificationSettings {
  readonly fields: CredentialFieldNames;
  readonly appTagKey: string;
  readonly region: string;
  /** How long a claim protects a notification from a concurrent invocation; above the function timeout. */
  readonly leaseMs: number;
  /** The queue's maxReceiveCount: the attempt after which a failing message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
}

export interface TokenExchanger {
  exchange(credentials: LwaCredentials): Promise<TokenOutcome>;
}

export interface NotificationLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface NotificationDeps {
  readonly directory: SecretDirectory;
  readonly versions: AppSecretVersions;
  readonly ledger: NotificationLedger;
  readonly publisher: AlertPublisher;
  readonly lwa: TokenExchanger;
  readonly log: NotificationLog;
}

export interface QueuedMessage {
  readonly messageId: string;
  readonly body: string;
  /** SQS ApproximateReceiveCount: 1 on the first delivery. */
  readonly receiveCount: number;
}

export type NotificationOutcome =
  | 'expiry-tagged'
  | 'promoted'
  | 'already-current'
  | 'verification-failed'
  | 'lwa-unavailable'
  | 'unknown-client'
  | 'ambiguous-client'
  | 'secret-unusable'
  | 'unknown-type'
  | 'malformed'
  | 'duplicate'
  | 'busy'
  | 'error';

/** Metric dimension of the notification type: the two known ones, else a fixed bucket. */
export type TypeDimension =
  'APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY' | 'APPLICATION_OAUTH_CLIENT_NEW_SECRET' | 'other' | 'unreadable';

export interface MessageResult {
  readonly messageId: string;
  readonly disposition: 'consume' | 'retry';
  readonly outcome: NotificationOutcome;
  readonly type: TypeDimension;
  readonly notificationId?: string;
  readonly clientId?: string;
}

interface Decision {
  readonly disposition: 'consume' | 'retry';
  readonly outcome: NotificationOutcome;
  /** The problem whose alert SNS accepted on this attempt (kept across retries). */
  readonly alertedProblem?: string;
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

/** An error as one line, with every known secret value cut out of it. */
export function describeError(error: unknown, secrets: readonly (string | undefined)[]): string {
  let text = error instanceof Error ? `${error.name}: ${error.message}` : 'non-Error value thrown';
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 4) text = text.split(secret).join('[redacted]');
  }
  return printable(text, 500);
}

function typeDimension(parsed: ParsedNotification): TypeDimension {
  if (parsed.kind === 'secret-expiry' || parsed.kind === 'new-secret') return parsed.type;
  if (parsed.kind === 'unknown-type') return 'other';
  if (
    parsed.type === 'APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY' ||
    parsed.type === 'APPLICATION_OAUTH_CLIENT_NEW_SECRET'
  ) {
    return parsed.type;
  }
  return 'unreadable';
}

export async function processMessage(
  message: QueuedMessage,
  deps: NotificationDeps,
  settings: NotificationSettings,
  now: Date,
  holder: string,
): Promise<MessageResult> {
  const { log } = deps;
  const parsed = parseNotification(message.body, message.messageId);
  const type = typeDimension(parsed);
  if (parsed.kind === 'malformed') {
    // The body itself is never logged: a NEW_SECRET body holds a client secret.
    log.error('Malformed notification: left for redelivery and the dead-letter queue', {
      messageId: message.messageId,
      notificationId: parsed.notificationId,
      notificationType: parsed.type,
      reason: parsed.reason,
      receiveCount: message.receiveCount,
    });
    return { messageId: message.messageId, disposition: 'retry', outcome: 'malformed', type };
  }

  const notificationId = parsed.metadata.notificationId;
  const clientId = parsed.kind === 'unknown-type' ? undefined : parsed.clientId;
  const context = { messageId: message.messageId, notificationId, notificationType: parsed.type, clientId };
  const secrets = parsed.kind === 'new-secret' ? [parsed.newClientSecret] : [];
  const result = (decision: Decision): MessageResult => ({
    messageId: message.messageId,
    disposition: decision.disposition,
    outcome: decision.outcome,
    type,
    notificationId,
    clientId,
  });
  if (!parsed.metadata.fromEnvelope) {
    log.warn(
      'Notification without notificationMetadata.notificationId: the SQS message id stands in',
      context,
    );
  }

  let claim: ClaimOutcome;
  try {
    claim = await deps.ledger.claim(notificationId, holder, now, settings.leaseMs);
  } catch (error: unknown) {
    log.error('Could not claim the notification; it will be delivered again', {
      ...context,
      error: describeError(error, secrets),
    });
    return result({ disposition: 'retry', outcome: 'error' });
  }
  if (claim.kind === 'done') {
    log.info('Notification already processed: this redelivery changes nothing', {
      ...context,
      previousOutcome: claim.outcome,
    });
    return result({ disposition: 'consume', outcome: 'duplicate' });
  }
  if (claim.kind === 'busy') {
    log.warn('Notification is being processed by another invocation; it will be delivered again', context);
    return result({ disposition: 'retry', outcome: 'busy' });
  }

  const actor = new NotificationActor(deps, settings, now, {
    // SQS's own count decides when a message moves to the dead-letter queue.
    attempt: message.receiveCount,
    alertedProblem: claim.alertedProblem,
    context,
    secrets,
  });
  let decision: Decision;
  try {
    decision = await actor.act(parsed);
  } catch (error: unknown) {
    log.error('Notification processing failed; it will be delivered again', {
      ...context,
      error: describeError(error, actor.secrets),
    });
    decision = { disposition: 'retry', outcome: 'error', alertedProblem: actor.alertedProblem };
  }

  try {
    if (decision.disposition === 'consume') await deps.ledger.complete(notificationId, decision.outcome, now);
    else await deps.ledger.release(notificationId, holder, decision.alertedProblem, now);
  } catch (error: unknown) {
    // A lost completion only means a redelivery repeats idempotent work; a lost release lets
    // the lease lapse before the next delivery takes over.
    log.warn('Could not record the notification outcome in the ledger', {
      ...context,
      outcome: decision.outcome,
      error: describeError(error, actor.secrets),
    });
  }
  const level = decision.disposition === 'consume' ? 'info' : 'warn';
  log[level]('Notification handled', {
    ...context,
    outcome: decision.outcome,
    disposition: decision.disposition,
  });
  return result(decision);
}

interface ActorState {
  readonly attempt: number;
  /** Problem already alerted on an earlier attempt of this notification. */
  alertedProblem?: string;
  readonly context: Record<string, unknown>;
  readonly secrets: (string | undefined)[];
}

/** Carries out one claimed notification. */
class NotificationActor {
  constructor(
    private readonly deps: NotificationDeps,
    private readonly settings: NotificationSettings,
    private readonly now: Date,
    private readonly state: ActorState,
  ) {}

  get secrets(): readonly (string | undefined)[] {
    return this.state.secrets;
  }

  get alertedProblem(): string | undefined {
    return this.state.alertedProblem;
  }

  async act(parsed: Exclude<ParsedNotification, { kind: 'malformed' }>): Promise<Decision> {
    switch (parsed.kind) {
      case 'secret-expiry':
        return this.secretExpiry(parsed);
      case 'new-secret':
        return this.newSecret(parsed);
      case 'unknown-type':
        return this.unknownType(parsed);
    }
  }

  private facts(
    parsed: { type: string; metadata: { notificationId: string } },
    clientId = '',
  ): NotificationFacts {
    return {
      clientId,
      notificationId: parsed.metadata.notificationId,
      notificationType: parsed.type,
      region: this.settings.region,
      now: this.now,
    };
  }

  private appFacts(
    parsed: SecretExpiryNotification | NewSecretNotification,
    secret: DirectorySecret,
  ): AppSecretFacts {
    return { ...this.facts(parsed, parsed.clientId), appName: secret.appName, secretName: secret.name };
  }

  private async publish(alert: AlertMessage, kind: string): Promise<void> {
    const { messageId } = await this.deps.publisher.publish(alert);
    this.deps.log.info('Alert published', {
      ...this.state.context,
      severity: alert.attributes.severity,
      kind,
      messageId,
    });
  }

  /** Publishes a problem alert unless an earlier attempt of this notification already did. */
  private async alertOnce(problem: string, render: () => AlertMessage): Promise<string> {
    if (this.state.alertedProblem === problem) {
      this.deps.log.info('Problem already alerted on an earlier attempt; not repeated', {
        ...this.state.context,
        problem,
      });
      return problem;
    }
    await this.publish(render(), problem);
    this.state.alertedProblem = problem;
    return problem;
  }

  private logUnmatched(lookup: SecretLookup): void {
    const secretNames = lookup.kind === 'ambiguous' ? lookup.secrets.map((s) => s.name) : [];
    this.deps.log.error(
      lookup.kind === 'none'
        ? `No secret carries the tag ${CLIENT_ID_TAG} with this client id`
        : `Several secrets carry the tag ${CLIENT_ID_TAG} with this client id; none was changed`,
      { ...this.state.context, secretNames },
    );
  }

  private async secretExpiry(parsed: SecretExpiryNotification): Promise<Decision> {
    const lookup = await this.deps.directory.findByClientId(parsed.clientId);
    if (lookup.kind !== 'one') {
      this.logUnmatched(lookup);
      const alertedProblem = await this.alertOnce(
        lookup.kind === 'none' ? 'unknown-client' : 'ambiguous-client',
        () =>
          renderClientNotMatched({
            ...this.facts(parsed, parsed.clientId),
            match: lookup.kind,
            secretNames: lookup.kind === 'ambiguous' ? lookup.secrets.map((s) => s.name) : [],
            appTagKey: this.settings.appTagKey,
            deadline: parsed.expiresAt,
            keptInDeadLetterQueue: false,
          }),
      );
      // Nothing is lost by consuming it: the monitor keeps dating the secret its own way.
      return {
        disposition: 'consume',
        outcome: lookup.kind === 'none' ? 'unknown-client' : 'ambiguous-client',
        alertedProblem,
      };
    }
    await this.deps.versions.tagExpiry(lookup.secret.arn, parsed.expiresAt);
    this.deps.log.info("Secret dated with Amazon's expiry time", {
      ...this.state.context,
      secret: lookup.secret.name,
      expiresAt: parsed.expiresAt.toISOString(),
      expiryReason: parsed.reason,
    });
    return { disposition: 'consume', outcome: 'expiry-tagged' };
  }

  private async unknownType(parsed: UnknownTypeNotification): Promise<Decision> {
    this.deps.log.warn(
      'Notification of an unknown type: alerted and removed from the queue',
      this.state.context,
    );
    const alertedProblem = await this.alertOnce('unknown-type', () =>
      renderUnknownType({
        notificationId: parsed.metadata.notificationId,
        notificationType: parsed.type,
        region: this.settings.region,
        now: this.now,
      }),
    );
    return { disposition: 'consume', outcome: 'unknown-type', alertedProblem };
  }

  private async newSecret(parsed: NewSecretNotification): Promise<Decision> {
    const lookup = await this.deps.directory.findByClientId(parsed.clientId);
    if (lookup.kind !== 'one') {
      this.logUnmatched(lookup);
      const problem = lookup.kind === 'none' ? 'unknown-client' : 'ambiguous-client';
      const alertedProblem = await this.alertOnce(problem, () =>
        renderClientNotMatched({
          ...this.facts(parsed, parsed.clientId),
          match: lookup.kind,
          secretNames: lookup.kind === 'ambiguous' ? lookup.secrets.map((s) => s.name) : [],
          appTagKey: this.settings.appTagKey,
          deadline: parsed.oldExpiresAt,
          keptInDeadLetterQueue: true,
        }),
      );
      // Never drop a new secret: it waits in the queue, then the dead-letter queue, for a redrive.
      return { disposition: 'retry', outcome: problem, alertedProblem };
    }
    const secret = lookup.secret;
    const context = { ...this.state.context, secret: secret.name };
    const current = await this.deps.versions.current(secret.arn);
    const stored = this.storedCredentials(current, parsed);
    if (!stored.ok) {
      this.deps.log.error('The app secret cannot take the new client secret', {
        ...context,
        problem: stored.reason,
      });
      const alertedProblem = await this.alertOnce('secret-unusable', () =>
        renderSecretUnusable({
          ...this.appFacts(parsed, secret),
          problem: stored.reason,
          oldExpiresAt: parsed.oldExpiresAt,
        }),
      );
      return { disposition: 'retry', outcome: 'secret-unusable', alertedProblem };
    }
    this.state.secrets.push(stored.credentials.clientSecret, stored.credentials.refreshToken);

    if (stored.credentials.clientSecret === parsed.newClientSecret) {
      // A redelivery after the promotion, or someone stored it by hand: only the date is left to do.
      await this.deps.versions.tagExpiry(secret.arn, parsed.newExpiresAt);
      this.deps.log.info('The new client secret is already the current version', context);
      await this.publish(
        renderNewSecretInPlace({
          ...this.appFacts(parsed, secret),
          newExpiresAt: parsed.newExpiresAt,
          oldExpiresAt: parsed.oldExpiresAt,
          alreadyCurrent: true,
        }),
        'new-secret',
      );
      return { disposition: 'consume', outcome: 'already-current' };
    }

    const replaced = withClientSecret(
      current.secretString ?? '',
      this.settings.fields,
      parsed.newClientSecret,
    );
    if (!replaced.ok) throw new Error(`The secret could not be rebuilt: ${replaced.reason}`);
    const token = clientRequestTokenFor(parsed.metadata.notificationId, current.versionId);
    const pendingVersionId = await this.deps.versions.putPending(secret.arn, token, replaced.secretString);
    this.deps.log.info('New client secret stored as AWSPENDING; verifying it with LWA', {
      ...context,
      pendingVersionId,
      currentVersionId: current.versionId,
    });

    const grant = stored.credentials.refreshToken ? 'refresh_token' : 'client_credentials';
    const verdict = await this.deps.lwa.exchange({
      clientId: parsed.clientId,
      clientSecret: parsed.newClientSecret,
      refreshToken: stored.credentials.refreshToken,
    });
    switch (verdict.kind) {
      case 'accepted':
      case 'refused': {
        if (verdict.kind === 'refused') {
          // The client authenticated: the new secret is right. What LWA refused is the grant or scope.
          this.deps.log.warn('LWA authenticated the new client secret but refused the grant or scope', {
            ...context,
            lwaStatus: verdict.status,
            lwaError: printable(verdict.error, 64),
            lwaDescription: verdict.description && printable(verdict.description, 200),
            grant,
          });
        }
        await this.deps.versions.promote(secret.arn, pendingVersionId, current.versionId);
        try {
          await this.deps.versions.clearPending(secret.arn, pendingVersionId);
        } catch (error: unknown) {
          // Cosmetic: the version is current either way, and the next PutSecretValue moves the label.
          this.deps.log.warn('Could not remove AWSPENDING from the promoted version', {
            ...context,
            error: describeError(error, this.state.secrets),
          });
        }
        await this.deps.versions.tagExpiry(secret.arn, parsed.newExpiresAt);
        this.deps.log.info('New client secret verified and made AWSCURRENT', {
          ...context,
          versionId: pendingVersionId,
          previousVersionId: current.versionId,
          grant,
        });
        await this.publish(
          renderNewSecretInPlace({
            ...this.appFacts(parsed, secret),
            newExpiresAt: parsed.newExpiresAt,
            oldExpiresAt: parsed.oldExpiresAt,
            alreadyCurrent: false,
          }),
          'new-secret',
        );
        return { disposition: 'consume', outcome: 'promoted' };
      }
      case 'rejected': {
        this.deps.log.error('LWA rejected the new client secret: the old version stays AWSCURRENT', {
          ...context,
          lwaStatus: verdict.status,
          lwaError: verdict.error,
          lwaDescription: verdict.description && printable(verdict.description, 200),
          grant,
          pendingVersionId,
        });
        await this.publish(
          renderVerificationFailed({
            ...this.appFacts(parsed, secret),
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
        const final = this.state.attempt >= this.settings.maxReceiveCount;
        const what = verdict.kind === 'unavailable' ? 'LWA unavailable' : 'LWA answer inconclusive';
        this.deps.log.warn(
          final
            ? `${what} on the last attempt: the notification moves to the dead-letter queue`
            : `${what}: the new client secret stays pending and the notification will be delivered again`,
          { ...context, lwaStatus: verdict.status, reason: answer, attempt: this.state.attempt },
        );
        let alertedProblem = this.state.alertedProblem;
        if (final) {
          alertedProblem = await this.alertOnce('lwa-unavailable', () =>
            renderVerificationUnavailable({
              ...this.appFacts(parsed, secret),
              reason: answer,
              oldExpiresAt: parsed.oldExpiresAt,
              attempts: this.state.attempt,
            }),
          );
        }
        return { disposition: 'retry', outcome: 'lwa-unavailable', alertedProblem };
      }
    }
  }

  private storedCredentials(
    current: CurrentSecretValue,
    parsed: NewSecretNotification,
  ): { ok: true; credentials: StoredCredentials } | { ok: false; reason: string } {
    if (current.secretString === undefined) {
      return { ok: false, reason: 'the secret holds binary data, not a JSON object' };
    }
    const stored = parseCredentials(current.secretString, this.settings.fields);
    if (!stored.ok) return stored;
    if (stored.credentials.clientId !== parsed.clientId) {
      // The stored value is not quoted: if the field names are misconfigured it may be a secret.
      return {
        ok: false,
        reason: `its field "${this.settings.fields.clientId}" holds a different client id than its tag ${CLIENT_ID_TAG} and the notification (${parsed.clientId})`,
      };
    }
    return stored;
  }
}
