import { AwsServiceError, UnsupportedByFake, validationError } from './aws-error';
import type { Condition, ExpressionContext } from './condition-expression';
import { checkExpressionRefs, evaluateCondition, parseCondition } from './condition-expression';
import type { AttributeValueJson, Item } from './dynamodb-values';
import { checkAttributeValue, checkItem, itemSizeBytes } from './dynamodb-values';
import type { JsonObject } from './json-input';
import {
  isJsonObject,
  onlyKnownMembers,
  optionalBoolean,
  optionalObject,
  optionalString,
  requiredString,
  stringMap,
} from './json-input';

/**
 * DynamoDB (awsJson1_0, target prefix `DynamoDB_20120810`): tables with a string partition key,
 * and BatchGetItem, GetItem, PutItem and DeleteItem with condition expressions, and Scan. Writes
 * are atomic: a condition is evaluated and the write applied in one synchronous step, as DynamoDB
 * does per item. Scan returns items in the order of a hash of their key, as DynamoDB does (not in
 * the order written), and ends a page at `Limit` items or once 1 MB of items has been read.
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

  private condition(input: JsonObject): { condition?: Condition; context: ExpressionContext } {
    const expression = optionalString(input, 'ConditionExpression');
    const context = this.expressionContext(input);
    if (expression === undefined) {
      if (context.names !== undefined) {
        throw validationError('ExpressionAttributeNames can only be specified when using expressions');
      }
      if (context.values !== undefined) {
        throw validationError('ExpressionAttributeValues can only be specified when using expressions');
      }
      return { context };
    }
    const condition = parseCondition(expression);
    checkExpressionRefs(condition, context);
    return { condition, context };
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

  private scan(input: JsonObject): JsonObject {
    onlyKnownMembers(input, 'Scan', [
      'TableName',
      'ConsistentRead',
      'ExclusiveStartKey',
      'Limit',
      'ReturnConsumedCapacity',
    ]);
    optionalBoolean(input, 'ConsistentRead');
    const table = this.requireTable(requiredString(input, 'TableName'));
    const limit = input.Limit;
    if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1)) {
      throw validationError('1 validation error detected: Limit must have value greater than or equal to 1');
    }
    const order = [...table.items.keys()].map((key) => ({ key, rank: scanRank(key) }));
    order.sort((a, b) => a.rank - b.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    let start = 0;
    if (input.ExclusiveStartKey !== undefined) {
      const after = this.keyOf(table, input.ExclusiveStartKey, 'ExclusiveStartKey');
      const rank = scanRank(after);
      // The start key need not exist any more: continue after its place in the order.
      start = order.findIndex((o) => o.rank > rank || (o.rank === rank && o.key > after));
      if (start < 0) start = order.length;
    }
    const items: Item[] = [];
    let bytes = 0;
    let next = start;
    while (next < order.length && (limit === undefined || items.length < limit) && bytes < SCAN_PAGE_BYTES) {
      const item = table.get((order[next] as { key: string }).key) as Item;
      items.push(item);
      bytes += itemSizeBytes(item);
      next++;
    }
    const last = order[next - 1];
    // Like DynamoDB, a page cut by Limit or size names its last key even if nothing follows it
    // (the next request then returns an empty page without LastEvaluatedKey).
    const cut = (limit !== undefined && items.length >= limit) || bytes >= SCAN_PAGE_BYTES;
    return {
      Items: items,
      Count: items.length,
      ScannedCount: items.length,
      ...(cut && last !== undefined ? { LastEvaluatedKey: { [table.partitionKey]: { S: last.key } } } : {}),
    };
  }

  private getItem(input: JsonObject): JsonObject {
    onlyKnownMembers(input, 'GetItem', ['TableName', 'Key', 'ConsistentRead', 'ReturnConsumedCapacity']);
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
      'ReturnConsumedCapacity',
      'ReturnItemCollectionMetrics',
    ]);
    const table = this.requireTable(requiredString(input, 'TableName'));
    const item = checkItem(input.Item, 'Item');
    const keyValue = item[table.partitionKey];
    const key = this.keyOf(table, keyValue === undefined ? {} : { [table.partitionKey]: keyValue }, 'Item');
    if (itemSizeBytes(item) > MAX_ITEM_BYTES) {
      throw validationError('Item size has exceeded the maximum allowed size');
    }
    const { condition, context } = this.condition(input);
    const existing = table.get(key);
    if (condition && !evaluateCondition(condition, existing, context)) {
      throw new AwsServiceError(400, 'ConditionalCheckFailedException', CONDITION_FAILED);
    }
    table.items.set(key, structuredClone(item));
    return this.returnValues(input, existing);
  }

  private deleteItem(input: JsonObject): JsonObject {
    onlyKnownMembers(input, 'DeleteItem', [
      'TableName',
      'Key',
      'ConditionExpression',
      'ExpressionAttributeNames',
      'ExpressionAttributeValues',
      'ReturnValues',
      'ReturnConsumedCapacity',
      'ReturnItemCollectionMetrics',
    ]);
    const table = this.requireTable(requiredString(input, 'TableName'));
    const key = this.keyOf(table, input.Key, 'Key');
    const { condition, context } = this.condition(input);
    const existing = table.get(key);
    if (condition && !evaluateCondition(condition, existing, context)) {
      throw new AwsServiceError(400, 'ConditionalCheckFailedException', CONDITION_FAILED);
    }
    table.items.delete(key);
    return this.returnValues(input, existing);
  }
}

/** FNV-1a of a key: the fake's stand-in for the hash order in which DynamoDB scans a table. */
function scanRank(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
