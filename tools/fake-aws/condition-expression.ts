import { UnsupportedByFake, validationError } from './aws-error';
import type { AttributeValueJson, Item } from './dynamodb-values';
import { attributeValuesEqual, compareAttributeValues } from './dynamodb-values';

/**
 * A small evaluator for DynamoDB condition expressions: top-level attribute names (plain or
 * `#alias`), `:values`, the comparators = <> < <= > >=, attribute_exists / attribute_not_exists,
 * AND, OR, NOT and parentheses. That covers every condition the alert ledger and the
 * notification intake write. Anything else (BETWEEN, IN, begins_with, size, nested paths, ...) is
 * rejected as unsupported rather than evaluated approximately. The tokenizer, the reserved words
 * and the reference checks serve the update expressions too (update-expression.ts).
 */

export type Token =
  | { readonly kind: 'name'; readonly text: string }
  | { readonly kind: 'alias'; readonly text: string }
  | { readonly kind: 'value'; readonly text: string }
  | { readonly kind: 'comparator'; readonly text: Comparator }
  | { readonly kind: 'punct'; readonly text: '(' | ')' | ',' | '.' | '[' | ']' }
  | { readonly kind: 'number'; readonly text: string };

type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

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

/**
 * Some of DynamoDB's ~570 reserved words: the ones an attribute of a ledger is likely to be
 * called. The real service rejects all of them used bare in an expression; so does the fake for
 * these.
 */
export const RESERVED_WORDS = new Set([
  'ACTION',
  'ATTRIBUTE',
  'COMMENT',
  'CONDITION',
  'COUNT',
  'CURRENT',
  'CYCLE',
  'DATA',
  'DATE',
  'DAY',
  'DELETE',
  'HOUR',
  'KEY',
  'LEVEL',
  'LIMIT',
  'NAME',
  'NUMBER',
  'OWNER',
  'SIZE',
  'SOURCE',
  'STATE',
  'STATUS',
  'STRING',
  'TIME',
  'TIMESTAMP',
  'TTL',
  'TYPE',
  'USER',
  'VALUE',
  'VERSION',
]);

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'BETWEEN', 'IN']);
const FUNCTIONS = new Set(['attribute_exists', 'attribute_not_exists']);
const UNSUPPORTED_FUNCTIONS = new Set(['attribute_type', 'begins_with', 'contains', 'size']);

export function syntaxError(expression: string, token: string, what = 'ConditionExpression'): Error {
  return validationError(`Invalid ${what}: Syntax error; token: "${token}", near: "${expression}"`);
}

export function tokenize(expression: string, what = 'ConditionExpression'): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /\s*(?:(<>|<=|>=|=|<|>)|([(),.[\]])|(#[A-Za-z0-9_]+)|(:[A-Za-z0-9_]+)|([A-Za-z_][A-Za-z0-9_]*)|(\d+))/y;
  let index = 0;
  while (index < expression.length) {
    if (/^\s*$/.test(expression.slice(index))) break;
    pattern.lastIndex = index;
    const match = pattern.exec(expression);
    if (!match) throw syntaxError(expression, expression.slice(index).trim().slice(0, 10), what);
    index = pattern.lastIndex;
    const [, comparator, punct, alias, value, name, number] = match;
    if (comparator) tokens.push({ kind: 'comparator', text: comparator as Comparator });
    else if (punct) tokens.push({ kind: 'punct', text: punct as '(' });
    else if (alias) tokens.push({ kind: 'alias', text: alias });
    else if (value) tokens.push({ kind: 'value', text: value });
    else if (name) tokens.push({ kind: 'name', text: name });
    else if (number) tokens.push({ kind: 'number', text: number });
  }
  return tokens;
}

/** Parses `expression`; throws ValidationException on a syntax error, UnsupportedByFake beyond the subset. */
export function parseCondition(expression: string): Condition {
  if (expression.trim() === '') {
    throw validationError('Invalid ConditionExpression: The expression can not be empty;');
  }
  const tokens = tokenize(expression);
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const next = (): Token => {
    const token = tokens[position++];
    if (!token) throw syntaxError(expression, '<EOF>');
    return token;
  };
  const isKeyword = (token: Token | undefined, word: string) =>
    token?.kind === 'name' && token.text.toUpperCase() === word;
  const expectPunct = (text: string) => {
    const token = next();
    if (token.kind !== 'punct' || token.text !== text) throw syntaxError(expression, token.text);
  };

  function parseOr(): Condition {
    let left = parseAnd();
    while (isKeyword(peek(), 'OR')) {
      next();
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  }
  function parseAnd(): Condition {
    let left = parseNot();
    while (isKeyword(peek(), 'AND')) {
      next();
      left = { kind: 'and', left, right: parseNot() };
    }
    return left;
  }
  function parseNot(): Condition {
    if (isKeyword(peek(), 'NOT')) {
      next();
      return { kind: 'not', operand: parseNot() };
    }
    return parsePrimary();
  }
  function parsePath(): Operand {
    const token = next();
    if (token.kind === 'value') return { kind: 'value', ref: token.text };
    if (token.kind !== 'name' && token.kind !== 'alias') throw syntaxError(expression, token.text);
    if (token.kind === 'name') {
      const upper = token.text.toUpperCase();
      if (KEYWORDS.has(upper)) throw syntaxError(expression, token.text);
      if (RESERVED_WORDS.has(upper)) {
        throw validationError(
          `Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: ${token.text}`,
        );
      }
    }
    const following = peek();
    if (following?.kind === 'punct' && (following.text === '.' || following.text === '[')) {
      throw new UnsupportedByFake(`nested attribute paths in a ConditionExpression ("${expression}")`);
    }
    return { kind: 'path', name: token.text };
  }
  function parsePrimary(): Condition {
    const token = peek();
    if (token?.kind === 'punct' && token.text === '(') {
      next();
      const inner = parseOr();
      expectPunct(')');
      return inner;
    }
    if (token?.kind === 'name' && tokens[position + 1]?.text === '(') {
      if (UNSUPPORTED_FUNCTIONS.has(token.text)) {
        throw new UnsupportedByFake(`the function ${token.text} in a ConditionExpression`);
      }
      if (!FUNCTIONS.has(token.text)) {
        throw validationError(`Invalid ConditionExpression: Invalid function name; function: ${token.text}`);
      }
      next();
      expectPunct('(');
      const path = parsePath();
      if (path.kind !== 'path') throw syntaxError(expression, path.ref);
      expectPunct(')');
      return { kind: 'exists', negated: token.text === 'attribute_not_exists', name: path.name };
    }
    const left = parsePath();
    const operator = next();
    if (isKeyword(operator, 'BETWEEN') || isKeyword(operator, 'IN')) {
      throw new UnsupportedByFake(`${operator.text.toUpperCase()} in a ConditionExpression`);
    }
    if (operator.kind !== 'comparator') throw syntaxError(expression, operator.text);
    const right = parsePath();
    if (left.kind === 'value' && right.kind === 'value') {
      throw validationError(
        'Invalid ConditionExpression: The expression has redundant parentheses or compares two values;',
      );
    }
    return { kind: 'compare', comparator: operator.text, left, right };
  }

  const condition = parseOr();
  if (position < tokens.length) throw syntaxError(expression, tokens[position]?.text ?? '');
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

export interface ExpressionContext {
  readonly names?: Readonly<Record<string, string>>;
  readonly values?: Readonly<Record<string, AttributeValueJson>>;
}

/** The `#name` and `:value` references one expression uses. */
export interface ExpressionRefs {
  readonly aliases: Set<string>;
  readonly values: Set<string>;
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

/**
 * The same check over all the expressions of one request (an UpdateItem has an update and a
 * condition expression): a name or value defined must be used by one of them.
 */
export function checkRefs(
  used: readonly { readonly what: string; readonly refs: ExpressionRefs }[],
  context: ExpressionContext,
): void {
  if (context.names !== undefined && Object.keys(context.names).length === 0) {
    throw validationError('ExpressionAttributeNames must not be empty');
  }
  if (context.values !== undefined && Object.keys(context.values).length === 0) {
    throw validationError('ExpressionAttributeValues must not be empty');
  }
  const allAliases = new Set<string>();
  const allValues = new Set<string>();
  for (const { what, refs } of used) {
    for (const alias of refs.aliases) {
      allAliases.add(alias);
      if (context.names?.[alias] === undefined) {
        throw validationError(
          `Invalid ${what}: An expression attribute name used in the document path is not defined; attribute name: ${alias}`,
        );
      }
    }
    for (const ref of refs.values) {
      allValues.add(ref);
      if (context.values?.[ref] === undefined) {
        throw validationError(
          `Invalid ${what}: An expression attribute value used in expression is not defined; attribute value: ${ref}`,
        );
      }
    }
  }
  const unusedNames = Object.keys(context.names ?? {}).filter((n) => !allAliases.has(n));
  if (unusedNames.length > 0) {
    throw validationError(
      `Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(', ')}}`,
    );
  }
  const unusedValues = Object.keys(context.values ?? {}).filter((v) => !allValues.has(v));
  if (unusedValues.length > 0) {
    throw validationError(
      `Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(', ')}}`,
    );
  }
}

export function resolveName(name: string, context: ExpressionContext): string {
  return name.startsWith('#') ? (context.names?.[name] ?? name) : name;
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
