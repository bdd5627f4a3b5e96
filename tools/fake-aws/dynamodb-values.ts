import { validationError } from './aws-error';
import { isJsonObject } from './json-input';

/** An AttributeValue exactly as it travels in DynamoDB's JSON protocol: `{"S":"…"}`, `{"N":"12"}`, … */
export type AttributeValueJson = { readonly [type: string]: unknown };
export type Item = Readonly<Record<string, AttributeValueJson>>;

const TYPES = ['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL'] as const;
const NUMBER_PATTERN = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function describe(path: string): string {
  return path === '' ? 'the item' : path;
}

/** Validates one AttributeValue the way DynamoDB does (one type descriptor, well-formed numbers). */
export function checkAttributeValue(value: unknown, path: string): AttributeValueJson {
  if (!isJsonObject(value)) {
    throw validationError(`Supplied AttributeValue is not an object at ${describe(path)}`);
  }
  const keys = Object.keys(value);
  if (keys.length !== 1 || !TYPES.includes(keys[0] as (typeof TYPES)[number])) {
    throw validationError(
      `Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes (${describe(path)})`,
    );
  }
  const type = keys[0] as (typeof TYPES)[number];
  const inner = value[type];
  switch (type) {
    case 'S':
    case 'B':
      if (typeof inner !== 'string') throw validationError(`${type} at ${describe(path)} must be a string`);
      break;
    case 'N':
      if (typeof inner !== 'string' || !NUMBER_PATTERN.test(inner.trim())) {
        throw validationError(
          `The parameter cannot be converted to a numeric value: ${String(inner)} (${describe(path)})`,
        );
      }
      break;
    case 'BOOL':
    case 'NULL':
      if (typeof inner !== 'boolean') throw validationError(`${type} at ${describe(path)} must be a boolean`);
      break;
    case 'SS':
    case 'NS':
    case 'BS':
      if (!Array.isArray(inner) || inner.length === 0 || inner.some((v) => typeof v !== 'string')) {
        throw validationError(`An ${type} set at ${describe(path)} must be a non-empty list of strings`);
      }
      if (new Set(inner).size !== inner.length) {
        throw validationError(`Input collection contains duplicates (${describe(path)})`);
      }
      break;
    case 'L':
      if (!Array.isArray(inner)) throw validationError(`L at ${describe(path)} must be a list`);
      inner.forEach((v, i) => checkAttributeValue(v, `${path}[${i}]`));
      break;
    case 'M':
      if (!isJsonObject(inner)) throw validationError(`M at ${describe(path)} must be a map`);
      for (const [k, v] of Object.entries(inner)) checkAttributeValue(v, `${path}.${k}`);
      break;
  }
  return value;
}

export function checkItem(value: unknown, what: string): Item {
  if (!isJsonObject(value)) throw validationError(`${what} must be a map of attribute values`);
  const item: Record<string, AttributeValueJson> = {};
  for (const [name, attribute] of Object.entries(value)) {
    if (name === '') throw validationError('Attribute names must not be empty');
    item[name] = checkAttributeValue(attribute, name);
  }
  return item;
}

/** Item size as DynamoDB counts it, near enough: names plus values in UTF-8. */
function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** 1 byte per two significant digits (leading and trailing zeros trimmed), plus 1. */
function numberSize(text: string): number {
  const mantissa = text
    .trim()
    .replace(/^[-+]/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '');
  const significant = mantissa.replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(significant.length / 2) + 1;
}

function attributeValueSize(value: AttributeValueJson): number {
  const [type, inner] = Object.entries(value)[0] ?? [];
  switch (type) {
    case 'S':
      return utf8Length(inner as string);
    case 'N':
      return numberSize(inner as string);
    case 'B':
      return Buffer.from(inner as string, 'base64').length;
    case 'BOOL':
    case 'NULL':
      return 1;
    case 'SS':
      return (inner as string[]).reduce((sum, v) => sum + utf8Length(v), 0);
    case 'NS':
      return (inner as string[]).reduce((sum, v) => sum + numberSize(v), 0);
    case 'BS':
      return (inner as string[]).reduce((sum, v) => sum + Buffer.from(v, 'base64').length, 0);
    case 'L':
      return (inner as AttributeValueJson[]).reduce((sum, v) => sum + 1 + attributeValueSize(v), 3);
    case 'M':
      return Object.entries(inner as Record<string, AttributeValueJson>).reduce(
        (sum, [name, v]) => sum + 1 + utf8Length(name) + attributeValueSize(v),
        3,
      );
    default:
      return 0;
  }
}

/**
 * An item's size as DynamoDB counts it ("DynamoDB item sizes and formats" in the developer
 * guide): per attribute, the UTF-8 length of its name plus its value: a string's UTF-8 length; a
 * number's 1 byte per two significant digits plus 1 (approximately, as the guide says); a
 * binary's raw (decoded) length; 1 for a Boolean or null; a set, the sum of its elements; a list
 * or map, 3 bytes plus, per element, 1 byte, its value and (in a map) its name.
 */
export function dynamoDbItemSize(item: Item): number {
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + utf8Length(name) + attributeValueSize(value),
    0,
  );
}

export function stringAttribute(item: Item | undefined, name: string): string | undefined {
  const value = item?.[name];
  return value && typeof value.S === 'string' ? value.S : undefined;
}

export function numberAttribute(item: Item | undefined, name: string): number | undefined {
  const value = item?.[name];
  return value && typeof value.N === 'string' ? Number(value.N) : undefined;
}

function typeOf(value: AttributeValueJson): string {
  return Object.keys(value)[0] ?? '';
}

export function attributeValuesEqual(a: AttributeValueJson, b: AttributeValueJson): boolean {
  const type = typeOf(a);
  if (type !== typeOf(b)) return false;
  if (type === 'N') return Number(a.N) === Number(b.N);
  if (type === 'SS' || type === 'NS' || type === 'BS') {
    const left = new Set(a[type] as string[]);
    const right = b[type] as string[];
    return left.size === right.length && right.every((v) => left.has(v));
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Order of two scalars of the same type (N numerically, S and B by bytes); undefined otherwise. */
export function compareAttributeValues(a: AttributeValueJson, b: AttributeValueJson): number | undefined {
  const type = typeOf(a);
  if (type !== typeOf(b)) return undefined;
  if (type === 'N') return Math.sign(Number(a.N) - Number(b.N));
  if (type === 'S')
    return Buffer.compare(Buffer.from(a.S as string, 'utf8'), Buffer.from(b.S as string, 'utf8'));
  if (type === 'B')
    return Buffer.compare(Buffer.from(a.B as string, 'base64'), Buffer.from(b.B as string, 'base64'));
  return undefined;
}
