import { AUTOMATION_KEY_PREFIXES } from '../../../contract/ledger-keys';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { LedgerAttribute, StoredRecord, KeyedLedger } from '../../ports/keyed-ledger';

const RESERVED = new Set(['pk', 'revision', 'ttl', 'updatedAt']);

export function assertAutomationKey(key: string): void {
  if (!AUTOMATION_KEY_PREFIXES.some((prefix) => key.startsWith(prefix) && key.length > prefix.length)) {
    throw new RangeError(
      `ledger key must start with one of ${AUTOMATION_KEY_PREFIXES.join(', ')}: bare keys belong to the monitor`,
    );
  }
}

/** By name, not `instanceof`: the error class may come from another copy of the SDK. */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

function toAttributes(item: Record<string, unknown>): Record<string, LedgerAttribute> {
  const attributes: Record<string, LedgerAttribute> = {};
  for (const [name, value] of Object.entries(item)) {
    if (RESERVED.has(name)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      attributes[name] = value;
    }
  }
  return attributes;
}

export class DynamoKeyedLedger implements KeyedLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async get(key: string): Promise<StoredRecord | undefined> {
    assertAutomationKey(key);
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: key }, ConsistentRead: true }),
    );
    const item = result.Item;
    if (!item) return undefined;
    const revision = typeof item.revision === 'number' ? item.revision : 0;
    return { revision, attributes: toAttributes(item) };
  }

  async put(
    key: string,
    attributes: Readonly<Record<string, LedgerAttribute | undefined>>,
    expectedRevision: number,
    expiresAt: Date,
  ): Promise<boolean> {
    assertAutomationKey(key);
    const item: Record<string, LedgerAttribute> = {};
    for (const [name, value] of Object.entries(attributes)) {
      if (RESERVED.has(name)) throw new RangeError(`ledger attribute "${name}" is reserved`);
      if (value !== undefined) item[name] = value;
    }
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...item,
            pk: key,
            revision: expectedRevision + 1,
            updatedAt: this.clock().toISOString(),
            ttl: Math.floor(expiresAt.getTime() / 1000),
          },
          ConditionExpression: expectedRevision === 0 ? 'attribute_not_exists(pk)' : '#revision = :expected',
          ExpressionAttributeNames: expectedRevision === 0 ? undefined : { '#revision': 'revision' },
          ExpressionAttributeValues: expectedRevision === 0 ? undefined : { ':expected': expectedRevision },
        }),
      );
      return true;
    } catch (error: unknown) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
