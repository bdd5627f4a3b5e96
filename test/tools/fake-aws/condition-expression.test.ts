import { UnsupportedByFake } from '../../../tools/fake-aws/aws-error';
import type { ExpressionContext } from '../../../tools/fake-aws/expression-syntax';
import {
  checkExpressionRefs,
  evaluateCondition,
  parseCondition,
} from '../../../tools/fake-aws/condition-expression';
import type { Item } from '../../../tools/fake-aws/dynamodb-values';

function evaluate(expression: string, item: Item | undefined, context: ExpressionContext = {}): boolean {
  const condition = parseCondition(expression);
  checkExpressionRefs(condition, context);
  return evaluateCondition(condition, item, context);
}

const lease: Item = { pk: { S: '#lease/monitor' }, holder: { S: 'run-1' }, leaseUntil: { N: '1000' } };

describe('condition expressions: the forms the alert ledger writes', () => {
  it('attribute_not_exists(pk) holds only when no item has the key', () => {
    expect(evaluate('attribute_not_exists(pk)', undefined)).toBe(true);
    expect(evaluate('attribute_not_exists(pk)', lease)).toBe(false);
    expect(evaluate('attribute_exists(pk)', lease)).toBe(true);
  });

  it('#revision = :expected compares numbers by value, through the name alias', () => {
    const item: Item = { pk: { S: 'a' }, revision: { N: '3' } };
    const names = { '#revision': 'revision' };
    expect(evaluate('#revision = :expected', item, { names, values: { ':expected': { N: '3' } } })).toBe(
      true,
    );
    expect(evaluate('#revision = :expected', item, { names, values: { ':expected': { N: '3.0' } } })).toBe(
      true,
    );
    expect(evaluate('#revision = :expected', item, { names, values: { ':expected': { N: '2' } } })).toBe(
      false,
    );
    expect(evaluate('#revision = :expected', undefined, { names, values: { ':expected': { N: '3' } } })).toBe(
      false,
    );
    // Different types are never equal.
    expect(evaluate('#revision = :expected', item, { names, values: { ':expected': { S: '3' } } })).toBe(
      false,
    );
  });

  it('attribute_not_exists(pk) OR leaseUntil < :now: free, lapsed or still held', () => {
    const expression = 'attribute_not_exists(pk) OR leaseUntil < :now';
    expect(evaluate(expression, undefined, { values: { ':now': { N: '500' } } })).toBe(true);
    expect(evaluate(expression, lease, { values: { ':now': { N: '500' } } })).toBe(false);
    expect(evaluate(expression, lease, { values: { ':now': { N: '1000' } } })).toBe(false);
    expect(evaluate(expression, lease, { values: { ':now': { N: '1001' } } })).toBe(true);
  });

  it('holder = :holder compares strings exactly', () => {
    expect(evaluate('holder = :holder', lease, { values: { ':holder': { S: 'run-1' } } })).toBe(true);
    expect(evaluate('holder = :holder', lease, { values: { ':holder': { S: 'run-2' } } })).toBe(false);
    expect(evaluate('holder = :holder', undefined, { values: { ':holder': { S: 'run-1' } } })).toBe(false);
  });

  it('AND binds tighter than OR; NOT and parentheses apply', () => {
    const values = { ':a': { N: '1' }, ':b': { N: '2' } };
    const item: Item = { x: { N: '1' }, y: { N: '5' } };
    expect(evaluate('x = :b AND y = :b OR x = :a', item, { values })).toBe(true);
    expect(evaluate('x = :b AND (y = :b OR x = :a)', item, { values })).toBe(false);
    expect(evaluate('NOT x = :b', item, { values: { ':b': { N: '2' } } })).toBe(true);
    expect(evaluate('y >= :b AND x <= :a AND y > x AND x <> :b', item, { values })).toBe(true);
    expect(evaluate('y < :b', item, { values: { ':b': { S: '9' } } })).toBe(false); // N vs S: no order
  });
});

describe('condition expressions: what DynamoDB itself rejects', () => {
  it.each([
    ['a syntax error', 'attribute_not_exists(pk', {}, /Syntax error/],
    ['an undefined value', 'holder = :holder', {}, /attribute value used in expression is not defined/],
    ['an undefined name', '#revision = :v', { values: { ':v': { N: '1' } } }, /attribute name used/],
    [
      'an unused value',
      'attribute_not_exists(pk)',
      { values: { ':now': { N: '1' } } },
      /ExpressionAttributeValues unused in expressions: keys: \{:now\}/,
    ],
    [
      'an unused name',
      'attribute_not_exists(pk)',
      { names: { '#r': 'revision' } },
      /ExpressionAttributeNames unused/,
    ],
    ['an empty values map', 'attribute_not_exists(pk)', { values: {} }, /must not be empty/],
    ['a reserved word used bare', 'ttl < :now', { values: { ':now': { N: '1' } } }, /reserved keyword: ttl/],
    ['an unknown function', 'is_there(pk)', {}, /Invalid function name/],
  ])('%s', (_case, expression, context: ExpressionContext, message) => {
    expect(() => evaluate(expression, lease, context)).toThrow(message);
  });
});

describe('condition expressions: forms beyond the fake are refused, not approximated', () => {
  it.each([
    ['begins_with(holder, :p)'],
    ['size(holder) > :n'],
    ['leaseUntil BETWEEN :a AND :b'],
    ['holder IN (:a, :b)'],
    ['profile.name = :n'],
    ['items[0] = :n'],
  ])('%s', (expression) => {
    expect(() => parseCondition(expression)).toThrow(UnsupportedByFake);
  });

  it('"<>" against a missing attribute', () => {
    expect(() => evaluate('missing <> :v', lease, { values: { ':v': { S: 'x' } } })).toThrow(
      UnsupportedByFake,
    );
  });
});
