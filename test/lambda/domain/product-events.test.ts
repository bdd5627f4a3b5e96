import { EVENT_DETAIL_TYPE, EVENT_SCHEMA_VERSION, isEventBusName } from '../../../contract/events';
import {
  clientIdFromTags,
  credentialEvent,
  monitorAlertEvent,
  ownerFromTags,
} from '../../../lambda/domain/product-events';

const NOW = new Date('2027-03-01T09:00:00Z');
const FACTS = {
  app: 'Acme',
  secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme-AbCdEf',
  secretName: 'acme',
  expiresAt: new Date('2027-03-02T09:00:00Z'),
  daysLeft: 1,
  severity: '1-day',
  time: NOW,
};

describe('product events: pure builders of the events on the bus', () => {
  it('GIVEN each monitor alert kind WHEN its event is built THEN threshold, expired and resolved map to their detail-types and undetermined to none', () => {
    // Act
    const threshold = monitorAlertEvent({ type: 'threshold', thresholdDays: 1 }, FACTS);
    const expired = monitorAlertEvent({ type: 'expired', reminder: 2 }, FACTS);
    const resolved = monitorAlertEvent(
      { type: 'resolved', previousExpiresAt: new Date('2027-01-01T00:00:00Z') },
      FACTS,
    );
    const undetermined = monitorAlertEvent({ type: 'undetermined' }, FACTS);

    // Assess
    expect(threshold?.detailType).toBe(EVENT_DETAIL_TYPE.thresholdCrossed);
    expect(threshold?.detail.thresholdDays).toBe(1);
    expect(expired?.detailType).toBe(EVENT_DETAIL_TYPE.expired);
    expect(expired?.detail.reminder).toBe(2);
    expect(resolved?.detailType).toBe(EVENT_DETAIL_TYPE.resolved);
    expect(resolved?.detail.previousExpiresAt).toBe('2027-01-01T00:00:00.000Z');
    expect(undetermined).toBeUndefined();
  });

  it('GIVEN facts without owner or client id WHEN an event is built THEN the detail has the version, ISO dates, the secret as resource, and no undefined field', () => {
    // Act
    const event = credentialEvent(EVENT_DETAIL_TYPE.rotationFailed, FACTS, {
      reason: 'x',
      errorCode: undefined,
    });

    // Assess
    expect(event).toEqual({
      detailType: 'LWA Rotation Failed',
      time: NOW,
      resources: [FACTS.secretArn],
      detail: {
        version: EVENT_SCHEMA_VERSION,
        app: 'Acme',
        secretArn: FACTS.secretArn,
        secretName: 'acme',
        expiresAt: '2027-03-02T09:00:00.000Z',
        daysLeft: 1,
        severity: '1-day',
        time: '2027-03-01T09:00:00.000Z',
        reason: 'x',
      },
    });
    expect(Object.keys(event.detail)).not.toContain('owner');
  });

  it('GIVEN tags WHEN the client id and owner are read THEN only a well-formed LWA client id and a valid owner name are taken', () => {
    // Act & Assess
    expect(
      clientIdFromTags({ 'lwa:client-id': 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef' }),
    ).toBe('amzn1.application-oa2-client.0123456789abcdef0123456789abcdef');
    expect(clientIdFromTags({ 'lwa:client-id': 'pasted-a-secret-here' })).toBeUndefined();
    expect(clientIdFromTags({})).toBeUndefined();
    expect(ownerFromTags({ 'lwa:owner': 'payments-team' })).toBe('payments-team');
    expect(ownerFromTags({ 'lwa:owner': 'bad owner!' })).toBeUndefined();
    // A client secret pasted into the owner tag has the form of an owner name, and is never carried.
    expect(ownerFromTags({ 'lwa:owner': 'amzn1.oa2-cs.v1.0123456789abcdef' })).toBeUndefined();
  });

  it('GIVEN bus names WHEN checked THEN names, default and bus ARNs pass and anything else fails', () => {
    // Act & Assess
    expect(isEventBusName('default')).toBe(true);
    expect(isEventBusName('lwa-events/prod.v1')).toBe(true);
    expect(isEventBusName('arn:aws:events:eu-west-1:123456789012:event-bus/central')).toBe(true);
    expect(isEventBusName('')).toBe(false);
    expect(isEventBusName('bad bus')).toBe(false);
    expect(isEventBusName('arn:aws:sns:eu-west-1:123456789012:topic')).toBe(false);
  });
});
