import type { Resource, SubscriptionInfo } from './inventory';

/**
 * How a template's resources point at each other: the schedules, SQS sources and SNS
 * subscriptions that trigger each function, and the subscriptions of each topic.
 */

type ResourceEntry = readonly [string, Resource];

/** The logical id a `Ref` or `Fn::GetAtt` points at, if `value` is one. */
export function referencedId(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.Ref === 'string') return record.Ref;
  const getAtt = record['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  return undefined;
}

export function propertiesOf(resource: Resource): Record<string, unknown> {
  return resource.Properties ?? {};
}

function ofType(resources: readonly ResourceEntry[], type: string): ResourceEntry[] {
  return resources.filter(([, r]) => r.Type === type);
}

export interface FunctionLinks {
  /** Schedule expressions of the rules that target each function. */
  readonly schedulesOf: ReadonlyMap<string, string[]>;
  readonly sqsSourcesOf: ReadonlyMap<string, { queue?: string; maximumConcurrency?: number }[]>;
  readonly subscriptionsOf: ReadonlyMap<string, SubscriptionInfo[]>;
  /** Topics each function is subscribed to. */
  readonly topicsOfFunction: ReadonlyMap<string, string[]>;
}

export function functionLinks(resources: readonly ResourceEntry[]): FunctionLinks {
  const schedulesOf = new Map<string, string[]>();
  for (const [, rule] of ofType(resources, 'AWS::Events::Rule')) {
    const expression = propertiesOf(rule).ScheduleExpression;
    if (typeof expression !== 'string') continue;
    for (const target of (propertiesOf(rule).Targets as { Arn?: unknown }[] | undefined) ?? []) {
      const id = referencedId(target.Arn);
      if (id) schedulesOf.set(id, [...(schedulesOf.get(id) ?? []), expression]);
    }
  }
  const sqsSourcesOf = new Map<string, { queue?: string; maximumConcurrency?: number }[]>();
  for (const [, mapping] of ofType(resources, 'AWS::Lambda::EventSourceMapping')) {
    const p = propertiesOf(mapping);
    const fn = referencedId(p.FunctionName);
    const queue = referencedId(p.EventSourceArn);
    if (!fn) continue;
    const scaling = p.ScalingConfig as { MaximumConcurrency?: number } | undefined;
    sqsSourcesOf.set(fn, [
      ...(sqsSourcesOf.get(fn) ?? []),
      { queue, maximumConcurrency: scaling?.MaximumConcurrency },
    ]);
  }
  const subscriptionsOf = new Map<string, SubscriptionInfo[]>();
  const topicsOfFunction = new Map<string, string[]>();
  for (const [, subscription] of ofType(resources, 'AWS::SNS::Subscription')) {
    const p = propertiesOf(subscription);
    const topic = referencedId(p.TopicArn);
    if (!topic || typeof p.Protocol !== 'string') continue;
    const filter = p.FilterPolicy as { severity?: unknown } | undefined;
    const severities = Array.isArray(filter?.severity)
      ? filter.severity.filter((s): s is string => typeof s === 'string')
      : undefined;
    subscriptionsOf.set(topic, [...(subscriptionsOf.get(topic) ?? []), { protocol: p.Protocol, severities }]);
    const fn = p.Protocol === 'lambda' ? referencedId(p.Endpoint) : undefined;
    if (fn) topicsOfFunction.set(fn, [...(topicsOfFunction.get(fn) ?? []), topic]);
  }

  return { schedulesOf, sqsSourcesOf, subscriptionsOf, topicsOfFunction };
}
