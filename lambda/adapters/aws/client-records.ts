import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { ClientRecord } from '../../domain/client-record';
import { EMPTY_CLIENT_RECORD } from '../../domain/client-record';
import { NOTIFICATION_KEY_PREFIX } from '../../../contract/ledger-keys';
import type { ClientRecords } from '../../ports/client-records';

export function clientRecordKey(clientId: string): string {
  return `${NOTIFICATION_KEY_PREFIX}client#${clientId}`;
}

type Item = Record<string, AttributeValue>;

function text(item: Item, name: string): string | undefined {
  const value = item[name];
  return value && 'S' in value ? value.S : undefined;
}

function date(item: Item, name: string): Date | undefined {
  const raw = text(item, name);
  if (raw === undefined) return undefined;
  const parsed = new Date(raw);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

export function clientRecordOf(item: Item | undefined): ClientRecord {
  if (item === undefined) return EMPTY_CLIENT_RECORD;
  const revisionValue = item.revision;
  const revision = revisionValue && 'N' in revisionValue ? Number(revisionValue.N) : 0;
  const promotedExpiresAt = date(item, 'promotedExpiresAt');
  const promotedAt = date(item, 'promotedAt');
  const promotedId = text(item, 'promotedNotificationId');
  const heldExpiresAt = date(item, 'heldExpiresAt');
  const heldOldExpiresAt = date(item, 'heldOldExpiresAt');
  const heldAt = date(item, 'heldAt');
  const heldId = text(item, 'heldNotificationId');
  const noticeExpiresAt = date(item, 'expiryNoticeExpiresAt');
  const noticeId = text(item, 'expiryNoticeId');
  return {
    revision,
    promoted:
      promotedExpiresAt && promotedAt && promotedId
        ? { expiresAt: promotedExpiresAt, at: promotedAt, notificationId: promotedId }
        : undefined,
    held:
      heldExpiresAt && heldOldExpiresAt && heldAt && heldId
        ? {
            expiresAt: heldExpiresAt,
            oldExpiresAt: heldOldExpiresAt,
            at: heldAt,
            notificationId: heldId,
            versionId: text(item, 'heldVersionId'),
          }
        : undefined,
    expiryNotice:
      noticeExpiresAt && noticeId
        ? { expiresAt: noticeExpiresAt, at: date(item, 'expiryNoticeAt'), notificationId: noticeId }
        : undefined,
  };
}

/** The record's fields as attributes; undefined ones are removed from the item. */
function fieldsOf(clientId: string, record: ClientRecord, now: Date): Record<string, string | undefined> {
  return {
    clientId,
    updatedAt: now.toISOString(),
    promotedExpiresAt: record.promoted?.expiresAt.toISOString(),
    promotedAt: record.promoted?.at.toISOString(),
    promotedNotificationId: record.promoted?.notificationId,
    heldExpiresAt: record.held?.expiresAt.toISOString(),
    heldOldExpiresAt: record.held?.oldExpiresAt.toISOString(),
    heldAt: record.held?.at.toISOString(),
    heldNotificationId: record.held?.notificationId,
    heldVersionId: record.held?.versionId,
    expiryNoticeExpiresAt: record.expiryNotice?.expiresAt.toISOString(),
    expiryNoticeAt: record.expiryNotice?.at?.toISOString(),
    expiryNoticeId: record.expiryNotice?.notificationId,
  };
}

export class DynamoClientRecords implements ClientRecords {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async read(clientId: string): Promise<ClientRecord> {
    const result = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: { pk: { S: clientRecordKey(clientId) } },
        ConsistentRead: true,
      }),
    );
    return clientRecordOf(result.Item);
  }

  async write(clientId: string, record: ClientRecord, now: Date): Promise<boolean> {
    const names: Record<string, string> = { '#revision': 'revision' };
    const values: Item = { ':next': { N: String(record.revision + 1) } };
    const set = ['#revision = :next'];
    const remove: string[] = [];
    for (const [index, [name, value]] of Object.entries(fieldsOf(clientId, record, now)).entries()) {
      names[`#f${index}`] = name;
      if (value === undefined) {
        remove.push(`#f${index}`);
      } else {
        values[`:f${index}`] = { S: value };
        set.push(`#f${index} = :f${index}`);
      }
    }
    if (record.revision > 0) values[':expected'] = { N: String(record.revision) };
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: clientRecordKey(clientId) } },
          UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
          ConditionExpression: record.revision > 0 ? '#revision = :expected' : 'attribute_not_exists(pk)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error: unknown) {
      // By name, not instanceof: the error class may come from another copy of the SDK.
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}
