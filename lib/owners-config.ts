import { parseOwnerNames } from '../contract/config-rules';
import { OWNER_NAMES_ENV } from '../contract/environment';
import { OWNER_NAME_EXPECTED, isOwnerName } from '../contract/tags';
import { ConfigError, validateEmails, validatePhoneNumbers } from './validation';

/**
 * Owners: teams whose apps' alerts go to their own recipients, routed by the SNS message
 * attribute `owner` (a secret's `lwa:owner` tag) through subscription filter policies.
 */

/** The recipients of one owner: emails get each of its apps' alerts, phones the `smsSeverities`. */
export interface OwnerRecipients {
  /** @default - none */
  readonly emails?: string[];
  /** E.164 numbers. @default - none */
  readonly phones?: string[];
}

/** What `alertEmails` and `alertPhoneNumbers` get once owners are configured. */
export const DEFAULT_RECIPIENTS_GET = ['all', 'unowned'] as const;
export type DefaultRecipientsGet = (typeof DEFAULT_RECIPIENTS_GET)[number];

export interface ResolvedOwner {
  readonly name: string;
  readonly emails: string[];
  readonly phones: string[];
}

export interface ResolvedOwners {
  readonly owners: ResolvedOwner[];
  readonly defaultRecipientsGet: DefaultRecipientsGet;
}

const DEFAULT_RECIPIENTS_GET_EXPECTED =
  '"all" (the default recipients get every alert) or "unowned" (only the alerts of apps without a configured owner)';

/** SNS refuses a filter policy whose arrays' value counts multiply to more than this. */
export const MAX_FILTER_COMBINATIONS = 150;

/** Validates the owners and what the default recipients get; errors name `owners.<name>.emails` etc. */
export function resolveOwners(
  owners: { readonly [owner: string]: OwnerRecipients } | undefined,
  defaultRecipientsGet: string | undefined,
): ResolvedOwners {
  const get = defaultRecipientsGet ?? 'all';
  if (!(DEFAULT_RECIPIENTS_GET as readonly string[]).includes(get)) {
    throw new ConfigError('defaultRecipientsGet', get, DEFAULT_RECIPIENTS_GET_EXPECTED);
  }
  const resolved = Object.entries(owners ?? {}).map(([name, recipients]) => resolveOwner(name, recipients));
  if (get === 'unowned' && resolved.length === 0) {
    throw new ConfigError(
      'defaultRecipientsGet',
      get,
      '"all" unless owners are configured: with no owner, every alert is unowned',
    );
  }
  return { owners: resolved, defaultRecipientsGet: get as DefaultRecipientsGet };
}

function resolveOwner(name: string, recipients: OwnerRecipients): ResolvedOwner {
  if (!isOwnerName(name)) throw new ConfigError('owners', name, `owner names, each ${OWNER_NAME_EXPECTED}`);
  const key = `owners.${name}`;
  if (typeof recipients !== 'object' || recipients === null || Array.isArray(recipients)) {
    throw new ConfigError(key, recipients, 'an object with "emails" and/or "phones" lists');
  }
  const unknown = Object.keys(recipients).filter((k) => k !== 'emails' && k !== 'phones');
  if (unknown.length > 0) {
    throw new ConfigError(`${key}.${unknown[0]}`, recipients, 'only "emails" and "phones" for an owner');
  }
  const emails = validateEmails(`${key}.emails`, listOf(`${key}.emails`, recipients.emails));
  const phones = validatePhoneNumbers(`${key}.phones`, listOf(`${key}.phones`, recipients.phones));
  if (emails.length + phones.length === 0) {
    throw new ConfigError(key, recipients, 'at least one email address (emails) or phone number (phones)');
  }
  return { name, emails, phones };
}

function listOf(key: string, raw: unknown): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.some((item) => typeof item !== 'string')) {
    throw new ConfigError(key, raw, 'a list of strings');
  }
  return raw as string[];
}

/**
 * The owner names a function checks `lwa:owner` tags against, as its environment: nothing when no
 * owner is configured, so that a stack without owners keeps its template.
 */
export function ownerNamesEnvironment(ownerNames: readonly string[] | undefined): Record<string, string> {
  const names = parseOwnerNames('ownerNames', ownerNames ?? []);
  return names.length === 0 ? {} : { [OWNER_NAMES_ENV]: names.join(',') };
}

/**
 * One subscriber's share of the alerts: `owner` conditions of its filter policy, or none (every
 * alert). A default recipient that gets only unowned alerts still gets those of the owners it
 * belongs to.
 */
export type OwnerCondition =
  | { readonly kind: 'any' }
  /** Messages whose `owner` is one of these. */
  | { readonly kind: 'only'; readonly owners: readonly string[] }
  /** Messages with no `owner`, or one not in this list. */
  | { readonly kind: 'none-or-other-than'; readonly owners: readonly string[] };

export interface AlertSubscriber {
  /** The address or number as configured (its first spelling, when given twice). */
  readonly endpoint: string;
  readonly condition: OwnerCondition;
}

/**
 * Every alert subscriber of one protocol, each once, in configuration order: the default
 * recipients first, then the owners' own. An endpoint listed under several owners (or also as a
 * default recipient) gets one subscription whose filter admits all of its alerts, never two
 * copies of one alert.
 */
export function alertSubscribers(
  defaults: readonly string[],
  ownerEndpoints: readonly { readonly owner: string; readonly endpoints: readonly string[] }[],
  defaultRecipientsGet: DefaultRecipientsGet,
  normalise: (endpoint: string) => string = (e) => e,
): AlertSubscriber[] {
  const configured = ownerEndpoints.map((o) => o.owner);
  const entries = new Map<string, { endpoint: string; isDefault: boolean; owners: string[] }>();
  const entryOf = (endpoint: string) => {
    const key = normalise(endpoint);
    const entry = entries.get(key) ?? { endpoint, isDefault: false, owners: [] };
    entries.set(key, entry);
    return entry;
  };
  for (const endpoint of defaults) entryOf(endpoint).isDefault = true;
  for (const { owner, endpoints } of ownerEndpoints) {
    for (const endpoint of endpoints) entryOf(endpoint).owners.push(owner);
  }
  return [...entries.values()].map(({ endpoint, isDefault, owners }) => {
    if (!isDefault) return { endpoint, condition: { kind: 'only', owners } };
    const others = configured.filter((name) => !owners.includes(name));
    if (defaultRecipientsGet === 'all' || others.length === 0)
      return { endpoint, condition: { kind: 'any' } };
    return { endpoint, condition: { kind: 'none-or-other-than', owners: others } };
  });
}

/** The `owner` conditions of a filter policy as SNS reads them (the values of one key are ORed). */
export function ownerFilterConditions(condition: OwnerCondition): unknown[] | undefined {
  switch (condition.kind) {
    case 'any':
      return undefined;
    case 'only':
      return [...condition.owners];
    case 'none-or-other-than':
      // `exists: false` matches a message without the attribute (every alert has other attributes,
      // which it needs); `anything-but` one whose owner is not among these, such as a tag naming
      // an owner that is not configured.
      return [{ exists: false }, { 'anything-but': [...condition.owners] }];
  }
}

/**
 * Synth refuses a configuration whose SMS filter policies SNS would refuse: the severity list
 * times the `owner` values (counting each name of an `anything-but`) must stay within 150.
 */
export function checkFilterComplexity(
  smsSeverityCount: number,
  subscribers: readonly AlertSubscriber[],
): void {
  for (const { endpoint, condition } of subscribers) {
    const ownerValues =
      condition.kind === 'any' ? 1 : condition.owners.length + (condition.kind === 'only' ? 0 : 1);
    const combinations = smsSeverityCount * ownerValues;
    if (combinations > MAX_FILTER_COMBINATIONS) {
      throw new ConfigError(
        'owners',
        endpoint,
        `fewer owners or SMS severities for this phone number: its SNS filter policy would combine ${smsSeverityCount} severities with ${ownerValues} owner values (${combinations}), and SNS allows at most ${MAX_FILTER_COMBINATIONS}`,
      );
    }
  }
}
