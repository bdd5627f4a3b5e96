import type { JsonObject } from './json-input';

export type ServiceName = 'SecretsManager' | 'DynamoDB' | 'SNS' | 'CloudFormation' | 'SQS' | 'EventBridge';

/** `Service.Operation`, e.g. `SecretsManager.ListSecrets`, `DynamoDB.PutItem`, `SNS.Publish`. */
export type OperationName = `${ServiceName}.${string}`;

/** One request as the fake decoded it, for fault predicates. */
export interface FakeRequest {
  readonly operation: OperationName;
  /**
   * The SDK's `amz-sdk-request` header, e.g. `attempt=2; max=4`: which attempt of one call
   * this request is. Undefined for a client that does not send it.
   */
  readonly sdkRequest?: string;
  /** The body of an awsJson request. */
  readonly json?: JsonObject;
  /** The form of an awsQuery request. */
  readonly form?: URLSearchParams;
}

/**
 * - `throttle`: the service's throttling error (400 ThrottlingException; SNS: 429 Throttled);
 * - `server-error`: the service's internal error (HTTP 500);
 * - `socket-destroy`: the connection is dropped after the request arrived, without an answer;
 * - `hang`: the request gets no answer until the test releases it (`FakeAws.held`), as if the
 *   service, or the function waiting for it, had stopped;
 * - `unprocessed-keys`: BatchGetItem succeeds but returns all keys but the first as UnprocessedKeys;
 * - or any status and error code.
 */
export type Fault =
  | 'throttle'
  | 'server-error'
  | 'socket-destroy'
  | 'hang'
  | 'unprocessed-keys'
  | { readonly status: number; readonly code: string; readonly message?: string };

export interface FaultRule {
  readonly operation: OperationName;
  readonly fault: Fault;
  /** The first matching call (1 = the next one after the rule is added) that fails. Default 1. */
  readonly nth?: number;
  /** How many consecutive matching calls fail from the nth on; `Infinity` until removed. Default 1. */
  readonly times?: number;
  /** Only calls for which this holds count as matching. */
  readonly when?: (request: FakeRequest) => boolean;
}

export interface FaultHandle {
  /** Calls this rule made fail so far. */
  readonly triggered: number;
  remove(): void;
}

class ActiveFault implements FaultHandle {
  matched = 0;
  triggered = 0;

  constructor(
    readonly rule: FaultRule,
    private readonly plan: FaultPlan,
  ) {}

  remove(): void {
    this.plan.remove(this);
  }
}

/** Scripted failures: which call of which operation fails, and how. */
export class FaultPlan {
  private active: ActiveFault[] = [];

  inject(rule: FaultRule): FaultHandle {
    if (rule.fault === 'unprocessed-keys' && rule.operation !== 'DynamoDB.BatchGetItem') {
      throw new Error('unprocessed-keys applies to DynamoDB.BatchGetItem only');
    }
    const fault = new ActiveFault(rule, this);
    this.active.push(fault);
    return fault;
  }

  remove(fault: FaultHandle): void {
    this.active = this.active.filter((f) => f !== fault);
  }

  clear(): void {
    this.active = [];
  }

  /** The fault for this call, if a rule selects it. Every matching rule counts the call. */
  select(request: FakeRequest): Fault | undefined {
    let selected: Fault | undefined;
    for (const fault of this.active) {
      const { rule } = fault;
      if (rule.operation !== request.operation) continue;
      if (rule.when && !rule.when(request)) continue;
      fault.matched++;
      const first = rule.nth ?? 1;
      const last = first + (rule.times ?? 1) - 1;
      if (selected === undefined && fault.matched >= first && fault.matched <= last) {
        fault.triggered++;
        selected = rule.fault;
      }
    }
    return selected;
  }
}
