import type { AlertPublisher } from '../ports/alert-publisher';
import type { EventPublisher } from '../ports/event-publisher';
import type { ProductEvent } from '../domain/product-events';
import type { LogPort } from '../ports/log';
import type { AlertMessage } from '../domain/alert-message';
import { parseIsoDate } from '../domain/iso-date';
import { ownerOf } from '../domain/owner-tag';
import { CLIENT_ID_TAG, EXPIRES_AT_TAG, ROTATED_AT_TAG } from '../../contract/tags';
import { ALERT_PUBLISHED_LOG } from '../../contract/telemetry';
import type { CredentialFieldNames } from '../../contract/credential-fields';
import type { DirectorySecret, SecretDirectory, SecretLookup } from '../ports/secret-directory';
import type { AppSecretVersions } from '../ports/app-secret-versions';
import type { ClientRecords } from '../ports/client-records';
import type { HeldSecrets } from '../ports/held-secrets';
import type { AppSecretFacts, NotificationFacts } from './alerts/message-parts';
import type { NewSecretNotification, SecretExpiryNotification } from './notification-envelope';
import { printable } from './notification-envelope';
import type { NotificationLedger } from '../ports/notification-ledger';
import type { TokenExchanger } from '../ports/lwa-tokens';

/**
 * What the handlers of each notification type share: the ports, the settings, the time of this
 * attempt, and the few steps every one of them takes (publish an alert once, serialise work on
 * one client id, describe an error without a secret in it).
 */

export interface NotificationSettings {
  readonly fields: CredentialFieldNames;
  readonly appTagKey: string;
  readonly region: string;
  /** How long a claim protects a notification from a concurrent invocation; above the function timeout. */
  readonly leaseMs: number;
  /** The queue's maxReceiveCount: the attempt after which a failing message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /**
   * Opt-in: store a new client secret from Amazon in the app's secret, verify it and make it
   * current. Off, the function reads and writes no secret value: a new secret is held back
   * (encrypted) and the user told how to store it.
   */
  readonly storeNewSecrets: boolean;
  /** Rotation window in days, to tell a plausible expiry date from an odd one. */
  readonly windowDays: number;
  /** The owner names the stack routes alerts for: an `lwa:owner` tag naming another is reported. */
  readonly ownerNames?: readonly string[];
}

export interface NotificationDeps {
  readonly directory: SecretDirectory;
  readonly versions: AppSecretVersions;
  readonly ledger: NotificationLedger;
  readonly clientRecords: ClientRecords;
  /** Where a new secret waits while storing is off; without it, the message stays in the queue. */
  readonly held?: HeldSecrets;
  readonly publisher: AlertPublisher;
  /** Puts an event when a new secret is stored and when it is promoted; without it, none. */
  readonly events?: EventPublisher;
  readonly lwa: TokenExchanger;
  readonly log: LogPort;
}

export type NotificationOutcome =
  | 'expiry-tagged'
  | 'expiry-ignored'
  | 'promoted'
  | 'already-current'
  | 'older-secret-ignored'
  | 'held'
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

export interface Decision {
  readonly disposition: 'consume' | 'retry';
  readonly outcome: NotificationOutcome;
  /** The problem whose alert SNS accepted on this attempt (kept across retries). */
  readonly alertedProblem?: string;
  /**
   * Keep the notification's claim open (released, not done) although SQS may delete the message:
   * a held notification must be processed again when it is moved back to the queue.
   */
  readonly reopenable?: boolean;
}

/** An error as one line, with every known secret value cut out of it. */
export function describeError(error: unknown, secrets: readonly (string | undefined)[]): string {
  let text = error instanceof Error ? `${error.name}: ${error.message}` : 'non-Error value thrown';
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 4) text = text.split(secret).join('[redacted]');
  }
  return printable(text, 500);
}

function dateTagOf(secret: DirectorySecret, tag: string): Date | undefined {
  const raw = secret.tags[tag];
  if (raw === undefined) return undefined;
  const parsed = parseIsoDate(raw);
  return parsed.ok ? parsed.date : undefined;
}

/** The `lwa:expires-at` tag of a secret, when it is a valid date. */
export function expiryTagOf(secret: DirectorySecret): Date | undefined {
  return dateTagOf(secret, EXPIRES_AT_TAG);
}

/** The `lwa:rotated-at` tag of a secret, when it is a valid date. */
export function rotatedAtTagOf(secret: DirectorySecret): Date | undefined {
  return dateTagOf(secret, ROTATED_AT_TAG);
}

export class ClientBusyError extends Error {
  constructor() {
    super('Another invocation is acting on the same client id');
    this.name = 'ClientBusyError';
  }
}

/** One claimed notification being acted on. */
export class NotificationContext {
  /** Problem already alerted on an earlier attempt of this notification (or on this one). */
  alertedProblem?: string;
  /** Every secret value seen so far, cut out of any error text. */
  readonly secrets: (string | undefined)[];
  /** Secrets whose owner tag problem this notification already logged. */
  private readonly ownerWarned = new Set<string>();

  constructor(
    readonly deps: NotificationDeps,
    readonly settings: NotificationSettings,
    readonly now: Date,
    readonly attempt: number,
    readonly holder: string,
    readonly context: Record<string, unknown>,
    alertedProblem: string | undefined,
    secrets: readonly string[],
  ) {
    this.alertedProblem = alertedProblem;
    this.secrets = [...secrets];
  }

  get log(): LogPort {
    return this.deps.log;
  }

  facts(parsed: { type: string; metadata: { notificationId: string } }, clientId = ''): NotificationFacts {
    return {
      clientId,
      notificationId: parsed.metadata.notificationId,
      notificationType: parsed.type,
      region: this.settings.region,
      now: this.now,
    };
  }

  appFacts(
    parsed: SecretExpiryNotification | NewSecretNotification,
    secret: DirectorySecret,
  ): AppSecretFacts {
    const { owner, warning } = ownerOf(secret.tags, this.settings.ownerNames);
    if (warning !== undefined && !this.ownerWarned.has(secret.arn)) {
      this.ownerWarned.add(secret.arn);
      this.log.warn('Secret has tag problems', { ...this.context, secret: secret.name, warnings: [warning] });
    }
    return {
      ...this.facts(parsed, parsed.clientId),
      appName: secret.appName,
      secretName: secret.name,
      ...(owner === undefined ? {} : { owner }),
    };
  }

  async publish(alert: AlertMessage, kind: string): Promise<void> {
    const { messageId } = await this.deps.publisher.publish(alert);
    this.log.info(ALERT_PUBLISHED_LOG.message, {
      ...this.context,
      [ALERT_PUBLISHED_LOG.fields.severity]: alert.attributes.severity,
      kind,
      messageId,
    });
  }

  /**
   * Puts an event on the bus (docs/events.md) after what it reports was done. The publisher logs
   * and counts what the bus did not take; nothing here changes the notification's outcome.
   */
  async putEvent(event: ProductEvent): Promise<void> {
    const events = this.deps.events;
    if (events === undefined) return;
    try {
      await events.publish([event]);
    } catch (error: unknown) {
      this.log.warn('Event not put on the event bus', {
        ...this.context,
        detailType: event.detailType,
        error: describeError(error, this.secrets),
      });
    }
  }

  /** Publishes a problem alert unless an earlier attempt of this notification already did. */
  async alertOnce(problem: string, render: () => AlertMessage): Promise<string> {
    if (this.alertedProblem === problem) {
      this.log.info('Problem already alerted on an earlier attempt; not repeated', {
        ...this.context,
        problem,
      });
      return problem;
    }
    await this.publish(render(), problem);
    this.alertedProblem = problem;
    return problem;
  }

  logUnmatched(lookup: SecretLookup): void {
    const secretNames = lookup.kind === 'ambiguous' ? lookup.secrets.map((s) => s.name) : [];
    this.log.error(
      lookup.kind === 'none'
        ? `No secret carries the tag ${CLIENT_ID_TAG} with this client id`
        : `Several secrets carry the tag ${CLIENT_ID_TAG} with this client id; none was changed`,
      { ...this.context, secretNames },
    );
  }

  /**
   * Runs `work` while no other invocation acts on the same client id: the decisions that keep a
   * late delivery from undoing a newer one read, then write, the client's record and its secret.
   * Throws `ClientBusyError` (the message is delivered again) when another invocation holds it.
   */
  async underClientLock<T>(clientId: string, work: () => Promise<T>): Promise<T> {
    const lockId = `client-lock#${clientId}`;
    const claim = await this.deps.ledger.claim(lockId, this.holder, this.now, this.settings.leaseMs);
    if (claim.kind !== 'claimed') throw new ClientBusyError();
    try {
      return await work();
    } finally {
      try {
        await this.deps.ledger.release(lockId, this.holder, undefined, this.now);
      } catch (error: unknown) {
        // The lease lapses on its own; the next delivery waits for it at worst.
        this.log.warn('Could not release the client lock', {
          ...this.context,
          error: describeError(error, this.secrets),
        });
      }
    }
  }
}
