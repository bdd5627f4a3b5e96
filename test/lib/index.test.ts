import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as library from '../../lib';
import { newTestApp } from './cdk-test-app';

describe('lib/index.ts: the construct library entry point', () => {
  it('exports the monitor and every construct it is made of', () => {
    // GIVEN the entry point WHEN its constructs are listed THEN each is a class
    const constructs = [
      library.LwaExpiryMonitor,
      library.MonitorObservability,
      library.SpApiNotificationIntake,
      library.AutoRotation,
      library.LiveCheck,
      library.WebhookForwarder,
    ];
    for (const construct of constructs) expect(typeof construct).toBe('function');
  });

  it('builds the monitor with every opt-in from the entry point alone', () => {
    // GIVEN a stack WHEN the monitor is built through the entry point
    const stack = new Stack(newTestApp(), 'TestStack');
    const monitor = new library.LwaExpiryMonitor(stack, 'Monitor', {
      storeNewSecrets: true,
      autoRotation: { scope: 'all' },
      liveCheck: {},
      webhooks: true,
    });

    // THEN its sub-constructs are the exported classes, with the exported tag names
    expect(monitor.notificationIntake).toBeInstanceOf(library.SpApiNotificationIntake);
    expect(monitor.autoRotation).toBeInstanceOf(library.AutoRotation);
    expect(monitor.liveCheck).toBeInstanceOf(library.LiveCheck);
    expect(monitor.webhookForwarder).toBeInstanceOf(library.WebhookForwarder);
    expect(monitor.autoRotation?.config.optInTagKey).toBe(library.AUTO_ROTATE_TAG);
    expect(monitor.liveCheck?.config.optInTagKey).toBe(library.LIVE_CHECK_TAG);
  });

  it('exports what a stack needs to let a construct of its own put the product events', () => {
    // GIVEN a live check built alone, as a stack of your own would
    const stack = new Stack(newTestApp(), 'TestStack');
    const monitor = new library.LwaExpiryMonitor(stack, 'Monitor', { events: false, liveCheck: {} });
    const liveCheck = monitor.liveCheck;
    if (!liveCheck) throw new Error('the live check was not built');

    // WHEN its events are enabled through the entry point
    const bus = library.resolveEventBus({ eventBusName: 'lwa-events' });
    if (!bus) throw new Error('events are on by default');
    library.enableEventPublishing(
      liveCheck.checkFunction,
      liveCheck.role,
      bus,
      library.DETAIL_TYPES_BY_FUNCTION.liveCheck,
    );

    // THEN the function gets the bus and the detail-types are the documented ones
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ EVENT_BUS_NAME: 'lwa-events' }) },
    });
    expect(library.EVENT_SOURCE).toBe('lwa-expiry-monitor');
    expect(library.DETAIL_TYPES_BY_FUNCTION.liveCheck).toEqual([library.EVENT_DETAIL_TYPE.liveCheckRejected]);
    expect(typeof library.eventPublishFailuresAlarm).toBe('function');
  });

  it('GIVEN a malformed email WHEN the monitor is built THEN isConfigError recognises the ConfigError naming the prop', () => {
    // Prepare
    const stack = new Stack(newTestApp(), 'TestStack');

    // Act
    let thrown: unknown;
    try {
      new library.LwaExpiryMonitor(stack, 'Monitor', { alertEmails: ['nope'] });
    } catch (error: unknown) {
      thrown = error;
    }

    // Assess
    expect(library.isConfigError(thrown) ? thrown.key : thrown).toBe('alertEmails');
    expect(library.isConfigError(new Error('other'))).toBe(false);
  });
});
