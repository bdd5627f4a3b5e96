import { parseIsoDate } from '../domain/iso-date';

/**
 * Reads an SP-API notification from an SQS message body into a typed value. Pure: no AWS SDK.
 * A NEW_SECRET body holds a client secret, so nothing read here is ever echoed into a reason:
 * reasons name fields, never their values.
 */

export const NOTIFICATION_TYPE = {
  secretExpiry: 'APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY',
  newSecret: 'APPLICATION_OAUTH_CLIENT_NEW_SECRET',
} as const;

export interface NotificationMetadata {
  /** Amazon's id of this notification; the idempotency key. */
  readonly notificationId: string;
  /** False when the envelope had no notificationId and the SQS message id stands in for it. */
  readonly fromEnvelope: boolean;
  readonly applicationId?: string;
  readonly publishTime?: string;
  /**
   * When Amazon says the event happened (`eventTime`), else when it published the notification
   * (`notificationMetadata.publishTime`); undefined when neither is an ISO-8601 date. This is
   * what orders two notifications about one client id.
   */
  readonly noticeTime?: Date;
}

export interface SecretExpiryNotification {
  readonly kind: 'secret-expiry';
  readonly type: typeof NOTIFICATION_TYPE.secretExpiry;
  readonly metadata: NotificationMetadata;
  readonly clientId: string;
  readonly expiresAt: Date;
  readonly reason?: string;
}

export interface NewSecretNotification {
  readonly kind: 'new-secret';
  readonly type: typeof NOTIFICATION_TYPE.newSecret;
  readonly metadata: NotificationMetadata;
  readonly clientId: string;
  /** The new client secret. Never log, alert, throw or store it anywhere but the app's secret. */
  readonly newClientSecret: string;
  readonly newExpiresAt: Date;
  /** When the old client secret stops working (7 days after the rotation). */
  readonly oldExpiresAt: Date;
}

export interface UnknownTypeNotification {
  readonly kind: 'unknown-type';
  /** Cut to 64 printable characters: it comes from outside. */
  readonly type: string;
  readonly metadata: NotificationMetadata;
}

export interface MalformedNotification {
  readonly kind: 'malformed';
  /** Which field is wrong and how; never a value. */
  readonly reason: string;
  readonly notificationId?: string;
  readonly type?: string;
}

export type ParsedNotification =
  SecretExpiryNotification | NewSecretNotification | UnknownTypeNotification | MalformedNotification;

/**
 * LWA client ids look like `amzn1.application-oa2-client.<hex>`. Anything else is refused
 * before it reaches a ListSecrets filter, where a leading `!` would mean "not".
 */
const CLIENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,255}$/;
const MAX_ID_CHARS = 256;

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Amazon's envelopes are camelCase; a few older SP-API notifications used PascalCase. */
function member(object: JsonObject, name: string): unknown {
  if (Object.hasOwn(object, name)) return object[name];
  return object[name.charAt(0).toUpperCase() + name.slice(1)];
}

/** Printable ASCII only, cut short: safe to log and to put in an alert. */
export function printable(text: string, max = 64): string {
  const cleaned = text.replace(/[^\x20-\x7e]/g, '?');
  return cleaned.length > max ? `${cleaned.slice(0, max)}...` : cleaned;
}

class FieldError extends Error {}

function requiredString(object: JsonObject, path: string, name: string): string {
  const value = member(object, name);
  if (typeof value !== 'string' || value.trim() === '') {
    throw new FieldError(`${path}.${name} is missing or not a non-empty string`);
  }
  return value;
}

function requiredDate(object: JsonObject, path: string, name: string): Date {
  const parsed = parseIsoDate(requiredString(object, path, name));
  if (!parsed.ok) throw new FieldError(`${path}.${name} ${parsed.reason}`);
  return parsed.date;
}

function requiredClientId(object: JsonObject, path: string): string {
  const clientId = requiredString(object, path, 'clientId').trim();
  if (!CLIENT_ID_PATTERN.test(clientId)) {
    throw new FieldError(`${path}.clientId is not an LWA client id (letters, digits, . _ : - only)`);
  }
  return clientId;
}

function requiredObject(object: JsonObject, path: string, name: string): JsonObject {
  const value = member(object, name);
  if (!isObject(value)) throw new FieldError(`${path}.${name} is missing or not an object`);
  return value;
}

function optionalDate(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const parsed = parseIsoDate(value);
  return parsed.ok ? parsed.date : undefined;
}

function metadataOf(envelope: JsonObject, messageId: string): NotificationMetadata {
  const raw = member(envelope, 'notificationMetadata');
  const metadata = isObject(raw) ? raw : {};
  const id = member(metadata, 'notificationId');
  const applicationId = member(metadata, 'applicationId');
  const publishTime = member(metadata, 'publishTime');
  const common = {
    applicationId: typeof applicationId === 'string' ? printable(applicationId, 128) : undefined,
    publishTime: typeof publishTime === 'string' ? printable(publishTime, 40) : undefined,
    noticeTime: optionalDate(member(envelope, 'eventTime')) ?? optionalDate(publishTime),
  };
  if (typeof id === 'string' && id.trim() !== '' && id.length <= MAX_ID_CHARS) {
    return { notificationId: printable(id.trim(), MAX_ID_CHARS), fromEnvelope: true, ...common };
  }
  // SQS keeps a message's id across redeliveries, so it still makes redelivery a no-op.
  return { notificationId: `sqs-message:${messageId}`, fromEnvelope: false, ...common };
}

/** Parses one SQS message body; never throws. */
export function parseNotification(body: string, messageId: string): ParsedNotification {
  let envelope: unknown;
  try {
    envelope = JSON.parse(body);
  } catch {
    // JSON.parse's message quotes the body, which may hold a client secret: say only that.
    return { kind: 'malformed', reason: 'the message body is not JSON' };
  }
  if (!isObject(envelope)) return { kind: 'malformed', reason: 'the message body is not a JSON object' };

  const rawType = member(envelope, 'notificationType');
  if (typeof rawType !== 'string' || rawType.trim() === '') {
    return { kind: 'malformed', reason: 'notificationType is missing or not a non-empty string' };
  }
  const type = printable(rawType.trim());
  const metadata = metadataOf(envelope, messageId);
  const located = { notificationId: metadata.notificationId, type };
  try {
    switch (rawType.trim()) {
      case NOTIFICATION_TYPE.secretExpiry: {
        const payload = requiredObject(envelope, 'notification', 'payload');
        const path = 'payload.applicationOAuthClientSecretExpiry';
        const expiry = requiredObject(payload, 'payload', 'applicationOAuthClientSecretExpiry');
        const reason = member(expiry, 'clientSecretExpiryReason');
        return {
          kind: 'secret-expiry',
          type: NOTIFICATION_TYPE.secretExpiry,
          metadata,
          clientId: requiredClientId(expiry, path),
          expiresAt: requiredDate(expiry, path, 'clientSecretExpiryTime'),
          reason: typeof reason === 'string' ? printable(reason) : undefined,
        };
      }
      case NOTIFICATION_TYPE.newSecret: {
        const payload = requiredObject(envelope, 'notification', 'payload');
        const path = 'payload.applicationOAuthClientNewSecret';
        const secret = requiredObject(payload, 'payload', 'applicationOAuthClientNewSecret');
        return {
          kind: 'new-secret',
          type: NOTIFICATION_TYPE.newSecret,
          metadata,
          clientId: requiredClientId(secret, path),
          newClientSecret: requiredString(secret, path, 'newClientSecret'),
          newExpiresAt: requiredDate(secret, path, 'newClientSecretExpiryTime'),
          oldExpiresAt: requiredDate(secret, path, 'oldClientSecretExpiryTime'),
        };
      }
      default:
        return { kind: 'unknown-type', type, metadata };
    }
  } catch (error: unknown) {
    if (error instanceof FieldError) return { kind: 'malformed', reason: error.message, ...located };
    return { kind: 'malformed', reason: 'the notification could not be read', ...located };
  }
}
