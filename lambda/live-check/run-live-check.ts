import type { LogPort } from '../ports/log';
import type { LwaTokens } from '../ports/lwa-tokens';
import type { AlertPublisher } from '../ports/alert-publisher';
import type { SecretCatalog } from '../ports/secret-catalog';
import type { CatalogSecret } from '../domain/catalog-secret';
import { daysLeft } from '../domain/alert-policy';
import { needsCurrentVersionDate, resolveExpiry } from '../domain/expiry';
import { MS_PER_DAY } from '../../contract/time';
import type { CredentialReader } from '../ports/credential-reader';
import type { KeyedLedger } from '../ports/keyed-ledger';
import { carriesClientId, isOptedIn } from '../domain/opt-in';
import { CLIENT_ID_TAG } from '../../contract/tags';
import type { StoredCredentials } from '../domain/credential-json';
import { CallPacer } from '../domain/call-pacer';
import { NOTIFICATIONS_SCOPE } from '../../contract/endpoints';
import type { SpApiProber } from '../ports/sp-api-prober';
import { PROBE_OPERATIONS } from '../domain/sp-api-operations';
import { liveCheckAlert } from './live-check-messages';
import type { CheckGrant, CheckResult, SpApiAnswer } from './live-check-policy';
import {
  decideAlert,
  fromStored,
  liveCheckKey,
  probeOperationFor,
  spApiVerdict,
  toStored,
  tokenVerdict,
} from './live-check-policy';
import type { LiveCheckSettings } from './settings';

/**
 * One live-check run: for every opted-in secret, exchange its stored credentials at the LWA
 * token endpoint, then make one cheap SP-API call with the token (an expired secret may still
 * get a token: only SP-API tells), and alert on what the answers say. SP-API calls of one app
 * are spaced as its usage plan allows. Alerts are published before they are recorded, so one
 * SNS did not accept is sent again by the next run.
 */

export interface LiveCheckDeps {
  readonly catalog: SecretCatalog;
  readonly ledger: KeyedLedger;
  readonly credentials: CredentialReader;
  readonly tokens: Pick<LwaTokens, 'exchange'>;
  readonly spApi: SpApiProber;
  readonly publisher: AlertPublisher;
  readonly log: LogPort;
  readonly clock: () => Date;
  /** Waits for an SP-API call slot. */
  readonly sleep: (ms: number) => Promise<void>;
}

export interface LiveCheckRunOptions {
  readonly deadline: Date;
}

export interface LiveCheckSummary {
  readonly checked: number;
  readonly accepted: number;
  /** LWA answered invalid_client. */
  readonly secretRejected: number;
  /** SP-API answered that the LWA secret expired. */
  readonly secretExpired: number;
  /** LWA refused the refresh token, or SP-API refused the call for another reason. */
  readonly otherRejections: number;
  /** LWA's answer said nothing certain, or issued no token for the SP-API call. */
  readonly inconclusive: number;
  readonly malformed: number;
  /** LWA did not answer: an outage, not a verdict on the credentials. */
  readonly lwaUnavailable: number;
  /** SP-API did not answer (or throttled the call): an outage, not a verdict. */
  readonly spApiUnavailable: number;
  /** Secrets whose value could not be read (permissions, KMS): an operator problem. */
  readonly readFailures: number;
  /** Opted-in secrets left unchecked because the run was out of time. */
  readonly deferred: number;
  readonly alertsPublished: number;
  readonly publishFailures: number;
  readonly ledgerFailures: number;
  readonly conflicts: number;
  /** Opted-in secrets skipped because they lack the `lwa:client-id` tag the role requires. */
  readonly withoutClientId: number;
}

export function liveCheckRunFailed(summary: LiveCheckSummary): boolean {
  return summary.readFailures > 0 || summary.publishFailures > 0 || summary.ledgerFailures > 0;
}

/** The live check's items outlive the last check by this long (a secret that left the scope). */
const RECORD_RETENTION_MS = 30 * MS_PER_DAY;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'UnknownError';
}

function spApiFields(answer: SpApiAnswer): Record<string, unknown> {
  return {
    operation: answer.operation,
    status: answer.status,
    errorCode: answer.error.code,
    errorMessage: answer.error.message,
    errorDetails: answer.error.details,
    requestId: answer.requestId,
  };
}

function appNameOf(secret: CatalogSecret, tagKey: string): string {
  const value = (secret.tags[tagKey] ?? '').trim();
  return value === '' ? secret.name : value;
}

export async function runLiveCheck(
  deps: LiveCheckDeps,
  settings: LiveCheckSettings,
  options: LiveCheckRunOptions,
): Promise<LiveCheckSummary> {
  const { log } = deps;
  const tally: Mutable<LiveCheckSummary> = {
    checked: 0,
    accepted: 0,
    secretRejected: 0,
    secretExpired: 0,
    otherRejections: 0,
    inconclusive: 0,
    malformed: 0,
    lwaUnavailable: 0,
    spApiUnavailable: 0,
    readFailures: 0,
    deferred: 0,
    alertsPublished: 0,
    publishFailures: 0,
    ledgerFailures: 0,
    conflicts: 0,
    withoutClientId: 0,
  };

  const secrets: CatalogSecret[] = [];
  for await (const page of deps.catalog.pages(settings.tagKey)) {
    for (const secret of page) {
      if (secret.deletedDate !== undefined) continue;
      if (secret.primaryRegion !== undefined && secret.primaryRegion !== settings.region) continue;
      if (!isOptedIn(secret.tags, settings.optInTagKey, settings.scope)) continue;
      if (!carriesClientId(secret.tags)) {
        tally.withoutClientId++;
        log.warn(`Opted in but not tagged ${CLIENT_ID_TAG}: its value may not be read, so it is skipped`, {
          secretArn: secret.arn,
        });
        continue;
      }
      secrets.push(secret);
    }
  }

  /** Days to expiry for the alert's `daysLeft` attribute; 0 when it cannot be told. */
  const daysLeftOf = async (secret: CatalogSecret, now: Date): Promise<number> => {
    try {
      const created = needsCurrentVersionDate(secret.tags, now)
        ? (await deps.catalog.currentVersion(secret.arn))?.createdAt
        : undefined;
      const expiry = resolveExpiry({
        tags: secret.tags,
        currentVersionCreatedAt: created,
        defaultWindowDays: settings.defaultWindowDays,
        now,
      });
      return expiry.status === 'dated' ? daysLeft(expiry.expiresAt, now) : 0;
    } catch {
      return 0;
    }
  };

  const pacer = new CallPacer();

  /**
   * The SP-API call with the token LWA issued, in the slot the app's usage plan allows; a
   * throttled call is an outage for this secret (never retried in the run), and holds back the
   * app's next call for as long as Amazon asks.
   */
  const probe = async (
    credentials: StoredCredentials,
    grant: CheckGrant,
    accessToken: string,
  ): Promise<CheckResult> => {
    const operation = probeOperationFor(grant);
    const { limit } = PROBE_OPERATIONS[operation];
    const key = `${operation}#${credentials.clientId}`;
    const now = deps.clock().getTime();
    const start = pacer.earliest(key, limit, now);
    if (start + settings.checkBudgetMs > options.deadline.getTime()) {
      return {
        state: 'unavailable',
        source: 'sp-api',
        reason: `no ${operation} call slot for this app before the run's deadline`,
      };
    }
    pacer.reserve(key, limit, start);
    if (start > now) await deps.sleep(start - now);
    const outcome = await deps.spApi.call(operation, accessToken);
    if (outcome.kind === 'unavailable' && outcome.status === 429) {
      const waitMs =
        outcome.retryAfterSeconds !== undefined
          ? outcome.retryAfterSeconds * 1000
          : 1000 / limit.ratePerSecond;
      pacer.block(key, deps.clock().getTime() + waitMs);
    }
    return spApiVerdict(outcome, operation);
  };

  const verdictFor = async (credentials: StoredCredentials): Promise<CheckResult> => {
    const grant: CheckGrant = credentials.refreshToken ? 'refresh_token' : 'client_credentials';
    const token = await deps.tokens.exchange(credentials, NOTIFICATIONS_SCOPE);
    if (token.kind !== 'accepted') return tokenVerdict(token, grant);
    return probe(credentials, grant, token.accessToken);
  };

  /** Counts and logs a result; false when it is no verdict (an outage) and nothing is recorded. */
  const tallyAndLog = (result: CheckResult, fields: Record<string, unknown>): boolean => {
    switch (result.state) {
      case 'accepted':
        tally.accepted++;
        log.info('LWA and SP-API accept the stored credentials', { ...fields, operation: result.operation });
        return true;
      case 'secret-rejected':
        tally.secretRejected++;
        log.error('LWA rejects the client secret (invalid_client)', { ...fields, ...result.lwa });
        return true;
      case 'secret-expired':
        tally.secretExpired++;
        log.error('SP-API says the LWA client secret has expired', {
          ...fields,
          ...spApiFields(result.spApi),
        });
        return true;
      case 'other-rejection':
      case 'sp-api-refused':
        tally.otherRejections++;
        log.warn(
          result.state === 'other-rejection'
            ? 'LWA refused the stored refresh token; the client secret is not rejected'
            : 'SP-API refused the check call; the client secret is not said to have expired',
          {
            ...fields,
            ...('lwa' in result ? { ...result.lwa, grant: result.grant } : spApiFields(result.spApi)),
          },
        );
        return true;
      case 'unverified':
      case 'lwa-inconclusive':
        tally.inconclusive++;
        log.warn(
          result.state === 'unverified'
            ? 'LWA authenticated the client but issued no token: SP-API could not be checked'
            : 'LWA answered something that says nothing certain about the client secret',
          { ...fields, ...result.lwa, grant: result.grant },
        );
        return true;
      case 'malformed':
        tally.malformed++;
        log.warn('The secret lacks the credential fields; not checked', { ...fields, detail: result.detail });
        return true;
      case 'unavailable':
        if (result.source === 'lwa') tally.lwaUnavailable++;
        else tally.spApiUnavailable++;
        log.warn(
          result.source === 'lwa'
            ? 'LWA token endpoint unavailable: outage, no verdict on the credentials'
            : 'SP-API unavailable: outage, no verdict on the credentials',
          { ...fields, status: result.status, reason: result.reason },
        );
        return false;
    }
  };

  const check = async (secret: CatalogSecret): Promise<void> => {
    const app = appNameOf(secret, settings.tagKey);
    const fields = { secretArn: secret.arn, app };
    const read = await deps.credentials.read(secret.arn);
    if (!read.ok && read.problem === 'unreadable') {
      tally.readFailures++;
      log.error('Cannot read the secret value; it is not checked', { ...fields, detail: read.detail });
      return;
    }
    const result: CheckResult = read.ok
      ? await verdictFor(read.credentials)
      : { state: 'malformed', detail: read.detail };
    tally.checked++;
    const now = deps.clock();
    if (!tallyAndLog(result, fields)) return;

    const key = liveCheckKey(secret.arn);
    let record;
    try {
      record = fromStored(await deps.ledger.get(key));
    } catch (error: unknown) {
      tally.ledgerFailures++;
      log.error('Cannot read the live-check record; no alert decision this run', {
        ...fields,
        error: errorName(error),
      });
      return;
    }
    const decision = decideAlert(record, result, now, settings.realertMs);
    if (decision.alert) {
      const message = liveCheckAlert(decision.alert, {
        appName: app,
        secretName: secret.name,
        region: settings.region,
        now,
        result,
        daysLeft:
          decision.alert === 'secret-rejected' || decision.alert === 'secret-expired'
            ? 0
            : await daysLeftOf(secret, now),
        realertHours: Math.round(settings.realertMs / 3_600_000),
      });
      try {
        await deps.publisher.publish(message);
        tally.alertsPublished++;
        log.info('Live-check alert published', {
          ...fields,
          severity: message.attributes.severity,
          kind: decision.alert,
        });
      } catch (error: unknown) {
        tally.publishFailures++;
        log.error('SNS did not accept a live-check alert; the next run sends it', {
          ...fields,
          error: errorName(error),
        });
        return;
      }
    }
    if (!decision.recordAfter) return;
    try {
      const saved = await deps.ledger.put(
        key,
        toStored(decision.recordAfter, secret.arn, app),
        record.revision,
        new Date(now.getTime() + RECORD_RETENTION_MS),
      );
      if (!saved) tally.conflicts++;
    } catch (error: unknown) {
      tally.ledgerFailures++;
      log.error('Cannot write the live-check record', { ...fields, error: errorName(error) });
    }
  };

  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < secrets.length) {
      const secret = secrets[next++] as CatalogSecret;
      if (deps.clock().getTime() + settings.checkBudgetMs > options.deadline.getTime()) {
        tally.deferred++;
        continue;
      }
      await check(secret);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, settings.concurrency) }, worker));
  if (tally.deferred > 0)
    log.warn('Out of time: some secrets were not checked this run', { deferred: tally.deferred });
  return tally;
}
