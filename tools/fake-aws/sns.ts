import { randomUUID } from 'node:crypto';
import { AwsServiceError, UnsupportedByFake } from './aws-error';

/**
 * SNS (awsQuery: form-encoded `Action=Publish&Version=2010-03-31&…`, XML responses): topics,
 * Publish, with the checks SNS applies to what the monitor sends (subject rules, the `default`
 * key of a `MessageStructure: json` body, message attribute types, the 256 KB limit), and
 * ListSubscriptionsByTopic over subscriptions a test seeds. Every accepted message is recorded
 * with all its fields.
 */

export const SNS_XML_NAMESPACE = 'https://sns.amazonaws.com/doc/2010-03-31/';
const MAX_MESSAGE_BYTES = 256 * 1024;
const MAX_SUBJECT_CHARS = 99;
const MAX_ATTRIBUTES = 10;

export interface MessageAttribute {
  readonly DataType: string;
  readonly StringValue?: string;
  readonly BinaryValue?: string;
}

export interface PublishInput {
  readonly TopicArn?: string;
  readonly Message?: string;
  readonly Subject?: string;
  readonly MessageStructure?: string;
  readonly MessageAttributes: Readonly<Record<string, MessageAttribute>>;
}

export interface PublishedMessage extends PublishInput {
  /** Position among all accepted messages, from 1. */
  readonly sequence: number;
  readonly messageId: string;
  readonly TopicArn: string;
  readonly Message: string;
  /** With `MessageStructure: json`, the body for each protocol (`default`, `email`, `sms`, …). */
  readonly bodies?: Readonly<Record<string, string>>;
}

const PUBLISH_PARAMETERS = new Set([
  'Action',
  'Version',
  'TopicArn',
  'TargetArn',
  'PhoneNumber',
  'Message',
  'Subject',
  'MessageStructure',
  'MessageDeduplicationId',
  'MessageGroupId',
]);
const ATTRIBUTE_PARAMETER =
  /^MessageAttributes\.entry\.(\d+)\.(Name|Value\.DataType|Value\.StringValue|Value\.BinaryValue)$/;

function invalidParameter(what: string): AwsServiceError {
  return new AwsServiceError(400, 'InvalidParameter', `Invalid parameter: ${what}`);
}

function invalidParameterValue(message: string): AwsServiceError {
  return new AwsServiceError(400, 'ParameterValueInvalid', message);
}

/** Decodes the query-protocol form of a Publish request. */
export function parsePublish(form: URLSearchParams): PublishInput {
  const entries = new Map<
    string,
    { Name?: string; DataType?: string; StringValue?: string; BinaryValue?: string }
  >();
  const scalars: Record<string, string> = {};
  for (const [key, value] of form) {
    const attribute = ATTRIBUTE_PARAMETER.exec(key);
    if (attribute) {
      const [, index = '', field = ''] = attribute;
      const entry = entries.get(index) ?? {};
      const name = field.replace('Value.', '') as 'Name' | 'DataType' | 'StringValue' | 'BinaryValue';
      entry[name] = value;
      entries.set(index, entry);
    } else if (PUBLISH_PARAMETERS.has(key)) {
      scalars[key] = value;
    } else {
      throw new UnsupportedByFake(`the Publish parameter ${key}`);
    }
  }
  const attributes: Record<string, MessageAttribute> = {};
  for (const entry of entries.values()) {
    if (entry.Name === undefined || entry.DataType === undefined) {
      throw invalidParameterValue('The message attribute entry must have a Name and a DataType.');
    }
    attributes[entry.Name] = {
      DataType: entry.DataType,
      ...(entry.StringValue !== undefined ? { StringValue: entry.StringValue } : {}),
      ...(entry.BinaryValue !== undefined ? { BinaryValue: entry.BinaryValue } : {}),
    };
  }
  for (const unsupported of ['TargetArn', 'PhoneNumber', 'MessageDeduplicationId', 'MessageGroupId']) {
    if (scalars[unsupported] !== undefined)
      throw new UnsupportedByFake(`the Publish parameter ${unsupported}`);
  }
  return {
    TopicArn: scalars.TopicArn,
    Message: scalars.Message,
    Subject: scalars.Subject,
    MessageStructure: scalars.MessageStructure,
    MessageAttributes: attributes,
  };
}

function checkAttributes(attributes: Readonly<Record<string, MessageAttribute>>): number {
  const names = Object.keys(attributes);
  if (names.length > MAX_ATTRIBUTES) {
    throw invalidParameterValue(
      `Number of message attributes [${names.length}] exceeds the allowed maximum [10].`,
    );
  }
  let bytes = 0;
  for (const [name, attribute] of Object.entries(attributes)) {
    if (
      !/^[A-Za-z0-9_.-]{1,256}$/.test(name) ||
      /^(aws\.|amazon\.)/i.test(name) ||
      name.startsWith('.') ||
      name.endsWith('.') ||
      name.includes('..')
    ) {
      throw invalidParameterValue(`The message attribute name '${name}' is invalid.`);
    }
    const base = attribute.DataType.split('.')[0];
    if (base !== 'String' && base !== 'Number' && base !== 'Binary') {
      throw invalidParameterValue(
        `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
      );
    }
    if (base === 'Binary') {
      if (!attribute.BinaryValue) {
        throw invalidParameterValue(
          `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${attribute.DataType}'.`,
        );
      }
    } else {
      const value = attribute.StringValue;
      if (value === undefined || value === '') {
        throw invalidParameterValue(
          `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${attribute.DataType}'.`,
        );
      }
      if (base === 'Number' && !/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value)) {
        throw invalidParameterValue(
          `The message attribute '${name}' with type 'Number' has an invalid numeric value: '${value}'.`,
        );
      }
    }
    bytes += Buffer.byteLength(name) + Buffer.byteLength(attribute.DataType);
    bytes += Buffer.byteLength(attribute.StringValue ?? attribute.BinaryValue ?? '');
  }
  return bytes;
}

function parseStructure(message: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    throw invalidParameter('Message Structure - JSON message body failed to parse');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidParameter('Message Structure - JSON message body failed to parse');
  }
  const bodies: Record<string, string> = {};
  for (const [protocol, body] of Object.entries(parsed)) {
    if (typeof body !== 'string') {
      throw invalidParameter(`Message Structure - the value for protocol ${protocol} is not a string`);
    }
    bodies[protocol] = body;
  }
  if (bodies.default === undefined) {
    throw invalidParameter('Message Structure - No default entry in JSON message body');
  }
  return bodies;
}

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
    const topicArn = input.TopicArn;
    if (topicArn === undefined)
      throw invalidParameter('TopicArn or TargetArn Reason: no value for required parameter');
    if (!this.topics.has(topicArn)) throw new AwsServiceError(404, 'NotFound', 'Topic does not exist');
    const message = input.Message;
    if (message === undefined || message === '') throw invalidParameter('Empty message');
    if (input.Subject !== undefined) {
      const subject = input.Subject;
      if (
        subject === '' ||
        subject.length > MAX_SUBJECT_CHARS ||
        !/^[\x20-\x7e]+$/.test(subject) ||
        !/^[A-Za-z0-9\p{P}]/u.test(subject)
      ) {
        throw invalidParameter('Subject');
      }
    }
    let bodies: Record<string, string> | undefined;
    if (input.MessageStructure !== undefined) {
      if (input.MessageStructure !== 'json') throw invalidParameter('MessageStructure');
      bodies = parseStructure(message);
    }
    const bytes = Buffer.byteLength(message) + checkAttributes(input.MessageAttributes);
    if (bytes > MAX_MESSAGE_BYTES) throw invalidParameter('Message too long');
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

/** The value of one message attribute of a Publish request, for fault predicates. */
export function publishAttribute(form: URLSearchParams | undefined, name: string): string | undefined {
  if (!form) return undefined;
  try {
    return parsePublish(form).MessageAttributes[name]?.StringValue;
  } catch {
    return undefined;
  }
}

export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
