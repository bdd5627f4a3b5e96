import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { SnsAlertPublisher, toPublishInput } from '../../../../lambda/adapters/aws/alert-publisher';
import type { AlertMessage } from '../../../../lambda/domain/alert-message';

const sns = mockClient(SNSClient);
const TOPIC_ARN = 'arn:aws:sns:eu-west-1:111122223333:lwa-expiry-alerts';

const MESSAGE: AlertMessage = {
  subject: '[LWA 7-day] Acme Repricer client secret expires in 5 days',
  email:
    'The Login with Amazon (LWA) client secret of Acme Repricer expires in 5 days.\n\nApp: Acme Repricer',
  sms: 'LWA secret of Acme Repricer expires in 5d (2026-06-01 00:00 UTC).',
  attributes: { app: 'Acme Repricer', severity: '7-day', daysLeft: 5 },
};

function publisher(): SnsAlertPublisher {
  return new SnsAlertPublisher(new SNSClient({ region: 'eu-west-1' }), TOPIC_ARN);
}

beforeEach(() => {
  sns.reset();
});

describe('SnsAlertPublisher: one message with a body per protocol', () => {
  it('GIVEN an alert WHEN published THEN SNS gets JSON structure with default, email and sms bodies, the subject and attributes', async () => {
    // Prepare
    sns.on(PublishCommand).resolves({ MessageId: 'sns-message-1' });
    // Act
    const result = await publisher().publish(MESSAGE);
    // Assess
    expect(result).toEqual({ messageId: 'sns-message-1' });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: TOPIC_ARN,
      Subject: MESSAGE.subject,
      MessageStructure: 'json',
      MessageAttributes: {
        app: { DataType: 'String', StringValue: 'Acme Repricer' },
        severity: { DataType: 'String', StringValue: '7-day' },
        daysLeft: { DataType: 'Number', StringValue: '5' },
      },
    });
    const body: unknown = JSON.parse(sns.commandCalls(PublishCommand)[0]?.args[0].input.Message ?? 'null');
    expect(body).toEqual({ default: MESSAGE.email, email: MESSAGE.email, sms: MESSAGE.sms });
  });

  it('GIVEN an alert with or without an owner WHEN published THEN the owner attribute is set only when there is one', () => {
    // Act
    const owned = toPublishInput(TOPIC_ARN, {
      ...MESSAGE,
      attributes: { ...MESSAGE.attributes, owner: 'payments' },
    });
    const unowned = toPublishInput(TOPIC_ARN, MESSAGE);
    // Assess
    expect(owned.MessageAttributes).toHaveProperty('owner', { DataType: 'String', StringValue: 'payments' });
    expect(unowned.MessageAttributes).not.toHaveProperty('owner');
  });

  it('GIVEN an expired alert WHEN published THEN a negative daysLeft is still a Number attribute', () => {
    // Act
    const input = toPublishInput(TOPIC_ARN, {
      ...MESSAGE,
      attributes: { ...MESSAGE.attributes, severity: 'expired', daysLeft: -3 },
    });
    // Assess
    expect(input.MessageAttributes.daysLeft).toEqual({ DataType: 'Number', StringValue: '-3' });
  });

  it('GIVEN a very long or empty app name WHEN published THEN the attribute is cut to 256 characters or "?"', () => {
    // Act
    const long = toPublishInput(TOPIC_ARN, {
      ...MESSAGE,
      attributes: { ...MESSAGE.attributes, app: 'A'.repeat(300) },
    });
    const empty = toPublishInput(TOPIC_ARN, { ...MESSAGE, attributes: { ...MESSAGE.attributes, app: '' } });
    // Assess
    expect(long.MessageAttributes.app.StringValue).toBe('A'.repeat(256));
    expect(empty.MessageAttributes.app.StringValue).toBe('?');
  });

  it.each([
    ['an odd number of letters before emoji', `A${'😀'.repeat(200)}`],
    ['only emoji', '🚀'.repeat(200)],
  ])(
    'GIVEN an app name of %s past 256 units WHEN published THEN the cut never splits a surrogate pair',
    (_label, app) => {
      // Act
      const input = toPublishInput(TOPIC_ARN, { ...MESSAGE, attributes: { ...MESSAGE.attributes, app } });
      // Assess: the SNS query protocol URI-encodes every value; a lone surrogate half makes that throw.
      const value = input.MessageAttributes.app.StringValue;
      expect(value.length).toBeLessThanOrEqual(256);
      expect(value.length).toBeGreaterThanOrEqual(255);
      expect(app.startsWith(value)).toBe(true);
      expect(() => encodeURIComponent(value)).not.toThrow();
    },
  );

  it('GIVEN SNS rejects the call WHEN published THEN the error reaches the caller', async () => {
    // Prepare
    sns.on(PublishCommand).rejects(new Error('KMSThrottlingException: slow down'));
    // Act / Assess
    await expect(publisher().publish(MESSAGE)).rejects.toThrow('KMSThrottlingException');
  });

  it('GIVEN SNS answers without a MessageId WHEN published THEN it is treated as not accepted', async () => {
    // Prepare
    sns.on(PublishCommand).resolves({});
    // Act / Assess
    await expect(publisher().publish(MESSAGE)).rejects.toThrow('returned no MessageId');
  });
});
