import type { Subscription } from '@aws-sdk/client-sns';
import { ListSubscriptionsByTopicCommand, PublishCommand } from '@aws-sdk/client-sns';
import { parseArgs } from 'node:util';
import { TEST_SEVERITY } from '../contract/severities';
import { formatUtc } from '../lambda/domain/iso-date';
import { COMMON_OPTIONS, expectPositionals, parseOrUsage } from './args';
import type { CommandContext } from './context';
import { CliError, EXIT } from './errors';
import { formatMinuteUtc, printable, renderTableOrBlocks, wrapText } from './format';
import { DEFAULT_STACK_NAME } from './resolve-settings';
import { stackOutputs } from './stack-outputs';
import { TEST_ALERT_HELP } from './usage';

export const TEST_ALERT_COMMAND = 'test-alert';

/** Stack outputs naming the two topics (lib/lwa-expiry-monitor-stack.ts). */
const TOPIC_OUTPUTS = { alert: 'AlertTopicArn', operator: 'OperatorTopicArn' } as const;

type TopicRole = keyof typeof TOPIC_OUTPUTS;

const TOPIC_LABEL: Record<TopicRole, string> = { alert: 'alert topic', operator: 'operator topic' };

export type SubscriptionState = 'confirmed' | 'pending confirmation';

export interface SubscriptionView {
  readonly topic: TopicRole;
  readonly protocol: string;
  readonly endpoint: string;
  readonly state: SubscriptionState;
}

export interface TopicResult {
  readonly topic: TopicRole;
  readonly topicArn: string;
  readonly messageId: string;
  readonly subscriptions: readonly SubscriptionView[];
}

/** SNS names an unconfirmed subscription by this placeholder instead of an ARN. */
const PENDING = 'PendingConfirmation';

function stateOf(subscription: Subscription): SubscriptionState {
  return subscription.SubscriptionArn === PENDING ? 'pending confirmation' : 'confirmed';
}

/** What a subscriber of each protocol is, in words: the webhook forwarder is a Lambda subscriber. */
function describeEndpoint(subscription: Subscription): string {
  const endpoint = subscription.Endpoint ?? '';
  // The only Lambda subscriber the stack makes; its generated name says less than this.
  if (subscription.Protocol === 'lambda') return 'webhook forwarder (posts to every webhook)';
  return endpoint;
}

async function topicArns(ctx: CommandContext, stackName: string): Promise<Record<TopicRole, string>> {
  const outputs = await stackOutputs(ctx, stackName);
  const find = (role: TopicRole): string => {
    const value = outputs.get(TOPIC_OUTPUTS[role]);
    if (!value)
      throw new CliError(
        `Stack "${stackName}" has no ${TOPIC_OUTPUTS[role]} output: is it this project's stack?`,
      );
    return value;
  };
  return { alert: find('alert'), operator: find('operator') };
}

async function subscriptionsOf(
  ctx: CommandContext,
  role: TopicRole,
  topicArn: string,
): Promise<SubscriptionView[]> {
  const views: SubscriptionView[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ctx.clients.sns.send(
      new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken: nextToken }),
    );
    for (const subscription of page.Subscriptions ?? []) {
      views.push({
        topic: role,
        protocol: subscription.Protocol ?? '?',
        endpoint: describeEndpoint(subscription),
        state: stateOf(subscription),
      });
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return views;
}

/** The test message for the alert topic: one body per protocol, marked as a test everywhere. */
export function alertTopicTest(topicArn: string, now: Date, region: string) {
  const email = [
    'This is a TEST of the lwa-expiry-monitor alert path. No credential is expiring: no action is needed.',
    '',
    `Sent by:        lwa-expiry test-alert`,
    `At:             ${formatUtc(now)}`,
    `Region:         ${region}`,
    `Topic:          ${topicArn}`,
    '',
    'Real alerts about your LWA client secrets come through this same topic: by email every alert, by',
    'SMS the urgent ones, and to the webhooks if they are configured. If this message reached you, so will they.',
    '',
    '-- lwa-expiry-monitor. This message never contains secret values.',
  ].join('\n');
  return {
    TopicArn: topicArn,
    Subject: '[LWA test] Test alert from lwa-expiry-monitor: no action needed',
    MessageStructure: 'json',
    Message: JSON.stringify({
      default: email,
      email,
      sms: 'LWA expiry monitor TEST alert: delivery works. No action needed.',
    }),
    MessageAttributes: {
      app: { DataType: 'String', StringValue: 'lwa-expiry test-alert' },
      // Every SMS subscription admits this severity, so the test reaches SMS too.
      severity: { DataType: 'String', StringValue: TEST_SEVERITY },
    },
  };
}

/** The test message for the operator topic, which the alarms about the monitor itself notify. */
export function operatorTopicTest(topicArn: string, now: Date, region: string) {
  return {
    TopicArn: topicArn,
    Subject: '[LWA ops test] Test message from lwa-expiry-monitor: no action needed',
    Message: [
      'This is a TEST of the lwa-expiry-monitor operator topic. Nothing is wrong: no action is needed.',
      '',
      `Sent by lwa-expiry test-alert at ${formatUtc(now)} in ${region}, to ${topicArn}.`,
      '',
      'The alarms about the monitor itself (missed runs, errors, undated credentials, dead letters)',
      'notify this topic when they fire and when they clear. If this message reached you, so will they.',
    ].join('\n'),
  };
}

function renderResults(results: readonly TopicResult[], now: Date): string {
  const lines = [`Test messages published at ${formatMinuteUtc(now)} UTC:`];
  for (const result of results) {
    lines.push(`  ${TOPIC_LABEL[result.topic]}: ${result.topicArn}`);
  }
  const rows = results.flatMap((result) =>
    result.subscriptions.map((s) => [TOPIC_LABEL[s.topic], s.protocol, s.endpoint, s.state].map(printable)),
  );
  lines.push('');
  if (rows.length > 0) lines.push(renderTableOrBlocks(['TOPIC', 'PROTOCOL', 'ENDPOINT', 'STATE'], rows), '');
  for (const result of results) {
    const confirmed = result.subscriptions.filter((s) => s.state === 'confirmed').length;
    const pending = result.subscriptions.length - confirmed;
    if (result.subscriptions.length === 0) {
      lines.push(`The ${TOPIC_LABEL[result.topic]} has no subscriber: its messages reach no one.`);
    } else if (confirmed === 0) {
      lines.push(`Nothing on the ${TOPIC_LABEL[result.topic]} is confirmed yet: its messages reach no one.`);
    }
    if (pending > 0) {
      lines.push(
        `${pending} subscription(s) of the ${TOPIC_LABEL[result.topic]} wait for confirmation: open the email from ` +
          'AWS Notifications and choose "Confirm subscription". Each gets this test only once confirmed.',
      );
    }
  }
  lines.push(
    'Check that each confirmed email address, phone and webhook received the test. A webhook failure ' +
      'shows in the WebhookDeliveryFailures metric and the forwarder log, not here: SNS only accepted the messages.',
  );
  return `${wrapText(lines.join('\n'))}\n`;
}

/**
 * `lwa-expiry test-alert`: publishes a marked test message to the alert topic (every protocol)
 * and to the operator topic, and lists each subscription with its state, so a user knows the
 * path works before a real alert depends on it. Needs the stack's outputs and sns:Publish and
 * sns:ListSubscriptionsByTopic on the two topics (and the use of their KMS key).
 */
export async function testAlertCommand(ctx: CommandContext, args: readonly string[]): Promise<number> {
  const { values, positionals } = parseOrUsage(TEST_ALERT_COMMAND, () =>
    parseArgs({
      args: [...args],
      options: { ...COMMON_OPTIONS, stack: { type: 'string' }, json: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    }),
  );
  if (values.help) {
    ctx.io.stdout.write(TEST_ALERT_HELP);
    return EXIT.ok;
  }
  expectPositionals(TEST_ALERT_COMMAND, positionals, []);
  const stackName = values.stack ?? DEFAULT_STACK_NAME;
  const region = await ctx.clients.sns.config.region();
  const arns = await topicArns(ctx, stackName);
  const now = ctx.io.clock();
  const results: TopicResult[] = [];
  for (const role of ['alert', 'operator'] as const) {
    const subscriptions = await subscriptionsOf(ctx, role, arns[role]);
    const input =
      role === 'alert' ? alertTopicTest(arns[role], now, region) : operatorTopicTest(arns[role], now, region);
    const published = await ctx.clients.sns.send(new PublishCommand(input));
    results.push({ topic: role, topicArn: arns[role], messageId: published.MessageId ?? '?', subscriptions });
  }
  if (values.json) {
    ctx.io.stdout.write(`${JSON.stringify({ publishedAt: now.toISOString(), topics: results }, null, 2)}\n`);
  } else {
    ctx.io.stdout.write(renderResults(results, now));
  }
  // A topic with nothing confirmed on it cannot deliver anything: worth a non-zero exit in a script.
  const unreached = results.some((r) => !r.subscriptions.some((s) => s.state === 'confirmed'));
  return unreached ? EXIT.attention : EXIT.ok;
}
