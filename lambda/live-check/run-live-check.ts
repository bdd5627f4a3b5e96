import type { AlertPublisher } from '../adapters/alert-publisher';
import type { CatalogSecret, SecretCatalog } from '../adapters/secret-catalog';
import { daysLeft } from '../domain/alert-policy';
import { needsCurrentVersionDate, resolveExpiry } from '../domain/expiry';
import { MS_PER_DAY } from '../domain/iso-date';
import type { MonitorLog } from '../monitor/run-monitor';
import type { CredentialReader } from '../adapters/credential-reader';
import type { KeyedLedger } from '../adapters/keyed-ledger';
import { isOptedIn } from '../domain/opt-in';
import type { LwaTokenClient } from '../sp-api/lwa-token-client';
import { liveCheckAlert } from './live-check-messages';
import type { CheckResult } from './live-check-policy';
import { classifyTokenOutcome, decideAlert, fromStored, liveCheckKey, toStored } from './live-check-policy';
import type { LiveCheckSettings } from './settings';

/**
 * One live-check run: for every opted-in secret, exchange its stored credentials at the LWA
 * token endpoint and alert on what the answer says about them. Alerts are published before
 * they are recorded, so one SNS did not accept is sent again by the next run.
 */

export interface LiveCheckDeps {
  readonly catalog: SecretCatalog;
  readonly ledger: KeyedLedger;
  readonly credentials: CredentialReader;
  readonly tokens: Pick<LwaTokenClient, 'exchange'>;
  readonly publisher: AlertPublisher;
  readonly log: MonitorLog;
  readonly clock: () => Date;
}

export interface LiveCheckRunOptions {
  readonly deadline: Date;
}

export interface LiveCheckSummary {
  readonly checked: number;
  readonly accepted: number;
  readonly secretRejected: number;
  readonly otherRejections: number;
  readonly malformed: number;
  /** LWA did not answer: an outage, not a verdict on the credentials. */
  readonly lwaUnavailable: number;
  /** Secrets whose value could not be read (permissions, KMS): an operator problem. */
  readonly readFailures: number;
  /** Opted-in secrets left unchecked because the run was out of time. */
  readonly deferred: number;
  readonly alertsPublished: number;
  readonly publishFailures: number;
  readonly ledgerFailures: number;
  readonly conflicts: number;
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
    otherRejections: 0,
    malformed: 0,
    lwaUnavailable: 0,
    readFailures: 0,
    deferred: 0,
    alertsPublished: 0,
    publishFailures: 0,
    ledgerFailures: 0,
    conflicts: 0,
  };

  const secrets: CatalogSecret[] = [];
  for await (const page of deps.catalog.pages(settings.tagKey)) {
    for (const secret of page) {
      if (secret.deletedDate !== undefined) continue;
      if (secret.primaryRegion !== undefined && secret.primaryRegion !== settings.region) continue;
      if (isOptedIn(secret.tags, settings.optInTagKey, settings.scope)) secrets.push(secret);
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

  const check = async (secret: CatalogSecret): Promise<void> => {
    const app = appNameOf(secret, settings.tagKey);
    const fields = { secretArn: secret.arn, app };
    const read = await deps.credentials.read(secret.arn);
    let result: CheckResult;
    if (!read.ok && read.problem === 'unreadable') {
      tally.readFailures++;
      log.error('Cannot read the secret value; it is not checked', { ...fields, detail: read.detail });
      return;
    }
    if (!read.ok) {
      result = { state: 'malformed', detail: read.detail };
    } else {
      const grant = read.credentials.refreshToken ? 'refresh_token' : 'client_credentials';
      result = classifyTokenOutcome(await deps.tokens.exchange(read.credentials), grant);
    }
    tally.checked++;
    const now = deps.clock();
    switch (result.state) {
      case 'accepted':
        tally.accepted++;
        log.info('LWA accepts the stored credentials', { ...fields, note: result.note });
        break;
      case 'secret-rejected':
        tally.secretRejected++;
        log.error('LWA rejects the client secret (invalid_client)', { ...fields, status: result.status });
        break;
      case 'other-rejection':
        tally.otherRejections++;
        log.warn('LWA refused the check without rejecting the client secret', {
          ...fields,
          status: result.status,
          error: result.error,
          grant: result.grant,
        });
        break;
      case 'malformed':
        tally.malformed++;
        log.warn('The secret lacks the credential fields; not checked', { ...fields, detail: result.detail });
        break;
      case 'unavailable':
        tally.lwaUnavailable++;
        log.warn('LWA token endpoint unavailable: outage, no verdict on the credentials', {
          ...fields,
          status: result.status,
          reason: result.reason,
        });
        return;
    }

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
        daysLeft: decision.alert === 'secret-rejected' ? 0 : await daysLeftOf(secret, now),
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
