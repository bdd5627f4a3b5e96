import { parseNotification } from '../../../lambda/notifications/notification-envelope';
import {
  CLIENT_ID,
  NEW_SECRET,
  expiryBody,
  newSecretBody,
  newSecretEnvelope,
  unknownTypeBody,
} from './support/notifications';

describe('parseNotification: APPLICATION_OAUTH_CLIENT_NEW_SECRET', () => {
  it('reads client id, new secret and both dates from an Amazon-shaped envelope', () => {
    expect(parseNotification(newSecretBody(), 'm')).toEqual({
      kind: 'new-secret',
      type: 'APPLICATION_OAUTH_CLIENT_NEW_SECRET',
      metadata: expect.objectContaining({ notificationId: 'notification-new-secret-1', fromEnvelope: true }),
      clientId: CLIENT_ID,
      newClientSecret: NEW_SECRET,
      newExpiresAt: new Date('2027-03-18T10:00:00Z'),
      oldExpiresAt: new Date('2026-09-26T10:00:00Z'),
    });
  });

  it('accepts fractional seconds and UTC offsets', () => {
    const parsed = parseNotification(
      newSecretBody({ newClientSecretExpiryTime: '2027-03-18T12:00:00.123456+02:00' }),
      'm',
    );
    expect(parsed.kind === 'new-secret' && parsed.newExpiresAt.toISOString()).toBe(
      '2027-03-18T10:00:00.123Z',
    );
  });

  it.each([
    ['newClientSecret', 'payload.applicationOAuthClientNewSecret.newClientSecret is missing'],
    ['clientId', 'payload.applicationOAuthClientNewSecret.clientId is missing'],
    [
      'oldClientSecretExpiryTime',
      'payload.applicationOAuthClientNewSecret.oldClientSecretExpiryTime is missing',
    ],
  ])('names the missing field %s', (field, reason) => {
    const envelope = newSecretEnvelope();
    const payload = envelope.payload.applicationOAuthClientNewSecret as Record<string, unknown>;
    delete payload[field];
    const parsed = parseNotification(JSON.stringify(envelope), 'm');
    expect(parsed).toEqual({
      kind: 'malformed',
      reason: expect.stringContaining(reason),
      notificationId: 'notification-new-secret-1',
      type: 'APPLICATION_OAUTH_CLIENT_NEW_SECRET',
    });
  });

  it('refuses impossible dates and client ids that would change a ListSecrets filter', () => {
    expect(
      parseNotification(newSecretBody({ oldClientSecretExpiryTime: '2026-13-01T00:00:00Z' }), 'm'),
    ).toMatchObject({
      kind: 'malformed',
      reason: expect.stringContaining('oldClientSecretExpiryTime has month 13'),
    });
    expect(parseNotification(newSecretBody({ clientId: '!amzn1' }), 'm')).toMatchObject({
      kind: 'malformed',
      reason: expect.stringContaining('clientId is not an LWA client id'),
    });
  });

  it('never puts the new secret into a reason, whatever is wrong', () => {
    const bodies = [
      `{"newClientSecret": "${NEW_SECRET}"`,
      newSecretBody({ newClientSecretExpiryTime: NEW_SECRET }),
      newSecretBody({ clientId: NEW_SECRET.replace(/\|/g, '') + '|' }),
      JSON.stringify({ notificationType: NEW_SECRET, payload: {} }),
    ];
    for (const body of bodies) {
      const parsed = parseNotification(body, 'm');
      expect(parsed.kind === 'malformed' || parsed.kind === 'unknown-type').toBe(true);
      if (parsed.kind === 'malformed') expect(parsed.reason).not.toContain(NEW_SECRET);
    }
  });
});

describe('parseNotification: APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY', () => {
  it('reads client id, expiry time and reason', () => {
    expect(parseNotification(expiryBody(), 'm')).toMatchObject({
      kind: 'secret-expiry',
      clientId: CLIENT_ID,
      expiresAt: new Date('2026-10-09T22:06:39.224Z'),
      reason: 'PERIODIC_ROTATION',
    });
  });

  it('refuses an expiry time that is not ISO-8601', () => {
    expect(parseNotification(expiryBody({ clientSecretExpiryTime: 'next Tuesday' }), 'm')).toMatchObject({
      kind: 'malformed',
      reason: expect.stringContaining('clientSecretExpiryTime is not an ISO-8601'),
    });
  });
});

describe('parseNotification: envelopes', () => {
  it('reports an unknown type with its notification id', () => {
    expect(parseNotification(unknownTypeBody('n-x'), 'm')).toMatchObject({
      kind: 'unknown-type',
      type: 'ANY_OFFER_CHANGED',
      metadata: { notificationId: 'n-x' },
    });
  });

  it('falls back to the SQS message id when the envelope has no notificationId', () => {
    const envelope: Record<string, unknown> = JSON.parse(expiryBody()) as Record<string, unknown>;
    delete envelope.notificationMetadata;
    expect(parseNotification(JSON.stringify(envelope), 'sqs-1')).toMatchObject({
      kind: 'secret-expiry',
      metadata: { notificationId: 'sqs-message:sqs-1', fromEnvelope: false },
    });
  });

  it('reads PascalCase envelope keys as some SP-API notifications use them', () => {
    const envelope = JSON.parse(expiryBody()) as Record<string, unknown>;
    const pascal = {
      NotificationType: envelope.notificationType,
      Payload: envelope.payload,
      NotificationMetadata: { NotificationId: 'n-pascal' },
    };
    expect(parseNotification(JSON.stringify(pascal), 'm')).toMatchObject({
      kind: 'secret-expiry',
      metadata: { notificationId: 'n-pascal' },
    });
  });

  it.each([
    ['', 'the message body is not JSON'],
    ['null', 'the message body is not a JSON object'],
    ['{"notificationType": 7}', 'notificationType is missing or not a non-empty string'],
    [
      '{"notificationType": "APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY", "payload": []}',
      'notification.payload is missing or not an object',
    ],
  ])('reports %j as malformed', (body, reason) => {
    expect(parseNotification(body, 'm')).toMatchObject({ kind: 'malformed', reason });
  });
});
