import type { CatalogSecret } from '../../../lambda/domain/catalog-secret';
import { MS_PER_DAY, MS_PER_HOUR } from '../../../contract/time';
import type { MonitorSettings, RunOptions, RunSummary } from '../../../lambda/monitor/run-monitor';
import { runFailed, runMonitor } from '../../../lambda/monitor/run-monitor';
import { sentKindOf } from '../support/alert-kinds';
import { InMemoryCatalog, InMemoryLedger, RecordingLog, ScriptedPublisher } from '../support/in-memory';
import { MONITOR_SETTINGS } from '../support/monitor-settings';

const NOW = new Date('2026-05-27T09:00:00Z');
const SETTINGS = MONITOR_SETTINGS;
const ARN_PREFIX = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:';

function arnOf(name: string): string {
  return `${ARN_PREFIX}${name}-AbCdEf`;
}

function secret(
  name: string,
  tags: Record<string, string>,
  extra: Partial<CatalogSecret> = {},
): CatalogSecret {
  return { arn: arnOf(name), name, tags, ...extra };
}

/** A `lwa:rotated-at` value that leaves `days` days before the 180-day expiry at NOW. */
function rotatedLeaving(days: number, now = NOW): string {
  return new Date(now.getTime() + (days - 180) * MS_PER_DAY).toISOString();
}

interface World {
  catalog: InMemoryCatalog;
  ledger: InMemoryLedger;
  publisher: ScriptedPublisher;
  log: RecordingLog;
}

function world(accepts?: ConstructorParameters<typeof ScriptedPublisher>[0], pageSize?: number): World {
  return {
    catalog: new InMemoryCatalog(pageSize),
    ledger: new InMemoryLedger(),
    publisher: new ScriptedPublisher(accepts),
    log: new RecordingLog(),
  };
}

function run(
  w: World,
  options: Partial<RunOptions> = {},
  settings: MonitorSettings = SETTINGS,
): Promise<RunSummary> {
  const now = options.now ?? NOW;
  return runMonitor(w, settings, { now, wallClock: () => now, runId: 'run-1', ...options });
}

function reportOf(summary: RunSummary, name: string) {
  const report = summary.reports.find((r) => r.secretName === name);
  if (!report) throw new Error(`no report for ${name}`);
  return report;
}

function sentTo(w: World): Array<[string, string]> {
  return w.publisher.accepted.map((m) => [m.attributes.app, m.attributes.severity]);
}

describe('runMonitor: dates every tagged secret, alerts on what is due, records what was sent', () => {
  it('GIVEN secrets at 5 days, 80 days and past expiry WHEN run THEN the 7-day and expired alerts go out and are recorded', async () => {
    // Prepare
    const w = world();
    w.catalog.put(secret('acme', { 'lwa:app': 'Acme', 'lwa:rotated-at': rotatedLeaving(5) }));
    w.catalog.put(secret('beta', { 'lwa:app': 'Beta', 'lwa:rotated-at': rotatedLeaving(80) }));
    w.catalog.put(secret('gamma', { 'lwa:app': 'Gamma', 'lwa:expires-at': '2026-05-20T00:00:00Z' }));
    // Act
    const summary = await run(w);
    // Assess
    expect(sentTo(w).sort()).toEqual([
      ['Acme', '7-day'],
      ['Gamma', 'expired'],
    ]);
    expect(summary).toMatchObject({
      ran: true,
      credentials: 3,
      skipped: 0,
      undetermined: 0,
      alertsBySeverity: { '7-day': 1, expired: 1 },
      publishFailures: 0,
      ledgerFailures: 0,
    });
    expect(runFailed(summary)).toBe(false);
    const acme = reportOf(summary, 'acme');
    expect(acme).toMatchObject({
      status: 'dated',
      daysLeft: 5,
      source: 'rotated-at-tag',
      alerts: ['7-day'],
      lastAlert: { severity: '7-day', at: NOW.toISOString() },
      nextAlertAt: new Date(NOW.getTime() + 4 * MS_PER_DAY),
      failures: [],
    });
    expect(w.ledger.entry(arnOf('acme')).alertState.cycle?.alertedDays).toBe(7);
    expect(w.ledger.entry(arnOf('gamma')).alertState.cycle?.alertedDays).toBe(0);
    expect(reportOf(summary, 'beta')).toMatchObject({ alerts: [], daysLeft: 80, lastAlert: undefined });
  });

  it('GIVEN a run already alerted WHEN the same time is run again THEN nothing is sent twice', async () => {
    // Prepare
    const w = world();
    w.catalog.put(secret('acme', { 'lwa:app': 'Acme', 'lwa:rotated-at': rotatedLeaving(5) }));
    await run(w);
    // Act
    const again = await run(w, { runId: 'run-2' });
    // Assess
    expect(w.publisher.attempts).toHaveLength(1);
    expect(reportOf(again, 'acme').alerts).toEqual([]);
  });

  it('GIVEN a new cycle and nothing due WHEN run twice THEN the cycle is recorded once and the second run writes nothing', async () => {
    // Prepare
    const w = world();
    w.catalog.put(secret('beta', { 'lwa:app': 'Beta', 'lwa:rotated-at': rotatedLeaving(80) }));
    // Act
    await run(w);
    await run(w, { runId: 'run-2', now: new Date(NOW.getTime() + MS_PER_HOUR) });
    // Assess
    expect(w.ledger.saved).toHaveLength(1);
    expect(w.ledger.saved[0]?.alertState.cycle?.expiresAt).toBe(
      new Date(NOW.getTime() + 80 * MS_PER_DAY).toISOString(),
    );
  });

  it('GIVEN an alerted secret is rotated WHEN run THEN "resolved" is sent before anything of the new cycle', async () => {
    // Prepare
    const w = world();
    w.catalog.put(secret('acme', { 'lwa:app': 'Acme', 'lwa:rotated-at': rotatedLeaving(-2) }));
    await run(w);
    const later = new Date(NOW.getTime() + MS_PER_DAY);
    // A rotation whose new expiry is itself near (a short window on this secret).
    w.catalog.put(
      secret('acme', {
        'lwa:app': 'Acme',
        'lwa:expires-at': new Date(later.getTime() + 6 * MS_PER_DAY).toISOString(),
      }),
    );
    // Act
    const summary = await run(w, { now: later, runId: 'run-2' });
    // Assess
    expect(w.publisher.accepted.map(sentKindOf)).toEqual([
      { type: 'expired', reminder: 0 },
      { type: 'resolved' },
      { type: 'threshold', days: 7 },
    ]);
    expect(reportOf(summary, 'acme').alerts).toEqual(['resolved', '7-day']);
  });
});

describe('runMonitor: secrets that are not ours to watch are skipped', () => {
  it('GIVEN a secret pending deletion and a replica of another region WHEN run THEN both are reported as skipped and left alone', async () => {
    // Prepare
    const w = world();
    const expiring = { 'lwa:app': 'X', 'lwa:rotated-at': rotatedLeaving(1) };
    w.catalog.put(secret('deleted', expiring, { deletedDate: new Date('2026-05-20T00:00:00Z') }));
    w.catalog.put(secret('replica', expiring, { primaryRegion: 'us-east-1' }));
    w.catalog.put(secret('primary-here', { ...expiring, 'lwa:app': 'Here' }, { primaryRegion: 'eu-west-1' }));
    // Act
    const summary = await run(w);
    // Assess
    expect(reportOf(summary, 'deleted')).toMatchObject({
      status: 'skipped',
      skipReason: 'pending-deletion',
      alerts: [],
    });
    expect(reportOf(summary, 'replica')).toMatchObject({
      status: 'skipped',
      skipReason: 'replica',
      alerts: [],
    });
    expect(sentTo(w)).toEqual([['Here', '1-day']]);
    expect(summary).toMatchObject({ credentials: 1, skipped: 2 });
    expect(w.ledger.items.has(arnOf('deleted'))).toBe(false);
    expect(w.ledger.items.has(arnOf('replica'))).toBe(false);
  });
});

describe('runMonitor: one bad secret never stops the others', () => {
  it('GIVEN malformed tags on two secrets WHEN run THEN one is reported undetermined, one dated with a warning, and the healthy one alerts', async () => {
    // Prepare
    const w = world();
    w.catalog.put(secret('broken', { 'lwa:app': 'Broken', 'lwa:expires-at': '2026-02-30' }));
    w.catalog.put(
      secret('odd-window', {
        'lwa:app': 'Odd',
        'lwa:rotated-at': rotatedLeaving(30),
        'lwa:window-days': 'ninety',
      }),
    );
    w.catalog.put(secret('healthy', { 'lwa:app': 'Healthy', 'lwa:rotated-at': rotatedLeaving(7) }));
    // Act
    const summary = await run(w);
    // Assess
    expect(sentTo(w).sort()).toEqual([
      ['Broken', 'undetermined'],
      ['Healthy', '7-day'],
      ['Odd', '30-day'],
    ]);
    expect(reportOf(summary, 'broken')).toMatchObject({
      status: 'undetermined',
      warnings: [expect.stringContaining('lwa:expires-at "2026-02-30" ignored')],
    });
    expect(reportOf(summary, 'odd-window').warnings).toEqual([
      expect.stringContaining('lwa:window-days "ninety" ignored'),
    ]);
    expect(summary).toMatchObject({ undetermined: 1, withWarnings: 2 });
    expect(w.log.messages('warn')).toContain('Secret has tag problems');
  });

  it('GIVEN the version lookup of one secret fails WHEN run THEN it is a counted failure and the others still alert', async () => {
    // Prepare
    const w = world();
    w.catalog.put(secret('unreadable', { 'lwa:app': 'Unreadable' }, { currentVersionId: 'v1' }));
    w.catalog.failingLookups.add(arnOf('unreadable'));
    w.catalog.put(secret('healthy', { 'lwa:app': 'Healthy', 'lwa:rotated-at': rotatedLeaving(1) }));
    // Act
    const summary = await run(w);
    // Assess
    expect(sentTo(w)).toEqual([['Healthy', '1-day']]);
    expect(summary.lookupFailures).toBe(1);
    expect(runFailed(summary)).toBe(true);
    expect(reportOf(summary, 'unreadable')).toMatchObject({
      status: 'undetermined',
      failures: [expect.stringContaining('ListSecretVersionIds failed')],
    });
    expect(w.ledger.items.has(arnOf('unreadable'))).toBe(false);
  });

  it('GIVEN an empty app tag WHEN run THEN the secret name stands in, with a warning', async () => {
    // Prepare
    const w = world();
    w.catalog.put(secret('prod/unnamed', { 'lwa:app': '  ', 'lwa:rotated-at': rotatedLeaving(1) }));
    // Act
    const summary = await run(w);
    // Assess
    expect(sentTo(w)).toEqual([['prod/unnamed', '1-day']]);
    expect(reportOf(summary, 'prod/unnamed').warnings).toEqual([
      'tag lwa:app is empty; the secret name is used as the app name',
    ]);
  });
});

describe('runMonitor: the AWSCURRENT version is looked up only when no date tag can date the secret', () => {
  it('GIVEN tagged and untagged secrets WHEN run twice THEN only the untagged one is looked up, and only on the first run', async () => {
    // Prepare
    const w = world();
    w.catalog.put(
      secret(
        'tagged',
        { 'lwa:app': 'Tagged', 'lwa:rotated-at': rotatedLeaving(60) },
        { currentVersionId: 'v9' },
      ),
    );
    w.catalog.put(secret('untagged', { 'lwa:app': 'Untagged' }, { currentVersionId: 'v1' }));
    w.catalog.versions.set(arnOf('untagged'), {
      versionId: 'v1',
      createdAt: new Date(NOW.getTime() - 100 * MS_PER_DAY),
    });
    // Act
    const first = await run(w);
    const second = await run(w, { runId: 'run-2', now: new Date(NOW.getTime() + MS_PER_DAY) });
    // Assess
    expect(w.catalog.versionLookups).toEqual([arnOf('untagged')]);
    expect(reportOf(first, 'untagged')).toMatchObject({ source: 'current-version-created', daysLeft: 80 });
    expect(reportOf(second, 'untagged')).toMatchObject({ source: 'current-version-created', daysLeft: 79 });
  });

  it('GIVEN a new AWSCURRENT version appears WHEN run THEN it is looked up again and starts a new cycle', async () => {
    // Prepare
    const w = world();
    w.catalog.put(secret('untagged', { 'lwa:app': 'Untagged' }, { currentVersionId: 'v1' }));
    w.catalog.versions.set(arnOf('untagged'), {
      versionId: 'v1',
      createdAt: new Date(NOW.getTime() - 178 * MS_PER_DAY),
    });
    await run(w);
    const later = new Date(NOW.getTime() + MS_PER_DAY);
    w.catalog.put(secret('untagged', { 'lwa:app': 'Untagged' }, { currentVersionId: 'v2' }));
    w.catalog.versions.set(arnOf('untagged'), { versionId: 'v2', createdAt: later });
    // Act
    const summary = await run(w, { now: later, runId: 'run-2' });
    // Assess
    expect(w.catalog.versionLookups).toEqual([arnOf('untagged'), arnOf('untagged')]);
    expect(w.publisher.accepted.map((m) => m.attributes.severity)).toEqual(['7-day', 'resolved']);
    expect(reportOf(summary, 'untagged').daysLeft).toBe(180);
    expect(w.ledger.entry(arnOf('untagged')).currentVersion?.versionId).toBe('v2');
  });

  it('GIVEN ListSecrets does not name the AWSCURRENT version WHEN run twice THEN the lookup cannot be cached and repeats', async () => {
    // Prepare
    const w = world();
    w.catalog.put(secret('no-stages', { 'lwa:app': 'NoStages' }));
    w.catalog.versions.set(arnOf('no-stages'), {
      versionId: 'v1',
      createdAt: new Date(NOW.getTime() - 10 * MS_PER_DAY),
    });
    // Act
    await run(w);
    await run(w, { runId: 'run-2' });
    // Assess
    expect(w.catalog.versionLookups).toHaveLength(2);
  });
});

describe('runMonitor: a failed publish is never recorded and is retried on the next run', () => {
  it('GIVEN SNS rejects one app WHEN run THEN the others are sent and recorded, the failed one is not', async () => {
    // Prepare
    let snsDown = true;
    const w = world((message) => !(snsDown && message.attributes.app === 'Beta'));
    w.catalog.put(secret('acme', { 'lwa:app': 'Acme', 'lwa:rotated-at': rotatedLeaving(5) }));
    w.catalog.put(secret('beta', { 'lwa:app': 'Beta', 'lwa:rotated-at': rotatedLeaving(1) }));
    w.catalog.put(secret('gamma', { 'lwa:app': 'Gamma', 'lwa:rotated-at': rotatedLeaving(20) }));
    // Act
    const failed = await run(w);
    snsDown = false;
    const retried = await run(w, { runId: 'run-2' });
    const quiet = await run(w, { runId: 'run-3', now: new Date(NOW.getTime() + MS_PER_HOUR) });
    // Assess
    expect(failed.publishFailures).toBe(1);
    expect(runFailed(failed)).toBe(true);
    expect(reportOf(failed, 'beta')).toMatchObject({
      alerts: [],
      failures: [expect.stringContaining('publish of the 1-day alert failed')],
    });
    expect(w.log.messages('error')).toContain('Alert not published; it will be retried on the next run');
    expect(sentTo(w).sort()).toEqual([
      ['Acme', '7-day'],
      ['Beta', '1-day'],
      ['Gamma', '30-day'],
    ]);
    expect(w.publisher.attempts.filter((a) => a.message.attributes.app === 'Beta')).toHaveLength(2);
    expect(retried).toMatchObject({ publishFailures: 0, alertsBySeverity: { '1-day': 1 } });
    expect(quiet.alertsBySeverity).toEqual({});
  });

  it('GIVEN "resolved" is accepted but the new cycle\'s alert is not WHEN run again THEN only the missing alert is sent', async () => {
    // Prepare
    let rejectThresholds = false;
    const w = world((message) => !(rejectThresholds && message.attributes.severity === '7-day'));
    w.catalog.put(secret('acme', { 'lwa:app': 'Acme', 'lwa:expires-at': '2026-05-20T00:00:00Z' }));
    await run(w);
    w.catalog.put(secret('acme', { 'lwa:app': 'Acme', 'lwa:expires-at': '2026-06-01T00:00:00Z' }));
    rejectThresholds = true;
    // Act
    await run(w, { runId: 'run-2' });
    rejectThresholds = false;
    await run(w, { runId: 'run-3' });
    // Assess
    expect(w.publisher.attempts.map((a) => [a.message.attributes.severity, a.accepted])).toEqual([
      ['expired', true],
      ['resolved', true],
      ['7-day', false],
      ['7-day', true],
    ]);
  });

  it('GIVEN the ledger write fails after a publish WHEN run THEN it is reported as a ledger failure, and the alert counted', async () => {
    // Prepare
    const w = world();
    w.catalog.put(secret('acme', { 'lwa:app': 'Acme', 'lwa:rotated-at': rotatedLeaving(5) }));
    w.ledger.failSave = () => new Error('ProvisionedThroughputExceededException');
    // Act
    const summary = await run(w);
    // Assess
    expect(sentTo(w)).toEqual([['Acme', '7-day']]);
    expect(summary).toMatchObject({ ledgerFailures: 1, alertsBySeverity: { '7-day': 1 } });
    expect(runFailed(summary)).toBe(true);
    expect(reportOf(summary, 'acme').failures).toEqual([expect.stringContaining('ledger write failed')]);
    expect(w.log.messages('error')).toContain(
      'Alert published but not recorded: the next run may send it again',
    );
  });

  it('GIVEN another writer records the secret first WHEN run THEN the conflict is counted and its record is kept', async () => {
    // Prepare
    const w = world();
    w.catalog.put(secret('acme', { 'lwa:app': 'Acme', 'lwa:rotated-at': rotatedLeaving(5) }));
    w.ledger.beforeSave = (entry) => {
      w.ledger.beforeSave = () => undefined;
      void w.ledger.save({ ...entry, appName: 'written by another run' }, NOW);
    };
    // Act
    const summary = await run(w);
    // Assess
    expect(summary.conflicts).toBe(1);
    expect(reportOf(summary, 'acme').failures).toEqual([
      expect.stringContaining('conflicted with another run'),
    ]);
    expect(w.ledger.entry(arnOf('acme')).appName).toBe('written by another run');
  });
});

describe('runMonitor: only one run at a time', () => {
  it('GIVEN another run holds the lease WHEN a run has an alert to send THEN it sends and writes nothing, and says why', async () => {
    // Prepare
    const w = world();
    w.catalog.put(secret('acme', { 'lwa:app': 'Acme', 'lwa:rotated-at': rotatedLeaving(5) }));
    w.ledger.lease = { holder: 'other-run', until: NOW.getTime() + 60_000 };
    // Act
    const summary = await run(w);
    // Assess
    expect(summary).toMatchObject({ ran: false, credentials: 0, reports: [] });
    expect(w.publisher.attempts).toEqual([]);
    expect(w.ledger.saved).toEqual([]);
    expect(w.ledger.lease).toEqual({ holder: 'other-run', until: NOW.getTime() + 60_000 });
    expect(w.log.messages('warn')).toContain(
      'Another monitor run holds the lease; this run publishes and records nothing',
    );
  });

  it('GIVEN another run holds the lease WHEN a run has nothing to send or record THEN it reports in full without taking the lease', async () => {
    // Prepare: a first run has sent and recorded everything
    const w = world();
    w.catalog.put(secret('acme', { 'lwa:app': 'Acme', 'lwa:rotated-at': rotatedLeaving(5) }));
    w.catalog.put(secret('beta', { 'lwa:app': 'Beta', 'lwa:rotated-at': rotatedLeaving(90) }));
    await run(w);
    const saved = w.ledger.saved.length;
    w.ledger.lease = { holder: 'other-run', until: NOW.getTime() + 60_000 };
    const acquire = jest.spyOn(w.ledger, 'acquireLease');
    // Act
    const summary = await run(w, { runId: 'run-2', now: new Date(NOW.getTime() + MS_PER_HOUR) });
    // Assess
    expect(summary).toMatchObject({ ran: true, credentials: 2, alertsBySeverity: {} });
    expect(acquire).not.toHaveBeenCalled();
    expect(w.ledger.saved).toHaveLength(saved);
    expect(w.ledger.lease).toEqual({ holder: 'other-run', until: NOW.getTime() + 60_000 });
  });

  it('GIVEN the lease is judged by the wall clock WHEN the evaluation time is in the past THEN a lapsed lease is taken over and ended at the end of the run', async () => {
    // Prepare
    const w = world();
    w.catalog.put(secret('acme', { 'lwa:app': 'Acme', 'lwa:rotated-at': rotatedLeaving(5) }));
    const wall = new Date(NOW.getTime() + MS_PER_DAY);
    w.ledger.lease = { holder: 'crashed-run', until: NOW.getTime() + 60_000 };
    // Act
    const summary = await run(w, { wallClock: () => wall });
    // Assess
    expect(summary.ran).toBe(true);
    expect(sentTo(w)).toEqual([['Acme', '7-day']]);
    expect(w.ledger.lease).toEqual({ holder: 'run-1', until: wall.getTime() });
  });

  it('GIVEN another run ended its lease after this run started WHEN this run takes the lease THEN it reads the ledger again and goes by what that run recorded', async () => {
    // Prepare: this run reads the ledger; before its first publish, another run sends and
    // records the same alert and ends its lease
    const w = world();
    w.catalog.put(secret('acme', { 'lwa:app': 'Acme', 'lwa:rotated-at': rotatedLeaving(5) }));
    const wall = new Date(NOW.getTime() + 5_000);
    const acquire = w.ledger.acquireLease.bind(w.ledger);
    let otherRunDone = false;
    w.ledger.acquireLease = async (holder, now, durationMs) => {
      if (!otherRunDone) {
        otherRunDone = true;
        const other = await run(
          { ...w, ledger: w.ledger },
          { runId: 'other-run', wallClock: () => new Date(NOW.getTime() + 1_000) },
        );
        expect(other.alertsBySeverity).toEqual({ '7-day': 1 });
      }
      return acquire(holder, now, durationMs);
    };
    // Act
    const summary = await run(w, { wallClock: () => wall });
    // Assess: one 7-day alert in all, sent by the other run
    expect(summary).toMatchObject({ ran: true, credentials: 1, alertsBySeverity: {} });
    expect(sentTo(w)).toEqual([['Acme', '7-day']]);
    expect(w.log.messages('info')).toContain(
      'Another monitor run wrote to the ledger while this one read it; starting over under the lease',
    );
    expect(w.ledger.reads).toBe(3); // this run twice, the other run once
  });

  it('GIVEN a crashed run whose lease lapsed just before this run started WHEN this run starts over THEN no version is looked up twice', async () => {
    // Prepare: a secret dated by its AWSCURRENT version, 3 days left, so a write is due
    const w = world();
    w.catalog.put(secret('delta', { 'lwa:app': 'Delta' }, { currentVersionId: 'v-delta' }));
    w.catalog.versions.set(arnOf('delta'), {
      versionId: 'v-delta',
      createdAt: new Date(NOW.getTime() - 177 * MS_PER_DAY),
    });
    w.ledger.lease = { holder: 'crashed-run', until: NOW.getTime() - 1 };
    // Act
    const summary = await run(w);
    // Assess: read twice (before and under the lease), looked up once
    expect(w.ledger.reads).toBe(2);
    expect(w.catalog.versionLookups).toEqual([arnOf('delta')]);
    expect(summary.alertsBySeverity).toEqual({ '7-day': 1 });
    expect(w.ledger.entry(arnOf('delta')).currentVersion?.versionId).toBe('v-delta');
  });

  it('GIVEN the lease ended long before this run WHEN this run takes it THEN the ledger is read once', async () => {
    // Prepare
    const w = world();
    w.catalog.put(secret('acme', { 'lwa:app': 'Acme', 'lwa:rotated-at': rotatedLeaving(5) }));
    w.ledger.lease = { holder: 'earlier-run', until: NOW.getTime() - MS_PER_HOUR };
    // Act
    const summary = await run(w);
    // Assess
    expect(summary.alertsBySeverity).toEqual({ '7-day': 1 });
    expect(w.ledger.reads).toBe(1);
  });

  it('GIVEN the catalog fails mid-run WHEN run THEN the error propagates and the lease is released', async () => {
    // Prepare
    const w = world();
    w.catalog.pages = () => ({
      [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('ListSecrets AccessDenied')) }),
    });
    // Act / Assess
    await expect(run(w)).rejects.toThrow('ListSecrets AccessDenied');
    expect(w.ledger.lease).toBeUndefined();
    expect(w.ledger.saved).toEqual([]);
  });
});

describe('runMonitor: a dry run decides and reports only', () => {
  it('GIVEN due secrets WHEN dry-run THEN alerts are reported but nothing is published, recorded or leased', async () => {
    // Prepare
    const w = world();
    w.catalog.put(secret('acme', { 'lwa:app': 'Acme', 'lwa:rotated-at': rotatedLeaving(5) }));
    const acquire = jest.spyOn(w.ledger, 'acquireLease');
    // Act
    const summary = await run(w, { dryRun: true });
    // Assess
    expect(summary.dryRun).toBe(true);
    expect(reportOf(summary, 'acme')).toMatchObject({
      alerts: ['7-day'],
      alertSubjects: ['[LWA 7-day] Acme client secret expires in 5 days'],
      // Nothing was really sent, so nothing is reported as the last alert.
      lastAlert: undefined,
    });
    expect(w.publisher.attempts).toEqual([]);
    expect(w.ledger.saved).toEqual([]);
    expect(acquire).not.toHaveBeenCalled();
  });
});

describe('runMonitor: catalog-wide checks', () => {
  it('GIVEN no secret carries the tag WHEN run THEN a warning says nothing is monitored', async () => {
    // Prepare
    const w = world();
    w.catalog.put(secret('untagged', { team: 'x' }));
    // Act
    const summary = await run(w);
    // Assess
    expect(summary.credentials).toBe(0);
    expect(w.log.messages('warn')).toEqual([
      'No secret carries the tag "lwa:app": nothing is monitored. Check the tag key on your secrets.',
    ]);
  });

  it('GIVEN two secrets share one app name WHEN run THEN a warning names both', async () => {
    // Prepare
    const w = world();
    w.catalog.put(secret('eu', { 'lwa:app': 'Acme', 'lwa:rotated-at': rotatedLeaving(90) }));
    w.catalog.put(secret('na', { 'lwa:app': 'Acme', 'lwa:rotated-at': rotatedLeaving(95) }));
    // Act
    await run(w);
    // Assess
    expect(w.log.lines).toContainEqual({
      level: 'warn',
      message: 'Several secrets share one app name',
      fields: { app: 'Acme', secrets: expect.arrayContaining(['eu', 'na']) },
    });
  });

  it('GIVEN 250 secrets over 3 pages WHEN run THEN each is processed once, with at most `concurrency` publishes in flight', async () => {
    // Prepare
    let inFlight = 0;
    let maxInFlight = 0;
    const w = world(undefined, 100);
    const publish = w.publisher.publish.bind(w.publisher);
    w.publisher.publish = async (message) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      for (let i = 0; i < 5; i++) await Promise.resolve();
      inFlight--;
      return publish(message);
    };
    for (let i = 0; i < 250; i++) {
      w.catalog.put(
        secret(`app-${i}`, { 'lwa:app': `App ${i}`, 'lwa:rotated-at': rotatedLeaving(1 + (i % 40)) }),
      );
    }
    // Act
    const summary = await run(w, {}, { ...SETTINGS, concurrency: 3 });
    // Assess
    expect(summary.credentials).toBe(250);
    expect(new Set(summary.reports.map((r) => r.secretArn)).size).toBe(250);
    expect(w.ledger.reads).toBe(1);
    expect(maxInFlight).toBe(3);
  });
});

describe('runMonitor: the ledger is read while the catalog is listed', () => {
  it('GIVEN a slow ledger read WHEN the run goes THEN pages are listed meanwhile, and none is processed before the ledger is in', async () => {
    // Prepare: one secret a page; the ledger read is held until the test lets it go
    const w = world(undefined, 1);
    for (let i = 0; i < 6; i++) {
      w.catalog.put(secret(`s${i}`, { 'lwa:app': `App ${i}`, 'lwa:rotated-at': rotatedLeaving(5) }));
    }
    let listed = 0;
    const pages = w.catalog.pages.bind(w.catalog);
    w.catalog.pages = async function* (tagKey: string) {
      for await (const page of pages(tagKey)) {
        listed++;
        yield page;
      }
    };
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const readAll = w.ledger.readAll.bind(w.ledger);
    w.ledger.readAll = async () => {
      await held;
      return readAll();
    };

    // Act
    const running = run(w);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const listedWhileHeld = listed;
    const publishedWhileHeld = w.publisher.attempts.length;
    release();
    const summary = await running;

    // Assess: all six pages listed while the ledger read was pending, more than the read-ahead
    // bound allows once the ledger is in
    expect(listedWhileHeld).toBe(6);
    expect(publishedWhileHeld).toBe(0);
    expect(summary.alertsBySeverity).toEqual({ '7-day': 6 });
    expect(w.publisher.accepted.map((m) => m.attributes.app)).toEqual([
      'App 0',
      'App 1',
      'App 2',
      'App 3',
      'App 4',
      'App 5',
    ]);
  });

  it('GIVEN the ledger cannot be read WHEN run THEN nothing is published or recorded and the error ends the run', async () => {
    // Prepare
    const w = world();
    w.catalog.put(secret('acme', { 'lwa:app': 'Acme', 'lwa:rotated-at': rotatedLeaving(5) }));
    w.ledger.readAll = () => Promise.reject(new Error('ProvisionedThroughputExceededException: slow down'));
    // Act / Assess
    await expect(run(w)).rejects.toThrow('ProvisionedThroughputExceededException');
    expect(w.publisher.attempts).toEqual([]);
    expect(w.ledger.saved).toEqual([]);
    expect(w.ledger.lease).toBeUndefined();
  });
});

describe('runMonitor: a secret without an AWSCURRENT version is looked up once', () => {
  it('GIVEN a tagged secret with no version WHEN three runs go THEN ListSecretVersionIds is called on the first only, and it stays undetermined', async () => {
    // Prepare: ListSecrets names no current version, and there is none to find
    const w = world();
    w.catalog.put(secret('empty', { 'lwa:app': 'Empty' }));

    // Act
    const summaries: RunSummary[] = [];
    for (const hours of [0, 1, 2])
      summaries.push(await run(w, { now: new Date(NOW.getTime() + hours * MS_PER_HOUR) }));

    // Assess
    expect(w.catalog.versionLookups).toEqual([arnOf('empty')]);
    expect(summaries.map((s) => s.undetermined)).toEqual([1, 1, 1]);
    expect(w.publisher.accepted.map((m) => m.attributes.severity)).toEqual(['undetermined']);
  });

  it('GIVEN that secret later gets a value WHEN the next run goes THEN its new version is looked up and dates it', async () => {
    // Prepare
    const w = world();
    w.catalog.put(secret('empty', { 'lwa:app': 'Empty' }));
    await run(w);
    w.catalog.put(secret('empty', { 'lwa:app': 'Empty' }, { currentVersionId: 'v1' }));
    w.catalog.versions.set(arnOf('empty'), {
      versionId: 'v1',
      createdAt: new Date(NOW.getTime() - 175 * MS_PER_DAY),
    });

    // Act
    const summary = await run(w, { now: new Date(NOW.getTime() + MS_PER_HOUR) });

    // Assess
    expect(w.catalog.versionLookups).toEqual([arnOf('empty'), arnOf('empty')]);
    expect(summary.reports[0]).toMatchObject({
      status: 'dated',
      source: 'current-version-created',
      daysLeft: 5,
    });
  });
});

describe('runMonitor: listing reads only a few pages ahead of processing', () => {
  it('GIVEN page 1 held up by a slow publish WHEN the run goes THEN no more than 3 pages are listed and unprocessed at once', async () => {
    // Prepare: one secret a page, each with an alert due; SNS holds the first one
    const w = world(undefined, 1);
    for (let i = 0; i < 8; i++) {
      w.catalog.put(secret(`s${i}`, { 'lwa:app': `App ${i}`, 'lwa:rotated-at': rotatedLeaving(5) }));
    }
    let listed = 0;
    const pages = w.catalog.pages.bind(w.catalog);
    w.catalog.pages = async function* (tagKey: string) {
      for await (const page of pages(tagKey)) {
        listed++;
        yield page;
      }
    };
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const publish = w.publisher.publish.bind(w.publisher);
    w.publisher.publish = async (message) => {
      if (message.attributes.app === 'App 0') await held;
      return publish(message);
    };

    // Act
    const running = run(w);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const listedWhileHeld = listed;
    release();
    const summary = await running;

    // Assess
    expect(listedWhileHeld).toBe(3);
    expect(listed).toBe(8);
    expect(summary.alertsBySeverity).toEqual({ '7-day': 8 });
  });
});
