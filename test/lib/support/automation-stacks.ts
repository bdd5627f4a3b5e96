/** Stacks holding the real monitor and one opt-in construct, and readers of their role policies. */
import type { CfnElement } from 'aws-cdk-lib';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { LwaExpiryMonitor } from '../../../lib/lwa-expiry-monitor';
import type { AutoRotationProps } from '../../../lib/auto-rotation';
import type { LiveCheckProps } from '../../../lib/live-check';
import type { WebhookForwarderProps } from '../../../lib/webhook-forwarder-config';
import { AutoRotation } from '../../../lib/auto-rotation';
import { LiveCheck } from '../../../lib/live-check';
import { WebhookForwarder } from '../../../lib/webhook-forwarder';
import type { IamStatement } from '../cdk-test-app';
import { asList, newTestApp } from '../cdk-test-app';

export function logicalIdOf(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}

/** A stack with the real monitor, whose topics and ledger the automation constructs use. */
export function monitorStack() {
  const app = newTestApp();
  const stack = new Stack(app, 'TestStack');
  const monitor = new LwaExpiryMonitor(stack, 'Monitor', { alertEmails: ['ops@example.com'] });
  const shared = { alertTopic: monitor.topic, operatorTopic: monitor.operatorTopic };
  return { app, stack, monitor, shared, scheduled: { ...shared, ledgerTable: monitor.ledgerTable } };
}

export function rotationStack(props: Partial<AutoRotationProps> = {}) {
  const base = monitorStack();
  const rotation = new AutoRotation(base.stack, 'AutoRotation', { ...base.scheduled, ...props });
  return { ...base, rotation, template: Template.fromStack(base.stack) };
}

export function liveCheckStack(props: Partial<LiveCheckProps> = {}) {
  const base = monitorStack();
  const liveCheck = new LiveCheck(base.stack, 'LiveCheck', { ...base.scheduled, ...props });
  return { ...base, liveCheck, template: Template.fromStack(base.stack) };
}

export function webhookStack(props: Partial<WebhookForwarderProps> = {}) {
  const base = monitorStack();
  const forwarder = new WebhookForwarder(base.stack, 'Webhooks', { ...base.shared, ...props });
  return { ...base, forwarder, template: Template.fromStack(base.stack) };
}

/** Every (action, statement) pair a role's policies grant. */
export function grants(statements: IamStatement[]): { action: string; statement: IamStatement }[] {
  return statements.flatMap((statement) => asList(statement.Action).map((action) => ({ action, statement })));
}

export function actionsOf(statements: IamStatement[]): string[] {
  return [...new Set(grants(statements).map((g) => g.action))].sort();
}

export function statementWith(statements: IamStatement[], action: string): IamStatement {
  const found = statements.find((s) => asList(s.Action).includes(action));
  if (!found) throw new Error(`no statement grants ${action}`);
  return found;
}

export const APP_SECRETS_ARN = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':secretsmanager:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      ':secret:*',
    ],
  ],
};
