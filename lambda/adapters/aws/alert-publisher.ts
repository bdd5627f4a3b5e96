import type { SNSClient } from '@aws-sdk/client-sns';
import { PublishCommand } from '@aws-sdk/client-sns';
import type { AlertMessage } from '../../domain/alert-message';
import type { AlertPublisher } from '../../ports/alert-publisher';

/** SNS limits a message attribute value to what a topic filter can match; app names are cut to this. */
const MAX_ATTRIBUTE_CHARS = 256;

/**
 * Cuts `text` to `max` UTF-16 units without splitting a surrogate pair: a lone half cannot be
 * URI-encoded, so the SDK would reject every publish for that app.
 */
function cutWhole(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

/** One SNS message with a body per protocol (`MessageStructure: json`). */
export function toPublishInput(topicArn: string, message: AlertMessage) {
  return {
    TopicArn: topicArn,
    Subject: message.subject,
    MessageStructure: 'json',
    Message: JSON.stringify({ default: message.email, email: message.email, sms: message.sms }),
    MessageAttributes: {
      app: { DataType: 'String', StringValue: cutWhole(message.attributes.app, MAX_ATTRIBUTE_CHARS) || '?' },
      severity: { DataType: 'String', StringValue: message.attributes.severity },
      daysLeft: { DataType: 'Number', StringValue: String(message.attributes.daysLeft) },
      ...(message.attributes.owner === undefined
        ? {}
        : { owner: { DataType: 'String', StringValue: message.attributes.owner } }),
    },
  };
}

export class SnsAlertPublisher implements AlertPublisher {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  async publish(message: AlertMessage): Promise<{ readonly messageId: string }> {
    const result = await this.client.send(new PublishCommand(toPublishInput(this.topicArn, message)));
    if (!result.MessageId) throw new Error('SNS accepted the publish call but returned no MessageId');
    return { messageId: result.MessageId };
  }
}
