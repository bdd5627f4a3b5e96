import type { CfnElement } from 'aws-cdk-lib';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import type { LwaExpiryMonitorProps } from '../../lib/lwa-expiry-monitor';
import { LwaExpiryMonitor } from '../../lib/lwa-expiry-monitor';
import { LwaExpiryMonitorStack } from '../../lib/lwa-expiry-monitor-stack';

/**
 * An App whose stacks need no bundling: NodejsFunction then skips esbuild and points its code
 * asset at the project, so a construct test takes milliseconds, not seconds. aws-cdk-lib's
 * built-in CloudFormation validation is off: it reports nothing for these stacks and costs
 * seconds per synth; cdk-nag, which the tests assert on, runs as a plugin either way. Nor does it
 * record the stack trace of each construct's and each resource's creation in the assembly's
 * metadata: a tenth of a construct test's time, and nothing asserts on it. Nor does it write the
 * construct tree (tree.json), which no test reads.
 */
export function newTestApp(context: Record<string, unknown> = {}): App {
  return new App({
    context: {
      'aws:cdk:bundling-stacks': [],
      'aws:cdk:disable-creation-stack-traces': true,
      ...context,
    },
    builtinCloudFormationValidation: false,
    stackTraces: false,
    treeMetadata: false,
  });
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

/** A monitor and its stack's template. */
export interface SynthesizedMonitor {
  readonly monitor: LwaExpiryMonitor;
  readonly template: Template;
}

/** A fresh monitor (see monitorInStack), synthesized. */
export function synthesizeMonitor(props: LwaExpiryMonitorProps = {}): SynthesizedMonitor {
  const { stack, monitor } = monitorInStack(props);
  return { monitor, template: Template.fromStack(stack) };
}

/** The Properties of one resource of a synthesized monitor's template. */
export function propertiesOf({ template }: SynthesizedMonitor, logicalId: string): Record<string, unknown> {
  const resources = template.toJSON().Resources as Record<string, { Properties: Record<string, unknown> }>;
  return defined(resources[logicalId], logicalId).Properties;
}

/** The SMS severities every default includes besides the thresholds: expiry and the urgent automation alerts. */
export const DEFAULT_SMS_TAIL = ['expired', 'verification-failed', 'secret-rejected', 'rotation-failed'];

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

/** Logical id of a construct's CloudFormation resource (its default child). */
export function logicalIdOf(construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).getLogicalId(element);
}

/** The value, or a test failure naming what was missing (instead of a non-null assertion). */
export function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`expected ${what} to exist`);
  return value;
}

/** A fresh App holding the stack bin/app.ts deploys, with the given monitor props. */
export function monitorStackInApp(
  monitor: LwaExpiryMonitorProps = {},
  context: Record<string, unknown> = {},
): { app: App; stack: LwaExpiryMonitorStack; template: Template } {
  const app = newTestApp(context);
  const stack = new LwaExpiryMonitorStack(app, 'LwaExpiryMonitor', { monitor });
  return { app, stack, template: Template.fromStack(stack) };
}

/** Logical ids of the resources of one type, sorted. */
export function logicalIdsOfType(template: Template, type: string): string[] {
  return Object.keys(template.findResources(type)).sort();
}

/**
 * A token-bearing CloudFormation string (`Fn::Join` of literals, `Ref` and `Fn::GetAtt`) as
 * plain text, each token replaced by a placeholder: `${LogicalId}` for a Ref and
 * `${LogicalId.Attribute}` for a GetAtt. Anything else fails, so nothing is silently dropped.
 */
export function resolveTokens(value: unknown): string {
  if (typeof value === 'string') return value;
  const record = (value ?? {}) as Record<string, unknown>;
  if (typeof record.Ref === 'string') return `\${${record.Ref}}`;
  const getAtt = record['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return `\${${getAtt.join('.')}}`;
  const join = record['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    return (join[1] as unknown[]).map(resolveTokens).join(join[0]);
  }
  throw new Error(`cannot resolve ${JSON.stringify(value)}`);
}
