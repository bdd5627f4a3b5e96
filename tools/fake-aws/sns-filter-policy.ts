import { UnsupportedByFake } from './aws-error';
import type { MessageAttribute } from './sns-publish';

/**
 * SNS subscription filter policies with the message-attributes scope (the default), evaluated as
 * SNS documents them:
 * - every key of the policy must match (AND); one value of a key's array suffices (OR); message
 *   attributes the policy does not name are ignored;
 * - a key is matched only by an attribute of that name, so an absent attribute fails every
 *   condition except `{"exists": false}`;
 * - a string matches a String attribute with exactly that value (case-sensitive);
 * - `{"exists": true}` matches a present attribute, `{"exists": false}` an absent one, but only
 *   when the message carries at least one attribute: a message without attributes matches no
 *   `exists: false`;
 * - `{"anything-but": [..]}` (or one value) matches a present attribute whose value is none of
 *   those listed (strings against String attributes, numbers against Number ones); it is combined
 *   with `{"exists": false}` as two values of one key, so an absent attribute matches as well;
 * - `{"prefix": ".."}` matches a String attribute starting with it (prefixes are for strings only);
 * - `{"numeric": ["=", n]}` or one or two comparisons (`<`, `<=`, `>`, `>=`, e.g.
 *   `[">", 0, "<=", 150]`) match a Number attribute by its numeric value (`3.015e2` equals 301.5).
 * Anything else (suffix, equals-ignore-case, cidr, nested `anything-but` operators, String.Array
 * or Binary attributes, a string against a Number attribute) is answered with UnsupportedByFake
 * rather than guessed.
 */

type Condition =
  | { readonly kind: 'equals'; readonly value: string }
  | { readonly kind: 'exists'; readonly exists: boolean }
  | { readonly kind: 'anything-but'; readonly values: readonly (string | number)[] }
  | { readonly kind: 'prefix'; readonly prefix: string }
  | { readonly kind: 'numeric'; readonly comparisons: readonly (readonly [string, number])[] };

/** A parsed policy: for each attribute name, the conditions one of which must hold. */
export type FilterPolicy = ReadonlyMap<string, readonly Condition[]>;

const COMPARISONS = new Set(['=', '<', '<=', '>', '>=']);

function unsupported(what: string): UnsupportedByFake {
  return new UnsupportedByFake(`the SNS filter policy ${what}`);
}

function parseNumeric(key: string, raw: unknown): Condition {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length % 2 !== 0 || raw.length > 4) {
    throw unsupported(`numeric condition ${JSON.stringify(raw)} of ${key}`);
  }
  const comparisons: [string, number][] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const operator: unknown = raw[i];
    const operand: unknown = raw[i + 1];
    if (typeof operator !== 'string' || !COMPARISONS.has(operator) || typeof operand !== 'number') {
      throw unsupported(`numeric condition ${JSON.stringify(raw)} of ${key}`);
    }
    comparisons.push([operator, operand]);
  }
  if (comparisons.length === 2 && comparisons.some(([operator]) => operator === '=')) {
    throw unsupported(`numeric condition ${JSON.stringify(raw)} of ${key}`);
  }
  return { kind: 'numeric', comparisons };
}

function parseCondition(key: string, raw: unknown): Condition {
  if (typeof raw === 'string') return { kind: 'equals', value: raw };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw unsupported(`value ${JSON.stringify(raw)} of ${key}`);
  }
  const entries: [string, unknown][] = Object.entries(raw);
  const [entry] = entries;
  if (entries.length !== 1 || entry === undefined) {
    throw unsupported(`condition ${JSON.stringify(raw)} of ${key} (one operator per condition)`);
  }
  const [operator, operand] = entry;
  switch (operator) {
    case 'exists':
      if (typeof operand !== 'boolean') throw unsupported(`condition ${JSON.stringify(raw)} of ${key}`);
      return { kind: 'exists', exists: operand };
    case 'prefix':
      if (typeof operand !== 'string') throw unsupported(`condition ${JSON.stringify(raw)} of ${key}`);
      return { kind: 'prefix', prefix: operand };
    case 'numeric':
      return parseNumeric(key, operand);
    case 'anything-but': {
      const values: unknown[] = Array.isArray(operand) ? operand : [operand];
      const strings = values.filter((v): v is string => typeof v === 'string');
      const numbers = values.filter((v): v is number => typeof v === 'number');
      // One kind of value per list: strings for String attributes, numbers for Number ones.
      if (values.length === 0 || (strings.length !== values.length && numbers.length !== values.length)) {
        throw unsupported(`condition ${JSON.stringify(raw)} of ${key}`);
      }
      return { kind: 'anything-but', values: strings.length > 0 ? strings : numbers };
    }
    default:
      throw unsupported(`operator ${operator} (in ${key})`);
  }
}

/** Parses a policy as CloudFormation (an object) or the SNS API (its JSON text) carries it. */
export function parseFilterPolicy(policy: string | Readonly<Record<string, unknown>>): FilterPolicy {
  let parsed: unknown = policy;
  if (typeof policy === 'string') {
    try {
      parsed = JSON.parse(policy);
    } catch {
      throw new Error(`FakeSns: the filter policy is not JSON: ${policy}`);
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`FakeSns: a filter policy is a JSON object, got ${JSON.stringify(parsed)}`);
  }
  const result = new Map<string, Condition[]>();
  for (const [key, values] of Object.entries(parsed)) {
    if (!Array.isArray(values)) {
      throw unsupported(`value of ${key}: ${JSON.stringify(values)} (nested policies or a bare value)`);
    }
    if (values.length === 0) throw new Error(`FakeSns: the filter policy key ${key} has no values`);
    result.set(
      key,
      values.map((value: unknown) => parseCondition(key, value)),
    );
  }
  return result;
}

/** The attribute's type as filtering sees it; types the fake does not filter on are refused. */
function filterType(key: string, attribute: MessageAttribute): 'String' | 'Number' {
  if (attribute.DataType === 'String.Array' || attribute.DataType === 'Number.Array') {
    throw unsupported(`match on the ${attribute.DataType} attribute ${key}`);
  }
  const base = attribute.DataType.split('.')[0];
  if (base === 'String' || base === 'Number') return base;
  throw unsupported(`match on the ${attribute.DataType} attribute ${key}`);
}

function compare(value: number, [operator, operand]: readonly [string, number]): boolean {
  switch (operator) {
    case '=':
      return value === operand;
    case '<':
      return value < operand;
    case '<=':
      return value <= operand;
    case '>':
      return value > operand;
    default:
      return value >= operand;
  }
}

function conditionHolds(
  key: string,
  condition: Condition,
  attributes: Readonly<Record<string, MessageAttribute>>,
): boolean {
  const attribute = attributes[key];
  if (condition.kind === 'exists') {
    if (condition.exists) return attribute !== undefined;
    return attribute === undefined && Object.keys(attributes).length > 0;
  }
  if (attribute === undefined) return false;
  const type = filterType(key, attribute);
  const raw = attribute.StringValue ?? '';
  switch (condition.kind) {
    case 'equals':
    case 'prefix':
      if (type !== 'String')
        throw unsupported(`string ${condition.kind} match on the Number attribute ${key}`);
      return condition.kind === 'equals' ? raw === condition.value : raw.startsWith(condition.prefix);
    case 'numeric':
      if (type !== 'Number') throw unsupported(`numeric match on the String attribute ${key}`);
      return condition.comparisons.every((comparison) => compare(Number(raw), comparison));
    case 'anything-but': {
      const numeric = typeof condition.values[0] === 'number';
      if (numeric !== (type === 'Number')) {
        throw unsupported(
          `anything-but of ${numeric ? 'numbers' : 'strings'} on the ${type} attribute ${key}`,
        );
      }
      return numeric ? !condition.values.includes(Number(raw)) : !condition.values.includes(raw);
    }
  }
}

/** Whether SNS would deliver a message with these attributes to a subscription with this policy. */
export function filterPolicyMatches(
  policy: FilterPolicy,
  attributes: Readonly<Record<string, MessageAttribute>>,
): boolean {
  // Every condition is evaluated (no short cut), so one the fake cannot judge always surfaces.
  const keys = [...policy].map(([key, conditions]) =>
    conditions.map((condition) => conditionHolds(key, condition, attributes)).includes(true),
  );
  return keys.every(Boolean);
}
