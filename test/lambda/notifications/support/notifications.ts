/**
 * Amazon-shaped notifications and SQS events for the notification handler's tests. The secret
 * values are sentinels: the tests assert they never leave the secret and the LWA request.
 */
import type { SQSEvent, SQSRecord } from 'aws-lambda';

export const CLIENT_ID = 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef';
export const OTHER_CLIENT_ID = 'amzn1.application-oa2-client.fedcba9876543210fedcba9876543210';
/** The new client secret in NEW_SECRET notifications: must never appear in logs, alerts, metrics or errors. */
export const NEW_SECRET = 'amzn1.oa2-cs.v1.SENTINEL-NEW-SECRET-c0ffee0123456789abcdef';
export const OLD_SECRET = 'amzn1.oa2-cs.v1.SENTINEL-OLD-SECRET-deadbeef0123456789';
export const REFRESH_TOKEN = 'Atzr|SENTINEL-REFRESH-TOKEN-0123456789';
export const SENTINELS = [NEW_SECRET, OLD_SECRET, REFRESH_TOKEN];

export const NOW = new Date('2026-09-19T10:05:00Z');
export const NEW_EXPIRY = '2027-03-18T10:00:00Z';
export const OLD_EXPIRY = '2026-09-26T10:00:00Z';

export interface NewSecretFields {
  readonly clientId?: string;
  readonly newClientSecret?: string;
  readonly newClientSecretExpiryTime?: string;
  readonly oldClientSecretExpiryTime?: string;
  readonly notificationId?: string;
  /** When Amazon issued the secret; undefined keeps the default, null leaves it out. */
  readonly eventTime?: string | null;
}

function metadata(notificationId: string, publishTime: string | null = '2026-09-19T10:00:01.120Z') {
  return {
    applicationId: 'amzn1.sp.solution.0f0e0d0c-1111-2222-3333-444455556666',
    subscriptionId: '7d4e1c2a-aaaa-bbbb-cccc-ddddeeeeffff',
    ...(publishTime === null ? {} : { publishTime }),
    notificationId,
  };
}

export function newSecretEnvelope(fields: NewSecretFields = {}) {
  const eventTime = fields.eventTime === undefined ? '2026-09-19T10:00:00.713Z' : fields.eventTime;
  return {
    notificationVersion: '1.0',
    notificationType: 'APPLICATION_OAUTH_CLIENT_NEW_SECRET',
    payloadVersion: '2023-11-30',
    ...(eventTime === null ? {} : { eventTime }),
    payload: {
      applicationOAuthClientNewSecret: {
        clientId: fields.clientId ?? CLIENT_ID,
        newClientSecret: fields.newClientSecret ?? NEW_SECRET,
        newClientSecretExpiryTime: fields.newClientSecretExpiryTime ?? NEW_EXPIRY,
        oldClientSecretExpiryTime: fields.oldClientSecretExpiryTime ?? OLD_EXPIRY,
      },
    },
    notificationMetadata: metadata(
      fields.notificationId ?? 'notification-new-secret-1',
      eventTime === null ? null : undefined,
    ),
  };
}

export function newSecretBody(fields: NewSecretFields = {}): string {
  return JSON.stringify(newSecretEnvelope(fields));
}

export function expiryBody(
  fields: {
    clientId?: string;
    clientSecretExpiryTime?: string;
    notificationId?: string;
    /** When Amazon sent the notice; undefined keeps the default, null leaves it (and publishTime) out. */
    eventTime?: string | null;
  } = {},
): string {
  const eventTime = fields.eventTime === undefined ? '2026-09-19T10:00:00Z' : fields.eventTime;
  return JSON.stringify({
    notificationVersion: '1.0',
    notificationType: 'APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY',
    payloadVersion: '2023-11-30',
    ...(eventTime === null ? {} : { eventTime }),
    payload: {
      applicationOAuthClientSecretExpiry: {
        clientId: fields.clientId ?? CLIENT_ID,
        clientSecretExpiryTime: fields.clientSecretExpiryTime ?? '2026-10-09T22:06:39.224Z',
        clientSecretExpiryReason: 'PERIODIC_ROTATION',
      },
    },
    notificationMetadata: metadata(
      fields.notificationId ?? 'notification-expiry-1',
      eventTime === null ? null : undefined,
    ),
  });
}

export function unknownTypeBody(notificationId = 'notification-other-1'): string {
  return JSON.stringify({
    notificationVersion: '1.0',
    notificationType: 'ANY_OFFER_CHANGED',
    payloadVersion: '1.0',
    eventTime: '2026-09-19T10:00:00Z',
    payload: { anyOfferChangedNotification: {} },
    notificationMetadata: metadata(notificationId),
  });
}

let sequence = 0;

export function sqsRecord(
  body: string,
  options: { messageId?: string; receiveCount?: number } = {},
): SQSRecord {
  sequence++;
  return {
    messageId: options.messageId ?? `message-${sequence}`,
    receiptHandle: `receipt-${sequence}`,
    body,
    attributes: {
      ApproximateReceiveCount: String(options.receiveCount ?? 1),
      SentTimestamp: '1789812001000',
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '1789812002000',
    },
    messageAttributes: {},
    md5OfBody: 'not-checked',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:111122223333:notifications',
    awsRegion: 'eu-west-1',
  };
}

export function sqsEvent(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

/** The JSON an app keeps in its secret, with an extra field that must survive a rotation. */
export function appSecretValue(
  overrides: Record<string, unknown> = {},
  options: { withRefreshToken?: boolean } = {},
): string {
  const value: Record<string, unknown> = {
    clientId: CLIENT_ID,
    clientSecret: OLD_SECRET,
    ...(options.withRefreshToken === false ? {} : { refreshToken: REFRESH_TOKEN }),
    marketplace: 'A1PA6795UKMFR9',
    ...overrides,
  };
  return JSON.stringify(value);
}
