/**
 * The monitor exactly as deployed (bundled by scripts/bundle.mjs, loaded with `require`) runs
 * against the loopback fake of Secrets Manager, DynamoDB and SNS through AWS_ENDPOINT_URL, over
 * 400 simulated days: scheduled runs with gaps of hours to days, rotations of every kind, a
 * deletion and restore, a secret appearing mid-way, and publishes that fail. What SNS received
 * is compared, run by run, with an independent oracle of the alert rules the README states.
 * Its events go to the fake's EventBridge, which refuses every call in some runs: each run's
 * events must match the SNS alerts it sent, and a refusing bus must change none of them.
 *
 * Runs are every 1-6 hours (hourly 30% of the time) plus random outages of 3-96 hours, rather
 * than every hour: 9,600 hourly runs would take about a minute; this takes a few seconds.
 * Set E2E_SEED to replay or vary the scenario; a failure names its seed.
 */
import type { Fault, FakeAws } from '../../tools/fake-aws';
import type { PutEvent } from '../../tools/fake-aws/eventbridge';
import { FakeAws as FakeAwsServer, publishAttribute } from '../../tools/fake-aws';
import type { ExpectedAlert, ObservedSecret } from './support/alert-oracle';
import { AlertOracle, DAY_MS, HOUR_MS } from './support/alert-oracle';
import type { BuiltBundles, MonitorHandler, MonitorResult } from './support/monitor-bundle';
import { buildBundles, handlerOf, monitorEnvironment } from './support/monitor-bundle';
import { Prng } from '../../tools/prng';
import type { Delivery, WorldEvent } from './support/world';
import { attributeOf, fakeDateOnly, gsm7Septets, iso, isoMinute, observeSecrets } from './support/world';

const SEED = Number(process.env.E2E_SEED ?? 20_270_104);
const T0 = Date.parse('2027-01-04T00:00:00Z');
const END = T0 + 400 * DAY_MS;
const REGION = 'us-east-1';
const TABLE = 'lwa-alert-ledger';
const APP_TAG = 'lwa:app';
const THRESHOLDS = [30, 7, 1];
const DEFAULT_WINDOW_DAYS = 180;

/** Each seeded secret's client secret: the monitor cannot read it, and no event may carry it. */
const SECRET_VALUES: string[] = [];
function secretValueOf(name: string): string {
  const clientSecret = `amzn1.oa2-cs.v1.sim${SECRET_VALUES.length}-${name.replace(/\W/g, '')}`;
  SECRET_VALUES.push(clientSecret);
  return JSON.stringify({ lwaClientId: 'amzn1.application-oa2-client.sim', lwaClientSecret: clientSecret });
}

interface RunRecord {
  readonly at: number;
  readonly expected: readonly string[];
  readonly actual: readonly string[];
  readonly expectedFailure: boolean;
  readonly outcome: string;
  readonly expectedLookups: number;
  readonly lookups: number;
  readonly listSecretsCalls: number;
  readonly ledgerScans: number;
  readonly failedAlerts: readonly ExpectedAlert[];
  /** Apps whose publishes were made to fail in this run. */
  readonly failingApps: readonly string[];
  readonly ran: boolean;
  /** The run's events on the bus, as `app: severity`; empty when the bus refused them. */
  readonly events: readonly string[];
  /** EventBridge refused every PutEvents call of this run. */
  readonly busRefused: boolean;
}

interface Simulation {
  readonly runs: readonly RunRecord[];
  readonly deliveries: readonly Delivery[];
  readonly events: readonly WorldEvent[];
  /** Every event the monitor put on the bus, in order. */
  readonly putEvents: readonly PutEvent[];
  readonly expectedResolved: readonly { readonly at: number; readonly alert: ExpectedAlert }[];
  readonly oracle: AlertOracle;
  readonly finalSecrets: readonly ObservedSecret[];
}

type RotationStyle = 'expires-at-tag' | 'rotated-at-tag' | 'new-version';

/** Rotations of one secret until the end: some before any alert, some after each level, some after expiry. */
function rotationsOf(
  rng: Prng,
  secretName: string,
  style: RotationStyle,
  windowDays: number,
  firstExpiry: number,
  notBefore: number,
): WorldEvent[] {
  const events: WorldEvent[] = [];
  let expiry = firstExpiry;
  let previous = notBefore;
  for (;;) {
    const offsetDays = rng.pick([-40, -20, -3, -0.5, 2.5, 6, 20]);
    // Half the rotations land on a whole hour, so that runs (on whole hours) meet thresholds,
    // expiries and reminders exactly at their boundaries.
    const unit = rng.chance(0.5) ? HOUR_MS : 60_000;
    const at = Math.floor((expiry + offsetDays * DAY_MS + rng.between(-10, 10) * HOUR_MS) / unit) * unit;
    if (at >= END) return events;
    if (at <= previous + DAY_MS) {
      expiry += DAY_MS; // too close to the previous rotation: try a little later
      continue;
    }
    const newExpiry = at + windowDays * DAY_MS;
    events.push({
      at,
      secretName,
      rotation: true,
      what: `rotate (${style}) ${secretName}: new expiry ${iso(newExpiry)}`,
      apply: (fake) => {
        fake.secretsManager.putSecretValue(secretName, new Date(at));
        if (style === 'expires-at-tag') {
          fake.secretsManager.tagResource(
            secretName,
            { 'lwa:expires-at': isoMinute(newExpiry) },
            new Date(at),
          );
        } else if (style === 'rotated-at-tag') {
          fake.secretsManager.tagResource(secretName, { 'lwa:rotated-at': isoMinute(at) }, new Date(at));
        }
      },
    });
    previous = at;
    expiry = newExpiry;
  }
}

function seedWorld(fake: FakeAws, rng: Prng): WorldEvent[] {
  const sm = fake.secretsManager;
  const days = (n: number) => T0 + n * DAY_MS;
  const events: WorldEvent[] = [];

  // Dated by lwa:expires-at (a primary secret that has replicas elsewhere).
  sm.createSecret({
    name: 'lwa/orders-eu',
    value: secretValueOf('lwa/orders-eu'),
    createdAt: new Date(days(-300)),
    tags: {
      [APP_TAG]: 'Orders EU',
      'lwa:expires-at': '2027-02-14T13:00:00Z',
      'lwa:client-id': 'amzn1.app.1',
    },
    firstVersionAt: new Date(days(-139)),
    primaryRegion: REGION,
  });
  events.push(
    ...rotationsOf(rng, 'lwa/orders-eu', 'expires-at-tag', 180, Date.parse('2027-02-14T13:00:00Z'), T0),
  );

  // Dated by lwa:rotated-at, with its own 90-day window: 15 days left at the first run.
  sm.createSecret({
    name: 'lwa/inventory-sync',
    value: secretValueOf('lwa/inventory-sync'),
    createdAt: new Date(days(-400)),
    tags: { [APP_TAG]: 'Inventory Sync', 'lwa:rotated-at': isoMinute(days(-75)), 'lwa:window-days': '90' },
    firstVersionAt: new Date(days(-75)),
  });
  events.push(...rotationsOf(rng, 'lwa/inventory-sync', 'rotated-at-tag', 90, days(15), T0));

  // Dated by the creation of its AWSCURRENT version only.
  sm.createSecret({
    name: 'lwa/ads-reporting',
    value: secretValueOf('lwa/ads-reporting'),
    createdAt: new Date(days(-500)),
    tags: { [APP_TAG]: 'Ads Reporting' },
    firstVersionAt: new Date(days(-170) + 7 * HOUR_MS),
  });
  events.push(...rotationsOf(rng, 'lwa/ads-reporting', 'new-version', 180, days(10) + 7 * HOUR_MS, T0));
  events.push({
    at: days(50),
    secretName: 'lwa/ads-reporting',
    rotation: false,
    what: 'edit an unrelated tag (moves LastChangedDate, not the expiry)',
    apply: (f) => f.secretsManager.tagResource('lwa/ads-reporting', { team: 'ads' }, new Date(days(50))),
  });

  // Malformed date tags: an impossible lwa:expires-at and a non-date lwa:rotated-at. Both are
  // ignored, so the version date applies. The app name is not plain ASCII.
  sm.createSecret({
    name: 'lwa/pricing',
    value: secretValueOf('lwa/pricing'),
    createdAt: new Date(days(-200)),
    tags: { [APP_TAG]: 'Préstamos & Zölle', 'lwa:expires-at': '2026-02-30', 'lwa:rotated-at': 'yesterday' },
    firstVersionAt: new Date(days(-100)),
  });
  events.push(...rotationsOf(rng, 'lwa/pricing', 'new-version', 180, days(80), T0));

  // Scheduled for deletion after its 7-day alert, restored after its expiry, then rotated.
  sm.createSecret({
    name: 'lwa/legacy-reports',
    value: secretValueOf('lwa/legacy-reports'),
    createdAt: new Date(days(-600)),
    tags: { [APP_TAG]: 'Legacy Reports' },
    firstVersionAt: new Date(days(-160)),
  });
  events.push(
    {
      at: days(16),
      secretName: 'lwa/legacy-reports',
      rotation: false,
      what: 'schedule lwa/legacy-reports for deletion',
      apply: (f) => f.secretsManager.scheduleDeletion('lwa/legacy-reports', new Date(days(16))),
    },
    {
      at: days(30),
      secretName: 'lwa/legacy-reports',
      rotation: false,
      what: 'restore lwa/legacy-reports',
      apply: (f) => f.secretsManager.restoreSecret('lwa/legacy-reports'),
    },
    {
      at: days(33.5),
      secretName: 'lwa/legacy-reports',
      rotation: true,
      what: 'rotate (new-version) lwa/legacy-reports',
      apply: (f) => f.secretsManager.putSecretValue('lwa/legacy-reports', new Date(days(33.5))),
    },
  );
  events.push(...rotationsOf(rng, 'lwa/legacy-reports', 'new-version', 180, days(33.5 + 180), days(33.5)));

  // A replica of a secret whose primary is in another region: that region's monitor owns it.
  sm.createSecret({
    name: 'lwa/orders-eu-replica',
    value: secretValueOf('lwa/orders-eu-replica'),
    createdAt: new Date(days(-300)),
    tags: { [APP_TAG]: 'Orders EU (replica)', 'lwa:expires-at': isoMinute(days(3)) },
    firstVersionAt: new Date(days(-300)),
    primaryRegion: 'eu-west-1',
  });

  // A look-alike tag key: ListSecrets' tag-key filter is a prefix match, so it is listed.
  sm.createSecret({
    name: 'other/old-tool',
    value: secretValueOf('other/old-tool'),
    createdAt: new Date(days(-300)),
    tags: { 'lwa:application': 'Old Tool' },
    firstVersionAt: new Date(days(-179)),
  });

  // Recorded late: lwa:rotated-at says it expired 10 days before the first run; on day 3 the
  // expiry Amazon shows (5 days ahead) is tagged, so one run announces the new cycle and its
  // 7-day alert together.
  sm.createSecret({
    name: 'lwa/catalog-feed',
    value: secretValueOf('lwa/catalog-feed'),
    createdAt: new Date(days(-500)),
    tags: { [APP_TAG]: 'Catalog Feed', 'lwa:rotated-at': isoMinute(days(-190)) },
    firstVersionAt: new Date(days(-190)),
  });
  events.push({
    at: days(3) + 30 * 60_000,
    secretName: 'lwa/catalog-feed',
    rotation: true,
    what: 'tag lwa/catalog-feed with the expiry Amazon shows: 5 days ahead',
    apply: (f) =>
      f.secretsManager.tagResource(
        'lwa/catalog-feed',
        { 'lwa:expires-at': isoMinute(days(8)) },
        new Date(days(3)),
      ),
  });
  events.push(...rotationsOf(rng, 'lwa/catalog-feed', 'expires-at-tag', 180, days(8), days(3) + 30 * 60_000));

  // Appears on day 100 with 5 days left: its first alert is the 7-day one, not the 30-day one.
  const returnsCreated = days(100) + 5 * HOUR_MS;
  events.push({
    at: returnsCreated,
    secretName: 'lwa/returns',
    rotation: false,
    what: 'create lwa/returns with 5 days left',
    apply: (f) =>
      f.secretsManager.createSecret({
        name: 'lwa/returns',
        value: secretValueOf('lwa/returns'),
        createdAt: new Date(returnsCreated),
        tags: { [APP_TAG]: 'Returns' },
        firstVersionAt: new Date(returnsCreated - 175 * DAY_MS),
      }),
  });
  events.push(
    ...rotationsOf(rng, 'lwa/returns', 'new-version', 180, returnsCreated + 5 * DAY_MS, returnsCreated),
  );

  return events.sort((a, b) => a.at - b.at);
}

/**
 * The next run: usually 1-6 hours later (hourly 30% of the time), sometimes after an outage of
 * 3-96 hours; and when a threshold, an expiry or a reminder falls before it, often exactly on
 * that boundary or one minute before it.
 */
function nextRunTime(rng: Prng, previous: number, boundaries: readonly number[]): number {
  const outage = rng.chance(0.05);
  const gapHours = outage ? rng.int(3, 96) : rng.chance(0.3) ? 1 : rng.int(2, 6);
  const next = previous + gapHours * HOUR_MS;
  const boundary = boundaries.find((b) => b < next);
  if (boundary === undefined || outage) return next;
  const choice = rng.next();
  if (choice < 0.4) return boundary;
  if (choice < 0.6 && boundary - 60_000 > previous) return boundary - 60_000;
  return next;
}

/** How a failing app's publishes fail; retryable faults cost SDK back-off time, so they are rationed. */
function chooseFault(rng: Prng, budget: { retryable: number }): Fault {
  if (budget.retryable > 0 && rng.chance(0.4)) {
    budget.retryable--;
    // Not 'throttle': the SDK backs off from throttling for seconds (the fake's own tests cover it).
    return rng.pick<Fault>(['server-error', 'server-error', 'socket-destroy']);
  }
  return rng.pick<Fault>([
    {
      status: 400,
      code: 'KMSAccessDenied',
      message: 'The ciphertext refers to a key that is not accessible',
    },
    { status: 400, code: 'KMSDisabled', message: 'The key is disabled' },
    { status: 403, code: 'AuthorizationError', message: 'Not authorized to publish' },
  ]);
}

function describeAlert(app: string, severity: string): string {
  return `${app}: ${severity}`;
}

function byApp(labels: string[]): string[] {
  // Secrets are processed concurrently, so only the order within one app is defined.
  return labels.sort((a, b) => a.split(':')[0]!.localeCompare(b.split(':')[0]!));
}

/** Which of an app's publishes SNS refuses in one run. */
type Refusal = 'all' | 'resolved-only' | 'after-resolved';

async function simulate(fake: FakeAws, handler: MonitorHandler): Promise<Simulation> {
  const rng = new Prng(SEED);
  const events = seedWorld(fake, rng);
  const oracle = new AlertOracle({
    appTagKey: APP_TAG,
    region: REGION,
    thresholdsDays: THRESHOLDS,
    defaultWindowDays: DEFAULT_WINDOW_DAYS,
    expiredReminderMs: 24 * HOUR_MS,
  });
  const runs: RunRecord[] = [];
  const deliveries: Delivery[] = [];
  const putEvents: PutEvent[] = [];
  const expectedResolved: { at: number; alert: ExpectedAlert }[] = [];
  const budget = { retryable: 8 };
  // Its own generator, so the bus's refusals leave the rest of the scenario as the seed makes it.
  const busRng = new Prng(SEED + 1);
  let outages = 2;
  // The first runs that announce a new cycle and alert in it: the resolved message is refused
  // (nothing after it may be tried), then it is accepted and the alert after it refused.
  const forcedRefusals: Refusal[] = ['resolved-only', 'after-resolved'];
  let nextEvent = 0;

  for (let at = T0, index = 0; at <= END; index++) {
    while (nextEvent < events.length && events[nextEvent]!.at <= at) events[nextEvent++]!.apply(fake);
    const secrets = observeSecrets(fake);

    // Decide which publishes fail this run, from what is due: all of one app's, or only its
    // resolved message, or all but its resolved message, or during an SNS outage everyone's.
    const due = oracle.predict(at, secrets);
    const failing = new Map<string, { fault: Fault; refuses: Refusal }>();
    const appsDue = new Set(due.map((a) => a.app));
    // An SNS outage: the first run with two apps due, and perhaps one more later.
    if (appsDue.size > 1 && outages > 0 && (outages === 2 || rng.chance(0.02))) {
      outages--;
      for (const app of appsDue) failing.set(app, { fault: 'server-error', refuses: 'all' });
    } else {
      for (const app of appsDue) {
        const appDue = due.filter((a) => a.app === app);
        const announcesAndAlerts = appDue.length > 1 && appDue[0]?.severity === 'resolved';
        const forced = announcesAndAlerts ? forcedRefusals.shift() : undefined;
        if (forced) {
          failing.set(app, {
            fault: { status: 400, code: 'KMSDisabled', message: 'The key is disabled' },
            refuses: forced,
          });
        } else if (rng.chance(0.3)) {
          const refuses = announcesAndAlerts
            ? rng.pick<Refusal>(['all', 'resolved-only', 'after-resolved'])
            : 'all';
          failing.set(app, { fault: chooseFault(rng, budget), refuses });
        }
      }
    }
    const accepted = (app: string | undefined, severity: string | undefined): boolean => {
      const rule = app === undefined ? undefined : failing.get(app);
      if (rule === undefined) return true;
      if (rule.refuses === 'resolved-only') return severity !== 'resolved';
      if (rule.refuses === 'after-resolved') return severity === 'resolved';
      return false;
    };
    const handles = [...new Set([...failing.values()].map((f) => f.fault))].map((fault) =>
      fake.faults.inject({
        operation: 'SNS.Publish',
        fault,
        times: Infinity,
        when: (request) => {
          const app = publishAttribute(request.form, 'app');
          const severity = publishAttribute(request.form, 'severity');
          return failing.get(app ?? '')?.fault === fault && !accepted(app, severity);
        },
      }),
    );

    // In a tenth of the runs the bus refuses every call: access denied, not retried by the SDK.
    const busRefused = busRng.chance(0.1);
    const busFault = busRefused
      ? fake.faults.inject({
          operation: 'EventBridge.PutEvents',
          fault: { status: 400, code: 'AccessDeniedException', message: 'Not authorized to put events' },
          times: Infinity,
        })
      : undefined;
    const eventsBefore = fake.eventBridge.events.length;
    const publishedBefore = fake.sns.published.length;
    const lookupsBefore = fake.calls.count('SecretsManager.ListSecretVersionIds');
    const listBefore = fake.calls.count('SecretsManager.ListSecrets');
    const scansBefore = fake.calls.count('DynamoDB.Scan');
    let outcome = 'ok';
    let result: MonitorResult | undefined;
    // The wall clock (the lease's) follows the simulated time: the function starts 42 s after
    // the scheduled time, as a run would in AWS, hours after the one before it.
    jest.setSystemTime(at + 42_000);
    try {
      result = await handler({ time: iso(at) }, { awsRequestId: `run-${index}` });
    } catch (error: unknown) {
      outcome = error instanceof Error ? error.name : String(error);
      if (error instanceof Error && 'summary' in error) result = error.summary as MonitorResult;
    }
    for (const handle of handles) handle.remove();
    busFault?.remove();
    const newEvents = fake.eventBridge.events.slice(eventsBefore);

    const expectedOutcome = oracle.run(at, secrets, (alert) => accepted(alert.app, alert.severity));
    for (const alert of expectedOutcome.sent)
      if (alert.severity === 'resolved') expectedResolved.push({ at, alert });
    const newMessages = fake.sns.published.slice(publishedBefore);
    for (const message of newMessages) {
      deliveries.push({
        runAt: at,
        app: attributeOf(message, 'app'),
        severity: attributeOf(message, 'severity'),
        message,
      });
    }
    runs.push({
      at,
      expected: byApp(expectedOutcome.sent.map((a) => describeAlert(a.app, a.severity))),
      actual: byApp(newMessages.map((m) => describeAlert(attributeOf(m, 'app'), attributeOf(m, 'severity')))),
      expectedFailure: expectedOutcome.failed.length > 0,
      outcome,
      expectedLookups: expectedOutcome.expectedLookups,
      lookups: fake.calls.count('SecretsManager.ListSecretVersionIds') - lookupsBefore,
      listSecretsCalls: fake.calls.count('SecretsManager.ListSecrets') - listBefore,
      ledgerScans: fake.calls.count('DynamoDB.Scan') - scansBefore,
      failedAlerts: expectedOutcome.failed,
      failingApps: [...failing.keys()],
      ran: result?.ran ?? false,
      events: byApp(newEvents.map((e) => describeAlert(String(e.detail.app), String(e.detail.severity)))),
      busRefused,
    });
    putEvents.push(...newEvents);
    at = nextRunTime(rng, at, oracle.boundariesAfter(at, observeSecrets(fake)));
  }
  return {
    runs,
    deliveries,
    events,
    putEvents,
    expectedResolved,
    oracle,
    finalSecrets: observeSecrets(fake),
  };
}

describe(`Monitor bundle end to end: 400 simulated days against the AWS wire protocols (seed ${SEED})`, () => {
  const savedEnv = { ...process.env };
  let bundles: BuiltBundles;
  let fake: FakeAws;
  let sim: Simulation;

  beforeAll(async () => {
    // Only Date is faked (set run by run in `simulate`); timers and I/O stay real.
    fakeDateOnly();
    bundles = buildBundles(['monitor']);
    fake = await FakeAwsServer.start({ region: REGION });
    fake.dynamodb.createTable(TABLE);
    const topicArn = fake.sns.createTopic('lwa-expiry-alerts');
    Object.assign(process.env, monitorEnvironment(fake.clientEnvironment(), topicArn, TABLE), {
      EVENT_BUS_NAME: 'default',
    });
    const file = bundles.files.monitor;
    if (file === undefined) throw new Error('bundleAll built no monitor');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is CommonJS, built just now
    const handler = handlerOf(require(file), file);
    sim = await simulate(fake, handler);
  }, 90_000);

  afterAll(async () => {
    jest.useRealTimers();
    await fake?.close();
    bundles?.remove();
    process.env = savedEnv;
  });

  it('publishes, run by run, exactly the alerts the rules call for', () => {
    const mismatches = sim.runs
      .filter((run) => JSON.stringify(run.expected) !== JSON.stringify(run.actual))
      .map((run) => ({ run: iso(run.at), expected: run.expected, actual: run.actual }));
    expect(mismatches.slice(0, 3)).toEqual([]);
    // The scenario exercised every kind of alert.
    const severities = new Set(sim.deliveries.map((d) => d.severity));
    expect([...severities].sort()).toEqual(['1-day', '30-day', '7-day', 'expired', 'resolved']);
    expect(sim.runs.length).toBeGreaterThan(1000);
  });

  it('ends a run in failure exactly when a publish failed, and sends the failed alert on a later run', () => {
    const wrongOutcome = sim.runs
      .filter(
        (run) =>
          (run.outcome !== 'ok') !== run.expectedFailure ||
          (run.outcome !== 'ok' && run.outcome !== 'MonitorRunError'),
      )
      .map((run) => ({ run: iso(run.at), outcome: run.outcome, expectedFailure: run.expectedFailure }));
    expect(wrongOutcome).toEqual([]);
    expect(sim.runs.every((run) => run.ran)).toBe(true);

    const failed = sim.runs.flatMap((run, index) => run.failedAlerts.map((alert) => ({ index, alert })));
    expect(failed.length).toBeGreaterThanOrEqual(5);
    // Among them: a resolved message refused; one accepted and the alert after it refused; and
    // a run in which several apps' publishes failed at once.
    expect(
      sim.runs.some((run) => run.failedAlerts.some((a) => run.expected.includes(`${a.app}: resolved`))),
    ).toBe(true);
    expect(sim.runs.some((run) => run.failedAlerts.some((a) => a.severity === 'resolved'))).toBe(true);
    expect(sim.runs.some((run) => run.failedAlerts.length >= 2)).toBe(true);
    // On the following run, unless that app's publishes fail again, the same alert goes out, or
    // a more urgent one (catch-up), or the resolved message of a rotation made meanwhile.
    const urgency = (severity: string) => (severity === 'expired' ? 0 : parseInt(severity, 10));
    const notRetried = failed
      .filter(({ index, alert }) => {
        const next = sim.runs[index + 1];
        if (next === undefined || next.failingApps.includes(alert.app)) return false;
        const retried = next.actual
          .find((label) => label.startsWith(`${alert.app}: `))
          ?.slice(alert.app.length + 2);
        return !(
          retried === 'resolved' ||
          (retried !== undefined &&
            alert.severity !== 'resolved' &&
            urgency(retried) <= urgency(alert.severity))
        );
      })
      .map(({ index, alert }) => `${iso(sim.runs[index]!.at)} ${alert.app} ${alert.severity}`);
    expect(notRetried).toEqual([]);
  });

  it('sends each threshold at most once per expiry cycle, most urgent last, and expired reminders 24 hours apart', () => {
    const problems: string[] = [];
    const apps = new Set(sim.deliveries.map((d) => d.app));
    for (const app of apps) {
      const secret = sim.finalSecrets.find((s) => sim.oracle.appOf(s) === app);
      const rotations = sim.events
        .filter((e) => e.rotation && e.secretName === secret?.name)
        .map((e) => e.at);
      const boundaries = [-Infinity, ...rotations, Infinity];
      for (let i = 0; i + 1 < boundaries.length; i++) {
        const cycle = sim.deliveries.filter(
          // A run at the very moment of a rotation already sees it.
          (d) => d.app === app && d.runAt >= boundaries[i]! && d.runAt < boundaries[i + 1]!,
        );
        const levels = cycle.filter((d) => /-day$/.test(d.severity)).map((d) => parseInt(d.severity, 10));
        if (new Set(levels).size !== levels.length)
          problems.push(`${app}: a threshold repeated in one cycle: ${levels.join(',')}`);
        if (levels.some((days, k) => k > 0 && days >= levels[k - 1]!))
          problems.push(`${app}: thresholds out of order: ${levels.join(',')}`);
        const expired = cycle.filter((d) => d.severity === 'expired');
        const firstExpired = expired[0];
        if (firstExpired && cycle.some((d) => /-day$/.test(d.severity) && d.runAt > firstExpired.runAt)) {
          problems.push(`${app}: a threshold alert after the expired alert`);
        }
        expired.forEach((d, k) => {
          const before = expired[k - 1];
          if (before && d.runAt - before.runAt < 24 * HOUR_MS)
            problems.push(`${app}: reminders ${iso(before.runAt)} and ${iso(d.runAt)}`);
        });
        const resolved = cycle.filter((d) => d.severity === 'resolved');
        if (resolved.length > 1 || (resolved[0] && cycle[0] !== resolved[0])) {
          problems.push(`${app}: resolved is not the first and only announcement of cycle ${i}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('announces a rotation that follows alerts with a resolved message naming the new expiry', () => {
    const resolved = sim.deliveries.filter((d) => d.severity === 'resolved');
    expect(resolved.length).toBe(sim.expectedResolved.length);
    expect(resolved.length).toBeGreaterThanOrEqual(3);
    for (const delivery of resolved) {
      const expected = sim.expectedResolved.find(
        (e) => e.at === delivery.runAt && e.alert.app === delivery.app,
      );
      expect(expected).toBeDefined();
      const newExpiry = iso(expected?.alert.expiresAt ?? 0).slice(0, 10);
      expect(delivery.message.bodies?.email).toContain(newExpiry);
      expect(delivery.message.bodies?.sms).toContain(newExpiry);
    }
  });

  it('calls ListSecretVersionIds only when an AWSCURRENT version it needs has changed', () => {
    const wrong = sim.runs
      .filter((run) => run.lookups !== run.expectedLookups)
      .map((run) => ({ run: iso(run.at), lookups: run.lookups, expected: run.expectedLookups }));
    expect(wrong.slice(0, 5)).toEqual([]);
    const quiet = sim.runs.filter((run) => run.expectedLookups === 0);
    expect(quiet.length).toBeGreaterThan(sim.runs.length * 0.9);
    expect(quiet.every((run) => run.lookups === 0)).toBe(true);
  });

  it('lists the catalog (one page) and scans the ledger (one page) once on every run: runs hours apart never start over', () => {
    expect(sim.runs.filter((run) => run.listSecretsCalls !== 1 || run.ledgerScans !== 1)).toEqual([]);
  });

  it('publishes well-formed messages: JSON per protocol, SMS within 140 GSM-7 septets, subject under 100 characters', () => {
    const malformed: string[] = [];
    for (const { message, severity, app } of sim.deliveries) {
      const where = `${app} ${severity} #${message.sequence}`;
      if (message.MessageStructure !== 'json')
        malformed.push(`${where}: MessageStructure ${message.MessageStructure}`);
      const sms = message.bodies?.sms ?? '';
      if (!message.bodies?.default || !message.bodies.email || sms === '')
        malformed.push(`${where}: missing bodies`);
      if (gsm7Septets(sms) > 140) malformed.push(`${where}: SMS of ${gsm7Septets(sms)} septets`);
      if ((message.Subject ?? '').length >= 100) malformed.push(`${where}: subject too long`);
      const daysLeft = Number(attributeOf(message, 'daysLeft'));
      if (/-day$/.test(severity) && !(daysLeft > 0 && daysLeft <= parseInt(severity, 10))) {
        malformed.push(`${where}: daysLeft ${daysLeft}`);
      }
      if (severity === 'expired' && daysLeft > 0)
        malformed.push(`${where}: expired with daysLeft ${daysLeft}`);
    }
    expect(malformed).toEqual([]);
  });

  it('never alerts for a replica, a secret while it is scheduled for deletion, or a look-alike tag key', () => {
    const apps = new Set(sim.deliveries.map((d) => d.app));
    expect(apps).toEqual(
      new Set([
        'Orders EU',
        'Inventory Sync',
        'Ads Reporting',
        'Préstamos & Zölle',
        'Legacy Reports',
        'Catalog Feed',
        'Returns',
      ]),
    );
    const whileDeleted = sim.deliveries.filter(
      (d) => d.app === 'Legacy Reports' && d.runAt >= T0 + 16 * DAY_MS && d.runAt < T0 + 30 * DAY_MS,
    );
    expect(whileDeleted).toEqual([]);
    // Seen first with 5 days left: the 7-day alert (sent or, if SNS refused it, attempted), not
    // the 30-day one as well; unless a rotation came before the first run that saw it.
    const created = sim.events.find((e) => e.secretName === 'lwa/returns' && !e.rotation)?.at ?? Infinity;
    const firstSeen = sim.runs.find((run) => run.at >= created)?.at ?? Infinity;
    const rotatedBeforeSeen = sim.events.some(
      (e) => e.secretName === 'lwa/returns' && e.rotation && e.at <= firstSeen,
    );
    const firstForReturns = sim.runs
      .flatMap((run) => [...run.actual, ...run.failedAlerts.map((a) => `${a.app}: ${a.severity}`)])
      .find((label) => label.startsWith('Returns: '));
    if (!rotatedBeforeSeen) expect(firstForReturns).toBe('Returns: 7-day');
  });

  it('puts one event per SNS alert sent, with the documented shape, and a bus that refuses them changes no alert', () => {
    // Runs whose bus worked: the events are exactly the alerts SNS accepted in that run.
    const working = sim.runs.filter((run) => !run.busRefused);
    const mismatched = working
      .filter((run) => JSON.stringify(run.events) !== JSON.stringify(run.actual))
      .map((run) => ({ run: iso(run.at), alerts: run.actual, events: run.events }));
    expect(mismatched.slice(0, 3)).toEqual([]);
    // Runs whose bus refused every call: no event, and their alerts are the oracle's (the first
    // test checks every run's alerts); the scenario had such runs with alerts in them.
    const refused = sim.runs.filter((run) => run.busRefused);
    expect(refused.flatMap((run) => run.events)).toEqual([]);
    expect(refused.filter((run) => run.actual.length > 0).length).toBeGreaterThanOrEqual(3);
    expect(sim.putEvents.length).toBeGreaterThan(20);
    // Every event: the product's source, the detail-type of its severity, a versioned detail
    // naming a monitored secret; never a secret value.
    const arns = new Set(sim.finalSecrets.map((secret) => secret.arn));
    const detailTypeOf = (severity: string) =>
      severity === 'resolved'
        ? 'LWA Credential Resolved'
        : severity === 'expired'
          ? 'LWA Credential Expired'
          : 'LWA Credential Threshold Crossed';
    for (const event of sim.putEvents) {
      expect(event.source).toBe('lwa-expiry-monitor');
      expect(event.eventBusName).toBe('default');
      expect(event.detailType).toBe(detailTypeOf(String(event.detail.severity)));
      expect(event.detail).toMatchObject({ version: '1', app: expect.any(String), time: expect.any(String) });
      expect(arns).toContain(event.detail.secretArn);
      for (const value of SECRET_VALUES) expect(event.detailText).not.toContain(value);
    }
  });

  it('left no request the fake does not implement', () => {
    expect(fake.problems).toEqual([]);
  });
});
