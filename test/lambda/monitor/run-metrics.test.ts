import { emitRunMetrics } from '../../../lambda/monitor/run-metrics';
import type { CredentialReport, RunSummary } from '../../../lambda/monitor/run-types';
import { createMetrics } from '../../../lambda/runtime/powertools';
import type { CapturedOutput } from '../support/captured-output';
import { captureOutput, emittedMetrics } from '../support/captured-output';

function report(app: string, daysLeft: number | undefined): CredentialReport {
  return {
    secretArn: `arn:${app}`,
    secretName: app,
    app,
    status: daysLeft === undefined ? 'undetermined' : 'dated',
    daysLeft,
    warnings: [],
    reasons: [],
    alerts: [],
    failures: [],
  };
}

function summaryOf(reports: CredentialReport[]): RunSummary {
  return {
    runId: 'run-1',
    now: '2026-05-27T09:00:00.000Z',
    dryRun: false,
    ran: true,
    credentials: reports.length,
    skipped: 0,
    undetermined: reports.filter((r) => r.status === 'undetermined').length,
    withWarnings: 0,
    alertsBySeverity: {},
    publishFailures: 0,
    ledgerFailures: 0,
    lookupFailures: 0,
    conflicts: 0,
    reports,
  };
}

let output: CapturedOutput;
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => output.restore());

const valueOf = (name: string) =>
  emittedMetrics(output.records())
    .filter((m) => m.name === name)
    .map((m) => m.value);

describe('emitRunMetrics: days left and the bands, without an app dimension', () => {
  it('GIVEN credentials expired, on the day, within the thresholds, beyond them and undated WHEN emitted THEN the fewest days left and each band are counted once', () => {
    // Prepare
    const reports = [-3, 0, 1, 5, 20, 45, undefined].map((days, i) => report(`App ${i}`, days));
    // Act
    emitRunMetrics(createMetrics(), summaryOf(reports), { thresholdsDays: [7, 30, 1], perAppMetrics: false });
    // Assess
    expect(valueOf('MinDaysUntilExpiry')).toEqual([-3]);
    // within 30 days: -3, 0, 1, 5, 20; within 1 day: -3, 0, 1; expired: -3, 0
    expect(valueOf('CredentialsDue')).toEqual([5]);
    expect(valueOf('CredentialsUrgent')).toEqual([3]);
    expect(valueOf('CredentialsExpired')).toEqual([2]);
    expect(valueOf('CredentialsUndetermined')).toEqual([1]);
    expect(valueOf('DaysUntilExpiry')).toEqual([]);
  });

  it('GIVEN no dated credential WHEN emitted THEN there is no fewest days left, and every band counts 0', () => {
    // Act
    emitRunMetrics(createMetrics(), summaryOf([report('Undated', undefined)]), {
      thresholdsDays: [30, 7, 1],
      perAppMetrics: false,
    });
    // Assess
    expect(valueOf('MinDaysUntilExpiry')).toEqual([]);
    expect([valueOf('CredentialsDue'), valueOf('CredentialsUrgent'), valueOf('CredentialsExpired')]).toEqual([
      [0],
      [0],
      [0],
    ]);
  });

  it('GIVEN two secrets of one app and the opt-in WHEN emitted THEN DaysUntilExpiry has one value per app, its fewest', () => {
    // Act
    emitRunMetrics(
      createMetrics(),
      summaryOf([report('Shared', 12), report('Shared', 4), report('Solo', 90)]),
      {
        thresholdsDays: [30, 7, 1],
        perAppMetrics: true,
      },
    );
    // Assess
    const perApp = emittedMetrics(output.records()).filter((m) => m.name === 'DaysUntilExpiry');
    expect(perApp.map((m) => [m.dimensions.app, m.value])).toEqual([
      ['Shared', 4],
      ['Solo', 90],
    ]);
    expect(valueOf('MinDaysUntilExpiry')).toEqual([4]);
  });
});
