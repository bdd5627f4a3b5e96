import { randomUUID } from 'node:crypto';
import { AwsServiceError, UnsupportedByFake } from './aws-error';
import type { FilterPolicy } from './sns-filter-policy';
import { filterPolicyMatches, parseFilterPolicy } from './sns-filter-policy';
import type { PublishInput, PublishedMessage } from './sns-publish';
import { checkPublish, invalidParameter, parsePublish } from './sns-publish';
import { xmlEscape } from './xml';

/**
 * SNS (awsQuery: form-encoded `Action=Publish&Version=2010-03-31&…`, XML responses): topics,
 * Publish, with the checks SNS applies to what the monitor sends (sns-publish.ts), and
 * ListSubscriptionsByTopic over subscriptions a test seeds. Every accepted message is recorded
 * with all its fields, and delivered (recorded in `deliveries`) to each confirmed subscription of
 * its topic whose filter policy matches its message attributes (sns-filter-policy.ts).
 */

export const SNS_XML_NAMESPACE = 'https://sns.amazonaws.com/doc/2010-03-31/';

/** A subscription as a test seeds it; an email or HTTP one waits for confirmation until confirmed. */
export interface FakeSubscription {
  readonly topicArn: string;
  readonly protocol: string;
  readonly endpoint: string;
  /** `PendingConfirmation` until confirmed, as SNS reports it. */
  readonly subscriptionArn: string;
  /** The filter policy (message-attributes scope) as given; none: every message. */
  readonly filterPolicy?: string | Readonly<Record<string, unknown>>;
}

/** One message as SNS hands it to one subscriber. */
export interface FakeDelivery {
  /** Position among all deliveries, from 1. */
  readonly sequence: number;
  readonly subscriptionArn: string;
  readonly protocol: string;
  readonly endpoint: string;
  readonly message: PublishedMessage;
  /** What the subscriber gets: the protocol's body of a JSON-structured message (else `default`), or the message. */
  readonly body: string;
}

/** SNS pages ListSubscriptionsByTopic by 100. */
const SUBSCRIPTIONS_PAGE = 100;

export class FakeSns {
  readonly published: PublishedMessage[] = [];
  private readonly topics = new Set<string>();
  readonly deliveries: FakeDelivery[] = [];
  private readonly subscriptions: FakeSubscription[] = [];
  private readonly policies = new Map<FakeSubscription, FilterPolicy>();

  constructor(
    readonly region: string,
    readonly accountId: string,
  ) {}

  createTopic(name: string): string {
    const arn = `arn:aws:sns:${this.region}:${this.accountId}:${name}`;
    this.topics.add(arn);
    return arn;
  }

  /**
   * Adds a subscription; `confirmed: false` leaves it pending, as an unconfirmed email is (it gets
   * nothing). A `filterPolicy` (an object as in a template, or its JSON text) is parsed now: one
   * the fake cannot evaluate throws UnsupportedByFake.
   */
  subscribe(
    topicArn: string,
    protocol: string,
    endpoint: string,
    options: { confirmed?: boolean; filterPolicy?: string | Readonly<Record<string, unknown>> } = {},
  ): FakeSubscription {
    if (!this.topics.has(topicArn)) throw new Error(`FakeSns: no topic ${topicArn}`);
    const confirmed = options.confirmed ?? true;
    const policy = options.filterPolicy === undefined ? undefined : parseFilterPolicy(options.filterPolicy);
    const subscription: FakeSubscription = {
      topicArn,
      protocol,
      endpoint,
      subscriptionArn: confirmed ? `${topicArn}:${randomUUID()}` : 'PendingConfirmation',
      ...(options.filterPolicy === undefined ? {} : { filterPolicy: options.filterPolicy }),
    };
    this.subscriptions.push(subscription);
    if (policy) this.policies.set(subscription, policy);
    return subscription;
  }

  /** The deliveries to one endpoint, in order. */
  deliveriesTo(endpoint: string): FakeDelivery[] {
    return this.deliveries.filter((d) => d.endpoint === endpoint);
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
    // Which subscriptions get it is decided before anything is recorded: a policy the fake cannot
    // evaluate fails the publish rather than dropping or delivering it silently.
    const recipients = this.subscriptions.filter((s) => {
      if (s.topicArn !== topicArn || s.subscriptionArn === 'PendingConfirmation') return false;
      const policy = this.policies.get(s);
      return policy === undefined || filterPolicyMatches(policy, input.MessageAttributes);
    });
    const messageId = randomUUID();
    const published: PublishedMessage = {
      ...input,
      TopicArn: topicArn,
      Message: message,
      sequence: this.published.length + 1,
      messageId,
      ...(bodies ? { bodies } : {}),
    };
    this.published.push(published);
    for (const s of recipients) {
      this.deliveries.push({
        sequence: this.deliveries.length + 1,
        subscriptionArn: s.subscriptionArn,
        protocol: s.protocol,
        endpoint: s.endpoint,
        message: published,
        body: bodies ? (bodies[s.protocol] ?? bodies.default ?? message) : message,
      });
    }
    return messageId;
  }
}
