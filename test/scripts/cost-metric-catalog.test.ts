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
    "lists exactly the monitor's metrics %s, AlertsPublished per severity, the rest per run",
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

  it("lists exactly the notification handler's metrics", () => {
    // GIVEN a batch with an expiry notice tagged and a new secret promoted
    const results: MessageResult[] = [
      {
        messageId: 'm1',
        disposition: 'consume',
        outcome: 'expiry-tagged',
        type: 'APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY',
      },
      {
        messageId: 'm2',
        disposition: 'consume',
        outcome: 'promoted',
        type: 'APPLICATION_OAUTH_CLIENT_NEW_SECRET',
      },
    ];

    // WHEN its metrics are written
    emitNotificationMetrics(createMetrics(), results);

    // THEN they are the catalog's
    expect(emittedKeys()).toEqual(new Set(METRIC_CATALOG.notifications.map(metricKey)));
  });
});
