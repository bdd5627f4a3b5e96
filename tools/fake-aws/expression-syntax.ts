import { validationError } from './aws-error';
import type { AttributeValueJson } from './dynamodb-values';

/**
 * What DynamoDB's condition and update expressions share: the tokens, the reserved words, a
 * token stream with DynamoDB's syntax errors, the `#name` and `:value` references and their
 * check against ExpressionAttributeNames and ExpressionAttributeValues.
 */

export type Token =
  | { readonly kind: 'name'; readonly text: string }
  | { readonly kind: 'alias'; readonly text: string }
  | { readonly kind: 'value'; readonly text: string }
  | { readonly kind: 'comparator'; readonly text: Comparator }
  | { readonly kind: 'punct'; readonly text: '(' | ')' | ',' | '.' | '[' | ']' }
  | { readonly kind: 'number'; readonly text: string };

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

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

/** The tokens of one expression, read in order; running out is DynamoDB's syntax error at `<EOF>`. */
export class TokenStream {
  private position = 0;

  constructor(
    readonly expression: string,
    private readonly tokens: readonly Token[],
    private readonly what: string,
  ) {}

  /** The token `ahead` places on (0: the next one), without taking it. */
  peek(ahead = 0): Token | undefined {
    return this.tokens[this.position + ahead];
  }

  next(): Token {
    const token = this.tokens[this.position++];
    if (!token) throw this.error('<EOF>');
    return token;
  }

  get done(): boolean {
    return this.position >= this.tokens.length;
  }

  error(token: string): Error {
    return syntaxError(this.expression, token, this.what);
  }

  expectPunct(text: string): void {
    const token = this.next();
    if (token.kind !== 'punct' || token.text !== text) throw this.error(token.text);
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
