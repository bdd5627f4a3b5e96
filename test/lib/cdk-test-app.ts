import { App, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { LwaExpiryMonitorProps } from '../../lib/lwa-expiry-monitor';
import { LwaExpiryMonitor } from '../../lib/lwa-expiry-monitor';

/**
 * An App whose stacks need no bundling: NodejsFunction then skips esbuild and points its code
 * asset at the project, so a construct test takes milliseconds, not seconds.
 */
export function newTestApp(context: Record<string, unknown> = {}): App {
  return new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
}

/** A fresh App and Stack holding one monitor. */
export function monitorInStack(props: LwaExpiryMonitorProps = {}): {
  app: App;
  stack: Stack;
  monitor: LwaExpiryMonitor;
} {
  const app = newTestApp();
  const stack = new Stack(app, 'TestStack');
  const monitor = new LwaExpiryMonitor(stack, 'Monitor', props);
  return { app, stack, monitor };
}

export interface IamStatement {
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
  readonly Principal?: unknown;
  readonly Sid?: string;
}

interface PolicyDocument {
  readonly Statement?: IamStatement[];
}

export function asList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Every statement of every policy document anywhere in the template (IAM, key, topic, queue policies). */
export function allPolicyStatements(template: Template): IamStatement[] {
  const statements: IamStatement[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (Array.isArray(record.Statement)) statements.push(...(record.Statement as IamStatement[]));
    Object.values(record).forEach(visit);
  };
  visit(template.toJSON());
  return statements;
}

/** Statements of every identity policy attached to `roleLogicalId`: inline, attached and managed. */
export function statementsOfRole(template: Template, roleLogicalId: string): IamStatement[] {
  const attachedTo = (roles: unknown) =>
    asList(roles as unknown[]).some(
      (role) => JSON.stringify(role) === JSON.stringify({ Ref: roleLogicalId }),
    );
  const statements: IamStatement[] = [];
  const resources = template.toJSON().Resources as Record<
    string,
    { Type: string; Properties?: Record<string, unknown> }
  >;
  for (const [logicalId, resource] of Object.entries(resources)) {
    const props = resource.Properties ?? {};
    if (resource.Type === 'AWS::IAM::Role' && logicalId === roleLogicalId) {
      for (const policy of asList(props.Policies as { PolicyDocument: PolicyDocument }[])) {
        statements.push(...asList(policy.PolicyDocument.Statement));
      }
    }
    if (
      (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') &&
      attachedTo(props.Roles)
    ) {
      statements.push(...asList((props.PolicyDocument as PolicyDocument).Statement));
    }
  }
  return statements;
}

/** True when an IAM action pattern such as `secretsmanager:Get*` or `*` grants `action`. */
export function actionPatternGrants(pattern: string, action: string): boolean {
  const body = pattern
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'i').test(action);
}
