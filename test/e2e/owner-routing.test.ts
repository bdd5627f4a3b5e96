/**
 * Per-owner alert routing end to end: the stack is synthesized with two owners, every SNS
 * subscription of its alert topic (protocol, endpoint, filter policy as synthesized) is created on
 * the loopback fake, and the bundled monitor runs once over secrets owned by each owner, by an
 * owner no one configured, with a malformed owner tag and without one. The fake delivers each
 * message as SNS evaluates the filter policies, so each endpoint's mailbox is checked black-box:
 * an owner gets only its apps (its phone only their urgent severities), the default recipients
 * everything (`defaultRecipientsGet: all`) or only what no configured owner gets (`unowned`), and
 * no alert reaches no one.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { MONITOR_ENV, OWNER_NAMES_ENV } from '../../contract/environment';
import { OWNER_TAG } from '../../contract/tags';
import type { LwaExpiryMonitorProps } from '../../lib/lwa-expiry-monitor';
import type { FakeAws } from '../../tools/fake-aws';
import { FakeAws as FakeAwsServer } from '../../tools/fake-aws';
import { monitorStackInApp } from '../lib/cdk-test-app';
import { DAY_MS } from './support/alert-oracle';
import type { BuiltBundles, MonitorHandler, MonitorResult } from './support/monitor-bundle';
import { buildBundles, handlerOf, monitorEnvironment } from './support/monitor-bundle';
import { attributeOf, fakeDateOnly, iso } from './support/world';

// Synthesis loads much of aws-cdk-lib and the bundle is built with esbuild: seconds each.
jest.setTimeout(120_000);

const T0 = Date.parse('2027-05-03T06:00:00Z');
const TABLE = 'lwa-alert-ledger';

const PAY_EMAIL = 'pay@example.com';
const PAY_PHONE = '+14155550100';
const SEARCH_EMAIL = 'search@example.com';
const OPS_EMAIL = 'ops@example.com';
const OPS_PHONE = '+15555550100';

const PROPS: LwaExpiryMonitorProps = {
  alertEmails: [OPS_EMAIL],
  alertPhoneNumbers: [OPS_PHONE],
  owners: {
    payments: { emails: [PAY_EMAIL], phones: [PAY_PHONE] },
    search: { emails: [SEARCH_EMAIL] },
  },
};

/** Whose the secrets are: a group per owner tag, the tag as set (none: untagged). */
const GROUPS: readonly { readonly group: string; readonly ownerTag?: string }[] = [
  { group: 'payments', ownerTag: 'payments' },
  { group: 'search', ownerTag: 'search' },
  { group: 'billing', ownerTag: 'billing' }, // well-formed, but no owner is configured under it
  { group: 'malformed', ownerTag: 'Payments Team!' },
  { group: 'unowned' },
];

/** Days left at T0, and the alert the first run sends for it. */
const DUE: readonly { readonly daysLeft: number; readonly severity: string }[] = [
  { daysLeft: 25, severity: '30-day' },
  { daysLeft: 5, severity: '7-day' },
  { daysLeft: -2, severity: 'expired' },
];

/** The SMS severities: the 30-day alert goes by email only. */
const URGENT = new Set(['7-day', 'expired']);

/** Every alert the run sends, as `app: severity`, for the groups given (all severities, or the urgent ones). */
function alertsOf(groups: readonly string[], only?: ReadonlySet<string>): string[] {
  return groups
    .flatMap((group) => DUE.map(({ severity }) => `${group}-${severity}: ${severity}`))
    .filter((alert) => only === undefined || only.has(alert.split(': ')[1] ?? ''))
    .sort();
}

interface TemplateSubscription {
  readonly Protocol: string;
  readonly Endpoint: string;
  readonly FilterPolicy?: Record<string, unknown>;
}

interface Synthesized {
  readonly subscriptions: readonly TemplateSubscription[];
  /** The monitor function's environment variables with literal values, as the construct sets them. */
  readonly environment: Readonly<Record<string, string>>;
}

/** The monitor function and the subscriptions of the topic it publishes to, read from the template. */
function readTemplate(template: Template): Synthesized {
  const resources = template.toJSON().Resources as Record<
    string,
    { Type: string; Properties: Record<string, unknown> }
  >;
  const monitors = Object.values(resources).filter((r) => {
    const variables = (r.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)
      ?.Variables;
    return r.Type === 'AWS::Lambda::Function' && variables?.[MONITOR_ENV.thresholdsDays] !== undefined;
  });
  expect(monitors).toHaveLength(1);
  const variables = (monitors[0]?.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
  const topicRef = variables[MONITOR_ENV.topicArn] as { Ref: string };
  const subscriptions = Object.values(resources)
    .filter(
      (r) =>
        r.Type === 'AWS::SNS::Subscription' &&
        (r.Properties.TopicArn as { Ref?: string }).Ref === topicRef.Ref,
    )
    .map((r) => r.Properties as unknown as TemplateSubscription);
  const environment = Object.fromEntries(
    Object.entries(variables).filter(
      // NODE_OPTIONS concerns the Lambda runtime's process, not this one.
      (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'NODE_OPTIONS',
    ),
  );
  return { subscriptions, environment };
}

interface RoutingRun {
  readonly subscriptions: readonly TemplateSubscription[];
  readonly environment: Readonly<Record<string, string>>;
  readonly result: MonitorResult;
  readonly fake: FakeAws;
}

describe.each([
  {
    defaultRecipientsGet: 'all',
    defaultGroups: GROUPS.map((g) => g.group),
  },
  {
    defaultRecipientsGet: 'unowned',
    defaultGroups: ['billing', 'malformed', 'unowned'],
  },
])(
  'Owner routing end to end, defaultRecipientsGet=$defaultRecipientsGet',
  ({ defaultRecipientsGet, defaultGroups }) => {
    const savedEnv = { ...process.env };
    let bundles: BuiltBundles;
    let run: RoutingRun;

    /** What one endpoint received, as `app: severity`, sorted. */
    function mailbox(endpoint: string): string[] {
      return run.fake.sns
        .deliveriesTo(endpoint)
        .map((d) => `${attributeOf(d.message, 'app')}: ${attributeOf(d.message, 'severity')}`)
        .sort();
    }

    beforeAll(async () => {
      // Prepare: the synthesized stack's subscriptions and monitor environment, on a fresh fake
      const { template } = monitorStackInApp({ ...PROPS, defaultRecipientsGet });
      const { subscriptions, environment } = readTemplate(template);
      fakeDateOnly();
      bundles = buildBundles(['monitor']);
      const fake = await FakeAwsServer.start();
      fake.dynamodb.createTable(TABLE);
      const topicArn = fake.sns.createTopic('alerts');
      for (const s of subscriptions) {
        fake.sns.subscribe(topicArn, s.Protocol, s.Endpoint, {
          ...(s.FilterPolicy === undefined ? {} : { filterPolicy: s.FilterPolicy }),
        });
      }
      for (const { group, ownerTag } of GROUPS) {
        for (const { daysLeft, severity } of DUE) {
          fake.secretsManager.createSecret({
            name: `lwa/${group}-${severity}`,
            createdAt: new Date(T0 - 400 * DAY_MS),
            tags: {
              'lwa:app': `${group}-${severity}`,
              ...(ownerTag === undefined ? {} : { [OWNER_TAG]: ownerTag }),
            },
            firstVersionAt: new Date(T0 - (180 - daysLeft) * DAY_MS + 3_600_000),
          });
        }
      }
      Object.assign(process.env, environment, monitorEnvironment(fake.clientEnvironment(), topicArn, TABLE));
      const file = bundles.files.monitor ?? '';
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is CommonJS, built just now
      const handler: MonitorHandler = handlerOf(require(file), file);

      // Act: one scheduled run at T0
      jest.setSystemTime(T0 + 42_000);
      const result = await handler({ time: iso(T0) });
      run = { subscriptions, environment, result, fake };
    });

    afterAll(async () => {
      jest.useRealTimers();
      await run?.fake.close();
      bundles?.remove();
      process.env = savedEnv;
    });

    it('GIVEN the synthesized stack WHEN its monitor environment is read THEN OWNER_NAMES names the configured owners, and the topic has one subscription per endpoint', () => {
      // Assess
      expect(run.environment[OWNER_NAMES_ENV]).toBe('payments,search');
      expect(run.subscriptions.map((s) => `${s.Protocol} ${s.Endpoint}`).sort()).toEqual(
        [
          `email ${OPS_EMAIL}`,
          `email ${PAY_EMAIL}`,
          `email ${SEARCH_EMAIL}`,
          `sms ${OPS_PHONE}`,
          `sms ${PAY_PHONE}`,
        ].sort(),
      );
    });

    it('GIVEN five owner groups of three secrets WHEN the monitor runs THEN it publishes each due alert once, with the owner attribute only for a well-formed tag', () => {
      // Assess
      expect(run.result.publishFailures).toBe(0);
      const published = run.fake.sns.published.map(
        (m) => `${attributeOf(m, 'app')}: ${attributeOf(m, 'severity')} (${attributeOf(m, 'owner')})`,
      );
      const expected = GROUPS.flatMap(({ group, ownerTag }) =>
        DUE.map(
          ({ severity }) =>
            `${group}-${severity}: ${severity} (${ownerTag === undefined || group === 'malformed' ? '<no owner>' : ownerTag})`,
        ),
      );
      expect(published.sort()).toEqual(expected.sort());
      expect(run.fake.problems).toEqual([]);
    });

    it('GIVEN the owner subscriptions WHEN delivered THEN each owner email gets only its own apps, every severity', () => {
      // Assess
      expect(mailbox(PAY_EMAIL)).toEqual(alertsOf(['payments']));
      expect(mailbox(SEARCH_EMAIL)).toEqual(alertsOf(['search']));
    });

    it("GIVEN the owner's phone WHEN delivered THEN it gets only its apps' urgent severities, as SMS bodies", () => {
      // Assess
      expect(mailbox(PAY_PHONE)).toEqual(alertsOf(['payments'], URGENT));
      for (const delivery of run.fake.sns.deliveriesTo(PAY_PHONE)) {
        expect(delivery.protocol).toBe('sms');
        expect(delivery.body).toBe(delivery.message.bodies?.sms);
      }
      for (const delivery of run.fake.sns.deliveriesTo(PAY_EMAIL)) {
        expect(delivery.body).toBe(delivery.message.bodies?.email);
      }
    });

    it(`GIVEN defaultRecipientsGet=${defaultRecipientsGet} WHEN delivered THEN the default recipients get ${defaultRecipientsGet === 'all' ? 'every app' : 'only apps of no configured owner (unconfigured, malformed or no tag)'}`, () => {
      // Assess
      expect(mailbox(OPS_EMAIL)).toEqual(alertsOf(defaultGroups));
      expect(mailbox(OPS_PHONE)).toEqual(alertsOf(defaultGroups, URGENT));
    });

    it('GIVEN every subscription WHEN delivered THEN no alert is lost and none reaches an endpoint twice', () => {
      // Assess
      const delivered = new Set(run.fake.sns.deliveries.map((d) => d.message.sequence));
      const lost = run.fake.sns.published.filter((m) => !delivered.has(m.sequence));
      expect(lost.map((m) => attributeOf(m, 'app'))).toEqual([]);
      const pairs = run.fake.sns.deliveries.map((d) => `${d.endpoint} ${d.message.sequence}`);
      expect(new Set(pairs).size).toBe(pairs.length);
    });
  },
);
