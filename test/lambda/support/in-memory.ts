/**
 * In-memory stand-ins for the ports (lambda/ports): the monitor's catalog, alert ledger,
 * publisher and log, and the automation's keyed ledger and credential reader. The alert ledger
 * stores what the real adapter would write (through `toItem`/`fromItem`), so a run sees exactly
 * what it would read back from DynamoDB. AWS services themselves are faked by the loopback fake
 * (tools/fake-aws, see loopback-aws.ts), never here.
 */
import type { LogPort } from '../../../lambda/ports/log';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { AlertLedger, LeaseGrant, SaveOutcome } from '../../../lambda/ports/alert-ledger';
import type { LedgerEntry } from '../../../lambda/domain/ledger-entry';
import { fromItem, toItem } from '../../../lambda/adapters/aws/alert-ledger';
import { emptyEntry } from '../../../lambda/domain/ledger-entry';
import type { AlertPublisher } from '../../../lambda/ports/alert-publisher';
import type { SecretCatalog } from '../../../lambda/ports/secret-catalog';
import type { CatalogSecret, CurrentVersion } from '../../../lambda/domain/catalog-secret';
import type { AlertMessage } from '../../../lambda/domain/alert-message';
import type { CredentialRead, CredentialReader } from '../../../lambda/ports/credential-reader';
import type { KeyedLedger, LedgerAttribute, StoredRecord } from '../../../lambda/ports/keyed-ledger';
import { assertAutomationKey } from '../../../lambda/adapters/aws/keyed-ledger';
import type { ProductEvent } from '../../../lambda/domain/product-events';
import type { EventPublisher, EventPublishOutcome } from '../../../lambda/ports/event-publisher';

export class InMemoryCatalog implements SecretCatalog {
  readonly secrets: CatalogSecret[] = [];
  readonly versions = new Map<string, CurrentVersion>();
  readonly versionLookups: string[] = [];
  readonly failingLookups = new Set<string>();

  constructor(private readonly pageSize = 100) {}

  async *pages(tagKey: string): AsyncIterable<readonly CatalogSecret[]> {
    const tagged = this.secrets.filter((secret) => Object.hasOwn(secret.tags, tagKey));
    for (let start = 0; start < tagged.length; start += this.pageSize) {
      // A real page arrives asynchronously; so does this one.
      yield await Promise.resolve(tagged.slice(start, start + this.pageSize));
    }
  }

  currentVersion(secretArn: string): Promise<CurrentVersion | undefined> {
    this.versionLookups.push(secretArn);
    if (this.failingLookups.has(secretArn)) {
      return Promise.reject(new Error('AccessDeniedException: not authorized'));
    }
    return Promise.resolve(this.versions.get(secretArn));
  }

  /** Replaces the secret with `arn` (or adds it). */
  put(secret: CatalogSecret): void {
    const index = this.secrets.findIndex((s) => s.arn === secret.arn);
    if (index >= 0) this.secrets[index] = secret;
    else this.secrets.push(secret);
  }
}

export class InMemoryLedger implements AlertLedger {
  readonly items = new Map<string, Record<string, AttributeValue>>();
  /** Every write accepted, in order (what was recorded, by whom it does not matter). */
  readonly saved: LedgerEntry[] = [];
  lease?: { readonly holder: string; readonly until: number };
  /** Returns an error to make `save` of that entry fail, as DynamoDB might. */
  failSave: (entry: LedgerEntry) => Error | undefined = () => undefined;
  /** Runs just before a save is checked: lets a test simulate another writer. */
  beforeSave: (entry: LedgerEntry) => void = () => undefined;

  /** Number of `readAll` calls (each a whole-table Scan for the real adapter). */
  reads = 0;

  readAll(): Promise<Map<string, LedgerEntry>> {
    this.reads++;
    const entries = new Map<string, LedgerEntry>();
    for (const item of this.items.values()) {
      const entry = fromItem(item);
      if (entry) entries.set(entry.secretArn, entry);
    }
    return Promise.resolve(entries);
  }

  save(entry: LedgerEntry, now: Date): Promise<SaveOutcome> {
    this.beforeSave(entry);
    const failure = this.failSave(entry);
    if (failure) return Promise.reject(failure);
    const stored = this.entry(entry.secretArn);
    if (stored.revision !== entry.revision) return Promise.resolve({ saved: false, reason: 'conflict' });
    const revision = entry.revision + 1;
    this.items.set(entry.secretArn, toItem(entry, revision, now));
    this.saved.push({ ...entry, revision });
    return Promise.resolve({ saved: true, revision });
  }

  acquireLease(holder: string, now: Date, durationMs: number): Promise<LeaseGrant> {
    const previous = this.lease;
    // As the real condition: free when never taken or when it ended before `now`.
    if (previous && previous.until > now.getTime()) return Promise.resolve({ acquired: false });
    this.lease = { holder, until: now.getTime() + durationMs };
    return Promise.resolve({
      acquired: true,
      previousEnd: previous ? new Date(previous.until) : undefined,
    });
  }

  releaseLease(holder: string, now: Date): Promise<void> {
    if (this.lease?.holder === holder) this.lease = { holder, until: now.getTime() };
    return Promise.resolve();
  }

  /** What a run would read for `arn`. */
  entry(arn: string): LedgerEntry {
    const item = this.items.get(arn);
    return (item && fromItem(item)) ?? emptyEntry(arn);
  }
}

export interface PublishAttempt {
  readonly message: AlertMessage;
  readonly accepted: boolean;
}

export class ScriptedPublisher implements AlertPublisher {
  readonly attempts: PublishAttempt[] = [];

  /** `accepts` decides, per attempt, whether "SNS" takes the message. */
  constructor(private readonly accepts: (message: AlertMessage) => boolean = () => true) {}

  publish(message: AlertMessage): Promise<{ readonly messageId: string }> {
    const accepted = this.accepts(message);
    this.attempts.push({ message, accepted });
    if (!accepted) return Promise.reject(new Error('InternalErrorException: SNS is unavailable'));
    return Promise.resolve({ messageId: `message-${this.attempts.length}` });
  }

  get accepted(): AlertMessage[] {
    return this.attempts.filter((a) => a.accepted).map((a) => a.message);
  }
}

export interface LogLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields?: Record<string, unknown>;
}

export class RecordingLog implements LogPort {
  readonly lines: LogLine[] = [];
  info(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'info', message, fields });
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'warn', message, fields });
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'error', message, fields });
  }
  messages(level: LogLine['level']): string[] {
    return this.lines.filter((l) => l.level === level).map((l) => l.message);
  }
}

export interface StoredItem {
  readonly revision: number;
  readonly attributes: Record<string, LedgerAttribute>;
  readonly ttl: number;
}

export class InMemoryKeyedLedger implements KeyedLedger {
  readonly items = new Map<string, StoredItem>();
  /** Every accepted write, in order. */
  readonly writes: { key: string; attributes: Record<string, LedgerAttribute> }[] = [];
  failGet: (key: string) => Error | undefined = () => undefined;
  failPut: (key: string, attributes: Record<string, LedgerAttribute>) => Error | undefined = () => undefined;

  get(key: string): Promise<StoredRecord | undefined> {
    assertAutomationKey(key);
    const failure = this.failGet(key);
    if (failure) return Promise.reject(failure);
    const item = this.items.get(key);
    return Promise.resolve(
      item ? { revision: item.revision, attributes: { ...item.attributes } } : undefined,
    );
  }

  put(
    key: string,
    attributes: Readonly<Record<string, LedgerAttribute | undefined>>,
    expectedRevision: number,
    expiresAt: Date,
  ): Promise<boolean> {
    assertAutomationKey(key);
    const clean: Record<string, LedgerAttribute> = {};
    for (const [name, value] of Object.entries(attributes)) if (value !== undefined) clean[name] = value;
    const failure = this.failPut(key, clean);
    if (failure) return Promise.reject(failure);
    const stored = this.items.get(key);
    if ((stored?.revision ?? 0) !== expectedRevision) return Promise.resolve(false);
    this.items.set(key, {
      revision: expectedRevision + 1,
      attributes: clean,
      ttl: Math.floor(expiresAt.getTime() / 1000),
    });
    this.writes.push({ key, attributes: clean });
    return Promise.resolve(true);
  }

  attributes(key: string): Record<string, LedgerAttribute> | undefined {
    return this.items.get(key)?.attributes;
  }
}

export class StaticCredentials implements CredentialReader {
  readonly reads: string[] = [];
  constructor(private readonly byArn: Map<string, CredentialRead>) {}

  read(secretArn: string): Promise<CredentialRead> {
    this.reads.push(secretArn);
    return Promise.resolve(
      this.byArn.get(secretArn) ?? {
        ok: false,
        problem: 'unreadable',
        retryable: false,
        detail: 'ResourceNotFoundException',
      },
    );
  }

  set(secretArn: string, read: CredentialRead): void {
    this.byArn.set(secretArn, read);
  }
}

/** An event publisher that records what it is given, or refuses every event as a failing bus would. */
export class RecordingEvents implements EventPublisher {
  readonly published: ProductEvent[] = [];
  /** Every event refused (reported failed, as the reporting publisher reports a failing bus). */
  failing = false;

  publish(events: readonly ProductEvent[]): Promise<EventPublishOutcome> {
    if (this.failing) {
      return Promise.resolve({
        published: 0,
        failed: events.map((e) => ({
          detailType: e.detailType,
          secretArn: e.detail.secretArn,
          reason: 'InternalFailure',
        })),
      });
    }
    this.published.push(...events);
    return Promise.resolve({ published: events.length, failed: [] });
  }
}
