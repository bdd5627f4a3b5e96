/**
 * The notification intake's secrets and ledger table in the loopback fake, as its tests read and
 * steer them: app secrets with their versions, the ledger's `notification#` items, and the
 * failures a test makes either service answer. The guards the function's IAM policy and the
 * adapters' contract imply (keys under `notification#`, consistent reads) answer as errors.
 */
import type { DynamoDBClient, UpdateItemCommandInput } from '@aws-sdk/client-dynamodb';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { FakeAws, FakeRequest, FakeTable, Fault, Item } from '../../../../tools/fake-aws';
import { faultOf } from '../../support/loopback-aws';

export interface AppSecretVersion {
  readonly id: string;
  readonly secretString?: string;
  readonly stages: ReadonlySet<string>;
}

/** A secret as the fake holds it now: each read of `tags` or `versions` is current. */
export interface AppSecret {
  readonly arn: string;
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly versions: readonly AppSecretVersion[];
}

/** The Secrets Manager operation of a request, if it is one. */
function secretsManagerCommand(request: FakeRequest): string | undefined {
  const [service, command] = request.operation.split('.');
  return service === 'SecretsManager' ? command : undefined;
}

export class LoopbackSecrets {
  /** Returns an error to make a Secrets Manager call fail, as the service might. */
  fail: (command: string, input: unknown) => Error | undefined = () => undefined;

  constructor(
    private readonly fake: FakeAws,
    /** Creation time of the secrets a test adds. */
    private readonly createdAt: Date,
  ) {
    // Small ListSecrets pages, so that paging is exercised.
    this.pageSize = 2;
  }

  get pageSize(): number | undefined {
    return this.fake.secretsManager.listPageLimit;
  }

  set pageSize(size: number | undefined) {
    this.fake.secretsManager.listPageLimit = size;
  }

  add(name: string, tags: Record<string, string>, secretString: string): AppSecret {
    const secret = this.fake.secretsManager.createSecret({
      name,
      createdAt: this.createdAt,
      tags,
      firstVersionAt: this.createdAt,
      value: secretString,
    });
    return this.view(secret.arn);
  }

  get secrets(): AppSecret[] {
    return this.fake.secretsManager.all().map((secret) => this.view(secret.arn));
  }

  /** The version holding `stage`, if any. */
  versionWith(secret: AppSecret, stage: string): AppSecretVersion | undefined {
    return secret.versions.find((v) => v.stages.has(stage));
  }

  currentValue(secret: AppSecret): string | undefined {
    return this.versionWith(secret, 'AWSCURRENT')?.secretString;
  }

  /** A new AWSCURRENT version, as someone storing a value by hand (PutSecretValue) makes one. */
  storeByHand(secret: AppSecret, secretString: string): void {
    this.fake.secretsManager.putSecretValue(secret.arn, this.createdAt, secretString);
  }

  /** Sets tags on the secret, as someone tagging it by hand does. */
  tag(secret: AppSecret, tags: Readonly<Record<string, string>>): void {
    this.fake.secretsManager.tagResource(secret.arn, tags, this.createdAt);
  }

  /** The fault `fail` asks for on this request, if any. */
  check(request: FakeRequest): Fault | undefined {
    const command = secretsManagerCommand(request);
    const error = command === undefined ? undefined : this.fail(command, request.json);
    return error && faultOf(error);
  }

  private view(arn: string): AppSecret {
    const secrets = this.fake.secretsManager;
    return {
      arn,
      name: secrets.get(arn).name,
      get tags() {
        return Object.fromEntries(secrets.get(arn).tags);
      },
      get versions() {
        return secrets.versionsOf(arn).map((v) => ({
          id: v.versionId,
          secretString: v.value,
          stages: new Set(v.stages),
        }));
      },
    };
  }
}

const NOTIFICATION_PREFIX = 'notification#';

function refused(code: string, message: string): Fault {
  return { status: 400, code, message };
}

export class LoopbackTable {
  /** Returns an error to make an UpdateItem fail before it is applied. */
  fail: (input: UpdateItemCommandInput) => Error | undefined = () => undefined;
  readonly table: FakeTable;

  constructor(
    fake: FakeAws,
    tableName: string,
    /** The spy on the DynamoDB client the intake uses: what it sent. */
    private readonly ddb: AwsClientStub<DynamoDBClient>,
  ) {
    this.table = fake.dynamodb.createTable(tableName);
  }

  /** Items by `pk`, as stored; a test may put one in directly. */
  get items(): Map<string, Item> {
    return this.table.items;
  }

  /** Every UpdateItem input sent, in order. */
  get updates(): UpdateItemCommandInput[] {
    return this.ddb.commandCalls(UpdateItemCommand).map((call) => call.args[0].input);
  }

  /** The record the intake keeps for a client id. */
  clientRecord(clientId: string): Item | undefined {
    return this.items.get(`${NOTIFICATION_PREFIX}client#${clientId}`);
  }

  item(notificationId: string): Item | undefined {
    return this.items.get(`${NOTIFICATION_PREFIX}${notificationId}`);
  }

  state(notificationId: string): string | undefined {
    const state = this.item(notificationId)?.state?.S;
    return typeof state === 'string' ? state : undefined;
  }

  /**
   * The answer to a DynamoDB request the intake may not make (a key outside `notification#`,
   * as its IAM policy's dynamodb:LeadingKeys refuses; an eventually consistent read), or the
   * failure `fail` asks for.
   */
  check(request: FakeRequest): Fault | undefined {
    const [service, command] = request.operation.split('.');
    if (service !== 'DynamoDB') return undefined;
    const input = request.json ?? {};
    const key = (input.Key ?? input.Item) as { pk?: { S?: string } } | undefined;
    const pk = key?.pk?.S;
    if (pk === undefined || !pk.startsWith(NOTIFICATION_PREFIX)) {
      return refused('AccessDeniedException', `key ${String(pk)} is outside ${NOTIFICATION_PREFIX}`);
    }
    if (command === 'GetItem' && input.ConsistentRead !== true) {
      return refused('ValidationException', 'records must be read with ConsistentRead');
    }
    const error =
      command === 'UpdateItem' ? this.fail(input as unknown as UpdateItemCommandInput) : undefined;
    return error && faultOf(error);
  }
}
