import { randomUUID } from 'node:crypto';
import { AwsServiceError, UnsupportedByFake, validationError } from './aws-error';
import type { JsonObject } from './json-input';
import { isJsonObject, onlyKnownMembers, optionalArray, optionalNumber, optionalString } from './json-input';

/**
 * EventBridge (AWS JSON 1.1, target prefix `AWSEvents`): PutEvents on the default bus and on
 * buses a test creates, with the checks EventBridge applies that a caller depends on: 1 to 10
 * entries a call, each with a Source, a DetailType and a Detail that is a JSON object, an
 * answer entry per request entry in the same order, and FailedEntryCount. Every accepted event
 * is recorded with its detail parsed. A whole call fails through the fault plan
 * (`EventBridge.PutEvents`); single entries fail through `failEntries`, as EventBridge fails
 * them (an ErrorCode in the answer entry, the others accepted).
 */

/** An event EventBridge accepted, as a test reads it. */
export interface PutEvent {
  readonly eventId: string;
  readonly eventBusName: string;
  readonly source: string;
  readonly detailType: string;
  readonly detail: JsonObject;
  /** The Detail string exactly as sent. */
  readonly detailText: string;
  readonly resources: readonly string[];
  readonly time?: Date;
  /** Order of acceptance, from 1. */
  readonly sequence: number;
}

/** An entry of a PutEvents request, as `failEntries` predicates see it. */
export interface PutEventsEntryInput {
  readonly eventBusName: string;
  readonly source?: string;
  readonly detailType?: string;
  readonly detail?: string;
}

export interface EntryFaultRule {
  /** How many matching entries fail; `Infinity` until removed. Default 1. */
  readonly times?: number;
  /** Only entries for which this holds fail. */
  readonly when?: (entry: PutEventsEntryInput) => boolean;
  /** The answer entry's ErrorCode. Default `InternalFailure`. */
  readonly code?: string;
  readonly message?: string;
}

export interface EntryFaultHandle {
  /** Entries this rule made fail so far. */
  readonly triggered: number;
  remove(): void;
}

const MAX_ENTRIES = 10;
const ENTRY_MEMBERS = ['Source', 'DetailType', 'Detail', 'Resources', 'Time', 'EventBusName', 'TraceHeader'];
const DEFAULT_BUS = 'default';

class EntryFault implements EntryFaultHandle {
  triggered = 0;

  constructor(
    readonly rule: EntryFaultRule,
    private readonly owner: FakeEventBridge,
  ) {}

  remove(): void {
    this.owner.removeEntryFault(this);
  }
}

export class FakeEventBridge {
  readonly events: PutEvent[] = [];
  private readonly buses = new Set<string>([DEFAULT_BUS]);
  private entryFaults: EntryFault[] = [];

  constructor(
    readonly region: string,
    readonly accountId: string,
  ) {}

  /** Creates a custom bus; returns its ARN. */
  createEventBus(name: string): string {
    this.buses.add(name);
    return this.busArn(name);
  }

  /** Makes entries fail inside an accepted call, as EventBridge reports them in FailedEntryCount. */
  failEntries(rule: EntryFaultRule = {}): EntryFaultHandle {
    const fault = new EntryFault(rule, this);
    this.entryFaults.push(fault);
    return fault;
  }

  removeEntryFault(fault: EntryFaultHandle): void {
    this.entryFaults = this.entryFaults.filter((f) => f !== fault);
  }

  /** The accepted events of one detail-type (or all of them). */
  eventsOf(detailType?: string): PutEvent[] {
    return detailType === undefined
      ? [...this.events]
      : this.events.filter((e) => e.detailType === detailType);
  }

  handle(operation: string, input: JsonObject): JsonObject {
    switch (operation) {
      case 'PutEvents':
        return this.putEvents(input);
      default:
        throw new UnsupportedByFake(`the EventBridge operation ${operation}`);
    }
  }

  private busArn(name: string): string {
    return `arn:aws:events:${this.region}:${this.accountId}:event-bus/${name}`;
  }

  /** A bus name or ARN of this account and region, as its name; throws when no such bus exists. */
  private busNamed(raw: string | undefined): string {
    const value = raw ?? DEFAULT_BUS;
    const prefix = `arn:aws:events:${this.region}:${this.accountId}:event-bus/`;
    const name = value.startsWith('arn:')
      ? value.startsWith(prefix)
        ? value.slice(prefix.length)
        : ''
      : value;
    if (!this.buses.has(name)) {
      throw new AwsServiceError(400, 'ResourceNotFoundException', `Event bus ${value} does not exist.`);
    }
    return name;
  }

  private putEvents(input: JsonObject): JsonObject {
    onlyKnownMembers(input, 'PutEvents', ['Entries', 'EndpointId']);
    if (input.EndpointId !== undefined) throw new UnsupportedByFake('PutEvents parameter EndpointId');
    const entries = optionalArray(input, 'Entries') ?? [];
    if (entries.length < 1 || entries.length > MAX_ENTRIES) {
      throw validationError(
        `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ENTRIES} and greater than or equal to 1`,
      );
    }
    const results = entries.map((entry) => this.putEntry(entry));
    return {
      FailedEntryCount: results.filter((r) => r.ErrorCode !== undefined).length,
      Entries: results,
    };
  }

  private putEntry(raw: unknown): JsonObject {
    if (!isJsonObject(raw)) throw validationError('Entries must be a list of objects');
    onlyKnownMembers(raw, 'PutEvents entry', ENTRY_MEMBERS);
    const eventBusName = this.busNamed(optionalString(raw, 'EventBusName'));
    const source = optionalString(raw, 'Source');
    const detailType = optionalString(raw, 'DetailType');
    const detailText = optionalString(raw, 'Detail');
    const time = optionalNumber(raw, 'Time');
    const resources = optionalArray(raw, 'Resources') ?? [];
    if (!source || !detailType || detailText === undefined) {
      return failed('InvalidArgument', 'Parameters Source, DetailType and Detail are required.');
    }
    if (resources.some((r) => typeof r !== 'string'))
      return failed('InvalidArgument', 'Resources must be ARNs.');
    let detail: unknown;
    try {
      detail = JSON.parse(detailText);
    } catch {
      detail = undefined;
    }
    if (!isJsonObject(detail)) return failed('MalformedDetail', 'Detail is malformed.');
    const fault = this.entryFaultFor({ eventBusName, source, detailType, detail: detailText });
    if (fault) return failed(fault.code ?? 'InternalFailure', fault.message ?? 'Injected entry failure');
    const eventId = randomUUID();
    this.events.push({
      eventId,
      eventBusName,
      source,
      detailType,
      detail,
      detailText,
      resources: resources as string[],
      ...(time === undefined ? {} : { time: new Date(time * 1000) }),
      sequence: this.events.length + 1,
    });
    return { EventId: eventId };
  }

  private entryFaultFor(entry: PutEventsEntryInput): EntryFaultRule | undefined {
    for (const fault of this.entryFaults) {
      const { rule } = fault;
      if (rule.when && !rule.when(entry)) continue;
      if (fault.triggered >= (rule.times ?? 1)) continue;
      fault.triggered++;
      return rule;
    }
    return undefined;
  }
}

function failed(code: string, message: string): JsonObject {
  return { ErrorCode: code, ErrorMessage: message };
}
