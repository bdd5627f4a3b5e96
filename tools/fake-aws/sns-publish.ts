import { AwsServiceError, UnsupportedByFake } from './aws-error';

/**
 * SNS Publish as the query protocol carries it: the form decoded, then checked as SNS checks what
 * the monitor sends (subject rules, the `default` key of a `MessageStructure: json` body,
 * message attribute types, the 256 KB limit).
 */

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

export function invalidParameter(what: string): AwsServiceError {
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

/** A subject SNS accepts: printable ASCII, at most 99 characters, starting with a letter, digit or punctuation. */
function checkSubject(subject: string | undefined): void {
  if (subject === undefined) return;
  if (
    subject === '' ||
    subject.length > MAX_SUBJECT_CHARS ||
    !/^[\x20-\x7e]+$/.test(subject) ||
    !/^[A-Za-z0-9\p{P}]/u.test(subject)
  ) {
    throw invalidParameter('Subject');
  }
}

/**
 * Checks a Publish to a topic that exists as SNS does, and returns what it records: the topic,
 * the message and, with `MessageStructure: json`, the body for each protocol.
 */
export function checkPublish(
  input: PublishInput,
  topicExists: (arn: string) => boolean,
): { topicArn: string; message: string; bodies?: Record<string, string> } {
  const topicArn = input.TopicArn;
  if (topicArn === undefined)
    throw invalidParameter('TopicArn or TargetArn Reason: no value for required parameter');
  if (!topicExists(topicArn)) throw new AwsServiceError(404, 'NotFound', 'Topic does not exist');
  const message = input.Message;
  if (message === undefined || message === '') throw invalidParameter('Empty message');
  checkSubject(input.Subject);
  let bodies: Record<string, string> | undefined;
  if (input.MessageStructure !== undefined) {
    if (input.MessageStructure !== 'json') throw invalidParameter('MessageStructure');
    bodies = parseStructure(message);
  }
  const bytes = Buffer.byteLength(message) + checkAttributes(input.MessageAttributes);
  if (bytes > MAX_MESSAGE_BYTES) throw invalidParameter('Message too long');
  return { topicArn, message, ...(bodies ? { bodies } : {}) };
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
