import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ConfigError } from '../../contract/config-rules';
import { EVENT_BUS_ENV } from '../../contract/environment';
import { monitorPropsFromContext } from '../../lib/context-config';
import type { IamStatement } from './cdk-test-app';
import { asList, defined, logicalIdOf, monitorInStack, statementsOfRole } from './cdk-test-app';

// The first synthesis in a worker loads much of aws-cdk-lib: seconds on a busy machine.
jest.setTimeout(30_000);

const MONITOR_TYPES = [
  'LWA Credential Threshold Crossed',
  'LWA Credential Expired',
  'LWA Credential Resolved',
];

function putEventsStatements(template: Template, roleLogicalId: string): IamStatement[] {
  return statementsOfRole(template, roleLogicalId).filter((s) =>
    asList(s.Action).includes('events:PutEvents'),
  );
}

function busArn(stack: Stack, name: string): unknown {
  return stack.resolve(stack.formatArn({ service: 'events', resource: 'event-bus', resourceName: name }));
}

describe('Events: each emitting function may put its own events on the bus, and only there', () => {
  it('GIVEN the default monitor WHEN synthesized THEN the monitor and the intake get EVENT_BUS_NAME=default and PutEvents on the default bus for their own detail-types', () => {
    // Prepare
    const { stack, monitor } = monitorInStack({ alertEmails: ['ops@example.com'] });

    // Act
    const template = Template.fromStack(stack);

    // Assess
    const intake = defined(monitor.notificationIntake, 'the notification intake');
    const resources = template.toJSON().Resources as Record<
      string,
      { Properties: { Environment: { Variables: Record<string, unknown> } } }
    >;
    for (const fn of [monitor.monitorFunction, intake.handler]) {
      expect(resources[logicalIdOf(fn)]?.Properties.Environment.Variables[EVENT_BUS_ENV]).toBe('default');
    }
    expect(putEventsStatements(template, logicalIdOf(monitor.monitorRole))).toEqual([
      {
        Sid: 'PutProductEvents',
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: busArn(stack, 'default'),
        Condition: {
          StringEquals: { 'events:source': 'lwa-expiry-monitor', 'events:detail-type': MONITOR_TYPES },
        },
      },
    ]);
    expect(putEventsStatements(template, logicalIdOf(intake.role))).toEqual([
      expect.objectContaining({
        Resource: busArn(stack, 'default'),
        Condition: {
          StringEquals: {
            'events:source': 'lwa-expiry-monitor',
            'events:detail-type': ['LWA New Secret Stored', 'LWA New Secret Promoted'],
          },
        },
      }),
    ]);
  });

  it('GIVEN the default monitor WHEN synthesized THEN one alarm on EventPublishFailures notifies the operator topic', () => {
    // Prepare
    const { stack, monitor } = monitorInStack({ alertEmails: ['ops@example.com'] });

    // Act
    const template = Template.fromStack(stack);

    // Assess
    const alarm = defined(monitor.eventPublishFailuresAlarm, 'the event alarm');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'EventPublishFailures',
      Namespace: 'LwaExpiryMonitor',
      Dimensions: [{ Name: 'service', Value: 'lwa-expiry-monitor' }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: logicalIdOf(monitor.operatorTopic) }],
      OKActions: [{ Ref: logicalIdOf(monitor.operatorTopic) }],
    });
    expect(logicalIdOf(alarm)).toMatch(/EventPublishFailuresAlarm/);
  });

  it('GIVEN rotation and the live check on WHEN synthesized THEN each gets PutEvents for its own detail-types only', () => {
    // Prepare
    const { stack, monitor } = monitorInStack({
      alertEmails: ['ops@example.com'],
      storeNewSecrets: true,
      autoRotation: {},
      liveCheck: {},
    });

    // Act
    const template = Template.fromStack(stack);

    // Assess
    const rotation = defined(monitor.autoRotation, 'rotation');
    const liveCheck = defined(monitor.liveCheck, 'live check');
    const typesOf = (roleId: string) =>
      putEventsStatements(template, roleId).map((s) => s.Condition?.StringEquals?.['events:detail-type']);
    expect(typesOf(logicalIdOf(rotation.role))).toEqual([['LWA Rotation Requested', 'LWA Rotation Failed']]);
    expect(typesOf(logicalIdOf(liveCheck.role))).toEqual([['LWA Live Check Rejected']]);
  });

  it('GIVEN eventBusName as a name and as an ARN WHEN synthesized THEN the permission names that bus and the functions get it as given', () => {
    // Prepare
    const named = monitorInStack({ alertEmails: ['ops@example.com'], eventBusName: 'lwa-events' });
    const arn = 'arn:aws:events:eu-west-1:444455556666:event-bus/central';
    const crossAccount = monitorInStack({ alertEmails: ['ops@example.com'], eventBusName: arn });

    // Act
    const namedTemplate = Template.fromStack(named.stack);
    const crossTemplate = Template.fromStack(crossAccount.stack);

    // Assess
    expect(putEventsStatements(namedTemplate, logicalIdOf(named.monitor.monitorRole))[0]?.Resource).toEqual(
      busArn(named.stack, 'lwa-events'),
    );
    expect(
      putEventsStatements(crossTemplate, logicalIdOf(crossAccount.monitor.monitorRole))[0]?.Resource,
    ).toBe(arn);
    crossTemplate.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ [EVENT_BUS_ENV]: arn }) },
    });
  });

  it('GIVEN events false WHEN synthesized THEN no function has EVENT_BUS_NAME, no role PutEvents, and there is no event alarm', () => {
    // Prepare
    const { stack, monitor } = monitorInStack({ alertEmails: ['ops@example.com'], events: false });

    // Act
    const template = Template.fromStack(stack);

    // Assess
    expect(monitor.eventBus).toBeUndefined();
    expect(monitor.eventPublishFailuresAlarm).toBeUndefined();
    expect(JSON.stringify(template.toJSON())).not.toContain('events:PutEvents');
    expect(JSON.stringify(template.toJSON())).not.toContain(EVENT_BUS_ENV);
    expect(JSON.stringify(template.toJSON())).not.toContain('EventPublishFailures');
  });

  it.each([
    ['a malformed bus name', { eventBusName: 'bad bus!' }, /eventBusName/],
    ['a bus named while events are off', { events: false, eventBusName: 'lwa-events' }, /eventBusName/],
    [
      'an ARN of another service',
      { eventBusName: 'arn:aws:sns:eu-west-1:123456789012:topic' },
      /eventBusName/,
    ],
  ])('GIVEN %s WHEN the monitor is built THEN a ConfigError names the key', (_what, props, key) => {
    // Act
    const build = () => monitorInStack({ alertEmails: ['ops@example.com'], ...props });

    // Assess
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(key);
  });

  it('GIVEN events and eventBusName in the context WHEN read THEN they become the props, and a non-boolean events is refused', () => {
    // Prepare
    const context: Record<string, unknown> = { events: 'false' };
    const named: Record<string, unknown> = { eventBusName: 'lwa-events' };

    // Act
    const off = monitorPropsFromContext((key) => context[key]);
    const onNamed = monitorPropsFromContext((key) => named[key]);

    // Assess
    expect(off.events).toBe(false);
    expect(onNamed).toMatchObject({ events: undefined, eventBusName: 'lwa-events' });
    expect(() => monitorPropsFromContext((key) => (key === 'events' ? 'maybe' : undefined))).toThrow(
      /"events"/,
    );
  });
});
