/**
 * What SNS hands a Lambda subscriber for a message the alert publisher sends: the `default`
 * body of the JSON message structure, the subject, and the message attributes as
 * `{ Type, Value }` (the record shape documented for SNS → Lambda).
 */
import type { SNSEvent, SNSEventRecord } from 'aws-lambda';
import { toPublishInput } from '../../../lambda/adapters/aws/alert-publisher';
import type { AlertMessage } from '../../../lambda/domain/alert-message';

export const TOPIC_ARN = 'arn:aws:sns:eu-west-1:111122223333:lwa-expiry-alerts';

export function snsRecordFor(message: AlertMessage, messageId = 'msg-0001'): SNSEventRecord {
  const input = toPublishInput(TOPIC_ARN, message);
  const structure = JSON.parse(input.Message) as { default: string };
  return {
    EventSource: 'aws:sns',
    EventVersion: '1.0',
    EventSubscriptionArn: `${TOPIC_ARN}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55`,
    Sns: {
      Type: 'Notification',
      MessageId: messageId,
      TopicArn: TOPIC_ARN,
      Subject: input.Subject,
      Message: structure.default,
      Timestamp: '2026-05-27T09:00:01.000Z',
      SignatureVersion: '1',
      Signature: 'EXAMPLE',
      SigningCertUrl: 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0000.pem',
      UnsubscribeUrl: 'https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe',
      MessageAttributes: Object.fromEntries(
        Object.entries(input.MessageAttributes).map(([name, value]) => [
          name,
          { Type: value.DataType, Value: value.StringValue },
        ]),
      ),
    },
  };
}

export function snsEventFor(message: AlertMessage, messageId?: string): SNSEvent {
  return { Records: [snsRecordFor(message, messageId)] };
}

export const SAMPLE_ALERT: AlertMessage = {
  subject: '[LWA 7-day] Acme & Co <EU> client secret expires in 7 days',
  email:
    'The Login with Amazon (LWA) client secret of Acme & Co <EU> expires in 7 days.\n\nApp:            Acme & Co <EU>\nDays left:      7\n\n-- lwa-expiry-monitor.',
  sms: 'LWA secret of Acme expires in 7d.',
  attributes: { app: 'Acme & Co <EU>', severity: '7-day', daysLeft: 7 },
};
