import { NOTIFICATION_KEY_PREFIX } from '../../../contract/ledger-keys';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { MS_PER_DAY } from '../../../contract/time';
import type { ClaimOutcome, NotificationLedger } from '../../ports/notification-ledger';

/**
 * Claims on notifications, kept in the monitor's ledger table under `notification#<id>` keys
 * (the monitor's own items are keyed by secret ARN, so the two never collide). A claim makes
 * processing idempotent: SQS delivers at least once, and a redelivered notification that was
 * completed must change nothing. Only ids, states and times are stored: never a secret value.
 *
 * States: `processing` (an invocation holds it until `leaseUntil`), `released` (processing
 * failed; the next delivery retries) and `done` (a redelivery is a no-op).
 */

/** Claims outlive any redelivery (at most 14 days of SQS retention), then DynamoDB TTL removes them. */
export const CLAIM_RETENTION_MS = 30 * MS_PER_DAY;

export function notificationKey(notificationId: string): Record<string, AttributeValue> {
  return { pk: { S: `${NOTIFICATION_KEY_PREFIX}${notificationId}` } };
}

function ttlOf(now: Date): AttributeValue {
  return { N: String(Math.floor((now.getTime() + CLAIM_RETENTION_MS) / 1000)) };
}

function readS(item: Record<string, AttributeValue> | undefined, key: string): string | undefined {
  const value = item?.[key];
  return value && 'S' in value ? value.S : undefined;
}

function readN(item: Record<string, AttributeValue> | undefined, key: string): number | undefined {
  const value = item?.[key];
  return value && 'N' in value && value.N !== undefined ? Number(value.N) : undefined;
}

/** By name, not `instanceof`: the error class may come from another copy of the SDK. */
function conditionFailure(error: unknown): { item?: Record<string, AttributeValue> } | undefined {
  if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') return undefined;
  const item = (error as { Item?: Record<string, AttributeValue> }).Item;
  return { item };
}

export class DynamoNotificationLedger implements NotificationLedger {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async claim(notificationId: string, holder: string, now: Date, leaseMs: number): Promise<ClaimOutcome> {
    try {
      const result = await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: notificationKey(notificationId),
          UpdateExpression:
            'SET #state = :processing, #holder = :holder, #leaseUntil = :leaseUntil, #claimedAt = :now, #ttl = :ttl ADD #attempts :one',
          // A lapsed lease is a crashed invocation: its claim may be taken over.
          ConditionExpression:
            'attribute_not_exists(pk) OR #state = :released OR (#state = :processing AND #leaseUntil < :nowMs)',
          ExpressionAttributeNames: {
            '#state': 'state',
            '#holder': 'holder',
            '#leaseUntil': 'leaseUntil',
            '#claimedAt': 'claimedAt',
            '#ttl': 'ttl',
            '#attempts': 'attempts',
          },
          ExpressionAttributeValues: {
            ':processing': { S: 'processing' },
            ':released': { S: 'released' },
            ':holder': { S: holder },
            ':leaseUntil': { N: String(now.getTime() + leaseMs) },
            ':now': { S: now.toISOString() },
            ':nowMs': { N: String(now.getTime()) },
            ':ttl': ttlOf(now),
            ':one': { N: '1' },
          },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return {
        kind: 'claimed',
        attempt: readN(result.Attributes, 'attempts') ?? 1,
        alertedProblem: readS(result.Attributes, 'alertedProblem'),
      };
    } catch (error: unknown) {
      const failure = conditionFailure(error);
      if (!failure) throw error;
      if (readS(failure.item, 'state') === 'done')
        return { kind: 'done', outcome: readS(failure.item, 'outcome') };
      return { kind: 'busy' };
    }
  }

  async complete(notificationId: string, outcome: string, now: Date): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: notificationKey(notificationId),
        UpdateExpression:
          'SET #state = :done, #outcome = :outcome, #completedAt = :now, #ttl = :ttl REMOVE #holder, #leaseUntil',
        ExpressionAttributeNames: {
          '#state': 'state',
          '#outcome': 'outcome',
          '#completedAt': 'completedAt',
          '#ttl': 'ttl',
          '#holder': 'holder',
          '#leaseUntil': 'leaseUntil',
        },
        ExpressionAttributeValues: {
          ':done': { S: 'done' },
          ':outcome': { S: outcome },
          ':now': { S: now.toISOString() },
          ':ttl': ttlOf(now),
        },
      }),
    );
  }

  async release(
    notificationId: string,
    holder: string,
    alertedProblem: string | undefined,
    now: Date,
  ): Promise<void> {
    const names: Record<string, string> = {
      '#state': 'state',
      '#holder': 'holder',
      '#leaseUntil': 'leaseUntil',
    };
    const values: Record<string, AttributeValue> = {
      ':released': { S: 'released' },
      ':holder': { S: holder },
      ':now': { S: now.toISOString() },
    };
    names['#releasedAt'] = 'releasedAt';
    let update = 'SET #state = :released, #releasedAt = :now';
    if (alertedProblem !== undefined) {
      names['#alertedProblem'] = 'alertedProblem';
      values[':alertedProblem'] = { S: alertedProblem };
      update += ', #alertedProblem = :alertedProblem';
    }
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: notificationKey(notificationId),
          UpdateExpression: `${update} REMOVE #holder, #leaseUntil`,
          // Only our own claim: if our lease lapsed and another invocation took over, it is theirs.
          ConditionExpression: '#holder = :holder',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error: unknown) {
      if (!conditionFailure(error)) throw error;
    }
  }
}
