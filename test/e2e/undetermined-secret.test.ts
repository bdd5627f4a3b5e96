/**
 * A secret created without a value has no version at all, so (without date tags) its expiry
 * cannot be determined: the bundled monitor must report it once, keep monitoring the others, and
 * date it as soon as a value is stored.
 */
import type { FakeAws } from '../../tools/fake-aws';
import { FakeAws as FakeAwsServer } from '../../tools/fake-aws';
import { DAY_MS, HOUR_MS } from './support/alert-oracle';
import type { BuiltBundles, MonitorHandler } from './support/monitor-bundle';
import { buildBundles, handlerOf, monitorEnvironment } from './support/monitor-bundle';
import { attributeOf, fakeDateOnly, iso } from './support/world';

const T0 = Date.parse('2027-03-01T00:00:00Z');
const TABLE = 'lwa-alert-ledger';
const VALUE_STORED_AT = T0 + 3 * DAY_MS + 30 * 60_000;

interface Run {
  readonly at: number;
  readonly alerts: readonly string[];
  readonly lookups: number;
  readonly outcome: string;
}

describe('Monitor bundle end to end: a tagged secret stored without a value', () => {
  const savedEnv = { ...process.env };
  let bundles: BuiltBundles;
  let fake: FakeAws;
  const runs: Run[] = [];

  beforeAll(async () => {
    // The bundle's wall clock follows the simulated time, as it would in AWS.
    fakeDateOnly();
    bundles = buildBundles(['monitor']);
    fake = await FakeAwsServer.start();
    fake.dynamodb.createTable(TABLE);
    const topicArn = fake.sns.createTopic('alerts');
    fake.secretsManager.createSecret({
      name: 'lwa/new-app',
      createdAt: new Date(T0 - DAY_MS),
      tags: { 'lwa:app': 'New App' },
    });
    fake.secretsManager.createSecret({
      name: 'lwa/steady',
      createdAt: new Date(T0 - 400 * DAY_MS),
      tags: { 'lwa:app': 'Steady' },
      firstVersionAt: new Date(T0 - 20 * DAY_MS),
    });
    Object.assign(process.env, monitorEnvironment(fake.clientEnvironment(), topicArn, TABLE));
    const file = bundles.files.monitor ?? '';
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is CommonJS, built just now
    const handler: MonitorHandler = handlerOf(require(file), file);

    // Hourly for six days; the value is stored after three, dated 175 days back (5 days left).
    for (let at = T0; at < T0 + 6 * DAY_MS; at += HOUR_MS) {
      if (at >= VALUE_STORED_AT && fake.secretsManager.currentVersion('lwa/new-app') === undefined) {
        fake.secretsManager.putSecretValue('lwa/new-app', new Date(at - 175 * DAY_MS));
      }
      const published = fake.sns.published.length;
      const lookups = fake.calls.count('SecretsManager.ListSecretVersionIds');
      let outcome = 'ok';
      jest.setSystemTime(at + 42_000);
      await handler({ time: iso(at) }).catch((error: unknown) => {
        outcome = error instanceof Error ? error.name : String(error);
      });
      runs.push({
        at,
        alerts: fake.sns.published
          .slice(published)
          .map((m) => `${attributeOf(m, 'app')}: ${attributeOf(m, 'severity')}`),
        lookups: fake.calls.count('SecretsManager.ListSecretVersionIds') - lookups,
        outcome,
      });
    }
  }, 60_000);

  afterAll(async () => {
    jest.useRealTimers();
    await fake?.close();
    bundles?.remove();
    process.env = savedEnv;
  });

  it('reports it once as undetermined, then dates it by its first version (5 days left: the 7-day alert)', () => {
    const alerted = runs.filter((run) => run.alerts.length > 0).map((run) => [iso(run.at), run.alerts]);
    expect(alerted).toEqual([
      [iso(T0), ['New App: undetermined']],
      [iso(T0 + 3 * DAY_MS + HOUR_MS), ['New App: 7-day']],
    ]);
    expect(runs.every((run) => run.outcome === 'ok')).toBe(true);
    expect(fake.problems).toEqual([]);
  });

  it('looks its version up once it has one, then no more', () => {
    const afterValue = runs.filter((run) => run.at > VALUE_STORED_AT);
    expect(afterValue.map((run) => run.lookups)).toEqual([1, ...afterValue.slice(1).map(() => 0)]);
  });

  // The ledger records "no current version" (NO_CURRENT_VERSION), so the secret is looked up once,
  // not on every run, until ListSecrets names an AWSCURRENT version for it.
  it('does not call ListSecretVersionIds on every run while the secret has no version', () => {
    const beforeValue = runs.filter((run) => run.at < VALUE_STORED_AT);
    // The first run may look (nothing is recorded yet); later runs have nothing new to learn.
    expect(beforeValue.slice(1).map((run) => run.lookups)).toEqual(beforeValue.slice(1).map(() => 0));
  });
});
