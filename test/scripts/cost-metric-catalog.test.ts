/**
 * The price script counts custom metrics from scripts/cost/metric-catalog.ts: these tests run the
 * monitor's and the notification handler's real metric writers and check that what they emit is
 * exactly what the catalog lists (names and dimensions). The rotation, live-check and webhook
 * handlers' tests check theirs (test/lambda/<function>/make-handler.test.ts).
 */
import { emitRunMetrics } from '../../lambda/monitor/run-metrics';
import type { RunSummary } from '../../lambda/monitor/run-monitor';
import { createMetrics } from '../../lambda/runtime/powertools';
import { emitNotificationMetrics } from '../../lambda/notifications/make-handler';
import type { MessageResult } from '../../lambda/notifications/process-notification';
import { METRIC_CATALOG, emittedMetricKey, metricKey } from '../../scripts/cost/metric-catalog';
import type { CapturedOutput } from '../lambda/support/captured-output';
import { captureOutput, emittedMetrics } from '../lambda/support/captured-output';

let output: CapturedOutput;
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => output.restore());

const emittedKeys = () => new Set(emittedMetrics(output.records()).map(emittedMetricKey));

describe('the metric catalog of the price script', () => {
  it.each([
    ['by default: no metric per app', false],
    ['with the perAppMetrics opt-in: DaysUntilExpiry per app as well', true],
  ])(
    "lists exactly the monitor's metrics %s, the rest per run (no metric per alert severity)",
    (_name, perAppMetrics) => {
      // GIVEN a run over two apps that sent a 7-day alert
      const report = (app: string, daysLeft: number) => ({
        secretArn: `arn:${app}`,
        secretName: app,
        app,
        status: 'dated' as const,
        daysLeft,
        warnings: [],
        reasons: [],
        alerts: [],
        failures: [],
      });
      const summary: RunSummary = {
        runId: 'run-1',
        now: '2027-01-04T00:00:00.000Z',
        dryRun: false,
        ran: true,
        credentials: 2,
        skipped: 0,
        undetermined: 0,
        withWarnings: 0,
        alertsBySeverity: { '7-day': 1 },
        publishFailures: 0,
        ledgerFailures: 0,
        lookupFailures: 0,
        conflicts: 0,
        reports: [report('Acme', 7), report('Globex', 90)],
      };

      // WHEN its metrics are written
      emitRunMetrics(createMetrics(), summary, { thresholdsDays: [30, 7, 1], perAppMetrics });

      // THEN the names and dimensions are the catalog's, the opt-in's only when it is on
      const expected = METRIC_CATALOG.monitor.filter((m) => perAppMetrics || m.optIn !== 'perAppMetrics');
      expect(emittedKeys()).toEqual(new Set(expected.map(metricKey)));
      // ...and DaysUntilExpiry, the one per-app metric and the one behind the opt-in, has one value per app
      const perApp = emittedMetrics(output.records()).filter((m) => m.name === 'DaysUntilExpiry');
      expect(perApp.map((m) => m.dimensions.app)).toEqual(perAppMetrics ? ['Acme', 'Globex'] : []);
      const catalogPerApp = METRIC_CATALOG.monitor.filter((m) => m.cardinality === 'per-app');
      expect(catalogPerApp.map((m) => [m.name, m.optIn])).toEqual([['DaysUntilExpiry', 'perAppMetrics']]);
    },
  );

  it("lists exactly the notification handler's metrics, all failure counters: a batch without failures writes none", () => {
    const result = (messageId: string, outcome: MessageResult['outcome']): MessageResult => ({
      messageId,
      disposition: 'consume',
      outcome,
      type: 'APPLICATION_OAUTH_CLIENT_NEW_SECRET',
    });
    // GIVEN a batch with an expiry notice tagged and a new secret promoted
    emitNotificationMetrics(createMetrics(), [result('m1', 'expiry-tagged'), result('m2', 'promoted')]);
    // THEN no metric is written
    expect(emittedKeys()).toEqual(new Set());

    // GIVEN a batch with every failure the handler counts
    emitNotificationMetrics(createMetrics(), [
      result('m3', 'verification-failed'),
      result('m4', 'lwa-unavailable'),
      result('m5', 'unknown-client'),
      result('m6', 'ambiguous-client'),
      result('m7', 'malformed'),
      result('m8', 'promoted'),
    ]);
    // THEN the metrics are the catalog's, each a failure counter written only on failure
    expect(emittedKeys()).toEqual(new Set(METRIC_CATALOG.notifications.map(metricKey)));
    expect(new Set(METRIC_CATALOG.notifications.map((m) => m.cardinality))).toEqual(new Set(['on-failure']));
  });
});
