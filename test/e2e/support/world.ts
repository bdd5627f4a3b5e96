import type { FakeAws, PublishedMessage } from '../../../tools/fake-aws';
import type { ObservedSecret } from './alert-oracle';

/** Something that happens to the secrets between runs: a rotation, a deletion, a tag edit. */
export interface WorldEvent {
  readonly at: number;
  readonly secretName: string;
  readonly what: string;
  /** True for an event that starts a new expiry cycle. */
  readonly rotation: boolean;
  apply(fake: FakeAws): void;
}

/** The secrets as the oracle sees them: read from the fake's state, never through the monitor. */
export function observeSecrets(fake: FakeAws): ObservedSecret[] {
  return fake.secretsManager.all().map((secret) => {
    const current = secret.versions.find((v) => v.stages.includes('AWSCURRENT'));
    return {
      arn: secret.arn,
      name: secret.name,
      tags: Object.fromEntries(secret.tags),
      ...(current
        ? { currentVersion: { id: current.versionId, createdAt: current.createdAt.getTime() } }
        : {}),
      deleted: secret.deletedAt !== undefined,
      ...(secret.primaryRegion !== undefined ? { primaryRegion: secret.primaryRegion } : {}),
    };
  });
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** ISO-8601 to the minute, the way a person or Amazon's notification would write it. */
export function isoMinute(ms: number): string {
  return `${iso(ms).slice(0, 16)}:00Z`;
}

export interface Delivery {
  /** Evaluation time of the run that published it. */
  readonly runAt: number;
  readonly app: string;
  readonly severity: string;
  readonly message: PublishedMessage;
}

export function attributeOf(message: PublishedMessage, name: string): string {
  return message.MessageAttributes[name]?.StringValue ?? `<no ${name}>`;
}

const GSM7_EXTENSION = new Set(['^', '{', '}', '\\', '[', '~', ']', '|', '€']);

/** SMS length in GSM-7 septets: extension-table characters cost two. */
export function gsm7Septets(text: string): number {
  return [...text].reduce((sum, ch) => sum + (GSM7_EXTENSION.has(ch) ? 2 : 1), 0);
}

/**
 * Fakes only `Date` (then moved with `jest.setSystemTime`): timers and I/O stay real, so the
 * loopback fake answers as usual while the bundled functions' wall clock follows simulated time.
 */
export function fakeDateOnly(): void {
  jest.useFakeTimers({
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}
