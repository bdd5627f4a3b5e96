/**
 * Property, end to end through runMonitor with in-memory fakes of the catalog, the ledger
 * (which stores real ledger items) and SNS: for any history of runs at increasing times, with
 * outages, publishes that fail at random and rotations at random points, on up to three
 * secrets dated by different tags, every secret keeps the alert contract (see AlertOracle),
 * and the AWSCURRENT version is looked up only when the ledger does not already know it.
 */
import fc from 'fast-check';
import type { AlertPolicy } from '../../../lambda/domain/alert-policy';
import { MS_PER_DAY, MS_PER_HOUR } from '../../../contract/time';
import type { MonitorSettings } from '../../../lambda/monitor/run-monitor';
import { runFailed, runMonitor } from '../../../lambda/monitor/run-monitor';
import { sentKindOf } from '../support/alert-kinds';
import { AlertOracle } from '../support/alert-oracle';
import { InMemoryCatalog, InMemoryLedger, RecordingLog, ScriptedPublisher } from '../support/in-memory';

const WINDOW_MS = 180 * MS_PER_DAY;
const START = new Date('2026-01-01T06:00:00Z').getTime();
type DateMode = 'current-version' | 'rotated-at' | 'expires-at';

const policies: fc.Arbitrary<AlertPolicy> = fc.record({
  thresholdsDays: fc.uniqueArray(fc.integer({ min: 1, max: 90 }), { minLength: 1, maxLength: 4 }),
  expiredReminderMs: fc.integer({ min: 1, max: 72 }).map((hours) => hours * MS_PER_HOUR),
});

const secretSteps = fc.record({
  rotationBackdateMs: fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 7 },
    { arbitrary: fc.integer({ min: 60_000, max: 200 * MS_PER_DAY }), weight: 1 },
  ),
  accepts: fc.array(fc.boolean(), { maxLength: 3 }),
});

const histories = fc.integer({ min: 1, max: 3 }).chain((secretCount) =>
  fc.record({
    policy: policies,
    secrets: fc.array(
      fc.record({
        mode: fc.constantFrom<DateMode>('current-version', 'rotated-at', 'expires-at'),
        initialAgeMs: fc.integer({ min: 60_000, max: 260 * MS_PER_DAY }),
      }),
      { minLength: secretCount, maxLength: secretCount },
    ),
    steps: fc.array(
      fc.record({
        gapMs: fc.oneof(
          // Seconds apart (a manual run, a retry): the run after a run that wrote starts over
          // under the lease (LEASE_CLOCK_MARGIN_MS), which must change nothing it decides.
          fc.integer({ min: 1_000, max: 20_000 }),
          fc.integer({ min: 60_000, max: 36 * MS_PER_HOUR }),
          fc.integer({ min: MS_PER_DAY, max: 60 * MS_PER_DAY }),
        ),
        perSecret: fc.array(secretSteps, { minLength: secretCount, maxLength: secretCount }),
      }),
      { minLength: 1, maxLength: 30 },
    ),
  }),
);

interface SimulatedSecret {
  readonly name: string;
  readonly arn: string;
  readonly mode: DateMode;
  readonly oracle: AlertOracle;
  rotatedAt: number;
  version: number;
}

describe('runMonitor (property): any run history keeps the alert contract for every secret', () => {
  it('GIVEN increasing run times, outages, random publish failures and rotations WHEN the monitor runs THEN no alert repeats, nothing due is skipped, nothing failed is recorded', async () => {
    await fc.assert(
      fc.asyncProperty(histories, async ({ policy, secrets: secretSpecs, steps }) => {
        // Prepare
        const settings: MonitorSettings = {
          tagKey: 'lwa:app',
          defaultWindowDays: 180,
          policy,
          region: 'eu-west-1',
          leaseMs: 900_000,
          concurrency: 2,
        };
        const catalog = new InMemoryCatalog(2);
        const ledger = new InMemoryLedger();
        const acceptsThisRun = new Map<string, boolean[]>();
        const publisher = new ScriptedPublisher(
          (message) => acceptsThisRun.get(message.attributes.app)?.shift() ?? true,
        );
        const log = new RecordingLog();
        const secrets: SimulatedSecret[] = secretSpecs.map((spec, i) => ({
          name: `App ${i}`,
          arn: `arn:aws:secretsmanager:eu-west-1:111122223333:secret:app-${i}-AbCdEf`,
          mode: spec.mode,
          oracle: new AlertOracle(policy, `App ${i} (${spec.mode})`),
          rotatedAt: START - spec.initialAgeMs,
          version: 1,
        }));
        let now = START;

        for (const step of steps) {
          now += step.gapMs;
          const expectLookup = new Set<string>();
          for (const [i, secret] of secrets.entries()) {
            const secretStep = step.perSecret[i];
            if (!secretStep) throw new Error('step without this secret');
            if (secretStep.rotationBackdateMs !== undefined) {
              // A rotation is a day or more after the one before (a new cycle, not a correction
              // of the same one) and not in the future: a rotated-at in the future is a tag
              // problem, dated by the version instead. A step that allows neither rotates nothing.
              const earliest = secret.rotatedAt + MS_PER_DAY;
              if (earliest <= now) {
                secret.rotatedAt = Math.max(earliest, now - secretStep.rotationBackdateMs);
                secret.version++;
              }
            }
            acceptsThisRun.set(secret.name, [...secretStep.accepts]);
            const versionId = `v${secret.version}`;
            const tags: Record<string, string> = { 'lwa:app': secret.name };
            if (secret.mode === 'rotated-at')
              tags['lwa:rotated-at'] = new Date(secret.rotatedAt).toISOString();
            if (secret.mode === 'expires-at') {
              tags['lwa:expires-at'] = new Date(secret.rotatedAt + WINDOW_MS).toISOString();
            }
            catalog.put({ arn: secret.arn, name: `app-${i}`, tags, currentVersionId: versionId });
            catalog.versions.set(secret.arn, { versionId, createdAt: new Date(secret.rotatedAt) });
            if (
              secret.mode === 'current-version' &&
              ledger.entry(secret.arn).currentVersion?.versionId !== versionId
            ) {
              expectLookup.add(secret.arn);
            }
          }
          const attemptsBefore = publisher.attempts.length;
          const lookupsBefore = catalog.versionLookups.length;

          // Act
          const at = new Date(now);
          const summary = await runMonitor({ catalog, ledger, publisher, log }, settings, {
            now: at,
            wallClock: () => at,
            runId: `run-${now}`,
          });

          // Assess
          const attempts = publisher.attempts.slice(attemptsBefore);
          const failedCount = attempts.filter((a) => !a.accepted).length;
          expect(summary.publishFailures).toBe(failedCount);
          expect(runFailed(summary)).toBe(failedCount > 0);
          expect(catalog.versionLookups.slice(lookupsBefore).sort()).toEqual([...expectLookup].sort());
          for (const secret of secrets) {
            const mine = attempts
              .filter((a) => a.message.attributes.app === secret.name)
              .map((a) => ({ kind: sentKindOf(a.message), accepted: a.accepted }));
            secret.oracle.checkRun(at, new Date(secret.rotatedAt + WINDOW_MS), mine);
            const cycle = ledger.entry(secret.arn).alertState.cycle;
            secret.oracle.checkRecorded(cycle);
          }
        }
      }),
      { numRuns: 250 },
    );
  }, 30_000); // 250 generated histories: about 0.5 s alone, several seconds on a busy 2-CPU machine
});
