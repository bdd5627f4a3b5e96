import { Duration } from 'aws-cdk-lib';
import { parseThresholds, parseWholeNumber } from '../contract/config-rules';
import { DEFAULT_WINDOW_DAYS } from '../contract/tags';
import type { LwaExpiryMonitorProps } from './lwa-expiry-monitor';
import { ConfigError } from './validation';
import {
  optionalString,
  parseBoolean,
  parseCredentialFields,
  parseDefaultRecipientsGet,
  parseList,
  parseLogRetention,
  parseOwners,
  parseScope,
} from './context-parsers';

export { ConfigError };

/**
 * Configuration keys read from cdk.json "context" or `cdk deploy -c key=value`. A value given
 * with -c arrives as a string; the same key in cdk.json may be a JSON array or number.
 */
export const CONFIG_KEYS = [
  'alertEmails',
  'alertPhoneNumbers',
  'operatorEmails',
  'smsSeverities',
  'owners',
  'defaultRecipientsGet',
  'thresholdsDays',
  'windowDays',
  'scheduleExpression',
  'appTagKey',
  'expiredReminderHours',
  'logRetentionDays',
  'perAppMetrics',
  'notificationIntake',
  'storeNewSecrets',
  'credentialFields',
  'autoRotateDaysBefore',
  'autoRotateScope',
  'spApiEndpoint',
  'liveCheck',
  'liveCheckScope',
  'webhooks',
  'events',
  'eventBusName',
  'allowNoRecipients',
] as const;

export type ConfigKey = (typeof CONFIG_KEYS)[number];
export type ContextReader = (key: string) => unknown;

/** Context keys that look like ours (no ":" "@" "/" as CDK's own keys have) but are unknown. */
export function unknownConfigKeys(allContext: Record<string, unknown>): string[] {
  return Object.keys(allContext).filter(
    (key) => /^[A-Za-z][A-Za-z0-9_-]*$/.test(key) && !(CONFIG_KEYS as readonly string[]).includes(key),
  );
}

/**
 * A deploy whose topics nobody receives looks healthy and warns no one, and a second plain
 * `cdk deploy` that forgets a `-c alertEmails=...` given the first time would silently remove
 * every subscriber. So synth refuses a stack without an alert recipient or without an operator
 * subscriber, unless `allowNoRecipients` says that is intended (subscriptions made elsewhere).
 */
export function checkRecipients(props: LwaExpiryMonitorProps, read: ContextReader): void {
  if (parseBoolean('allowNoRecipients', read('allowNoRecipients'))) return;
  const problems: string[] = [];
  const alertRecipients =
    (props.alertEmails?.length ?? 0) + (props.alertPhoneNumbers?.length ?? 0) + (props.webhooks ? 1 : 0);
  if (alertRecipients === 0) {
    problems.push(
      'No alert recipient is configured: set alertEmails, alertPhoneNumbers or webhooks=true, or every expiry alert reaches no one.',
    );
  }
  if ((props.operatorEmails ?? props.alertEmails ?? []).length === 0) {
    problems.push(
      'The operator topic (alarms about the monitor itself) would have no subscriber: set operatorEmails, or alertEmails, which it defaults to.',
    );
  }
  if (problems.length === 0) return;
  throw new RecipientsError(
    [
      ...problems,
      'Put the keys in the "context" of cdk.json, so every later deploy keeps them (a -c value lasts one deploy),',
      'for example: "alertEmails": ["you@example.com"]. To deploy without them on purpose, set allowNoRecipients=true.',
    ].join('\n'),
  );
}

/** Synth would deploy topics nobody receives; the message names the keys that fix it. */
export class RecipientsError extends ConfigError {
  constructor(message: string) {
    super('alertEmails', undefined, 'a recipient');
    this.name = 'RecipientsError';
    this.message = message;
  }
}

/** Turns context values into construct props; the construct validates their content. */
export function monitorPropsFromContext(read: ContextReader): LwaExpiryMonitorProps {
  const windowRaw = read('windowDays');
  const reminderRaw = read('expiredReminderHours');
  const thresholdsRaw = read('thresholdsDays');
  const logRetention = parseLogRetention('logRetentionDays', read('logRetentionDays'));
  const windowDays =
    windowRaw === undefined ? undefined : parseWholeNumber('windowDays', windowRaw, 1, 3650, 'days');
  const notificationIntake = parseBoolean('notificationIntake', read('notificationIntake'));
  const daysBeforeRaw = read('autoRotateDaysBefore');
  if (notificationIntake === false && daysBeforeRaw !== undefined) {
    throw new ConfigError(
      'autoRotateDaysBefore',
      daysBeforeRaw,
      'notificationIntake left on (it is false): Amazon delivers the rotated secret only through the notification queue',
    );
  }
  return {
    alertEmails: parseList('alertEmails', read('alertEmails')),
    alertPhoneNumbers: parseList('alertPhoneNumbers', read('alertPhoneNumbers')),
    operatorEmails: parseList('operatorEmails', read('operatorEmails')),
    smsSeverities: parseList('smsSeverities', read('smsSeverities')),
    owners: parseOwners('owners', read('owners')),
    defaultRecipientsGet: parseDefaultRecipientsGet('defaultRecipientsGet', read('defaultRecipientsGet')),
    thresholdsDays:
      thresholdsRaw === undefined ? undefined : parseThresholds('thresholdsDays', thresholdsRaw),
    windowDays,
    scheduleExpression: optionalString('scheduleExpression', read('scheduleExpression')),
    appTagKey: optionalString('appTagKey', read('appTagKey')),
    expiredReminderInterval:
      reminderRaw === undefined
        ? undefined
        : Duration.hours(parseWholeNumber('expiredReminderHours', reminderRaw, 1, 720, 'hours')),
    logRetention,
    perAppMetrics: parseBoolean('perAppMetrics', read('perAppMetrics')),
    notificationIntake,
    storeNewSecrets: parseBoolean('storeNewSecrets', read('storeNewSecrets')),
    credentialFields: parseCredentialFields('credentialFields', read('credentialFields')),
    events: parseBoolean('events', read('events')),
    eventBusName: optionalString('eventBusName', read('eventBusName')),
    ...automationFromContext(read, windowDays ?? DEFAULT_WINDOW_DAYS),
  };
}

/** The opt-in automation: off unless its key is given. */
function automationFromContext(
  read: ContextReader,
  windowDays: number,
): Pick<LwaExpiryMonitorProps, 'autoRotation' | 'liveCheck' | 'webhooks'> {
  const daysRaw = read('autoRotateDaysBefore');
  const rotationScope = parseScope('autoRotateScope', read('autoRotateScope'));
  const spApiEndpoint = optionalString('spApiEndpoint', read('spApiEndpoint'));
  if (daysRaw === undefined && rotationScope !== undefined) {
    throw new ConfigError(
      'autoRotateScope',
      rotationScope,
      'autoRotateDaysBefore as well: automatic rotation is off until it is given',
    );
  }
  if (daysRaw !== undefined && parseBoolean('storeNewSecrets', read('storeNewSecrets')) !== true) {
    throw new ConfigError(
      'autoRotateDaysBefore',
      daysRaw,
      'storeNewSecrets=true as well: a secret the stack asks Amazon for must be stored when it arrives, or the app is locked out 7 days after the rotation',
    );
  }
  const liveCheck = parseBoolean('liveCheck', read('liveCheck'));
  if (daysRaw === undefined && !liveCheck && spApiEndpoint !== undefined) {
    throw new ConfigError(
      'spApiEndpoint',
      spApiEndpoint,
      'autoRotateDaysBefore or liveCheck=true as well: only automatic rotation and the live check call SP-API',
    );
  }
  const liveCheckScope = parseScope('liveCheckScope', read('liveCheckScope'));
  if (!liveCheck && liveCheckScope !== undefined) {
    throw new ConfigError(
      'liveCheckScope',
      liveCheckScope,
      'liveCheck=true as well: the live check is off until then',
    );
  }
  return {
    autoRotation:
      daysRaw === undefined
        ? undefined
        : {
            // Fewer days than the window, or each new secret would be due for rotation at once.
            rotateDaysBefore: parseWholeNumber(
              'autoRotateDaysBefore',
              daysRaw,
              1,
              Math.max(1, windowDays - 1),
              'days',
            ),
            scope: rotationScope,
            spApiEndpoint,
          },
    liveCheck: liveCheck ? { scope: liveCheckScope, spApiEndpoint } : undefined,
    webhooks: parseBoolean('webhooks', read('webhooks')),
  };
}
