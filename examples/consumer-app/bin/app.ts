#!/usr/bin/env node
import { App, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { LwaExpiryMonitor } from 'lwa-expiry-monitor';

// An app you already have: one stack with a queue of its own.
const app = new App();
const stack = new Stack(app, 'ExistingStack');
new sqs.Queue(stack, 'OrdersQueue', { enforceSSL: true });

// The monitor joins that stack: email alerts 30, 7 and 1 days before each LWA client secret
// expires, SMS for the urgent ones, and the opt-in live check of the secrets tagged for it.
new LwaExpiryMonitor(stack, 'LwaExpiryMonitor', {
  alertEmails: ['you@example.com'],
  alertPhoneNumbers: ['+15555550100'],
  liveCheck: { scope: 'tagged' },
});
