import type { SNSEventRecord } from 'aws-lambda';
import { FALLBACK_SUBJECT, toForwardedAlert } from '../../../lambda/webhooks/forwarded-alert';
import { SAMPLE_ALERT, snsRecordFor } from './sns-delivery';

describe('toForwardedAlert: an SNS → Lambda record as the email subscribers see it', () => {
  it('takes the default body, the subject and the attributes', () => {
    expect(toForwardedAlert(snsRecordFor(SAMPLE_ALERT, 'm-1'))).toEqual({
      messageId: 'm-1',
      subject: SAMPLE_ALERT.subject,
      text: SAMPLE_ALERT.email,
      severity: '7-day',
      app: 'Acme & Co <EU>',
      daysLeft: 7,
    });
  });

  it('copes with a message without subject or attributes (SNS sends null)', () => {
    const record = snsRecordFor(SAMPLE_ALERT);
    const bare = {
      ...record,
      Sns: { ...record.Sns, Subject: null, MessageAttributes: {} },
    } as unknown as SNSEventRecord;
    expect(toForwardedAlert(bare)).toMatchObject({
      subject: FALLBACK_SUBJECT,
      severity: undefined,
      daysLeft: undefined,
    });
  });
});
