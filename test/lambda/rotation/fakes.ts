import type { CredentialRead, CredentialReader } from '../../../lambda/ports/credential-reader';
import type { KeyedLedger, LedgerAttribute, StoredRecord } from '../../../lambda/ports/keyed-ledger';
import { assertAutomationKey } from '../../../lambda/adapters/aws/keyed-ledger';

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

/** A clock that only moves when told to, or when code "sleeps" on it. */
export class FakeClock {
  readonly sleeps: number[] = [];
  constructor(private nowMs: number) {}

  readonly clock = (): Date => new Date(this.nowMs);
  readonly sleep = (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.nowMs += ms;
    return Promise.resolve();
  };
  advance(ms: number): void {
    this.nowMs += ms;
  }
  get now(): number {
    return this.nowMs;
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
