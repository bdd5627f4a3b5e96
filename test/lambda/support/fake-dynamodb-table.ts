/**
 * A one-table DynamoDB behind aws-sdk-client-mock: just enough of Scan (paged by `pageSize`
 * items, in insertion order) and PutItem (with the condition expressions the ledger uses, and
 * ReturnValues ALL_OLD) for the real `DynamoAlertLedger` to run against. An expression or a
 * parameter it does not know fails the test instead of passing silently.
 */
import type {
  AttributeValue,
  DynamoDBClient,
  PutItemCommandInput,
  PutItemCommandOutput,
  ScanCommandInput,
  ScanCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { ConditionalCheckFailedException, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { ledgerConditionHolds, stringOf } from './ledger-conditions';

type Item = Record<string, AttributeValue>;

const metadata = { $metadata: {} };

export class FakeDynamoTable {
  readonly items = new Map<string, Item>();
  /** Every item written, in order. */
  readonly writes: Item[] = [];
  /** Returns an error to make a PutItem of that item fail (after its condition passed). */
  failPut: (item: Item) => Error | undefined = () => undefined;

  /** Items per Scan page (DynamoDB pages by size, 1 MB; a count is enough here). */
  constructor(
    readonly tableName: string,
    private readonly pageSize = 100,
  ) {}

  install(ddb: AwsClientStub<DynamoDBClient>): void {
    ddb.on(ScanCommand).callsFake((input: ScanCommandInput) => this.scan(input));
    ddb.on(PutItemCommand).callsFake((input: PutItemCommandInput) => this.put(input));
  }

  private scan(input: ScanCommandInput): ScanCommandOutput {
    this.checkTable(input.TableName);
    if (input.ConsistentRead !== true) throw new Error('the ledger must be scanned with ConsistentRead');
    const { TableName: _t, ConsistentRead: _c, ExclusiveStartKey, ...rest } = input;
    if (Object.values(rest).some((value) => value !== undefined)) {
      throw new Error(`fake table does not understand Scan parameters ${Object.keys(rest).join(', ')}`);
    }
    const keys = [...this.items.keys()];
    const after = stringOf(ExclusiveStartKey?.pk);
    const start = after === undefined ? 0 : keys.indexOf(after) + 1;
    const page = keys.slice(start, start + this.pageSize).map((pk) => this.items.get(pk) as Item);
    const more = start + this.pageSize < keys.length;
    return {
      ...metadata,
      Items: page,
      Count: page.length,
      ScannedCount: page.length,
      LastEvaluatedKey: more ? { pk: { S: keys[start + this.pageSize - 1] ?? '' } } : undefined,
    };
  }

  private put(input: PutItemCommandInput): PutItemCommandOutput {
    this.checkTable(input.TableName);
    const item = input.Item ?? {};
    const pk = stringOf(item.pk);
    if (pk === undefined) throw new Error('PutItem without a string pk');
    const existing = this.items.get(pk);
    const values = input.ExpressionAttributeValues ?? {};
    const allowed = ledgerConditionHolds(
      input.ConditionExpression,
      existing,
      values,
      input.ExpressionAttributeNames,
    );
    if (!allowed) {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', ...metadata });
    }
    const failure = this.failPut(item);
    if (failure) throw failure;
    if (
      input.ReturnValues !== undefined &&
      input.ReturnValues !== 'NONE' &&
      input.ReturnValues !== 'ALL_OLD'
    ) {
      throw new Error(`fake table does not understand ReturnValues ${input.ReturnValues}`);
    }
    this.items.set(pk, item);
    this.writes.push(item);
    return { ...metadata, Attributes: input.ReturnValues === 'ALL_OLD' ? existing : undefined };
  }

  private checkTable(tableName: string | undefined): void {
    if (tableName !== this.tableName) throw new Error(`unexpected table ${String(tableName)}`);
  }
}
