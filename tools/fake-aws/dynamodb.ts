import { createHash } from 'node:crypto';
import { AwsServiceError, UnsupportedByFake, validationError } from './aws-error';
import type { Condition, ExpressionContext } from './condition-expression';
import { checkRefs, conditionRefs, evaluateCondition, parseCondition } from './condition-expression';
import type { AttributeValueJson, Item } from './dynamodb-values';
import { checkAttributeValue, checkItem, dynamoDbItemSize } from './dynamodb-values';
import type { JsonObject } from './json-input';
import type { UpdateExpression } from './update-expression';
import { applyUpdate, checkUpdateTargets, parseUpdate } from './update-expression';
import {
  isJsonObject,
  onlyKnownMembers,
  optionalBoolean,
  optionalNumber,
  optionalObject,
  optionalString,
  requiredString,
  stringMap,
} from './json-input';

/**
 * DynamoDB (awsJson1_0, target prefix `DynamoDB_20120810`): tables with a string partition key,
 * and BatchGetItem, GetItem (strongly consistent whether asked or not: the fake has one copy),
 * PutItem, DeleteItem and UpdateItem with condition expressions (and update expressions, see
 * update-expression.ts), and Scan. Writes are atomic: a condition is evaluated and the write
 * applied in one synchronous step, as DynamoDB does per item. A failed condition returns the
 * item when ReturnValuesOnConditionCheckFailure is ALL_OLD. Scan returns items in the order of a hash of their key, as DynamoDB does (not in
 * the order written), and ends a page at `Limit` items or once 1 MB of items has been read, sizes
 * counted by DynamoDB's rules.
 */

const BATCH_GET_MAX_KEYS = 100;
/** A Scan page ends once this much data has been read (the item that crosses it included). */
const SCAN_PAGE_BYTES = 1024 * 1024;
const MAX_ITEM_BYTES = 400 * 1024;
const CONDITION_FAILED = 'The conditional request failed';

export class FakeTable {
  readonly items = new Map<string, Item>();

  constructor(
    readonly name: string,
    readonly partitionKey: string,
  ) {}

  get(key: string): Item | undefined {
    return this.items.get(key);
  }

  /** Puts an item directly (test setup), bypassing conditions. */
  seed(item: Item): void {
    const key = item[this.partitionKey];
    if (typeof key?.S !== 'string') throw new Error(`seed: item has no string ${this.partitionKey}`);
    this.items.set(key.S, structuredClone(item));
  }
}

export class FakeDynamoDb {
  private readonly tables = new Map<string, FakeTable>();

  createTable(name: string, partitionKey = 'pk'): FakeTable {
    const table = new FakeTable(name, partitionKey);
    this.tables.set(name, table);
    return table;
  }

  table(name: string): FakeTable {
    const table = this.tables.get(name);
    if (!table) throw new Error(`FakeDynamoDb: no table ${name}`);
    return table;
  }

  /** Runs one operation; `leaveUnprocessed` makes BatchGetItem defer all but the first key. */
  handle(operation: string, input: JsonObject, options: { leaveUnprocessed?: boolean } = {}): JsonObject {
    switch (operation) {
      case 'BatchGetItem':
        return this.batchGetItem(input, options.leaveUnprocessed ?? false);
      case 'GetItem':
        return this.getItem(input);
      case 'PutItem':
        return this.putItem(input);
      case 'DeleteItem':
        return this.deleteItem(input);
      case 'UpdateItem':
        return this.updateItem(input);
      case 'Scan':
        return this.scan(input);
      default:
        throw new UnsupportedByFake(`the DynamoDB operation ${operation}`);
    }
  }

  private requireTable(name: string): FakeTable {
    const table = this.tables.get(name);
    if (!table) throw new AwsServiceError(400, 'ResourceNotFoundException', 'Requested resource not found');
    return table;
  }

  private keyOf(table: FakeTable, key: unknown, what: string): string {
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

  private expressionContext(input: JsonObject): ExpressionContext {
    const names = stringMap(input, 'ExpressionAttributeNames');
    const rawValues = optionalObject(input, 'ExpressionAttributeValues');
    let values: Record<string, AttributeValueJson> | undefined;
    if (rawValues !== undefined) {
      values = {};
      for (const [ref, value] of Object.entries(rawValues)) values[ref] = checkAttributeValue(value, ref);
    }
    return { names, values };
  }

  private condition(
    input: JsonObject,
    update?: UpdateExpression,
  ): { condition?: Condition; context: ExpressionContext } {
    const expression = optionalString(input, 'ConditionExpression');
    const context = this.expressionContext(input);
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
  private conditionFailed(input: JsonObject, existing: Item | undefined): AwsServiceError {
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

  private returnValues(input: JsonObject, old: Item | undefined): JsonObject {
    const mode = optionalString(input, 'ReturnValues') ?? 'NONE';
    if (mode !== 'NONE' && mode !== 'ALL_OLD') throw new UnsupportedByFake(`ReturnValues ${mode}`);
    return mode === 'ALL_OLD' && old ? { Attributes: old } : {};
  }

  private batchGetItem(input: JsonObject, leaveUnprocessed: boolean): JsonObject {
    onlyKnownMembers(input, 'BatchGetItem', ['RequestItems', 'ReturnConsumedCapacity']);
    const requestItems = optionalObject(input, 'RequestItems');
    if (!requestItems || Object.keys(requestItems).length === 0) {
      throw validationError('The requestItems parameter is required for BatchGetItem');
    }
    const responses: Record<string, Item[]> = {};
    const unprocessed: Record<string, JsonObject> = {};
    let total = 0;
    for (const [tableName, request] of Object.entries(requestItems)) {
      if (!isJsonObject(request)) throw validationError(`RequestItems.${tableName} must be an object`);
      onlyKnownMembers(request, 'BatchGetItem KeysAndAttributes', ['Keys', 'ConsistentRead']);
      optionalBoolean(request, 'ConsistentRead');
      const table = this.requireTable(tableName);
      const keys = request.Keys;
      if (!Array.isArray(keys) || keys.length === 0) {
        throw validationError(
          '1 validation error detected: Keys must have length greater than or equal to 1',
        );
      }
      total += keys.length;
      if (total > BATCH_GET_MAX_KEYS) {
        throw validationError('Too many items requested for the BatchGetItem call');
      }
      const seen = new Set<string>();
      const found: Item[] = [];
      const deferred: unknown[] = [];
      keys.forEach((key: unknown, index) => {
        const id = this.keyOf(table, key, `Keys[${index}]`);
        if (seen.has(id)) throw validationError('Provided list of item keys contains duplicates');
        seen.add(id);
        if (leaveUnprocessed && index > 0) {
          deferred.push(key);
          return;
        }
        const item = table.get(id);
        // Stored items are copies and the answer is serialized at once: no need to copy again.
        if (item) found.push(item);
      });
      responses[tableName] = found;
      if (deferred.length > 0) unprocessed[tableName] = { ...request, Keys: deferred };
    }
    return { Responses: responses, UnprocessedKeys: unprocessed };
  }

  /**
   * Scan of the whole table (no filter, projection, index or segments). Items come in the fake's
   * hash order (see `scanOrder`); a page ends after `Limit` items or once the items read reach
   * 1 MB by DynamoDB's size rules, the item that crosses it included. A page ended so names its
   * last key as `LastEvaluatedKey` even when nothing follows it, as DynamoDB does (the next
   * request then answers an empty page without one); a page that reached the end names none.
   */
  private scan(input: JsonObject): JsonObject {
    onlyKnownMembers(input, 'Scan', [
      'TableName',
      'ConsistentRead',
      'ExclusiveStartKey',
      'Limit',
      'ReturnConsumedCapacity',
    ]);
    optionalBoolean(input, 'ConsistentRead');
    const consumed = optionalString(input, 'ReturnConsumedCapacity') ?? 'NONE';
    if (consumed !== 'NONE') throw new UnsupportedByFake(`Scan parameter ReturnConsumedCapacity ${consumed}`);
    const limit = optionalNumber(input, 'Limit');
    if (limit !== undefined && !Number.isInteger(limit)) throw validationError('Limit must be an integer');
    if (limit !== undefined && limit < 1) {
      throw validationError(
        `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1`,
      );
    }
    const table = this.requireTable(requiredString(input, 'TableName'));
    const order = scanOrder(table);
    let start = 0;
    if (input.ExclusiveStartKey !== undefined && input.ExclusiveStartKey !== null) {
      // The start key need not exist any more: the scan goes on after its place in the order.
      const after = scanPosition(this.startKeyOf(table, input.ExclusiveStartKey));
      start = order.findIndex((entry) => compareScanPositions(entry, after) > 0);
      if (start < 0) start = order.length;
    }
    const page: Item[] = [];
    let bytes = 0;
    let lastKey: string | undefined;
    for (const { key } of order.slice(start)) {
      if (page.length === limit || bytes >= SCAN_PAGE_BYTES) break;
      const item = table.get(key);
      if (item === undefined) continue;
      // Stored items are copies and the answer is serialized at once: no need to copy again.
      page.push(item);
      bytes += dynamoDbItemSize(item);
      lastKey = key;
    }
    const stopped = page.length === limit || bytes >= SCAN_PAGE_BYTES;
    return {
      Items: page,
      Count: page.length,
      ScannedCount: page.length,
      ...(stopped && lastKey !== undefined
        ? { LastEvaluatedKey: { [table.partitionKey]: { S: lastKey } } }
        : {}),
    };
  }

  private startKeyOf(table: FakeTable, key: unknown): string {
    try {
      return this.keyOf(table, key, 'ExclusiveStartKey');
    } catch (error: unknown) {
      if (error instanceof AwsServiceError && error.code === 'ValidationException') {
        throw validationError(`The provided starting key is invalid: ${error.message}`);
      }
      throw error;
    }
  }

  private getItem(input: JsonObject): JsonObject {
    onlyKnownMembers(input, 'GetItem', ['TableName', 'Key', 'ConsistentRead', 'ReturnConsumedCapacity']);
    optionalBoolean(input, 'ConsistentRead');
    const table = this.requireTable(requiredString(input, 'TableName'));
    const item = table.get(this.keyOf(table, input.Key, 'Key'));
    return item ? { Item: item } : {};
  }

  private putItem(input: JsonObject): JsonObject {
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
    const table = this.requireTable(requiredString(input, 'TableName'));
    const item = checkItem(input.Item, 'Item');
    const keyValue = item[table.partitionKey];
    const key = this.keyOf(table, keyValue === undefined ? {} : { [table.partitionKey]: keyValue }, 'Item');
    if (dynamoDbItemSize(item) > MAX_ITEM_BYTES) {
      throw validationError('Item size has exceeded the maximum allowed size');
    }
    const { condition, context } = this.condition(input);
    const existing = table.get(key);
    if (condition && !evaluateCondition(condition, existing, context))
      throw this.conditionFailed(input, existing);
    table.items.set(key, structuredClone(item));
    return this.returnValues(input, existing);
  }

  /**
   * UpdateItem with an update expression (see update-expression.ts): on a missing item it creates
   * one from the key, as DynamoDB does. ReturnValues NONE, ALL_OLD or ALL_NEW.
   */
  private updateItem(input: JsonObject): JsonObject {
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
    const table = this.requireTable(requiredString(input, 'TableName'));
    const key = this.keyOf(table, input.Key, 'Key');
    const expression = optionalString(input, 'UpdateExpression');
    if (expression === undefined) throw new UnsupportedByFake('UpdateItem without an UpdateExpression');
    const update = parseUpdate(expression);
    const { condition, context } = this.condition(input, update);
    checkUpdateTargets(update, context, table.partitionKey);
    const mode = optionalString(input, 'ReturnValues') ?? 'NONE';
    if (mode !== 'NONE' && mode !== 'ALL_OLD' && mode !== 'ALL_NEW') {
      throw new UnsupportedByFake(`UpdateItem ReturnValues ${mode}`);
    }
    const existing = table.get(key);
    if (condition && !evaluateCondition(condition, existing, context))
      throw this.conditionFailed(input, existing);
    const next = applyUpdate(update, existing, { [table.partitionKey]: { S: key } }, context);
    if (dynamoDbItemSize(next) > MAX_ITEM_BYTES) {
      throw validationError('Item size to update has exceeded the maximum allowed size');
    }
    table.items.set(key, structuredClone(next));
    if (mode === 'ALL_NEW') return { Attributes: next };
    return mode === 'ALL_OLD' && existing ? { Attributes: existing } : {};
  }

  private deleteItem(input: JsonObject): JsonObject {
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
    const table = this.requireTable(requiredString(input, 'TableName'));
    const key = this.keyOf(table, input.Key, 'Key');
    const { condition, context } = this.condition(input);
    const existing = table.get(key);
    if (condition && !evaluateCondition(condition, existing, context))
      throw this.conditionFailed(input, existing);
    table.items.delete(key);
    return this.returnValues(input, existing);
  }
}

interface ScanPosition {
  readonly key: string;
  readonly rank: number;
}

/**
 * The first 48 bits of the SHA-256 of a key: the fake's stand-in for DynamoDB's partition hash.
 * A well-mixed hash, so that keys sharing a prefix are scattered through the table as they are
 * in DynamoDB, not read one after the other.
 */
function scanRank(key: string): number {
  return createHash('sha256').update(key, 'utf8').digest().readUIntBE(0, 6);
}

function scanPosition(key: string): ScanPosition {
  return { key, rank: scanRank(key) };
}

/** By hash, then (for the rare equal hashes) by key: a total order, stable across calls. */
function compareScanPositions(a: ScanPosition, b: ScanPosition): number {
  if (a.rank !== b.rank) return a.rank < b.rank ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * The order in which Scan reads a table: neither the order written nor key order, like the hash
 * order of DynamoDB's partitions, and the same on every call so that pages join up.
 */
function scanOrder(table: FakeTable): ScanPosition[] {
  return [...table.items.keys()].map(scanPosition).sort(compareScanPositions);
}
