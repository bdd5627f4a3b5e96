/**
 * The ledger table as the notification handler uses it: UpdateItem only, with the update and
 * condition expressions of `DynamoNotificationLedger`, evaluated for real. An expression it
 * does not know fails the test instead of passing silently. Like the function's IAM policy
 * (dynamodb:LeadingKeys), it refuses any key outside `notification#`.
 */
import type {
  AttributeValue,
  DynamoDBClient,
  GetItemCommandInput,
  GetItemCommandOutput,
  UpdateItemCommandInput,
  UpdateItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { ConditionalCheckFailedException, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';

type Item = Record<string, AttributeValue>;

const metadata = { $metadata: {} };

function s(value: AttributeValue | undefined): string | undefined {
  return value && 'S' in value ? value.S : undefined;
}
function n(value: AttributeValue | undefined): number | undefined {
  return value && 'N' in value && value.N !== undefined ? Number(value.N) : undefined;
}

export class FakeNotificationTable {
  readonly items = new Map<string, Item>();
  /** Every UpdateItem input received, in order. */
  readonly updates: UpdateItemCommandInput[] = [];
  /** Returns an error to make an UpdateItem fail before it is applied. */
  fail: (input: UpdateItemCommandInput) => Error | undefined = () => undefined;

  constructor(readonly tableName: string) {}

  install(ddb: AwsClientStub<DynamoDBClient>): void {
    ddb.on(UpdateItemCommand).callsFake((input: UpdateItemCommandInput) => this.update(input));
    ddb.on(GetItemCommand).callsFake((input: GetItemCommandInput) => this.get(input));
  }

  /** The record the intake keeps for a client id. */
  clientRecord(clientId: string): Item | undefined {
    return this.items.get(`notification#client#${clientId}`);
  }

  private get(input: GetItemCommandInput): GetItemCommandOutput {
    if (input.TableName !== this.tableName) throw new Error(`unexpected table ${String(input.TableName)}`);
    if (input.ConsistentRead !== true) throw new Error('records must be read with ConsistentRead');
    const pk = s(input.Key?.pk);
    if (pk === undefined || !pk.startsWith('notification#')) {
      throw new Error(`AccessDeniedException: key ${String(pk)} is outside notification#`);
    }
    return { ...metadata, Item: this.items.get(pk) };
  }

  item(notificationId: string): Item | undefined {
    return this.items.get(`notification#${notificationId}`);
  }

  state(notificationId: string): string | undefined {
    return s(this.item(notificationId)?.state);
  }

  private update(input: UpdateItemCommandInput): UpdateItemCommandOutput {
    this.updates.push(input);
    if (input.TableName !== this.tableName) throw new Error(`unexpected table ${String(input.TableName)}`);
    const pk = s(input.Key?.pk);
    if (pk === undefined || !pk.startsWith('notification#')) {
      throw new Error(`AccessDeniedException: key ${String(pk)} is outside notification#`);
    }
    const failure = this.fail(input);
    if (failure) throw failure;
    const names = input.ExpressionAttributeNames ?? {};
    const values = input.ExpressionAttributeValues ?? {};
    const name = (token: string) => {
      const resolved = token.startsWith('#') ? names[token] : token;
      if (resolved === undefined) throw new Error(`unknown attribute name ${token}`);
      return resolved;
    };
    const value = (token: string) => {
      const resolved = values[token];
      if (resolved === undefined) throw new Error(`unknown attribute value ${token}`);
      return resolved;
    };
    const existing = this.items.get(pk);
    if (!this.conditionHolds(input.ConditionExpression, existing, name, value)) {
      throw new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        ...metadata,
        Item: input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' ? existing : undefined,
      });
    }
    const next: Item = { ...(existing ?? {}), pk: { S: pk } };
    for (const clause of (input.UpdateExpression ?? '').split(/\s(?=SET |REMOVE |ADD )/)) {
      const [keyword, ...rest] = clause.trim().split(' ');
      const body = rest.join(' ');
      const parts = body.split(',').map((part) => part.trim());
      switch (keyword) {
        case 'SET':
          for (const part of parts) {
            const match = /^(#\w+) = (:\w+)$/.exec(part);
            if (!match) throw new Error(`fake table does not understand SET ${part}`);
            next[name(match[1] as string)] = value(match[2] as string);
          }
          break;
        case 'REMOVE':
          for (const part of parts) delete next[name(part)];
          break;
        case 'ADD':
          for (const part of parts) {
            const match = /^(#\w+) (:\w+)$/.exec(part);
            if (!match) throw new Error(`fake table does not understand ADD ${part}`);
            const key = name(match[1] as string);
            next[key] = { N: String((n(next[key]) ?? 0) + (n(value(match[2] as string)) ?? 0)) };
          }
          break;
        default:
          throw new Error(`fake table does not understand ${clause}`);
      }
    }
    this.items.set(pk, next);
    return { ...metadata, Attributes: input.ReturnValues === 'ALL_NEW' ? next : undefined };
  }

  private conditionHolds(
    condition: string | undefined,
    existing: Item | undefined,
    name: (token: string) => string,
    value: (token: string) => AttributeValue,
  ): boolean {
    const attr = (token: string) => existing?.[name(token)];
    switch (condition) {
      case undefined:
        return true;
      case 'attribute_not_exists(pk) OR #state = :released OR (#state = :processing AND #leaseUntil < :nowMs)':
        return (
          existing === undefined ||
          s(attr('#state')) === s(value(':released')) ||
          (s(attr('#state')) === s(value(':processing')) &&
            (n(attr('#leaseUntil')) ?? Infinity) < (n(value(':nowMs')) ?? -Infinity))
        );
      case '#holder = :holder':
        return existing !== undefined && s(attr('#holder')) === s(value(':holder'));
      case 'attribute_not_exists(pk)':
        return existing === undefined;
      case '#revision = :expected':
        return existing !== undefined && n(attr('#revision')) === n(value(':expected'));
      default:
        throw new Error(`fake table does not understand the condition ${condition}`);
    }
  }
}
