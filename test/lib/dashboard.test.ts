import type { SynthesizedMonitor as Synthesized } from './cdk-test-app';
import {
  defined,
  logicalIdOf,
  logicalIdsOfType,
  propertiesOf,
  resolveTokens,
  synthesizeMonitor as synthesize,
} from './cdk-test-app';

// The first synthesis in a worker loads much of aws-cdk-lib: seconds on a busy CI machine.
jest.setTimeout(30_000);

interface Widget {
  readonly type: string;
  readonly properties: Record<string, unknown> & { title?: string };
}

/** The dashboard body, tokens replaced by `${LogicalId}` / `${LogicalId.Attribute}` placeholders. */
function dashboardOf(synthesized: Synthesized): { start: string; widgets: Widget[] } {
  const { DashboardBody } = propertiesOf(
    synthesized,
    logicalIdOf(synthesized.monitor.observability.dashboard),
  );
  return JSON.parse(resolveTokens(DashboardBody)) as { start: string; widgets: Widget[] };
}

function widgetTitled(synthesized: Synthesized, title: string): Widget {
  return defined(
    dashboardOf(synthesized).widgets.find((widget) => widget.properties.title === title),
    `the widget "${title}"`,
  );
}

let defaults: Synthesized;
let allOptIns: Synthesized;

beforeAll(() => {
  defaults = synthesize();
  allOptIns = synthesize({ storeNewSecrets: true, autoRotation: {}, liveCheck: {}, webhooks: true });
});

describe('MonitorObservability: a dashboard of days left, alerts, run health and alarms', () => {
  it('shows the last 14 days by default', () => {
    // GIVEN the default monitor WHEN its dashboard body is resolved THEN it starts 14 days back
    expect(dashboardOf(defaults).start).toBe('-P14D');
  });

  it('graphs the days left per app with a Metrics Insights query', () => {
    // GIVEN the default monitor, synthesized once for this file

    // WHEN the days-left widget is read
    const widget = widgetTitled(defaults, 'Days until expiry, per app');

    // THEN its only metric is the query over every app the monitor has emitted
    expect(widget.properties.metrics).toEqual([
      [
        expect.objectContaining({
          expression:
            'SELECT MIN(DaysUntilExpiry) FROM SCHEMA("LwaExpiryMonitor", app, service) GROUP BY app',
        }),
      ],
    ]);
    expect(widget.properties.region).toBe('${AWS::Region}');
    // ...on an axis without a minimum, so an expired app's negative days stay visible
    expect(widget.properties.yAxis).toEqual({ left: { label: 'days', showUnits: false } });
  });

  it('counts the credentials whose date is an estimate, and says on the dashboard how to make them exact', () => {
    // GIVEN the default monitor WHEN the credentials widget and the heading are read
    const widget = widgetTitled(defaults, 'Credentials');
    const heading = dashboardOf(defaults).widgets.find((w) => w.type === 'text');

    // THEN one of the counts is CredentialsEstimated, labelled as such
    expect(JSON.stringify(widget.properties.metrics)).toMatch(
      /"LwaExpiryMonitor","CredentialsEstimated","service","lwa-expiry-monitor",\{[^}]*"label":"Estimated dates"/,
    );
    expect(String(heading?.properties.markdown)).toContain(
      "**Estimated dates** counts secrets dated from their AWSCURRENT version's creation",
    );
    expect(String(heading?.properties.markdown)).toContain('`lwa:expires-at`');
  });

  it('draws a horizontal line at each alert threshold and at 0, expired', () => {
    // GIVEN the default thresholds (30, 7, 1) and custom ones (14, 3)
    const custom = synthesize({ thresholdsDays: [14, 3], notificationIntake: false });
    const lines = (synthesized: Synthesized) =>
      (
        widgetTitled(synthesized, 'Days until expiry, per app').properties.annotations as {
          horizontal: { value: number; label: string }[];
        }
      ).horizontal.map(({ value, label }) => [value, label]);

    // WHEN the annotations are read THEN there is one per threshold, most distant first, then expired
    expect(lines(defaults)).toEqual([
      [30, '30-day alert'],
      [7, '7-day alert'],
      [1, '1-day alert'],
      [0, 'expired'],
    ]);
    expect(lines(custom)).toEqual([
      [14, '14-day alert'],
      [3, '3-day alert'],
      [0, 'expired'],
    ]);
  });

  it("graphs the monitor function's run health: invocations, errors, duration and throttles", () => {
    // GIVEN the default monitor, synthesized once for this file
    const functionName = `\${${logicalIdOf(defaults.monitor.monitorFunction)}}`;

    // WHEN the run-health widget's metrics are listed as [namespace, name, dimension, value]
    const rows = widgetTitled(defaults, 'Monitor runs').properties.metrics as unknown[][];
    const metrics = rows.map((row) => row.slice(0, 4));

    // THEN each Lambda metric of the monitor function is there, and the successful-run heartbeat
    for (const name of ['Invocations', 'Errors', 'Duration', 'Throttles']) {
      expect(metrics).toContainEqual(['AWS/Lambda', name, 'FunctionName', functionName]);
    }
    expect(metrics).toContainEqual(['LwaExpiryMonitor', 'Heartbeat', 'service', 'lwa-expiry-monitor']);
  });

  it.each([
    ['by default (the monitor and the notification intake)', () => defaults],
    ['with every opt-in', () => allOptIns],
  ])(
    "lists every alarm of the stack in one alarm status widget, the monitor's own first (%s)",
    (_name, variant) => {
      // GIVEN the monitor, synthesized once for this file
      const synthesized = variant();
      const { observability } = synthesized.monitor;

      // WHEN the alarm widgets are read
      const alarmWidgets = dashboardOf(synthesized).widgets.filter((widget) => widget.type === 'alarm');

      // THEN there is one; it lists the monitor's seven alarms, then every other alarm, each once, by ARN
      expect(alarmWidgets).toHaveLength(1);
      const listed = alarmWidgets[0]?.properties.alarms as string[];
      const everyAlarm = logicalIdsOfType(synthesized.template, 'AWS::CloudWatch::Alarm').map(
        (id) => `\${${id}.Arn}`,
      );
      expect(observability.alarms).toHaveLength(7);
      expect(listed.slice(0, 7)).toEqual(
        observability.alarms.map((alarm) => `\${${logicalIdOf(alarm)}.Arn}`),
      );
      expect([...listed].sort()).toEqual(everyAlarm);
      expect(listed.length).toBeGreaterThan(7);
    },
  );

  it('is one dashboard, whatever the automation', () => {
    // GIVEN every automation on, synthesized once for this file
    const all = allOptIns;

    // WHEN the dashboards are listed THEN the template holds exactly the monitor's
    expect(logicalIdsOfType(all.template, 'AWS::CloudWatch::Dashboard')).toEqual([
      logicalIdOf(all.monitor.observability.dashboard),
    ]);
  });
});
