import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetItemCommand, DeleteItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { AlertState } from '../domain/alert-policy';
import { MS_PER_DAY } from '../domain/iso-date';
import type { CurrentVersion } from './secret-catalog';

/**
 * The durable alert ledger: one item per monitored secret, keyed by its ARN, holding the alert
 * state of the current expiry cycle and the cached AWSCURRENT version date. Every write is
 * conditional on the revision read, so a concurrent writer can never be silently overwritten.
 */
export interface LedgerEntry {
  readonly secretArn: string;
  /** 0 when the secret has never been recorded. */
  readonly revision: number;
  readonly alertState: AlertState;
  readonly currentVersion?: CurrentVersion;
  readonly appName?: string;
}

export type SaveOutcome =
  | { readonly saved: true; readonly revision: number }
  | { readonly saved: false; readonly reason: 'conflict' };

export interface AlertLedger {
  /** Entries for up to 100 secrets in one read; secrets never recorded get revision 0. */
  getMany(secretArns: readonly string[]): Promise<Map<string, LedgerEntry>>;
  /** Writes `entry` if the stored revision is still `entry.revision`; returns the new revision. */
  save(entry: LedgerEntry, now: Date): Promise<SaveOutcome>;
  /** Takes the run lease unless another live run holds it. */
  acquireLease(holder: string, now: Date, durationMs: number): Promise<boolean>;
  releaseLease(holder: string): Promise<void>;
}

export const LEASE_KEY = '#lease/monitor';
/**
 * Recorded as the version of a secret that has no AWSCURRENT version (created without a
 * value), so it is not looked up again on every run; never used as a date.
 */
export const NO_CURRENT_VERSION = '(none)';
/** Ledger items outlive their cycle by this long, then DynamoDB TTL removes them. */
export const RETENTION_AFTER_EXPIRY_MS = 400 * MS_PER_DAY;
const BATCH_GET_LIMIT = 100;
const UNPROCESSED_RETRIES = 5;

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

export function emptyEntry(secretArn: string): LedgerEntry {
  return { secretArn, revision: 0, alertState: {} };
}

/** By name, not `instanceof`: the error class may come from another copy of the SDK. */
function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class DynamoAlertLedger implements AlertLedger {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly backoffMs = 50,
  ) {}

  async getMany(secretArns: readonly string[]): Promise<Map<string, LedgerEntry>> {
    if (secretArns.length > BATCH_GET_LIMIT) {
      throw new RangeError(`getMany takes at most ${BATCH_GET_LIMIT} secrets, got ${secretArns.length}`);
    }
    const entries = new Map<string, LedgerEntry>(secretArns.map((arn) => [arn, emptyEntry(arn)]));
    let keys: Record<string, AttributeValue>[] = [...new Set(secretArns)].map((arn) => ({ pk: { S: arn } }));
    for (let attempt = 0; keys.length > 0; attempt++) {
      if (attempt > UNPROCESSED_RETRIES) {
        throw new Error(
          `DynamoDB left ${keys.length} ledger reads unprocessed after ${UNPROCESSED_RETRIES} retries`,
        );
      }
      if (attempt > 0) await sleep(this.backoffMs * 2 ** attempt);
      const result = await this.client.send(
        new BatchGetItemCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
      );
      for (const item of result.Responses?.[this.tableName] ?? []) {
        const entry = fromItem(item);
        if (entry) entries.set(entry.secretArn, entry);
      }
      keys = result.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
    }
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

  async acquireLease(holder: string, now: Date, durationMs: number): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            pk: { S: LEASE_KEY },
            holder: { S: holder },
            leaseUntil: { N: String(now.getTime() + durationMs) },
            ttl: { N: String(Math.floor((now.getTime() + durationMs) / 1000) + 86_400) },
          },
          ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :now',
          ExpressionAttributeValues: { ':now': { N: String(now.getTime()) } },
        }),
      );
      return true;
    } catch (error: unknown) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async releaseLease(holder: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: LEASE_KEY } },
          ConditionExpression: 'holder = :holder',
          ExpressionAttributeValues: { ':holder': { S: holder } },
        }),
      );
    } catch (error: unknown) {
      // Someone else holds it now (ours had lapsed): theirs is not ours to delete.
      if (!isConditionFailure(error)) throw error;
    }
  }
}
