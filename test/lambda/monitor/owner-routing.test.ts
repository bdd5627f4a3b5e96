import type { CatalogSecret } from '../../../lambda/domain/catalog-secret';
import { MS_PER_DAY } from '../../../contract/time';
import type { MonitorSettings, RunSummary } from '../../../lambda/monitor/run-monitor';
import { runFailed, runMonitor } from '../../../lambda/monitor/run-monitor';
import { monitorEnvironment } from '../../../lambda/monitor/settings';
import { InMemoryCatalog, InMemoryLedger, RecordingLog, ScriptedPublisher } from '../support/in-memory';
import { MONITOR_SETTINGS } from '../support/monitor-settings';

const NOW = new Date('2026-05-27T09:00:00Z');
const SETTINGS: MonitorSettings = {
  ...MONITOR_SETTINGS,
  ownerNames: ['payments', 'search'],
};

function secret(
  name: string,
  tags: Record<string, string>,
  extra: Partial<CatalogSecret> = {},
): CatalogSecret {
  return { arn: `arn:aws:secretsmanager:eu-west-1:111122223333:secret:${name}-AbCdEf`, name, tags, ...extra };
}

/** Tags of an app whose secret has 5 days left: the 7-day alert is due. */
function dueIn5Days(app: string, owner?: string): Record<string, string> {
  const rotatedAt = new Date(NOW.getTime() - 175 * MS_PER_DAY).toISOString();
  return {
    'lwa:app': app,
    'lwa:rotated-at': rotatedAt,
    ...(owner === undefined ? {} : { 'lwa:owner': owner }),
  };
}

function world() {
  return {
    catalog: new InMemoryCatalog(),
    ledger: new InMemoryLedger(),
    publisher: new ScriptedPublisher(),
    log: new RecordingLog(),
  };
}

async function run(w: ReturnType<typeof world>, settings = SETTINGS): Promise<RunSummary> {
  return runMonitor(w, settings, { now: NOW, wallClock: () => NOW, runId: 'run-1' });
}

function reportOf(summary: RunSummary, name: string) {
  const report = summary.reports.find((r) => r.secretName === name);
  if (!report) throw new Error(`no report for ${name}`);
  return report;
}

function ownerSentFor(w: ReturnType<typeof world>, app: string): string | undefined {
  const message = w.publisher.accepted.find((m) => m.attributes.app === app);
  if (!message) throw new Error(`nothing sent for ${app}`);
  return message.attributes.owner;
}

describe('runMonitor: each alert carries the owner its secret is tagged with', () => {
  it('GIVEN secrets owned by two teams and one unowned WHEN run THEN each alert and report carries its owner, the unowned none', async () => {
    // Prepare
    const w = world();
    w.catalog.put(secret('pay', dueIn5Days('Pay', 'payments')));
    w.catalog.put(secret('find', dueIn5Days('Find', 'search')));
    w.catalog.put(secret('misc', dueIn5Days('Misc')));
    // Act
    const summary = await run(w);
    // Assess
    expect(ownerSentFor(w, 'Pay')).toBe('payments');
    expect(ownerSentFor(w, 'Find')).toBe('search');
    expect(w.publisher.accepted.find((m) => m.attributes.app === 'Misc')?.attributes).not.toHaveProperty(
      'owner',
    );
    expect(reportOf(summary, 'pay')).toMatchObject({ owner: 'payments', warnings: [] });
    expect(w.publisher.accepted.find((m) => m.attributes.app === 'Pay')?.email).not.toContain('Tag problems');
    expect(reportOf(summary, 'find')).toMatchObject({ owner: 'search', warnings: [] });
    expect(reportOf(summary, 'misc')).not.toHaveProperty('owner');
    expect(summary.withWarnings).toBe(0);
    const published = w.log.lines.filter((l) => l.message === 'Alert published').map((l) => l.fields?.owner);
    expect(published.sort()).toEqual(['payments', 'search', undefined]);
  });

  it('GIVEN an owner tag naming no configured owner WHEN run THEN the alert still goes out, carrying it, and the tag problem is reported', async () => {
    // Prepare
    const w = world();
    w.catalog.put(secret('bill', dueIn5Days('Bill', 'billing')));
    // Act
    const summary = await run(w);
    // Assess
    expect(w.publisher.accepted.map((m) => m.attributes.severity)).toEqual(['7-day']);
    expect(ownerSentFor(w, 'Bill')).toBe('billing');
    expect(reportOf(summary, 'bill')).toMatchObject({
      owner: 'billing',
      alerts: ['7-day'],
      warnings: [
        'tag lwa:owner "billing" names no configured owner (configured: payments, search); its alerts go to the default recipients only',
      ],
    });
    expect(summary.withWarnings).toBe(1);
    expect(runFailed(summary)).toBe(false);
    // The default recipients who get it are told why it reached no owner.
    expect(w.publisher.accepted[0]?.email).toContain(
      'Tag problems (ignored values):\n  - tag lwa:owner "billing" names no configured owner',
    );
    expect(w.log.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'Secret has tag problems' }),
    );
  });

  it('GIVEN a malformed owner tag WHEN run THEN the alert goes out without an owner and the tag problem is reported', async () => {
    // Prepare
    const w = world();
    w.catalog.put(secret('odd', dueIn5Days('Odd', 'Payments Team')));
    // Act
    const summary = await run(w);
    // Assess
    expect(w.publisher.accepted.map((m) => m.attributes.severity)).toEqual(['7-day']);
    expect(ownerSentFor(w, 'Odd')).toBeUndefined();
    const report = reportOf(summary, 'odd');
    expect(report).not.toHaveProperty('owner');
    expect(report.warnings).toEqual([expect.stringContaining('tag lwa:owner "Payments Team" ignored')]);
    expect(report.dateTagErrors).toEqual([]);
    expect(summary.withWarnings).toBe(1);
    expect(w.publisher.accepted[0]?.email).toContain('  - tag lwa:owner "Payments Team" ignored');
  });

  it('GIVEN an owned secret whose version lookup fails WHEN run THEN its failed report still names the owner', async () => {
    // Prepare
    const w = world();
    w.catalog.put(secret('pay', { 'lwa:app': 'Pay', 'lwa:owner': 'payments' }, { currentVersionId: 'v1' }));
    w.catalog.failingLookups.add(secret('pay', {}).arn);
    // Act
    const summary = await run(w);
    // Assess
    expect(reportOf(summary, 'pay')).toMatchObject({ status: 'undetermined', owner: 'payments' });
  });

  it('GIVEN an owned secret pending deletion WHEN run THEN its skipped report names the owner', async () => {
    // Prepare
    const w = world();
    w.catalog.put(secret('gone', dueIn5Days('Gone', 'payments'), { deletedDate: NOW }));
    // Act
    const summary = await run(w);
    // Assess
    expect(reportOf(summary, 'gone')).toMatchObject({ status: 'skipped', owner: 'payments' });
    expect(w.publisher.accepted).toEqual([]);
  });

  it('GIVEN the configured owners are not known WHEN an owner tag is read THEN it is carried without a warning', async () => {
    // Prepare
    const w = world();
    w.catalog.put(secret('bill', dueIn5Days('Bill', 'billing')));
    // Act
    const summary = await run(w, { ...SETTINGS, ownerNames: undefined });
    // Assess
    expect(ownerSentFor(w, 'Bill')).toBe('billing');
    expect(reportOf(summary, 'bill').warnings).toEqual([]);
  });
});

describe('monitorEnvironment: the configured owner names', () => {
  const BASE = {
    ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:1:t',
    LEDGER_TABLE_NAME: 't',
    AWS_REGION: 'eu-west-1',
  };

  it('GIVEN OWNER_NAMES unset or set WHEN read at cold start THEN none, or each name, is configured', () => {
    // Act
    const none = monitorEnvironment(BASE).settings.ownerNames;
    const two = monitorEnvironment({ ...BASE, OWNER_NAMES: 'payments, search' }).settings.ownerNames;
    // Assess
    expect(none).toEqual([]);
    expect(two).toEqual(['payments', 'search']);
  });

  it('GIVEN a malformed owner name in OWNER_NAMES WHEN read at cold start THEN a ConfigError names the variable and the rule', () => {
    // Act
    const act = () => monitorEnvironment({ ...BASE, OWNER_NAMES: 'payments,bad name' });
    // Assess
    expect(act).toThrow(/Invalid configuration "OWNER_NAMES": "bad name" is not valid; expected a team name/);
  });
});
