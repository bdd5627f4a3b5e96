import { createHash } from 'node:crypto';
import { AwsServiceError } from './aws-error';
import type { JsonObject } from './json-input';
import {
  isJsonObject,
  onlyKnownMembers,
  optionalArray,
  optionalObject,
  optionalString,
  requiredString,
} from './json-input';

/**
 * The content of an SQS message: its body's characters, its message attributes (checked as SQS
 * checks them, sized, selected by name on receive) and the MD5 digests the SDK verifies.
 */

const MAX_MESSAGE_BYTES = 256 * 1024;
const MAX_ATTRIBUTES = 10;

export interface SqsMessageAttribute {
  readonly DataType: string;
  readonly StringValue?: string;
  /** Base64, as the JSON protocol carries it. */
  readonly BinaryValue?: string;
}

export function invalidParameter(message: string): AwsServiceError {
  return new AwsServiceError(400, 'InvalidParameterValue', message);
}

export function md5(data: Buffer | string): string {
  return createHash('md5').update(data).digest('hex');
}

/**
 * The MD5 of message attributes as SQS computes it: per attribute, sorted by name, the name,
 * the data type and the value, each prefixed by its 4-byte big-endian length, with a transport
 * byte (1 string, 2 binary) before the value.
 */
export function messageAttributesMd5(attributes: Readonly<Record<string, SqsMessageAttribute>>): string {
  const parts: Buffer[] = [];
  const lengthPrefixed = (bytes: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    parts.push(length, bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const attribute = attributes[name];
    if (attribute === undefined) continue;
    lengthPrefixed(Buffer.from(name, 'utf8'));
    lengthPrefixed(Buffer.from(attribute.DataType, 'utf8'));
    if (attribute.BinaryValue !== undefined) {
      parts.push(Buffer.from([2]));
      lengthPrefixed(Buffer.from(attribute.BinaryValue, 'base64'));
    } else {
      parts.push(Buffer.from([1]));
      lengthPrefixed(Buffer.from(attribute.StringValue ?? '', 'utf8'));
    }
  }
  return md5(Buffer.concat(parts));
}

/** SQS accepts #x9 #xA #xD, #x20-#xD7FF, #xE000-#xFFFD and #x10000-#x10FFFF only. */
function validText(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const ok =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      (code >= 0x10000 && code <= 0x10ffff);
    if (!ok) return false;
  }
  return true;
}

/** A body SQS accepts: not empty, and only the characters it allows. */
export function checkBodyText(body: string): void {
  if (body === '') throw invalidParameter('The request must contain the parameter MessageBody.');
  if (!validText(body)) {
    throw new AwsServiceError(400, 'InvalidMessageContents', 'Invalid characters found in the message body.');
  }
}

/** The body and the attributes together within the 256 KB SQS allows. */
export function checkMessageSize(body: string, attributeBytes: number): void {
  if (Buffer.byteLength(body) + attributeBytes > MAX_MESSAGE_BYTES) {
    throw invalidParameter(
      `One or more parameters are invalid. Reason: Message must be shorter than ${MAX_MESSAGE_BYTES} bytes.`,
    );
  }
}

function checkAttributeName(name: string): void {
  if (
    !/^[A-Za-z0-9_.-]{1,256}$/.test(name) ||
    /^(aws\.|amazon\.)/i.test(name) ||
    name.startsWith('.') ||
    name.endsWith('.') ||
    name.includes('..')
  ) {
    throw invalidParameter(`The message attribute name '${name}' is invalid.`);
  }
}

/** A value of the attribute's type: non-empty, valid characters, a number for Number. */
function checkAttributeValue(
  name: string,
  dataType: string,
  base: string | undefined,
  stringValue: string | undefined,
  binaryValue: string | undefined,
): void {
  if (base === 'Binary') {
    if (!binaryValue) {
      throw invalidParameter(
        `The message attribute '${name}' must contain a non-empty value of type '${dataType}'.`,
      );
    }
  } else if (base === 'String' || base === 'Number') {
    if (stringValue === undefined || stringValue === '') {
      throw invalidParameter(
        `The message attribute '${name}' must contain a non-empty value of type '${dataType}'.`,
      );
    }
    if (!validText(stringValue)) {
      throw new AwsServiceError(
        400,
        'InvalidMessageContents',
        `The message attribute '${name}' has invalid characters.`,
      );
    }
    if (base === 'Number' && !/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(stringValue)) {
      throw invalidParameter(
        `The message attribute '${name}' with type 'Number' has an invalid numeric value.`,
      );
    }
  } else {
    throw invalidParameter(
      `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
    );
  }
}

/** SendMessage's MessageAttributes, checked, and the bytes they add to the message size. */
export function parseAttributes(input: JsonObject): {
  attributes: Record<string, SqsMessageAttribute>;
  bytes: number;
} {
  const raw = optionalObject(input, 'MessageAttributes') ?? {};
  const names = Object.keys(raw);
  if (names.length > MAX_ATTRIBUTES) {
    throw invalidParameter(
      `Number of message attributes [${names.length}] exceeds the allowed maximum [10].`,
    );
  }
  const attributes: Record<string, SqsMessageAttribute> = {};
  let bytes = 0;
  for (const [name, value] of Object.entries(raw)) {
    if (!isJsonObject(value)) throw invalidParameter(`The message attribute '${name}' must be an object.`);
    onlyKnownMembers(value, 'MessageAttributeValue', ['DataType', 'StringValue', 'BinaryValue']);
    checkAttributeName(name);
    const dataType = requiredString(value, 'DataType');
    const base = dataType.split('.')[0];
    const stringValue = optionalString(value, 'StringValue');
    const binaryValue = optionalString(value, 'BinaryValue');
    checkAttributeValue(name, dataType, base, stringValue, binaryValue);
    attributes[name] = {
      DataType: dataType,
      ...(base === 'Binary' ? { BinaryValue: binaryValue } : { StringValue: stringValue }),
    };
    bytes += Buffer.byteLength(name) + Buffer.byteLength(dataType);
    bytes +=
      base === 'Binary'
        ? Buffer.from(binaryValue ?? '', 'base64').length
        : Buffer.byteLength(stringValue ?? '');
  }
  return { attributes, bytes };
}

/** `All`, `.*`, a name, or a prefix ending in `.*`, as ReceiveMessage's MessageAttributeNames take them. */
export function attributeSelected(name: string, patterns: readonly string[]): boolean {
  return patterns.some(
    (pattern) =>
      pattern === 'All' ||
      pattern === '.*' ||
      pattern === name ||
      (pattern.endsWith('.*') && name.startsWith(pattern.slice(0, -1))),
  );
}

export function stringList(input: JsonObject, key: string): string[] {
  return (optionalArray(input, key) ?? []).map((entry) => {
    if (typeof entry !== 'string') throw invalidParameter(`${key} must be a list of strings`);
    return entry;
  });
}
