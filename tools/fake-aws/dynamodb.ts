import { AwsServiceError, UnsupportedByFake } from './aws-error';
import type { Item } from './dynamodb-values';
import { batchGetItem, getItem, scan } from './dynamodb-reads';
import type { Tables } from './dynamodb-request';
import { deleteItem, putItem, updateItem } from './dynamodb-writes';
import type { JsonObject } from './json-input';

/**
 * DynamoDB (awsJson1_0, target prefix `DynamoDB_20120810`): tables with a string partition key,
 * and BatchGetItem, GetItem (strongly consistent whether asked or not: the fake has one copy),
 * PutItem, DeleteItem and UpdateItem with condition expressions (and update expressions, see
 * update-expression.ts), and Scan. Writes are atomic: a condition is evaluated and the write
 * applied in one synchronous step, as DynamoDB does per item. A failed condition returns the
 * item when ReturnValuesOnConditionCheckFailure is ALL_OLD. Scan returns items in the order of a hash of their key, as DynamoDB does (not in
 * the order written), and ends a page at `Limit` items or once 1 MB of items has been read, sizes
 * counted by DynamoDB's rules (or at `scanPageLimit` items, set by a test). Reads are in dynamodb-reads.ts, writes in dynamodb-writes.ts.
 */

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

export class FakeDynamoDb implements Tables {
  private readonly tables = new Map<string, FakeTable>();
  /**
   * At most this many items a Scan page (undefined: as `Limit` and the 1 MB rule allow), to
   * exercise paging with a few items. A page ended by it is ended as by `Limit`.
   */
  scanPageLimit?: number;

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
        return batchGetItem(this, input, options.leaveUnprocessed ?? false);
      case 'GetItem':
        return getItem(this, input);
      case 'PutItem':
        return putItem(this, input);
      case 'DeleteItem':
        return deleteItem(this, input);
      case 'UpdateItem':
        return updateItem(this, input);
      case 'Scan':
        return scan(this, input, this.scanPageLimit);
      default:
        throw new UnsupportedByFake(`the DynamoDB operation ${operation}`);
    }
  }

  requireTable(name: string): FakeTable {
    const table = this.tables.get(name);
    if (!table) throw new AwsServiceError(400, 'ResourceNotFoundException', 'Requested resource not found');
    return table;
  }
}
