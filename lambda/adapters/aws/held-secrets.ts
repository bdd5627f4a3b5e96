import type { SQSClient } from '@aws-sdk/client-sqs';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { HeldNotification, HeldSecrets } from '../../ports/held-secrets';

/** Message attributes of a held notification: metadata only, for `release-held` and for people. */
export const HELD_ATTRIBUTE = {
  notificationId: 'notificationId',
  clientId: 'clientId',
  heldAt: 'heldAt',
} as const;

export class SqsHeldSecrets implements HeldSecrets {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async hold(notification: HeldNotification): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: notification.body,
        MessageAttributes: {
          [HELD_ATTRIBUTE.notificationId]: { DataType: 'String', StringValue: notification.notificationId },
          [HELD_ATTRIBUTE.clientId]: { DataType: 'String', StringValue: notification.clientId },
          [HELD_ATTRIBUTE.heldAt]: { DataType: 'String', StringValue: notification.heldAt.toISOString() },
        },
      }),
    );
  }
}
