import type { CfnElement } from 'aws-cdk-lib';
import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { CREDENTIAL_STATUS_LOG, NOTIFICATION_LOG } from '../../contract/telemetry';
import { MonitorObservability } from '../../lib/observability';
import { latestStatusQueryLines } from '../../lib/dashboard';
import type { SynthesizedMonitor as Synthesized } from './cdk-test-app';
import {
  defined,
  logicalIdOf,
  logicalIdsOfType,
  newTestApp,
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
let perApp: Synthesized;

beforeAll(() => {
  defaults = synthesize();
  allOptIns = synthesize({ storeNewSecrets: true, autoRotation: {}, liveCheck: {}, webhooks: true });
  perApp = synthesize({ perAppMetrics: true });
});

const FEWEST = 'Fewest days left, any credential';
const PER_APP = 'Days until expiry, per app';
const LATEST_STATUS = 'Latest status per app (monitor logs), fewest days left first';

describe('MonitorObservability: a dashboard of days left, alerts, run health and alarms', () => {
  it('shows the last 14 days by default', () => {
    // GIVEN the default monitor WHEN its dashboard body is resolved THEN it starts 14 days back
    expect(dashboardOf(defaults).start).toBe('-P14D');
  });

  it('graphs the fewest days left of any credential from one metric without an app dimension', () => {
    // GIVEN the default monitor, synthesized once for this file

    // WHEN the days-left widget is read
    const widget = widgetTitled(defaults, FEWEST);

    // THEN its only metric is MinDaysUntilExpiry (service dimension only), its hourly minimum
    expect(widget.properties.metrics).toEqual([
      [
        'LwaExpiryMonitor',
        'MinDaysUntilExpiry',
        'service',
        'lwa-expiry-monitor',
        expect.objectContaining({ stat: 'Minimum', period: 3600, label: 'Fewest days left' }),
      ],
    ]);
    expect(widget.properties.region).toBe('${AWS::Region}');
    // ...on an axis without a minimum, so an expired credential's negative days stay visible
    expect(widget.properties.yAxis).toEqual({ left: { label: 'days', showUnits: false } });
  });

  it('graphs no metric per app by default: no widget reads DaysUntilExpiry', () => {
    // GIVEN the default monitor WHEN the dashboard body is read
    const body = JSON.stringify(dashboardOf(defaults));

    // THEN neither the per-app widget nor the per-app metric is there
    expect(dashboardOf(defaults).widgets.map((w) => w.properties.title)).not.toContain(PER_APP);
    expect(body).not.toMatch(/[^n]DaysUntilExpiry/);
  });

  it('with perAppMetrics, graphs the days left per app with a Metrics Insights query, as well', () => {
    // GIVEN the monitor with the opt-in, synthesized once for this file

    // WHEN the per-app widget is read
    const widget = widgetTitled(perApp, PER_APP);

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
    expect(widget.properties.yAxis).toEqual({ left: { label: 'days', showUnits: false } });
    expect(widgetTitled(perApp, FEWEST)).toBeDefined();
  });

  it("lists each credential's latest status with a Logs Insights query over the monitor's log group", () => {
    // GIVEN the default monitor, synthesized once for this file
    const logGroup = `\${${logicalIdOf(defaults.monitor.logGroup)}}`;

    // WHEN the log widget is read
    const widget = widgetTitled(defaults, LATEST_STATUS);

    // THEN it is a table over the monitor's own log group, of the latest status line per app and
    // secret: owner, days left, expiry, band and date source, fewest days left first
    expect(widget.type).toBe('log');
    expect(widget.properties).toMatchObject({ view: 'table', region: '${AWS::Region}' });
    expect(widget.properties.query).toBe(
      [
        `SOURCE '${logGroup}' | filter message = "Credential status"`,
        'stats latest(owner) as owner, latest(daysLeft) as daysLeft, latest(expiresAt) as expiresAt, latest(band) as band, latest(source) as source, max(@timestamp) as lastChecked by app, secret',
        'sort daysLeft asc',
        'limit 10000',
      ].join('\n| '),
    );
  });

  it("counts the alerts sent per day and severity with a Logs Insights query over the monitor's log group, not a metric per severity", () => {
    // GIVEN the default monitor, synthesized once for this file
    const logGroup = `\${${logicalIdOf(defaults.monitor.logGroup)}}`;

    // WHEN the alerts widget is read
    const widget = widgetTitled(defaults, 'Alerts sent, by severity (per day, monitor logs)');

    // THEN it counts the monitor's alert lines by severity and day, drawn as bars
    expect(widget.type).toBe('log');
    expect(widget.properties).toMatchObject({ view: 'bar', region: '${AWS::Region}' });
    expect(widget.properties.query).toBe(
      [
        `SOURCE '${logGroup}' | filter message = "Alert published"`,
        'stats count(*) as alerts by severity, bin(1d)',
      ].join('\n| '),
    );
    // ...and no widget reads AlertsPublished by severity
    expect(JSON.stringify(dashboardOf(allOptIns))).not.toMatch(/AlertsPublished|severity\)/);
  });

  it("lists the SP-API notifications handled by type and outcome from the intake's log group, when the intake is on", () => {
    // GIVEN the default monitor (the intake is on by default) and one without the intake
    const intake = defined(defaults.monitor.notificationIntake, 'the default notification intake');
    const logGroup = `\${${logicalIdOf(intake.logGroup)}}`;
    const title = 'SP-API notifications handled, by type and outcome (intake logs)';
    const withoutIntake = synthesize({ notificationIntake: false });

    // WHEN the notifications widget is read
    const widget = widgetTitled(defaults, title);

    // THEN it is a table of the intake's "Notification processed" lines by type and outcome
    expect(widget.type).toBe('log');
    expect(widget.properties).toMatchObject({ view: 'table', region: '${AWS::Region}' });
    expect(widget.properties.query).toBe(
      [
        `SOURCE '${logGroup}' | filter message = "${NOTIFICATION_LOG.message}"`,
        `stats count(*) as notifications, max(@timestamp) as last by ${NOTIFICATION_LOG.fields.type}, ${NOTIFICATION_LOG.fields.outcome}`,
        'sort notifications desc',
      ].join('\n| '),
    );
    // ...and without the intake there is no such widget
    expect(dashboardOf(withoutIntake).widgets.map((w) => w.properties.title)).not.toContain(title);
  });

  it('builds the status query from the names the monitor logs with', () => {
    // GIVEN the log line's contract WHEN the query lines are built
    const lines = latestStatusQueryLines();
    const f = CREDENTIAL_STATUS_LOG.fields;

    // THEN they filter on its message and read its fields, the app and secret as the row's key
    expect(lines[0]).toBe(`filter message = "${CREDENTIAL_STATUS_LOG.message}"`);
    for (const field of [f.owner, f.daysLeft, f.expiresAt, f.band, f.source]) {
      expect(lines[1]).toContain(`latest(${field}) as ${field}`);
    }
    expect(lines[1]).toMatch(new RegExp(`by ${f.app}, ${f.secret}$`));
    expect(lines[2]).toBe(`sort ${f.daysLeft} asc`);
  });

  it('counts the credentials by band: due within the least urgent threshold, urgent, expired, undated', () => {
    // GIVEN the default monitor WHEN the credentials widget's metrics are listed by name and label
    const rows = widgetTitled(defaults, 'Credentials').properties.metrics as unknown[][];
    const named = rows.map((row) => [row[1], (row[4] as { label?: string }).label]);

    // THEN each band is one service-wide count
    expect(named).toEqual([
      ['CredentialsMonitored', 'Monitored'],
      ['CredentialsDue', 'Within 30 days'],
      ['CredentialsUrgent', 'Urgent'],
      ['CredentialsExpired', 'Expired'],
      ['CredentialsUndetermined', 'Undated'],
      ['CredentialsWithTagProblems', 'Tag problems'],
      ['CredentialsEstimated', 'Estimated dates'],
    ]);
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
    const lines = (synthesized: Synthesized, title = FEWEST) =>
      (
        widgetTitled(synthesized, title).properties.annotations as {
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
    expect(lines(perApp, PER_APP)).toEqual(lines(defaults));
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

describe('MonitorObservability on its own: the status table of a function without a log group of its own', () => {
  it("reads the function's default log group, /aws/lambda/<function name>, when none is given", () => {
    // GIVEN a function with Lambda's default log group, its observability built without monitorLogGroup
    const app = newTestApp();
    const stack = new Stack(app, 'Standalone');
    const fn = new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {};'),
    });
    const observability = new MonitorObservability(stack, 'Observability', {
      monitorFunction: fn,
      scheduleDeadLetterQueue: new sqs.Queue(stack, 'Dlq'),
      operatorTopic: new sns.Topic(stack, 'Operators'),
      thresholdsDays: [30, 7, 1],
      runPeriod: Duration.hours(1),
    });

    // WHEN the dashboard body is resolved
    const template = Template.fromStack(stack).toJSON() as {
      Resources: Record<string, { Properties: { DashboardBody?: unknown } }>;
    };
    const dashboardId = stack.getLogicalId(observability.dashboard.node.defaultChild as CfnElement);
    const body = JSON.parse(resolveTokens(template.Resources[dashboardId]?.Properties.DashboardBody)) as {
      widgets: Widget[];
    };

    // THEN the status table reads /aws/lambda/<function name>
    const widget = body.widgets.find((w) => w.type === 'log');
    expect(String(widget?.properties.query)).toMatch(
      new RegExp(
        `^SOURCE '/aws/lambda/\\$\\{${stack.getLogicalId(fn.node.defaultChild as CfnElement)}\\}' \\| filter`,
      ),
    );
  });
});
