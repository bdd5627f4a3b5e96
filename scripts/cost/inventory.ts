/**
 * What a synthesized template deploys that has a price: read from the CloudFormation JSON alone,
 * so that `npm run cost` prices exactly what `cdk deploy` would create.
 */
import {
  MONITOR_ENV,
  NOTIFICATION_ENV,
  ROTATION_ENV,
  LIVE_CHECK_ENV,
  WEBHOOK_ENV,
} from '../../contract/environment';
import type { FunctionLinks } from './template-links';
import { functionLinks, propertiesOf, referencedId } from './template-links';

export type FunctionKind = 'monitor' | 'notifications' | 'rotation' | 'live-check' | 'webhooks';

/**
 * The variable that only one function of the product is given, and that its settings module
 * requires or reads: it tells which handler a function in the template runs.
 */
export const KIND_MARKERS: Readonly<Record<FunctionKind, string>> = {
  monitor: MONITOR_ENV.thresholdsDays,
  notifications: NOTIFICATION_ENV.maxReceiveCount,
  rotation: ROTATION_ENV.rotateDaysBefore,
  'live-check': LIVE_CHECK_ENV.realertHours,
  webhooks: WEBHOOK_ENV.secretId,
};

export interface FunctionInfo {
  readonly logicalId: string;
  /** Undefined when the function is none of this product's. */
  readonly kind?: FunctionKind;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly architecture: 'arm64' | 'x86_64';
  readonly tracing: boolean;
  /** Literal environment values. */
  readonly environment: Readonly<Record<string, string>>;
  /** Environment values that are a `Ref` or `Fn::GetAtt`: the logical id they point at. */
  readonly environmentRefs: Readonly<Record<string, string>>;
  readonly logGroup?: string;
  readonly schedules: readonly string[];
  readonly sqsSources: readonly { readonly queue?: string; readonly maximumConcurrency?: number }[];
  /** Topics the function is subscribed to. */
  readonly topics: readonly string[];
}

export interface SubscriptionInfo {
  readonly protocol: string;
  /** The `severity` allow-list of the subscription's filter policy, when it has one. */
  readonly severities?: readonly string[];
}

export interface Inventory {
  readonly functions: readonly FunctionInfo[];
  readonly alarms: readonly {
    readonly logicalId: string;
    readonly metrics: number;
    readonly highResolution: boolean;
  }[];
  readonly dashboards: number;
  readonly kmsKeys: readonly { readonly logicalId: string; readonly rotation: boolean }[];
  readonly topics: readonly {
    readonly logicalId: string;
    readonly subscriptions: readonly SubscriptionInfo[];
  }[];
  readonly queues: readonly { readonly logicalId: string; readonly kmsKey: boolean }[];
  readonly logGroups: readonly { readonly logicalId: string; readonly retentionDays?: number }[];
  readonly tables: readonly {
    readonly logicalId: string;
    readonly onDemand: boolean;
    readonly pitr: boolean;
  }[];
  readonly secrets: number;
  /** Resource types found that the estimate does not price, with their counts. */
  readonly unpriced: Readonly<Record<string, number>>;
}

export interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

export interface TemplateJson {
  readonly Resources?: Record<string, Resource>;
}

/** Types that cost nothing by themselves (IAM, permissions, policies, wiring, CDK's metadata). */
const FREE_TYPES = new Set([
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::Lambda::Permission',
  'AWS::Lambda::EventInvokeConfig',
  'AWS::Lambda::EventSourceMapping',
  'AWS::SNS::TopicPolicy',
  'AWS::SNS::Subscription',
  'AWS::SQS::QueuePolicy',
  'AWS::KMS::Alias',
  'AWS::Events::Rule',
  'AWS::CDK::Metadata',
]);
const PRICED_TYPES = new Set([
  'AWS::Lambda::Function',
  'AWS::CloudWatch::Alarm',
  'AWS::CloudWatch::Dashboard',
  'AWS::KMS::Key',
  'AWS::SNS::Topic',
  'AWS::SQS::Queue',
  'AWS::Logs::LogGroup',
  'AWS::DynamoDB::Table',
  'AWS::SecretsManager::Secret',
]);

/** The one kind whose marker variable the function has; undefined for none, or for several. */
export function kindOf(variableNames: readonly string[]): FunctionKind | undefined {
  const kinds = (Object.keys(KIND_MARKERS) as FunctionKind[]).filter((kind) =>
    variableNames.includes(KIND_MARKERS[kind]),
  );
  return kinds.length === 1 ? kinds[0] : undefined;
}

/** The function's settings and triggers, as the template gives them. */
function functionInfo(logicalId: string, fn: Resource, links: FunctionLinks): FunctionInfo {
  const p = propertiesOf(fn);
  const variables = (p.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
  const environment = Object.fromEntries(
    Object.entries(variables).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  const environmentRefs = Object.fromEntries(
    Object.entries(variables)
      .map(([name, value]) => [name, referencedId(value)] as const)
      .filter((entry): entry is readonly [string, string] => entry[1] !== undefined),
  );
  const architectures = p.Architectures as string[] | undefined;
  const logging = p.LoggingConfig as { LogGroup?: unknown } | undefined;
  return {
    logicalId,
    kind: kindOf(Object.keys(variables)),
    memoryMb: typeof p.MemorySize === 'number' ? p.MemorySize : 128,
    timeoutSeconds: typeof p.Timeout === 'number' ? p.Timeout : 3,
    architecture: architectures?.includes('arm64') ? 'arm64' : 'x86_64',
    tracing: (p.TracingConfig as { Mode?: string } | undefined)?.Mode === 'Active',
    environment,
    environmentRefs,
    logGroup: referencedId(logging?.LogGroup),
    schedules: links.schedulesOf.get(logicalId) ?? [],
    sqsSources: links.sqsSourcesOf.get(logicalId) ?? [],
    topics: links.topicsOfFunction.get(logicalId) ?? [],
  };
}

export function inventoryOf(template: TemplateJson): Inventory {
  const resources = Object.entries(template.Resources ?? {});
  const ofType = (type: string) => resources.filter(([, r]) => r.Type === type);
  const props = propertiesOf;
  const links = functionLinks(resources);
  const functions = ofType('AWS::Lambda::Function').map(([logicalId, fn]) =>
    functionInfo(logicalId, fn, links),
  );

  const unpriced: Record<string, number> = {};
  for (const [, r] of resources) {
    if (!FREE_TYPES.has(r.Type) && !PRICED_TYPES.has(r.Type)) unpriced[r.Type] = (unpriced[r.Type] ?? 0) + 1;
  }

  return {
    functions,
    alarms: ofType('AWS::CloudWatch::Alarm').map(([logicalId, alarm]) => {
      const p = props(alarm);
      const metrics = Array.isArray(p.Metrics)
        ? (p.Metrics as { MetricStat?: unknown }[]).filter((m) => m.MetricStat !== undefined).length
        : 1;
      return {
        logicalId,
        metrics: Math.max(1, metrics),
        highResolution: typeof p.Period === 'number' && p.Period < 60,
      };
    }),
    dashboards: ofType('AWS::CloudWatch::Dashboard').length,
    kmsKeys: ofType('AWS::KMS::Key').map(([logicalId, key]) => ({
      logicalId,
      rotation: props(key).EnableKeyRotation === true,
    })),
    topics: ofType('AWS::SNS::Topic').map(([logicalId]) => ({
      logicalId,
      subscriptions: links.subscriptionsOf.get(logicalId) ?? [],
    })),
    queues: ofType('AWS::SQS::Queue').map(([logicalId, queue]) => ({
      logicalId,
      kmsKey: props(queue).KmsMasterKeyId !== undefined,
    })),
    logGroups: ofType('AWS::Logs::LogGroup').map(([logicalId, group]) => {
      const retention = props(group).RetentionInDays;
      return { logicalId, retentionDays: typeof retention === 'number' ? retention : undefined };
    }),
    tables: ofType('AWS::DynamoDB::Table').map(([logicalId, table]) => {
      const p = props(table);
      const pitr = p.PointInTimeRecoverySpecification as { PointInTimeRecoveryEnabled?: boolean } | undefined;
      return {
        logicalId,
        onDemand: p.BillingMode === 'PAY_PER_REQUEST',
        pitr: pitr?.PointInTimeRecoveryEnabled === true,
      };
    }),
    secrets: ofType('AWS::SecretsManager::Secret').length,
    unpriced,
  };
}
