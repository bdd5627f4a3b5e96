import { createHash } from 'node:crypto';
import { AwsServiceError, UnsupportedByFake, validationError } from './aws-error';
import type { Item } from './dynamodb-values';
import { dynamoDbItemSize } from './dynamodb-values';
import type { FakeTable } from './dynamodb';
import type { Tables } from './dynamodb-request';
import { keyOf } from './dynamodb-request';
import type { JsonObject } from './json-input';
import {
  isJsonObject,
  onlyKnownMembers,
  optionalBoolean,
  optionalNumber,
  optionalObject,
  optionalString,
  requiredString,
} from './json-input';

/**
 * The DynamoDB reads: GetItem (strongly consistent whether asked or not: the fake has one copy),
 * BatchGetItem, and Scan in the order of a hash of the key, as DynamoDB reads its partitions.
 */

const BATCH_GET_MAX_KEYS = 100;
/** A Scan page ends once this much data has been read (the item that crosses it included). */
const SCAN_PAGE_BYTES = 1024 * 1024;

export function batchGetItem(tables: Tables, input: JsonObject, leaveUnprocessed: boolean): JsonObject {
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
    const table = tables.requireTable(tableName);
    const keys = request.Keys;
    if (!Array.isArray(keys) || keys.length === 0) {
      throw validationError('1 validation error detected: Keys must have length greater than or equal to 1');
    }
    total += keys.length;
    if (total > BATCH_GET_MAX_KEYS) {
      throw validationError('Too many items requested for the BatchGetItem call');
    }
    const seen = new Set<string>();
    const found: Item[] = [];
    const deferred: unknown[] = [];
    keys.forEach((key: unknown, index) => {
      const id = keyOf(table, key, `Keys[${index}]`);
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
 * `pageLimit` (a test's setting) caps every page as a `Limit` would.
 */
export function scan(tables: Tables, input: JsonObject, pageLimit?: number): JsonObject {
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
  const table = tables.requireTable(requiredString(input, 'TableName'));
  const cap = limit === undefined ? pageLimit : Math.min(limit, pageLimit ?? limit);
  const order = scanOrder(table);
  let start = 0;
  if (input.ExclusiveStartKey !== undefined && input.ExclusiveStartKey !== null) {
    // The start key need not exist any more: the scan goes on after its place in the order.
    const after = scanPosition(startKeyOf(table, input.ExclusiveStartKey));
    start = order.findIndex((entry) => compareScanPositions(entry, after) > 0);
    if (start < 0) start = order.length;
  }
  const page: Item[] = [];
  let bytes = 0;
  let lastKey: string | undefined;
  for (const { key } of order.slice(start)) {
    if (page.length === cap || bytes >= SCAN_PAGE_BYTES) break;
    const item = table.get(key);
    if (item === undefined) continue;
    // Stored items are copies and the answer is serialized at once: no need to copy again.
    page.push(item);
    bytes += dynamoDbItemSize(item);
    lastKey = key;
  }
  const stopped = page.length === cap || bytes >= SCAN_PAGE_BYTES;
  return {
    Items: page,
    Count: page.length,
    ScannedCount: page.length,
    ...(stopped && lastKey !== undefined
      ? { LastEvaluatedKey: { [table.partitionKey]: { S: lastKey } } }
      : {}),
  };
}

function startKeyOf(table: FakeTable, key: unknown): string {
  try {
    return keyOf(table, key, 'ExclusiveStartKey');
  } catch (error: unknown) {
    if (error instanceof AwsServiceError && error.code === 'ValidationException') {
      throw validationError(`The provided starting key is invalid: ${error.message}`);
    }
    throw error;
  }
}

export function getItem(tables: Tables, input: JsonObject): JsonObject {
  onlyKnownMembers(input, 'GetItem', ['TableName', 'Key', 'ConsistentRead', 'ReturnConsumedCapacity']);
  optionalBoolean(input, 'ConsistentRead');
  const table = tables.requireTable(requiredString(input, 'TableName'));
  const item = table.get(keyOf(table, input.Key, 'Key'));
  return item ? { Item: item } : {};
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
