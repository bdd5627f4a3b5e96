import { LEASE_KEY } from '../../../contract/ledger-keys';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { AlertState } from '../../domain/alert-policy';
import type { SaveOutcome, LeaseGrant, AlertLedger } from '../../ports/alert-ledger';
import type { LedgerEntry } from '../../domain/ledger-entry';
import { RETENTION_AFTER_EXPIRY_MS } from '../../domain/ledger-entry';

function s(value: string | undefined): AttributeValue | undefined {
  return value === undefined ? undefined : { S: value };
}
function n(value: number | undefined): AttributeValue | undefined {
  return value === undefined ? undefined : { N: String(value) };
}
function readS(item: Record<string, AttributeValue>, key: string): string | undefined {
  const v = item[key];
  return v && 'S' in v ? v.S : undefined;
}
function readN(item: Record<string, AttributeValue>, key: string): number | undefined {
  const v = item[key];
  return v && 'N' in v && v.N !== undefined ? Number(v.N) : undefined;
}

export function toItem(entry: LedgerEntry, revision: number, now: Date): Record<string, AttributeValue> {
  const cycle = entry.alertState.cycle;
  const anchor = cycle ? Date.parse(cycle.expiresAt) : now.getTime();
  const fields: Record<string, AttributeValue | undefined> = {
    pk: { S: entry.secretArn },
    revision: { N: String(revision) },
    updatedAt: { S: now.toISOString() },
    ttl: n(Math.floor((Math.max(anchor, now.getTime()) + RETENTION_AFTER_EXPIRY_MS) / 1000)),
    appName: s(entry.appName),
    cycleExpiresAt: s(cycle?.expiresAt),
    alertedDays: n(cycle?.alertedDays),
    lastAlertAt: s(cycle?.lastAlertAt),
    expiredReminders: cycle ? n(cycle.expiredReminders) : undefined,
    undeterminedAlertedAt: s(entry.alertState.undeterminedAlertedAt),
    versionId: s(entry.currentVersion?.versionId),
    versionCreatedAt: s(entry.currentVersion?.createdAt.toISOString()),
  };
  const item: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) item[key] = value;
  return item;
}

export function fromItem(item: Record<string, AttributeValue>): LedgerEntry | undefined {
  const secretArn = readS(item, 'pk');
  if (secretArn === undefined) return undefined;
  const cycleExpiresAt = readS(item, 'cycleExpiresAt');
  const versionId = readS(item, 'versionId');
  const versionCreatedAt = readS(item, 'versionCreatedAt');
  const alertState: AlertState = {
    cycle:
      cycleExpiresAt === undefined
        ? undefined
        : {
            expiresAt: cycleExpiresAt,
            alertedDays: readN(item, 'alertedDays'),
            lastAlertAt: readS(item, 'lastAlertAt'),
            expiredReminders: readN(item, 'expiredReminders') ?? 0,
          },
    undeterminedAlertedAt: readS(item, 'undeterminedAlertedAt'),
  };
  return {
    secretArn,
    revision: readN(item, 'revision') ?? 0,
    alertState,
    appName: readS(item, 'appName'),
    currentVersion:
      versionId !== undefined && versionCreatedAt !== undefined
        ? { versionId, createdAt: new Date(versionCreatedAt) }
        : undefined,
  };
}

/** By name, not `instanceof`: the error class may come from another copy of the SDK. */
function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

export class DynamoAlertLedger implements AlertLedger {
  /** When this instance took each lease it holds, to keep in the record when it ends it. */
  private readonly acquiredAt = new Map<string, number>();

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async readAll(): Promise<Map<string, LedgerEntry>> {
    const entries = new Map<string, LedgerEntry>();
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({ TableName: this.tableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
      );
      for (const item of page.Items ?? []) {
        // The table also holds the lease and the other functions' items (notification#..., ...).
        if (!readS(item, 'pk')?.startsWith('arn:')) continue;
        const entry = fromItem(item);
        if (entry) entries.set(entry.secretArn, entry);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined && Object.keys(startKey).length > 0);
    return entries;
  }

  async save(entry: LedgerEntry, now: Date): Promise<SaveOutcome> {
    const revision = entry.revision + 1;
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: toItem(entry, revision, now),
          ConditionExpression: entry.revision === 0 ? 'attribute_not_exists(pk)' : '#revision = :expected',
          ExpressionAttributeNames: entry.revision === 0 ? undefined : { '#revision': 'revision' },
          ExpressionAttributeValues:
            entry.revision === 0 ? undefined : { ':expected': { N: String(entry.revision) } },
        }),
      );
      return { saved: true, revision };
    } catch (error: unknown) {
      if (isConditionFailure(error)) return { saved: false, reason: 'conflict' };
      throw error;
    }
  }

  async acquireLease(holder: string, now: Date, durationMs: number): Promise<LeaseGrant> {
    try {
      const result = await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: leaseItem(holder, now.getTime(), now.getTime() + durationMs),
          ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil <= :now',
          ExpressionAttributeValues: { ':now': { N: String(now.getTime()) } },
          ReturnValues: 'ALL_OLD',
        }),
      );
      this.acquiredAt.set(holder, now.getTime());
      const previousUntil = result.Attributes ? readN(result.Attributes, 'leaseUntil') : undefined;
      return {
        acquired: true,
        previousEnd:
          previousUntil === undefined || !Number.isFinite(previousUntil)
            ? undefined
            : new Date(previousUntil),
      };
    } catch (error: unknown) {
      if (isConditionFailure(error)) return { acquired: false };
      throw error;
    }
  }

  /**
   * Rewrites the lease as ending now rather than deleting it: the next run to take it learns
   * when this one stopped writing (see `LeaseGrant.previousEnd`).
   */
  async releaseLease(holder: string, now: Date): Promise<void> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: leaseItem(holder, this.acquiredAt.get(holder) ?? now.getTime(), now.getTime()),
          ConditionExpression: 'holder = :holder',
          ExpressionAttributeValues: { ':holder': { S: holder } },
        }),
      );
    } catch (error: unknown) {
      // Someone else holds it now (ours had lapsed): theirs is not ours to end.
      if (!isConditionFailure(error)) throw error;
    }
  }
}

function leaseItem(holder: string, acquiredAt: number, leaseUntil: number): Record<string, AttributeValue> {
  return {
    pk: { S: LEASE_KEY },
    holder: { S: holder },
    acquiredAt: { N: String(acquiredAt) },
    leaseUntil: { N: String(leaseUntil) },
    // Kept a day past its end, then DynamoDB removes it; by then no run can overlap it.
    ttl: { N: String(Math.floor(leaseUntil / 1000) + 86_400) },
  };
}
