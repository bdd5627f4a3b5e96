/**
 * A one-table DynamoDB behind aws-sdk-client-mock: just enough of BatchGetItem, PutItem and
 * DeleteItem (with the condition expressions the ledger uses) for the real `DynamoAlertLedger`
 * to run against. An expression it does not know fails the test instead of passing silently.
 */
import type {
  AttributeValue,
  BatchGetItemCommandInput,
  BatchGetItemCommandOutput,
  DeleteItemCommandInput,
  DeleteItemCommandOutput,
  DynamoDBClient,
  PutItemCommandInput,
  PutItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetItemCommand,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';

type Item = Record<string, AttributeValue>;

function stringOf(value: AttributeValue | undefined): string | undefined {
  return value && 'S' in value ? value.S : undefined;
}
function numberOf(value: AttributeValue | undefined): number | undefined {
  return value && 'N' in value && value.N !== undefined ? Number(value.N) : undefined;
}

const metadata = { $metadata: {} };

export class FakeDynamoTable {
  readonly items = new Map<string, Item>();
  /** Every item written, in order. */
  readonly writes: Item[] = [];
  /** Returns an error to make a PutItem of that item fail (after its condition passed). */
  failPut: (item: Item) => Error | undefined = () => undefined;

  constructor(readonly tableName: string) {}

  install(ddb: AwsClientStub<DynamoDBClient>): void {
    ddb.on(BatchGetItemCommand).callsFake((input: BatchGetItemCommandInput) => this.batchGet(input));
    ddb.on(PutItemCommand).callsFake((input: PutItemCommandInput) => this.put(input));
    ddb.on(DeleteItemCommand).callsFake((input: DeleteItemCommandInput) => this.delete(input));
  }

  private batchGet(input: BatchGetItemCommandInput): BatchGetItemCommandOutput {
    const request = input.RequestItems?.[this.tableName];
    if (!request?.Keys) throw new Error(`BatchGetItem did not address table ${this.tableName}`);
    const found: Item[] = [];
    for (const key of request.Keys) {
      const item = this.items.get(stringOf(key.pk) ?? '');
      if (item) found.push(item);
    }
    return { ...metadata, Responses: { [this.tableName]: found }, UnprocessedKeys: {} };
  }

  private put(input: PutItemCommandInput): PutItemCommandOutput {
    this.checkTable(input.TableName);
    const item = input.Item ?? {};
    const pk = stringOf(item.pk);
    if (pk === undefined) throw new Error('PutItem without a string pk');
    const existing = this.items.get(pk);
    const values = input.ExpressionAttributeValues ?? {};
    let allowed: boolean;
    switch (input.ConditionExpression) {
      case 'attribute_not_exists(pk)':
        allowed = existing === undefined;
        break;
      case '#revision = :expected':
        if (input.ExpressionAttributeNames?.['#revision'] !== 'revision') throw new Error('bad #revision');
        allowed = existing !== undefined && numberOf(existing.revision) === numberOf(values[':expected']);
        break;
      case 'attribute_not_exists(pk) OR leaseUntil < :now': {
        const until = numberOf(existing?.leaseUntil);
        const now = numberOf(values[':now']);
        allowed = existing === undefined || (until !== undefined && now !== undefined && until < now);
        break;
      }
      default:
        throw new Error(`fake table does not understand ${String(input.ConditionExpression)}`);
    }
    if (!allowed) {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', ...metadata });
    }
    const failure = this.failPut(item);
    if (failure) throw failure;
    this.items.set(pk, item);
    this.writes.push(item);
    return { ...metadata };
  }

  private delete(input: DeleteItemCommandInput): DeleteItemCommandOutput {
    this.checkTable(input.TableName);
    const pk = stringOf(input.Key?.pk) ?? '';
    const existing = this.items.get(pk);
    if (input.ConditionExpression !== 'holder = :holder') {
      throw new Error(`fake table does not understand ${String(input.ConditionExpression)}`);
    }
    const holder = stringOf(input.ExpressionAttributeValues?.[':holder']);
    if (existing === undefined || stringOf(existing.holder) !== holder) {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', ...metadata });
    }
    this.items.delete(pk);
    return { ...metadata };
  }

  private checkTable(tableName: string | undefined): void {
    if (tableName !== this.tableName) throw new Error(`unexpected table ${String(tableName)}`);
  }
}
