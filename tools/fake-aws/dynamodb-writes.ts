import { UnsupportedByFake, validationError } from './aws-error';
import { evaluateCondition } from './condition-expression';
import { checkItem, dynamoDbItemSize } from './dynamodb-values';
import type { Tables } from './dynamodb-request';
import { MAX_ITEM_BYTES, conditionFailed, conditionOf, keyOf, returnValues } from './dynamodb-request';
import type { JsonObject } from './json-input';
import { onlyKnownMembers, optionalString, requiredString } from './json-input';
import { applyUpdate, checkUpdateTargets, parseUpdate } from './update-expression';

/**
 * The DynamoDB writes: PutItem, UpdateItem and DeleteItem with condition expressions. Each is
 * atomic: the condition is evaluated and the write applied in one synchronous step, as DynamoDB
 * does per item.
 */

export function putItem(tables: Tables, input: JsonObject): JsonObject {
  onlyKnownMembers(input, 'PutItem', [
    'TableName',
    'Item',
    'ConditionExpression',
    'ExpressionAttributeNames',
    'ExpressionAttributeValues',
    'ReturnValues',
    'ReturnValuesOnConditionCheckFailure',
    'ReturnConsumedCapacity',
    'ReturnItemCollectionMetrics',
  ]);
  const table = tables.requireTable(requiredString(input, 'TableName'));
  const item = checkItem(input.Item, 'Item');
  const keyValue = item[table.partitionKey];
  const key = keyOf(table, keyValue === undefined ? {} : { [table.partitionKey]: keyValue }, 'Item');
  if (dynamoDbItemSize(item) > MAX_ITEM_BYTES) {
    throw validationError('Item size has exceeded the maximum allowed size');
  }
  const { condition, context } = conditionOf(input);
  const existing = table.get(key);
  if (condition && !evaluateCondition(condition, existing, context)) throw conditionFailed(input, existing);
  table.items.set(key, structuredClone(item));
  return returnValues(input, existing);
}

/**
 * UpdateItem with an update expression (see update-expression.ts): on a missing item it creates
 * one from the key, as DynamoDB does. ReturnValues NONE, ALL_OLD or ALL_NEW.
 */
export function updateItem(tables: Tables, input: JsonObject): JsonObject {
  onlyKnownMembers(input, 'UpdateItem', [
    'TableName',
    'Key',
    'UpdateExpression',
    'ConditionExpression',
    'ExpressionAttributeNames',
    'ExpressionAttributeValues',
    'ReturnValues',
    'ReturnValuesOnConditionCheckFailure',
    'ReturnConsumedCapacity',
    'ReturnItemCollectionMetrics',
  ]);
  const table = tables.requireTable(requiredString(input, 'TableName'));
  const key = keyOf(table, input.Key, 'Key');
  const expression = optionalString(input, 'UpdateExpression');
  if (expression === undefined) throw new UnsupportedByFake('UpdateItem without an UpdateExpression');
  const update = parseUpdate(expression);
  const { condition, context } = conditionOf(input, update);
  checkUpdateTargets(update, context, table.partitionKey);
  const mode = optionalString(input, 'ReturnValues') ?? 'NONE';
  if (mode !== 'NONE' && mode !== 'ALL_OLD' && mode !== 'ALL_NEW') {
    throw new UnsupportedByFake(`UpdateItem ReturnValues ${mode}`);
  }
  const existing = table.get(key);
  if (condition && !evaluateCondition(condition, existing, context)) throw conditionFailed(input, existing);
  const next = applyUpdate(update, existing, { [table.partitionKey]: { S: key } }, context);
  if (dynamoDbItemSize(next) > MAX_ITEM_BYTES) {
    throw validationError('Item size to update has exceeded the maximum allowed size');
  }
  table.items.set(key, structuredClone(next));
  if (mode === 'ALL_NEW') return { Attributes: next };
  return mode === 'ALL_OLD' && existing ? { Attributes: existing } : {};
}

export function deleteItem(tables: Tables, input: JsonObject): JsonObject {
  onlyKnownMembers(input, 'DeleteItem', [
    'TableName',
    'Key',
    'ConditionExpression',
    'ExpressionAttributeNames',
    'ExpressionAttributeValues',
    'ReturnValues',
    'ReturnValuesOnConditionCheckFailure',
    'ReturnConsumedCapacity',
    'ReturnItemCollectionMetrics',
  ]);
  const table = tables.requireTable(requiredString(input, 'TableName'));
  const key = keyOf(table, input.Key, 'Key');
  const { condition, context } = conditionOf(input);
  const existing = table.get(key);
  if (condition && !evaluateCondition(condition, existing, context)) throw conditionFailed(input, existing);
  table.items.delete(key);
  return returnValues(input, existing);
}
