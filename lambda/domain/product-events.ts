import type { EventDetailType } from '../../contract/events';
import { EVENT_DETAIL_TYPE, EVENT_SCHEMA_VERSION } from '../../contract/events';
import { CLIENT_ID_TAG } from '../../contract/tags';
import { ownerOf } from './owner-tag';
import type { AlertKind } from './alert-policy';

/**
 * The events the product puts on an EventBridge bus (docs/events.md), as pure data: what
 * happened to which credential, never a secret value. Every builder takes names, ARNs, dates,
 * statuses and Amazon's error codes only.
 */

/** What every event says about the credential it concerns. */
export interface CredentialFacts {
  readonly app: string;
  /** The team that owns the app (its `lwa:owner` tag), when known. */
  readonly owner?: string;
  readonly secretArn: string;
  readonly secretName: string;
  /** The LWA client id, when known. */
  readonly clientId?: string;
  /** The expiry of the credential the event concerns, when known. */
  readonly expiresAt?: Date;
  readonly daysLeft?: number;
  /** The severity of the alert the event accompanies (the SNS `severity` attribute). */
  readonly severity: string;
  /** When it happened: the run's evaluation time, or when the function acted. */
  readonly time: Date;
}

/** Fields of `detail` beyond the common ones: each a string, number or boolean. */
export type ExtraDetail = Readonly<Record<string, string | number | boolean | undefined>>;

/** The `detail` of every event, schema version 1 (docs/events.md lists each field). */
export interface EventDetail {
  readonly version: string;
  readonly app: string;
  readonly owner?: string;
  readonly secretArn: string;
  readonly secretName: string;
  readonly clientId?: string;
  /** ISO-8601. */
  readonly expiresAt?: string;
  readonly daysLeft?: number;
  readonly severity: string;
  /** ISO-8601. */
  readonly time: string;
  readonly [extra: string]: string | number | boolean | undefined;
}

/** One event, before it becomes a PutEvents entry (source and bus are the publisher's). */
export interface ProductEvent {
  readonly detailType: EventDetailType;
  readonly time: Date;
  /** The ARNs the event concerns: the app's secret. */
  readonly resources: readonly string[];
  readonly detail: EventDetail;
}

/** An LWA client id as Amazon issues them; a tag holding anything else is not repeated. */
const LWA_CLIENT_ID_PATTERN = /^amzn1\.application-oa2-client\.[0-9A-Za-z]{16,64}$/;

/** The client id a secret's `lwa:client-id` tag names, when it has the form of one. */
export function clientIdFromTags(tags: Readonly<Record<string, string>>): string | undefined {
  const raw = tags[CLIENT_ID_TAG]?.trim();
  return raw !== undefined && LWA_CLIENT_ID_PATTERN.test(raw) ? raw : undefined;
}

/**
 * The owner a secret's `lwa:owner` tag names, read as the alerts read it (ownerOf): a malformed
 * value, or one that looks like a pasted LWA credential, is never carried.
 */
export function ownerFromTags(tags: Readonly<Record<string, string>>): string | undefined {
  return ownerOf(tags, undefined).owner;
}

function dropUndefined(fields: ExtraDetail): Record<string, string | number | boolean> {
  const kept: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) kept[key] = value;
  return kept;
}

/** An event of `detailType` about one credential, with the fields of its kind. */
export function credentialEvent(
  detailType: EventDetailType,
  facts: CredentialFacts,
  extra: ExtraDetail = {},
): ProductEvent {
  const detail = dropUndefined({
    version: EVENT_SCHEMA_VERSION,
    app: facts.app,
    owner: facts.owner,
    secretArn: facts.secretArn,
    secretName: facts.secretName,
    clientId: facts.clientId,
    expiresAt: facts.expiresAt?.toISOString(),
    daysLeft: facts.daysLeft,
    severity: facts.severity,
    time: facts.time.toISOString(),
    ...extra,
  }) as unknown as EventDetail;
  return { detailType, time: facts.time, resources: [facts.secretArn], detail };
}

/**
 * The event that accompanies a monitor alert: threshold crossed, expired or resolved. The
 * "expiry cannot be determined" alert has none.
 */
export function monitorAlertEvent(kind: AlertKind, facts: CredentialFacts): ProductEvent | undefined {
  switch (kind.type) {
    case 'threshold':
      return credentialEvent(EVENT_DETAIL_TYPE.thresholdCrossed, facts, {
        thresholdDays: kind.thresholdDays,
      });
    case 'expired':
      return credentialEvent(EVENT_DETAIL_TYPE.expired, facts, { reminder: kind.reminder });
    case 'resolved':
      return credentialEvent(EVENT_DETAIL_TYPE.resolved, facts, {
        previousExpiresAt: kind.previousExpiresAt.toISOString(),
      });
    case 'undetermined':
      return undefined;
  }
}
