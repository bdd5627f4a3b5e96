import { UnsupportedByFake, validationError } from './aws-error';
import type { ExpressionContext, ExpressionRefs, Token } from './expression-syntax';
import { RESERVED_WORDS, TokenStream, resolveName, tokenize } from './expression-syntax';
import type { AttributeValueJson, Item } from './dynamodb-values';

/**
 * DynamoDB update expressions, as far as the notification intake writes them: `SET a = :v, ...`
 * (a value or another attribute), `REMOVE a, b` and `ADD a :n` on numbers, each clause at most
 * once, top-level names (plain or `#alias`). Everything else DynamoDB accepts (arithmetic,
 * if_not_exists, list_append, DELETE, sets, nested paths) is refused as unsupported rather than
 * applied approximately, and what DynamoDB refuses (a clause twice, overlapping paths, a key
 * attribute, a reserved word) is refused with its message.
 */

const WHAT = 'UpdateExpression';
const CLAUSES = ['SET', 'REMOVE', 'ADD', 'DELETE'] as const;
type Clause = (typeof CLAUSES)[number];

export type UpdateAction =
  | {
      readonly kind: 'set';
      readonly name: string;
      readonly from:
        { readonly kind: 'value'; readonly ref: string } | { readonly kind: 'path'; readonly name: string };
    }
  | { readonly kind: 'remove'; readonly name: string }
  | { readonly kind: 'add'; readonly name: string; readonly ref: string };

export interface UpdateExpression {
  readonly actions: readonly UpdateAction[];
  readonly refs: ExpressionRefs;
}

function clauseOf(token: Token | undefined): Clause | undefined {
  if (token?.kind !== 'name') return undefined;
  const upper = token.text.toUpperCase();
  return (CLAUSES as readonly string[]).includes(upper) ? (upper as Clause) : undefined;
}

/** Reads the clauses of one update expression, collecting its actions and references. */
class UpdateParser {
  readonly refs: ExpressionRefs = { aliases: new Set(), values: new Set() };
  readonly actions: UpdateAction[] = [];
  private readonly seen = new Set<Clause>();

  constructor(private readonly tokens: TokenStream) {}

  parse(): UpdateExpression {
    while (!this.tokens.done) this.parseClause();
    return { actions: this.actions, refs: this.refs };
  }

  /** `SET`, `REMOVE` or `ADD`, once each, then its comma-separated actions. */
  private parseClause(): void {
    const token = this.tokens.next();
    const clause = clauseOf(token);
    if (clause === undefined) throw this.tokens.error(token.text);
    if (this.seen.has(clause)) {
      throw validationError(
        `Invalid UpdateExpression: The "${clause}" section can only be used once in an update expression;`,
      );
    }
    this.seen.add(clause);
    if (clause === 'DELETE') throw new UnsupportedByFake('DELETE (of set elements) in an UpdateExpression');
    this.parseAction(clause);
    while (this.tokens.peek()?.kind === 'punct' && this.tokens.peek()?.text === ',') {
      this.tokens.next();
      this.parseAction(clause);
    }
  }

  private parseAction(clause: Exclude<Clause, 'DELETE'>): void {
    const name = this.path();
    if (clause === 'SET') {
      const equals = this.tokens.next();
      if (equals.kind !== 'comparator' || equals.text !== '=') throw this.tokens.error(equals.text);
      this.actions.push({
        kind: 'set',
        name,
        from:
          this.tokens.peek()?.kind === 'value'
            ? { kind: 'value', ref: this.value() }
            : { kind: 'path', name: this.path() },
      });
    } else if (clause === 'REMOVE') {
      this.actions.push({ kind: 'remove', name });
    } else {
      this.actions.push({ kind: 'add', name, ref: this.value() });
    }
  }

  private path(): string {
    const { expression } = this.tokens;
    const token = this.tokens.next();
    if (token.kind !== 'name' && token.kind !== 'alias') throw this.tokens.error(token.text);
    if (token.kind === 'name') {
      if (clauseOf(token) !== undefined) throw this.tokens.error(token.text);
      if (RESERVED_WORDS.has(token.text.toUpperCase())) {
        throw validationError(
          `Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: ${token.text}`,
        );
      }
    } else {
      this.refs.aliases.add(token.text);
    }
    const following = this.tokens.peek();
    if (following?.kind === 'punct' && (following.text === '.' || following.text === '[')) {
      throw new UnsupportedByFake(`nested attribute paths in an UpdateExpression ("${expression}")`);
    }
    if (following?.kind === 'punct' && following.text === '(') {
      throw new UnsupportedByFake(`the function ${token.text} in an UpdateExpression`);
    }
    return token.text;
  }

  private value(): string {
    const token = this.tokens.next();
    if (token.kind !== 'value') throw this.tokens.error(token.text);
    this.refs.values.add(token.text);
    return token.text;
  }
}

/** Parses `expression`; throws ValidationException where DynamoDB would, UnsupportedByFake beyond the subset. */
export function parseUpdate(expression: string): UpdateExpression {
  if (expression.trim() === '') {
    throw validationError('Invalid UpdateExpression: The expression can not be empty;');
  }
  if (/[+-]/.test(expression)) {
    throw new UnsupportedByFake(`arithmetic in an UpdateExpression ("${expression}")`);
  }
  return new UpdateParser(new TokenStream(expression, tokenize(expression, WHAT), WHAT)).parse();
}

/** DynamoDB refuses two actions on one attribute, and any action on a key attribute. */
export function checkUpdateTargets(
  update: UpdateExpression,
  context: ExpressionContext,
  keyName: string,
): void {
  const targets = new Map<string, string>();
  for (const action of update.actions) {
    const resolved = resolveName(action.name, context);
    const earlier = targets.get(resolved);
    if (earlier !== undefined) {
      throw validationError(
        `Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [${earlier}], path two: [${resolved}]`,
      );
    }
    targets.set(resolved, resolved);
    if (resolved === keyName) {
      throw validationError(
        `One or more parameter values were invalid: Cannot update attribute ${keyName}. This attribute is part of the key`,
      );
    }
  }
}

function addNumbers(left: string, right: string): string {
  const integer = /^-?\d+$/;
  if (!integer.test(left.trim()) || !integer.test(right.trim())) {
    throw new UnsupportedByFake('ADD of numbers that are not integers');
  }
  return (BigInt(left.trim()) + BigInt(right.trim())).toString();
}

/** The item after `update`, from `existing` (undefined for a new item, which starts with its key). */
export function applyUpdate(
  update: UpdateExpression,
  existing: Item | undefined,
  key: Item,
  context: ExpressionContext,
): Item {
  const next: Record<string, AttributeValueJson> = { ...(existing ?? key) };
  // Every SET reads the item as it was before the update, as DynamoDB evaluates them.
  const before: Item = existing ?? key;
  for (const action of update.actions) {
    const name = resolveName(action.name, context);
    switch (action.kind) {
      case 'set': {
        const source =
          action.from.kind === 'value'
            ? context.values?.[action.from.ref]
            : before[resolveName(action.from.name, context)];
        if (source === undefined) {
          throw validationError(
            'The provided expression refers to an attribute that does not exist in the item',
          );
        }
        next[name] = structuredClone(source);
        break;
      }
      case 'remove':
        delete next[name];
        break;
      case 'add': {
        const operand = context.values?.[action.ref];
        const current = before[name];
        if (operand === undefined || typeof operand.N !== 'string') {
          if (operand !== undefined && ('SS' in operand || 'NS' in operand || 'BS' in operand)) {
            throw new UnsupportedByFake('ADD to a set in an UpdateExpression');
          }
          throw validationError(
            'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: ' +
              Object.keys(operand ?? {}).join(''),
          );
        }
        if (current !== undefined && typeof current.N !== 'string') {
          throw validationError('An operand in the update expression has an incorrect data type');
        }
        next[name] = { N: current === undefined ? operand.N : addNumbers(current.N as string, operand.N) };
        break;
      }
    }
  }
  return next;
}
