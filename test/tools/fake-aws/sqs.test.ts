/**
 * The fake's SQS through the unmodified SDK v3 client, which speaks AWS JSON 1.0
 * (X-Amz-Target AmazonSQS.*) and checks the MD5 of every body it sends and receives.
 */
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SQSClient,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { SqsHeldSecrets } from '../../../lambda/adapters/aws/held-secrets';
import { errorOf } from '../../support/error-of';
import { FakeAws, messageAttributesMd5 } from '../../../tools/fake-aws';

const T0 = Date.parse('2027-01-04T00:00:00Z');

let fake: FakeAws;
let client: SQSClient;
let queueUrl: string;

beforeEach(async () => {
  fake = await FakeAws.start();
  client = new SQSClient({
    endpoint: fake.endpoint,
    region: fake.region,
    credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' },
    maxAttempts: 1,
  });
  queueUrl = fake.sqs.createQueue('held', { visibilityTimeoutSeconds: 30 });
});

afterEach(async () => {
  jest.useRealTimers();
  client.destroy();
  expect(fake.problems).toEqual([]);
  await fake.close();
});

/** Only Date moves: the loopback server and the SDK keep their real timers. */
function fakeDate(at: number): void {
  jest.useFakeTimers({
    doNotFake: [
      'nextTick',
      'setImmediate',
      'setTimeout',
      'clearTimeout',
      'setInterval',
      'clearInterval',
      'queueMicrotask',
      'performance',
      'hrtime',
    ],
  });
  jest.setSystemTime(at);
}

describe('FakeAws SQS: SendMessage, ReceiveMessage, DeleteMessage over AWS JSON 1.0', () => {
  it('keeps a body and its attributes exactly, with the MD5 digests the SDK checks', async () => {
    const body = '{"payload":{"newClientSecret":"s3cr\\u00e9t"},"emoji":"\u{1F511}"}';
    const sent = await client.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: body,
        MessageAttributes: {
          clientId: { DataType: 'String', StringValue: 'amzn1.application-oa2-client.abc' },
          count: { DataType: 'Number', StringValue: '3' },
        },
      }),
    );
    expect(sent.MessageId).toBeDefined();
    expect(sent.MD5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/);
    expect(fake.calls.count('SQS.SendMessage')).toBe(1);

    const received = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    const [message] = received.Messages ?? [];
    expect(message?.Body).toBe(body);
    expect(message?.MessageId).toBe(sent.MessageId);
    expect(message?.MessageAttributes).toEqual({
      clientId: { DataType: 'String', StringValue: 'amzn1.application-oa2-client.abc' },
      count: { DataType: 'Number', StringValue: '3' },
    });
    expect(message?.MD5OfMessageAttributes).toBe(sent.MD5OfMessageAttributes);
    expect(message?.Attributes).toEqual({ ApproximateReceiveCount: '1' });
  });

  it('returns only the message attributes asked for, and none without MessageAttributeNames', async () => {
    fake.sqs.send(queueUrl, 'x', {
      a: { DataType: 'String', StringValue: '1' },
      'b.c': { DataType: 'String', StringValue: '2' },
    });
    const names = async (asked?: string[]) => {
      const [message] =
        (
          await client.send(
            new ReceiveMessageCommand({
              QueueUrl: queueUrl,
              MessageAttributeNames: asked,
              VisibilityTimeout: 0,
            }),
          )
        ).Messages ?? [];
      return Object.keys(message?.MessageAttributes ?? {});
    };
    expect(await names()).toEqual([]);
    expect(await names(['b.*'])).toEqual(['b.c']);
    expect(await names(['a'])).toEqual(['a']);
    expect(await names(['All'])).toEqual(['a', 'b.c']);
  });

  it('hides a received message for its visibility timeout, then delivers it again with a new handle', async () => {
    fakeDate(T0);
    fake.sqs.send(queueUrl, 'body');
    const receive = async () =>
      (await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] })))
        .Messages ?? [];

    const [first] = await receive();
    expect(await receive()).toEqual([]);
    jest.setSystemTime(T0 + 30_001);
    const [second] = await receive();

    expect(second?.Attributes?.ApproximateReceiveCount).toBe('2');
    expect(second?.Attributes?.ApproximateFirstReceiveTimestamp).toBe(String(T0));
    expect(second?.ReceiptHandle).not.toBe(first?.ReceiptHandle);
    // The stale handle succeeds and deletes nothing, as SQS answers it
    await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: first?.ReceiptHandle }));
    expect(fake.sqs.messages(queueUrl)).toHaveLength(1);
    await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: second?.ReceiptHandle }));
    expect(fake.sqs.messages(queueUrl)).toEqual([]);
  });

  it('shows a message again at once when its visibility timeout is set to 0, and only while it is in flight', async () => {
    fakeDate(T0);
    fake.sqs.send(queueUrl, 'body');
    const [first] = (await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }))).Messages ?? [];
    expect(fake.sqs.messages(queueUrl).map((m) => m.visible)).toEqual([false]);

    await client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queueUrl,
        ReceiptHandle: first?.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );

    expect(fake.sqs.messages(queueUrl).map((m) => m.visible)).toEqual([true]);
    const again = await errorOf(
      client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: first?.ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      ),
    );
    expect(again.name).toBe('MessageNotInflight');
  });

  it('moves a message received maxReceiveCount times to the dead-letter queue', async () => {
    fakeDate(T0);
    const dlq = fake.sqs.createQueue('dlq');
    const source = fake.sqs.createQueue('source', {
      visibilityTimeoutSeconds: 10,
      deadLetter: { queueUrl: dlq, maxReceiveCount: 2 },
    });
    fake.sqs.send(source, 'poison');
    const counts: string[] = [];
    for (let i = 0; i < 3; i++) {
      jest.setSystemTime(T0 + i * 11_000);
      const result = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: source,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
      );
      counts.push(...(result.Messages ?? []).map((m) => m.Attributes?.ApproximateReceiveCount ?? '?'));
    }
    expect(counts).toEqual(['1', '2']);
    expect(fake.sqs.messages(source)).toEqual([]);
    expect(fake.sqs.messages(dlq).map((m) => m.body)).toEqual(['poison']);

    expect(fake.sqs.redrive(dlq, source)).toBe(1);
    expect(fake.sqs.messages(source).map((m) => [m.body, m.receiveCount])).toEqual([['poison', 0]]);
  });

  it('holds a notification through the intake adapter with its metadata as attributes', async () => {
    await new SqsHeldSecrets(client, queueUrl).hold({
      body: '{"notificationType":"APPLICATION_OAUTH_CLIENT_NEW_SECRET"}',
      notificationId: 'n-1',
      clientId: 'amzn1.application-oa2-client.abc',
      heldAt: new Date(T0),
    });
    const [held] = fake.sqs.messages(queueUrl);
    expect(held?.body).toBe('{"notificationType":"APPLICATION_OAUTH_CLIENT_NEW_SECRET"}');
    expect(held?.attributes).toEqual({
      notificationId: { DataType: 'String', StringValue: 'n-1' },
      clientId: { DataType: 'String', StringValue: 'amzn1.application-oa2-client.abc' },
      heldAt: { DataType: 'String', StringValue: '2027-01-04T00:00:00.000Z' },
    });
  });
});

describe('FakeAws SQS: queue lookups and errors', () => {
  it('finds a queue by name and counts its messages, visible and in flight', async () => {
    fake.sqs.send(queueUrl, 'a');
    fake.sqs.send(queueUrl, 'b');
    await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }));

    expect((await client.send(new GetQueueUrlCommand({ QueueName: 'held' }))).QueueUrl).toBe(queueUrl);
    const attributes = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }),
    );
    expect(attributes.Attributes).toMatchObject({
      ApproximateNumberOfMessages: '1',
      ApproximateNumberOfMessagesNotVisible: '1',
      QueueArn: `arn:aws:sqs:${fake.region}:${fake.accountId}:held`,
      VisibilityTimeout: '30',
    });
  });

  it('answers QueueDoesNotExist, ReceiptHandleIsInvalid and InvalidMessageContents as the SDK types them', async () => {
    const missing = await errorOf(client.send(new GetQueueUrlCommand({ QueueName: 'nope' })));
    expect(missing.name).toBe('QueueDoesNotExist');
    const wrongQueue = await errorOf(
      client.send(
        new SendMessageCommand({ QueueUrl: `${fake.endpoint}/${fake.accountId}/nope`, MessageBody: 'x' }),
      ),
    );
    expect(wrongQueue.name).toBe('QueueDoesNotExist');
    const badHandle = await errorOf(
      client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: 'forged' })),
    );
    expect(badHandle.name).toBe('ReceiptHandleIsInvalid');
    const badBody = await errorOf(
      client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'a\u0000b' })),
    );
    expect(badBody.name).toBe('InvalidMessageContents');
    const tooMany = await errorOf(
      client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 11 })),
    );
    expect(tooMany.message).toMatch(/MaxNumberOfMessages/);
    expect(fake.sqs.messages(queueUrl)).toEqual([]);
  });

  it('refuses, and records, what it does not implement', async () => {
    const error = await errorOf(
      client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'x', DelaySeconds: 5 })),
    );
    expect(error.message).toMatch(/FakeAws does not implement SendMessage with DelaySeconds/);
    expect(fake.problems).toHaveLength(1);
    fake.problems.length = 0;
  });
});

describe('messageAttributesMd5', () => {
  it('gives the digest SQS gives for a known attribute', () => {
    expect(messageAttributesMd5({ timestamp: { DataType: 'Number', StringValue: '1493147359900' } })).toBe(
      '235c5c510d26fb653d073faed50ae77c',
    );
  });

  it('covers names, types and values, whatever order they are given in', () => {
    const one = messageAttributesMd5({
      a: { DataType: 'String', StringValue: 'x' },
      b: { DataType: 'Number', StringValue: '1' },
    });
    const reordered = messageAttributesMd5({
      b: { DataType: 'Number', StringValue: '1' },
      a: { DataType: 'String', StringValue: 'x' },
    });
    expect(reordered).toBe(one);
    expect(
      messageAttributesMd5({
        a: { DataType: 'String', StringValue: 'y' },
        b: { DataType: 'Number', StringValue: '1' },
      }),
    ).not.toBe(one);
    expect(
      messageAttributesMd5({
        a: { DataType: 'String.x', StringValue: 'x' },
        b: { DataType: 'Number', StringValue: '1' },
      }),
    ).not.toBe(one);
  });
});
