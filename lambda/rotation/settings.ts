import {
  DEFAULT_MAX_ROTATIONS_PER_RUN,
  DEFAULT_ROTATE_DAYS_BEFORE,
  MAX_ROTATIONS_PER_RUN,
} from '../../contract/automation';
import { ROTATION_ENV } from '../../contract/environment';
import { ConfigError, parseOwnerNames, parseWholeNumber, validateTagKey } from '../../contract/config-rules';
import { MS_PER_HOUR } from '../../contract/time';
import {
  DEFAULT_APP_TAG_KEY,
  DEFAULT_WINDOW_DAYS,
  MAX_WINDOW_DAYS,
  AUTO_ROTATE_TAG,
} from '../../contract/tags';
import type { CredentialFieldNames } from '../../contract/credential-fields';
import { credentialFieldsFromEnv } from '../../contract/credential-fields';
import { ROTATION_CALL_SPACING_MS } from '../domain/sp-api-operations';
import type { AutomationScope } from '../../contract/tags';
import type { RotationTiming } from './rotation-policy';
import {
  DEFAULT_SP_API_ENDPOINT,
  SP_API_ENDPOINT_EXPECTED,
  resolveSpApiEndpoint,
} from '../../contract/endpoints';
import { required, scopeFrom } from '../domain/env-values';

export interface RotationSettings {
  readonly tagKey: string;
  readonly optInTagKey: string;
  readonly scope: AutomationScope;
  readonly defaultWindowDays: number;
  /** Rotate once a credential has this many days left or fewer. */
  readonly rotateDaysBefore: number;
  readonly region: string;
  /** Rotate calls per run at most; the rest waits for the next run. */
  readonly maxRequestsPerRun: number;
  /** Gap between two rotate calls (the API allows about one a minute). */
  readonly callSpacingMs: number;
  /** Time one attempt may need (secret read, token, call, ledger, alert): none starts with less left. */
  readonly attemptBudgetMs: number;
  readonly timing: RotationTiming;
  /** The owner names the stack routes alerts for: an `lwa:owner` tag naming another is reported. */
  readonly ownerNames?: readonly string[];
}

export interface RotationEnvironment {
  readonly topicArn: string;
  readonly tableName: string;
  readonly spApiEndpoint: string;
  readonly credentialFields: CredentialFieldNames;
  readonly settings: RotationSettings;
}

/** Reads and validates the rotation function's configuration; throws a ConfigError naming the variable. */
export function rotationEnvironment(env: NodeJS.ProcessEnv): RotationEnvironment {
  const windowDays = parseWholeNumber(
    ROTATION_ENV.windowDays,
    env[ROTATION_ENV.windowDays] ?? String(DEFAULT_WINDOW_DAYS),
    2,
    MAX_WINDOW_DAYS,
    'days',
  );
  const rotateDaysBefore = parseWholeNumber(
    ROTATION_ENV.rotateDaysBefore,
    env[ROTATION_ENV.rotateDaysBefore] ?? String(DEFAULT_ROTATE_DAYS_BEFORE),
    1,
    windowDays - 1,
    'days',
  );
  const maxRequestsPerRun = parseWholeNumber(
    ROTATION_ENV.maxRequestsPerRun,
    env[ROTATION_ENV.maxRequestsPerRun] ?? String(DEFAULT_MAX_ROTATIONS_PER_RUN),
    1,
    MAX_ROTATIONS_PER_RUN,
    'rotations',
  );
  const endpointRaw = env[ROTATION_ENV.spApiEndpoint] ?? DEFAULT_SP_API_ENDPOINT;
  const spApiEndpoint = resolveSpApiEndpoint(endpointRaw);
  if (spApiEndpoint === undefined) {
    throw new ConfigError(ROTATION_ENV.spApiEndpoint, endpointRaw, SP_API_ENDPOINT_EXPECTED);
  }
  return {
    topicArn: required(env, ROTATION_ENV.topicArn),
    tableName: required(env, ROTATION_ENV.tableName),
    spApiEndpoint,
    credentialFields: credentialFieldsFromEnv(env),
    settings: {
      tagKey: validateTagKey(ROTATION_ENV.tagKey, env[ROTATION_ENV.tagKey] ?? DEFAULT_APP_TAG_KEY),
      optInTagKey: validateTagKey(ROTATION_ENV.optInTagKey, env[ROTATION_ENV.optInTagKey] ?? AUTO_ROTATE_TAG),
      scope: scopeFrom(env, ROTATION_ENV.scope),
      defaultWindowDays: windowDays,
      rotateDaysBefore,
      region: required(env, 'AWS_REGION'),
      maxRequestsPerRun,
      callSpacingMs: ROTATION_CALL_SPACING_MS,
      attemptBudgetMs: 45_000,
      timing: { staleClaimMs: MS_PER_HOUR, newSecretGraceMs: 6 * MS_PER_HOUR },
      ownerNames: parseOwnerNames(ROTATION_ENV.ownerNames, env[ROTATION_ENV.ownerNames]),
    },
  };
}
