import { UnsupportedByFake, validationError } from './aws-error';
import type { AttributeValueJson, Item } from './dynamodb-values';
import { attributeValuesEqual, compareAttributeValues } from './dynamodb-values';
import type { Comparator, ExpressionContext, ExpressionRefs, Token } from './expression-syntax';
import { RESERVED_WORDS, TokenStream, checkRefs, resolveName, tokenize } from './expression-syntax';

/**
 * A small evaluator for DynamoDB condition expressions: top-level attribute names (plain or
 * `#alias`), `:values`, the comparators = <> < <= > >=, attribute_exists / attribute_not_exists,
 * AND, OR, NOT and parentheses. That covers every condition the alert ledger and the
 * notification intake write. Anything else (BETWEEN, IN, begins_with, size, nested paths, ...) is
 * rejected as unsupported rather than evaluated approximately. The tokenizer, the reserved words
 * and the reference checks, shared with the update expressions, are in expression-syntax.ts.
 */

type Operand =
  { readonly kind: 'path'; readonly name: string } | { readonly kind: 'value'; readonly ref: string };

export type Condition =
  | { readonly kind: 'and' | 'or'; readonly left: Condition; readonly right: Condition }
  | { readonly kind: 'not'; readonly operand: Condition }
  | { readonly kind: 'exists'; readonly negated: boolean; readonly name: string }
  | {
      readonly kind: 'compare';
      readonly comparator: Comparator;
      readonly left: Operand;
      readonly right: Operand;
    };

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'BETWEEN', 'IN']);
const FUNCTIONS = new Set(['attribute_exists', 'attribute_not_exists']);
const UNSUPPORTED_FUNCTIONS = new Set(['attribute_type', 'begins_with', 'contains', 'size']);

function isKeyword(token: Token | undefined, word: string): boolean {
  return token?.kind === 'name' && token.text.toUpperCase() === word;
}

/** Recursive descent over the tokens: OR of ANDs of NOTs of primaries. */
class ConditionParser {
  constructor(private readonly tokens: TokenStream) {}

  parseOr(): Condition {
    let left = this.parseAnd();
    while (isKeyword(this.tokens.peek(), 'OR')) {
      this.tokens.next();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Condition {
    let left = this.parseNot();
    while (isKeyword(this.tokens.peek(), 'AND')) {
      this.tokens.next();
      left = { kind: 'and', left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): Condition {
    if (isKeyword(this.tokens.peek(), 'NOT')) {
      this.tokens.next();
      return { kind: 'not', operand: this.parseNot() };
    }
    return this.parsePrimary();
  }

  private parsePath(): Operand {
    const { expression } = this.tokens;
    const token = this.tokens.next();
    if (token.kind === 'value') return { kind: 'value', ref: token.text };
    if (token.kind !== 'name' && token.kind !== 'alias') throw this.tokens.error(token.text);
    if (token.kind === 'name') {
      const upper = token.text.toUpperCase();
      if (KEYWORDS.has(upper)) throw this.tokens.error(token.text);
      if (RESERVED_WORDS.has(upper)) {
        throw validationError(
          `Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: ${token.text}`,
        );
      }
    }
    const following = this.tokens.peek();
    if (following?.kind === 'punct' && (following.text === '.' || following.text === '[')) {
      throw new UnsupportedByFake(`nested attribute paths in a ConditionExpression ("${expression}")`);
    }
    return { kind: 'path', name: token.text };
  }

  private parsePrimary(): Condition {
    const token = this.tokens.peek();
    if (token?.kind === 'punct' && token.text === '(') {
      this.tokens.next();
      const inner = this.parseOr();
      this.tokens.expectPunct(')');
      return inner;
    }
    if (token?.kind === 'name' && this.tokens.peek(1)?.text === '(') return this.parseFunction(token.text);
    return this.parseComparison();
  }

  /** attribute_exists(path) or attribute_not_exists(path); any other function is refused. */
  private parseFunction(name: string): Condition {
    if (UNSUPPORTED_FUNCTIONS.has(name)) {
      throw new UnsupportedByFake(`the function ${name} in a ConditionExpression`);
    }
    if (!FUNCTIONS.has(name)) {
      throw validationError(`Invalid ConditionExpression: Invalid function name; function: ${name}`);
    }
    this.tokens.next();
    this.tokens.expectPunct('(');
    const path = this.parsePath();
    if (path.kind !== 'path') throw this.tokens.error(path.ref);
    this.tokens.expectPunct(')');
    return { kind: 'exists', negated: name === 'attribute_not_exists', name: path.name };
  }

  private parseComparison(): Condition {
    const left = this.parsePath();
    const operator = this.tokens.next();
    if (isKeyword(operator, 'BETWEEN') || isKeyword(operator, 'IN')) {
      throw new UnsupportedByFake(`${operator.text.toUpperCase()} in a ConditionExpression`);
    }
    if (operator.kind !== 'comparator') throw this.tokens.error(operator.text);
    const right = this.parsePath();
    if (left.kind === 'value' && right.kind === 'value') {
      throw validationError(
        'Invalid ConditionExpression: The expression has redundant parentheses or compares two values;',
      );
    }
    return { kind: 'compare', comparator: operator.text, left, right };
  }
}

/** Parses `expression`; throws ValidationException on a syntax error, UnsupportedByFake beyond the subset. */
export function parseCondition(expression: string): Condition {
  if (expression.trim() === '') {
    throw validationError('Invalid ConditionExpression: The expression can not be empty;');
  }
  const tokens = new TokenStream(expression, tokenize(expression), 'ConditionExpression');
  const condition = new ConditionParser(tokens).parseOr();
  if (!tokens.done) throw tokens.error(tokens.peek()?.text ?? '');
  return condition;
}

function collectRefs(condition: Condition, aliases: Set<string>, values: Set<string>): void {
  const addOperand = (operand: Operand) => {
    if (operand.kind === 'value') values.add(operand.ref);
    else if (operand.name.startsWith('#')) aliases.add(operand.name);
  };
  switch (condition.kind) {
    case 'and':
    case 'or':
      collectRefs(condition.left, aliases, values);
      collectRefs(condition.right, aliases, values);
      return;
    case 'not':
      collectRefs(condition.operand, aliases, values);
      return;
    case 'exists':
      if (condition.name.startsWith('#')) aliases.add(condition.name);
      return;
    case 'compare':
      addOperand(condition.left);
      addOperand(condition.right);
      return;
  }
}

export function conditionRefs(condition: Condition | undefined): ExpressionRefs {
  const refs: ExpressionRefs = { aliases: new Set(), values: new Set() };
  if (condition) collectRefs(condition, refs.aliases, refs.values);
  return refs;
}

/**
 * Checks that every `#name` and `:value` used is defined and every one defined is used, with
 * the messages DynamoDB gives for each case.
 */
export function checkExpressionRefs(condition: Condition | undefined, context: ExpressionContext): void {
  checkRefs([{ what: 'ConditionExpression', refs: conditionRefs(condition) }], context);
}

function resolveOperand(
  operand: Operand,
  item: Item | undefined,
  context: ExpressionContext,
): AttributeValueJson | undefined {
  if (operand.kind === 'value') return context.values?.[operand.ref];
  return item?.[resolveName(operand.name, context)];
}

/** Evaluates `condition` against `item` (undefined when no item has the key). */
export function evaluateCondition(
  condition: Condition,
  item: Item | undefined,
  context: ExpressionContext,
): boolean {
  switch (condition.kind) {
    case 'and':
      return (
        evaluateCondition(condition.left, item, context) && evaluateCondition(condition.right, item, context)
      );
    case 'or':
      return (
        evaluateCondition(condition.left, item, context) || evaluateCondition(condition.right, item, context)
      );
    case 'not':
      return !evaluateCondition(condition.operand, item, context);
    case 'exists': {
      const present = item?.[resolveName(condition.name, context)] !== undefined;
      return condition.negated ? !present : present;
    }
    case 'compare': {
      const left = resolveOperand(condition.left, item, context);
      const right = resolveOperand(condition.right, item, context);
      if (left === undefined || right === undefined) {
        // DynamoDB's answer for a missing attribute under <> is not something to guess at.
        if (condition.comparator === '<>') {
          throw new UnsupportedByFake('"<>" against a missing attribute in a ConditionExpression');
        }
        return false;
      }
      if (condition.comparator === '=') return attributeValuesEqual(left, right);
      if (condition.comparator === '<>') return !attributeValuesEqual(left, right);
      const order = compareAttributeValues(left, right);
      if (order === undefined) return false;
      switch (condition.comparator) {
        case '<':
          return order < 0;
        case '<=':
          return order <= 0;
        case '>':
          return order > 0;
        case '>=':
          return order >= 0;
      }
    }
  }
}
