import type { AutomationScope } from '../../contract/tags';
import type { CatalogSecret } from './catalog-secret';
import { carriesClientId, isOptedIn } from './opt-in';

/**
 * Which listed secrets an automation run (rotation, live check) acts on: not scheduled for
 * deletion, not a replica of another region's secret, opted in, and tagged with a client id.
 */
export type Eligibility =
  | 'eligible'
  /** Deleted, a replica, or not opted in: skipped without a word. */
  | 'out-of-scope'
  /** Opted in, but its role may not read it: skipped and reported. */
  | 'without-client-id';

export interface AutomationTarget {
  readonly region: string;
  readonly optInTagKey: string;
  readonly scope: AutomationScope;
}

export function eligibilityOf(secret: CatalogSecret, target: AutomationTarget): Eligibility {
  if (secret.deletedDate !== undefined) return 'out-of-scope';
  if (secret.primaryRegion !== undefined && secret.primaryRegion !== target.region) return 'out-of-scope';
  if (!isOptedIn(secret.tags, target.optInTagKey, target.scope)) return 'out-of-scope';
  if (!carriesClientId(secret.tags)) return 'without-client-id';
  return 'eligible';
}

/** The app's name from its tag, or the secret's name when the tag is blank. */
export function appNameOf(secret: CatalogSecret, tagKey: string): string {
  const value = (secret.tags[tagKey] ?? '').trim();
  return value === '' ? secret.name : value;
}
