import { AwsServiceError, UnsupportedByFake, validationError } from './aws-error';
import type { Condition } from './condition-expression';
import { conditionRefs, parseCondition } from './condition-expression';
import type { ExpressionContext } from './expression-syntax';
import { checkRefs } from './expression-syntax';
import type { AttributeValueJson, Item } from './dynamodb-values';
import { checkAttributeValue, checkItem } from './dynamodb-values';
import type { JsonObject } from './json-input';
import { optionalObject, optionalString, stringMap } from './json-input';
import type { FakeTable } from './dynamodb';
import type { UpdateExpression } from './update-expression';

/**
 * What the DynamoDB operations share: the tables they address, the key of a request, its
 * expression names and values, its condition, and what a write returns.
 */

const CONDITION_FAILED = 'The conditional request failed';
export const MAX_ITEM_BYTES = 400 * 1024;

/** The tables a request may name; an unknown name is the service's ResourceNotFoundException. */
export interface Tables {
  requireTable(name: string): FakeTable;
}

export function keyOf(table: FakeTable, key: unknown, what: string): string {
  const item = checkItem(key, what);
  const names = Object.keys(item);
  const value = item[table.partitionKey];
  if (names.length !== 1 || value === undefined || typeof value.S !== 'string') {
    throw validationError('The provided key element does not match the schema');
  }
  if (value.S === '') {
    throw validationError(
      `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: ${table.partitionKey}`,
    );
  }
  return value.S;
}

export function expressionContext(input: JsonObject): ExpressionContext {
  const names = stringMap(input, 'ExpressionAttributeNames');
  const rawValues = optionalObject(input, 'ExpressionAttributeValues');
  let values: Record<string, AttributeValueJson> | undefined;
  if (rawValues !== undefined) {
    values = {};
    for (const [ref, value] of Object.entries(rawValues)) values[ref] = checkAttributeValue(value, ref);
  }
  return { names, values };
}

export function conditionOf(
  input: JsonObject,
  update?: UpdateExpression,
): { condition?: Condition; context: ExpressionContext } {
  const expression = optionalString(input, 'ConditionExpression');
  const context = expressionContext(input);
  if (expression === undefined && update === undefined) {
    if (context.names !== undefined) {
      throw validationError('ExpressionAttributeNames can only be specified when using expressions');
    }
    if (context.values !== undefined) {
      throw validationError('ExpressionAttributeValues can only be specified when using expressions');
    }
    return { context };
  }
  const condition = expression === undefined ? undefined : parseCondition(expression);
  checkRefs(
    [
      ...(update ? [{ what: 'UpdateExpression', refs: update.refs }] : []),
      { what: 'ConditionExpression', refs: conditionRefs(condition) },
    ],
    context,
  );
  return { condition, context };
}

/** ConditionalCheckFailedException, with the item as it is when the request asks for it. */
export function conditionFailed(input: JsonObject, existing: Item | undefined): AwsServiceError {
  const mode = optionalString(input, 'ReturnValuesOnConditionCheckFailure') ?? 'NONE';
  if (mode !== 'NONE' && mode !== 'ALL_OLD') {
    throw validationError(
      `1 validation error detected: Value '${mode}' at 'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]`,
    );
  }
  return new AwsServiceError(
    400,
    'ConditionalCheckFailedException',
    CONDITION_FAILED,
    mode === 'ALL_OLD' && existing ? { Item: existing } : {},
  );
}

export function returnValues(input: JsonObject, old: Item | undefined): JsonObject {
  const mode = optionalString(input, 'ReturnValues') ?? 'NONE';
  if (mode !== 'NONE' && mode !== 'ALL_OLD') throw new UnsupportedByFake(`ReturnValues ${mode}`);
  return mode === 'ALL_OLD' && old ? { Attributes: old } : {};
}
