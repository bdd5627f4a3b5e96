import { Stack } from 'aws-cdk-lib';
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
