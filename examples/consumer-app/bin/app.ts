#!/usr/bin/env node
// An app you already have: one stack with a queue of its own. The monitor joins that stack.
import { App, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { LwaExpiryMonitor } from 'lwa-expiry-monitor';

const app = new App();
const stack = new Stack(app, 'ExistingStack');
new sqs.Queue(stack, 'OrdersQueue', { enforceSSL: true });

// The ten lines: alerts by email 30, 7 and 1 days before each LWA client secret expires.
new LwaExpiryMonitor(stack, 'LwaExpiryMonitor', {
  alertEmails: ['you@example.com'],
  alertPhoneNumbers: ['+15555550100'],
  thresholdsDays: [30, 7, 1],
  liveCheck: { scope: 'tagged' },
});
