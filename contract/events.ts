import { ConfigError } from './config-rules';

/**
 * The EventBridge events the product puts on a bus (docs/events.md): one `source`, one
 * `detail-type` per kind, and a `detail` whose `version` names its schema. The functions build
 * and send them (lambda/); the constructs grant PutEvents for exactly these (lib/).
 */

/** The `source` of every event. */
export const EVENT_SOURCE = 'lwa-expiry-monitor';

/**
 * The schema version in every event's `detail.version`. Within one version fields are only
 * added, never renamed, removed or given another meaning; anything else is a new version.
 */
export const EVENT_SCHEMA_VERSION = '1';

/** The `detail-type` of each kind of event. */
export const EVENT_DETAIL_TYPE = {
  /** The monitor sent a `<n>-day` alert: a credential reached an alert threshold. */
  thresholdCrossed: 'LWA Credential Threshold Crossed',
  /** The monitor sent an `expired` alert (or a reminder of it). */
  expired: 'LWA Credential Expired',
  /** The monitor sent a `resolved` alert: the credential has a later expiry than the one alerted. */
  resolved: 'LWA Credential Resolved',
  /** The notification intake stored a new client secret from Amazon as AWSPENDING. */
  newSecretStored: 'LWA New Secret Stored',
  /** The notification intake verified a new client secret and made it AWSCURRENT. */
  newSecretPromoted: 'LWA New Secret Promoted',
  /** Automatic rotation asked Amazon for a new client secret, and Amazon accepted. */
  rotationRequested: 'LWA Rotation Requested',
  /** Automatic rotation could not ask Amazon for a new client secret. */
  rotationFailed: 'LWA Rotation Failed',
  /** The live check found the current client secret rejected (LWA `invalid_client`, or expired). */
  liveCheckRejected: 'LWA Live Check Rejected',
} as const;

export type EventDetailType = (typeof EVENT_DETAIL_TYPE)[keyof typeof EVENT_DETAIL_TYPE];

/** The detail-types each function puts, for its IAM condition. */
export const DETAIL_TYPES_BY_FUNCTION = {
  monitor: [EVENT_DETAIL_TYPE.thresholdCrossed, EVENT_DETAIL_TYPE.expired, EVENT_DETAIL_TYPE.resolved],
  notifications: [EVENT_DETAIL_TYPE.newSecretStored, EVENT_DETAIL_TYPE.newSecretPromoted],
  rotation: [EVENT_DETAIL_TYPE.rotationRequested, EVENT_DETAIL_TYPE.rotationFailed],
  liveCheck: [EVENT_DETAIL_TYPE.liveCheckRejected],
} as const satisfies Record<string, readonly EventDetailType[]>;

/** The account's default event bus. */
export const DEFAULT_EVENT_BUS_NAME = 'default';

/** EventBridge's rule for a bus name: 1-256 of letters, digits, `.`, `-`, `_` and `/`. */
const EVENT_BUS_NAME_PATTERN = /^[/.\-_A-Za-z0-9]{1,256}$/;
/** An event bus ARN, for a bus of another account. */
const EVENT_BUS_ARN_PATTERN = /^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/[/.\-_A-Za-z0-9]{1,256}$/;

export const EVENT_BUS_EXPECTED =
  'an EventBridge event bus name (1-256 letters, digits, ".", "-", "_" or "/"), "default", or an event bus ARN (arn:aws:events:<region>:<account>:event-bus/<name>)';

/** Whether `value` names an event bus the way PutEvents' EventBusName accepts it. */
export function isEventBusName(value: string): boolean {
  return EVENT_BUS_NAME_PATTERN.test(value) || EVENT_BUS_ARN_PATTERN.test(value);
}

/** The bus name or ARN, checked; a `ConfigError` names `key`, the value and what is expected. */
export function validateEventBusName(key: string, raw: unknown): string {
  if (typeof raw !== 'string' || !isEventBusName(raw)) throw new ConfigError(key, raw, EVENT_BUS_EXPECTED);
  return raw;
}
