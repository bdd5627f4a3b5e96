import { parseOwnerNames, parseWholeNumber, validateTagKey, ConfigError } from '../../contract/config-rules';
import { MS_PER_HOUR } from '../../contract/time';
import {
  DEFAULT_APP_TAG_KEY,
  DEFAULT_WINDOW_DAYS,
  MAX_WINDOW_DAYS,
  LIVE_CHECK_TAG,
} from '../../contract/tags';
import type { AutomationScope } from '../../contract/tags';
import { required, scopeFrom } from '../domain/env-values';
import {
  DEFAULT_SP_API_ENDPOINT,
  SP_API_ENDPOINT_EXPECTED,
  resolveSpApiEndpoint,
} from '../../contract/endpoints';
import type { CredentialFieldNames } from '../../contract/credential-fields';
import { credentialFieldsFromEnv } from '../../contract/credential-fields';
import { LIVE_CHECK_ENV } from '../../contract/environment';

export const DEFAULT_REALERT_HOURS = 24;

export interface LiveCheckSettings {
  readonly tagKey: string;
  readonly optInTagKey: string;
  readonly scope: AutomationScope;
  readonly defaultWindowDays: number;
  readonly region: string;
  /** The same problem of the same secret is alerted again after this long. */
  readonly realertMs: number;
  /** Secrets checked at once. */
  readonly concurrency: number;
  /** Time one check may need (secret read, token exchange and SP-API call with their deadlines, ledger, alert). */
  readonly checkBudgetMs: number;
  /** The owner names the stack routes alerts for: an `lwa:owner` tag naming another is reported. */
  readonly ownerNames?: readonly string[];
}

export interface LiveCheckEnvironment {
  readonly topicArn: string;
  readonly tableName: string;
  /** Origin of the SP-API endpoint the check calls. */
  readonly spApiEndpoint: string;
  readonly credentialFields: CredentialFieldNames;
  readonly settings: LiveCheckSettings;
}

export function liveCheckEnvironment(env: NodeJS.ProcessEnv): LiveCheckEnvironment {
  const realertHours = parseWholeNumber(
    LIVE_CHECK_ENV.realertHours,
    env[LIVE_CHECK_ENV.realertHours] ?? String(DEFAULT_REALERT_HOURS),
    1,
    24 * 30,
    'hours',
  );
  const endpointRaw = env[LIVE_CHECK_ENV.spApiEndpoint] ?? DEFAULT_SP_API_ENDPOINT;
  const spApiEndpoint = resolveSpApiEndpoint(endpointRaw);
  if (spApiEndpoint === undefined) {
    throw new ConfigError(LIVE_CHECK_ENV.spApiEndpoint, endpointRaw, SP_API_ENDPOINT_EXPECTED);
  }
  return {
    topicArn: required(env, LIVE_CHECK_ENV.topicArn),
    tableName: required(env, LIVE_CHECK_ENV.tableName),
    spApiEndpoint,
    credentialFields: credentialFieldsFromEnv(env),
    settings: {
      tagKey: validateTagKey(LIVE_CHECK_ENV.tagKey, env[LIVE_CHECK_ENV.tagKey] ?? DEFAULT_APP_TAG_KEY),
      optInTagKey: validateTagKey(
        LIVE_CHECK_ENV.optInTagKey,
        env[LIVE_CHECK_ENV.optInTagKey] ?? LIVE_CHECK_TAG,
      ),
      scope: scopeFrom(env, LIVE_CHECK_ENV.scope),
      defaultWindowDays: parseWholeNumber(
        LIVE_CHECK_ENV.windowDays,
        env[LIVE_CHECK_ENV.windowDays] ?? String(DEFAULT_WINDOW_DAYS),
        1,
        MAX_WINDOW_DAYS,
        'days',
      ),
      region: required(env, 'AWS_REGION'),
      realertMs: realertHours * MS_PER_HOUR,
      concurrency: 4,
      checkBudgetMs: 30_000,
      ownerNames: parseOwnerNames(LIVE_CHECK_ENV.ownerNames, env[LIVE_CHECK_ENV.ownerNames]),
    },
  };
}
