import { randomUUID } from 'node:crypto';
import { AwsServiceError, UnsupportedByFake } from './aws-error';
import type { PublishInput, PublishedMessage } from './sns-publish';
import { checkPublish, invalidParameter, parsePublish } from './sns-publish';
import { xmlEscape } from './xml';

/**
 * SNS (awsQuery: form-encoded `Action=Publish&Version=2010-03-31&…`, XML responses): topics,
 * Publish, with the checks SNS applies to what the monitor sends (sns-publish.ts), and
 * ListSubscriptionsByTopic over subscriptions a test seeds. Every accepted message is recorded
 * with all its fields.
 */

export const SNS_XML_NAMESPACE = 'https://sns.amazonaws.com/doc/2010-03-31/';

/** A subscription as a test seeds it; an email or HTTP one waits for confirmation until confirmed. */
export interface FakeSubscription {
  readonly topicArn: string;
  readonly protocol: string;
  readonly endpoint: string;
  /** `PendingConfirmation` until confirmed, as SNS reports it. */
  readonly subscriptionArn: string;
}

/** SNS pages ListSubscriptionsByTopic by 100. */
const SUBSCRIPTIONS_PAGE = 100;

export class FakeSns {
  readonly published: PublishedMessage[] = [];
  private readonly topics = new Set<string>();
  private readonly subscriptions: FakeSubscription[] = [];

  constructor(
    readonly region: string,
    readonly accountId: string,
  ) {}

  createTopic(name: string): string {
    const arn = `arn:aws:sns:${this.region}:${this.accountId}:${name}`;
    this.topics.add(arn);
    return arn;
  }

  /** Adds a subscription; `confirmed: false` leaves it pending, as an unconfirmed email is. */
  subscribe(
    topicArn: string,
    protocol: string,
    endpoint: string,
    options: { confirmed?: boolean } = {},
  ): FakeSubscription {
    if (!this.topics.has(topicArn)) throw new Error(`FakeSns: no topic ${topicArn}`);
    const confirmed = options.confirmed ?? true;
    const subscription = {
      topicArn,
      protocol,
      endpoint,
      subscriptionArn: confirmed ? `${topicArn}:${randomUUID()}` : 'PendingConfirmation',
    };
    this.subscriptions.push(subscription);
    return subscription;
  }

  /** Runs one query-protocol action and returns the XML `…Result` element's content. */
  handle(action: string, form: URLSearchParams): string {
    switch (action) {
      case 'Publish':
        return `<MessageId>${this.publish(parsePublish(form))}</MessageId>`;
      case 'ListSubscriptionsByTopic':
        return this.listSubscriptionsByTopic(form);
      default:
        throw new UnsupportedByFake(`the SNS action ${action}`);
    }
  }

  private listSubscriptionsByTopic(form: URLSearchParams): string {
    for (const key of form.keys()) {
      if (!['Action', 'Version', 'TopicArn', 'NextToken'].includes(key)) {
        throw new UnsupportedByFake(`the ListSubscriptionsByTopic parameter ${key}`);
      }
    }
    const topicArn = form.get('TopicArn');
    if (topicArn === null) throw invalidParameter('TopicArn Reason: no value for required parameter');
    if (!this.topics.has(topicArn)) throw new AwsServiceError(404, 'NotFound', 'Topic does not exist');
    const token = form.get('NextToken');
    const offset = token === null ? 0 : Number(Buffer.from(token, 'base64').toString('utf8'));
    if (!Number.isInteger(offset) || offset < 0) throw invalidParameter('NextToken');
    const all = this.subscriptions.filter((s) => s.topicArn === topicArn);
    const page = all.slice(offset, offset + SUBSCRIPTIONS_PAGE);
    const members = page
      .map(
        (s) =>
          `<member><TopicArn>${xmlEscape(s.topicArn)}</TopicArn><Protocol>${xmlEscape(s.protocol)}</Protocol>` +
          `<SubscriptionArn>${xmlEscape(s.subscriptionArn)}</SubscriptionArn><Owner>${this.accountId}</Owner>` +
          `<Endpoint>${xmlEscape(s.endpoint)}</Endpoint></member>`,
      )
      .join('');
    const next =
      offset + SUBSCRIPTIONS_PAGE < all.length
        ? `<NextToken>${Buffer.from(String(offset + SUBSCRIPTIONS_PAGE), 'utf8').toString('base64')}</NextToken>`
        : '';
    return `<Subscriptions>${members}</Subscriptions>${next}`;
  }

  private publish(input: PublishInput): string {
    const { topicArn, message, bodies } = checkPublish(input, (arn) => this.topics.has(arn));
    const messageId = randomUUID();
    this.published.push({
      ...input,
      TopicArn: topicArn,
      Message: message,
      sequence: this.published.length + 1,
      messageId,
      ...(bodies ? { bodies } : {}),
    });
    return messageId;
  }
}
