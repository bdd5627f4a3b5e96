import type { LogPort } from '../ports/log';
import type { AlertPublisher } from '../ports/alert-publisher';
import type { SecretCatalog } from '../ports/secret-catalog';
import type { CatalogSecret } from '../domain/catalog-secret';
import { RETENTION_AFTER_EXPIRY_MS } from '../domain/ledger-entry';
import type { AlertMessage } from '../domain/alert-message';
import { needsCurrentVersionDate, resolveExpiry } from '../domain/expiry';
import type { ApplicationManagement } from '../ports/application-management';
import type { LwaTokens, TokenOutcome } from '../ports/lwa-tokens';
import type { CredentialReader } from '../ports/credential-reader';
import type { KeyedLedger } from '../ports/keyed-ledger';
import { carriesClientId, isOptedIn } from '../domain/opt-in';
import { CLIENT_ID_TAG } from '../../contract/tags';
import {
  PRE_CALL_GUIDANCE,
  newSecretMissingAlert,
  outcomeUnknownAlert,
  rotationFailedAlert,
  rotationRequestedAlert,
} from './rotation-messages';
import type { AttemptFailure, RotationAlertKind, RotationCandidate, RotationRecord } from './rotation-policy';
import {
  claimFor,
  dueDaysLeft,
  fromStored,
  planStep,
  recordOutcome,
  rotationKey,
  toStored,
} from './rotation-policy';
import type { RotationSettings } from './settings';

/**
 * One run of automatic rotation: find the opted-in credentials inside the rotation window,
 * most urgent first, and for each expiry cycle claim, call and record at most once. Calls are
 * spaced by the API's limit, and no call starts unless the run has time to finish it.
 */

export interface RotationDeps {
  readonly catalog: SecretCatalog;
  readonly ledger: KeyedLedger;
  readonly credentials: CredentialReader;
  readonly tokens: Pick<LwaTokens, 'rotationToken'>;
  readonly applications: ApplicationManagement;
  readonly publisher: AlertPublisher;
  readonly log: LogPort;
  readonly clock: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
}

export interface RotationRunOptions {
  readonly runId: string;
  /** No work starts that could run past this. */
  readonly deadline: Date;
}

export type DeferReason = 'per-run limit' | 'time' | 'throttled';

export interface RotationSummary {
  /** Opted-in credentials inside the rotation window. */
  readonly candidates: number;
  /** Rotate calls made. */
  readonly calls: number;
  readonly requested: number;
  /** Attempts that failed and will be retried by a later run. */
  readonly retryLater: number;
  /** Attempts that failed for good this cycle. */
  readonly failedPermanently: number;
  /** Candidates left for the next run, and why. */
  readonly deferred: number;
  readonly deferReason?: DeferReason;
  readonly alertsPublished: number;
  readonly publishFailures: number;
  readonly ledgerFailures: number;
  readonly lookupFailures: number;
  readonly conflicts: number;
  /** Opted-in secrets skipped because they lack the `lwa:client-id` tag the role requires. */
  readonly withoutClientId: number;
  /** Attempts stopped by an unexpected error after the rotate call (left to the stale-claim check). */
  readonly internalErrors: number;
}

export function rotationRunFailed(summary: RotationSummary): boolean {
  return (
    summary.publishFailures > 0 ||
    summary.ledgerFailures > 0 ||
    summary.lookupFailures > 0 ||
    summary.internalErrors > 0
  );
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function appNameOf(secret: CatalogSecret, tagKey: string): string {
  const value = (secret.tags[tagKey] ?? '').trim();
  return value === '' ? secret.name : value;
}

/** Why no grantless rotation token was issued, read by the one rule of `classifyLwaAnswer`. */
function tokenFailure(token: Exclude<TokenOutcome, { kind: 'accepted' }>): AttemptFailure {
  switch (token.kind) {
    case 'rejected':
      return {
        reason: 'token-rejected',
        retryable: false,
        guidance: PRE_CALL_GUIDANCE['token-rejected'].permanent,
        status: token.status,
        errorCode: token.error,
        errorMessage: token.description,
      };
    case 'refused':
      return {
        reason: 'rotation-scope-refused',
        retryable: false,
        guidance: PRE_CALL_GUIDANCE['rotation-scope-refused'].permanent,
        status: token.status,
        errorCode: token.error,
        errorMessage: token.description,
      };
    case 'inconclusive':
      return {
        reason: 'lwa-inconclusive',
        retryable: true,
        guidance: PRE_CALL_GUIDANCE['lwa-inconclusive'].retryable,
        status: token.status,
        errorCode: token.error,
        errorMessage: token.description,
      };
    case 'unavailable':
      return {
        reason: 'lwa-unavailable',
        retryable: true,
        guidance: PRE_CALL_GUIDANCE['lwa-unavailable'].retryable,
        status: token.status,
        errorMessage: token.reason,
      };
  }
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'UnknownError';
}

export async function runRotation(
  deps: RotationDeps,
  settings: RotationSettings,
  options: RotationRunOptions,
): Promise<RotationSummary> {
  const { log } = deps;
  const tally: Mutable<RotationSummary> = {
    candidates: 0,
    calls: 0,
    requested: 0,
    retryLater: 0,
    failedPermanently: 0,
    deferred: 0,
    alertsPublished: 0,
    publishFailures: 0,
    ledgerFailures: 0,
    lookupFailures: 0,
    conflicts: 0,
    withoutClientId: 0,
    internalErrors: 0,
  };
  const now = deps.clock();
  let lastCallAt: number | undefined;

  // ---- which credentials are due ----
  const candidates: RotationCandidate[] = [];
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
      let currentVersionCreatedAt: Date | undefined;
      if (needsCurrentVersionDate(secret.tags, now)) {
        try {
          currentVersionCreatedAt = (await deps.catalog.currentVersion(secret.arn))?.createdAt;
        } catch (error: unknown) {
          tally.lookupFailures++;
          log.error('Could not read the version metadata of a secret; it is skipped this run', {
            secretArn: secret.arn,
            error: errorName(error),
          });
          continue;
        }
      }
      const expiry = resolveExpiry({
        tags: secret.tags,
        currentVersionCreatedAt,
        defaultWindowDays: settings.defaultWindowDays,
        now,
      });
      const left = dueDaysLeft(expiry, now, settings.rotateDaysBefore);
      if (left === undefined || expiry.status !== 'dated') continue;
      candidates.push({
        secretArn: secret.arn,
        secretName: secret.name,
        appName: appNameOf(secret, settings.tagKey),
        expiresAt: expiry.expiresAt,
        daysLeft: left,
        currentVersionId: secret.currentVersionId,
      });
    }
  }
  candidates.sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime());
  tally.candidates = candidates.length;

  // ---- ledger and alerts ----
  const alertFor = (
    kind: RotationAlertKind,
    candidate: RotationCandidate,
    record: RotationRecord,
  ): AlertMessage => {
    const ctx = { candidate, record, region: settings.region, now: deps.clock() };
    switch (kind) {
      case 'requested':
        return rotationRequestedAlert(ctx);
      case 'failed':
        return rotationFailedAlert(
          ctx,
          record.failure ?? { reason: 'unexpected', retryable: false, guidance: 'See the function logs.' },
        );
      case 'unknown':
        return outcomeUnknownAlert(ctx);
      case 'new-secret-missing':
        return newSecretMissingAlert(ctx);
    }
  };

  const expiresAt = (candidate: RotationCandidate) =>
    new Date(Math.max(candidate.expiresAt.getTime(), now.getTime()) + RETENTION_AFTER_EXPIRY_MS);

  /** Conditional write; false on conflict or error (counted and logged). */
  const save = async (candidate: RotationCandidate, record: RotationRecord, expectedRevision: number) => {
    try {
      const saved = await deps.ledger.put(
        rotationKey(candidate.secretArn, candidate.expiresAt),
        toStored(record, candidate),
        expectedRevision,
        expiresAt(candidate),
      );
      if (!saved) tally.conflicts++;
      return saved;
    } catch (error: unknown) {
      tally.ledgerFailures++;
      log.error('Could not write the rotation record', {
        secretArn: candidate.secretArn,
        error: errorName(error),
      });
      return false;
    }
  };

  /** Publishes the alert `record` owes, then clears it; returns the record as stored afterwards. */
  const publishOwed = async (
    candidate: RotationCandidate,
    record: RotationRecord,
    kind: RotationAlertKind,
  ): Promise<RotationRecord> => {
    const message = alertFor(kind, candidate, record);
    try {
      await deps.publisher.publish(message);
    } catch (error: unknown) {
      tally.publishFailures++;
      log.error('SNS did not accept a rotation alert; it is sent again by the next run', {
        secretArn: candidate.secretArn,
        severity: message.attributes.severity,
        error: errorName(error),
      });
      return record;
    }
    tally.alertsPublished++;
    log.info('Rotation alert published', {
      secretArn: candidate.secretArn,
      app: candidate.appName,
      severity: message.attributes.severity,
      kind,
    });
    const cleared: RotationRecord = { ...record, pendingAlert: undefined };
    return (await save(candidate, cleared, record.revision))
      ? { ...cleared, revision: record.revision + 1 }
      : record;
  };

  /**
   * Records `record` (which owes an alert) over `expectedRevision`, then publishes the alert.
   * `afterCall`: the outcome of a call this run made is known for certain, so it is alerted even
   * when the ledger missed it; anything else is left for the run that did write the record.
   */
  const recordAndAlert = async (
    candidate: RotationCandidate,
    record: RotationRecord,
    expectedRevision: number,
    afterCall: boolean,
  ) => {
    const saved = await save(candidate, record, expectedRevision);
    const kind = record.pendingAlert;
    if (kind === undefined) return;
    if (saved) {
      await publishOwed(candidate, { ...record, revision: expectedRevision + 1 }, kind);
      return;
    }
    if (!afterCall) return;
    const message = alertFor(kind, candidate, record);
    try {
      await deps.publisher.publish(message);
      tally.alertsPublished++;
    } catch (error: unknown) {
      tally.publishFailures++;
      log.error('SNS did not accept a rotation alert', {
        secretArn: candidate.secretArn,
        error: errorName(error),
      });
    }
  };

  // ---- one attempt: credentials, grantless token, rotate call ----
  const attempt = async (
    candidate: RotationCandidate,
  ): Promise<{ requested: true; requestId?: string } | AttemptFailure> => {
    let called = false;
    try {
      const read = await deps.credentials.read(candidate.secretArn);
      if (!read.ok) {
        const reason = read.problem === 'unreadable' ? 'secret-unreadable' : 'credentials-malformed';
        const guidance = PRE_CALL_GUIDANCE[reason];
        return {
          reason,
          retryable: read.retryable,
          guidance: read.retryable ? guidance.retryable : guidance.permanent,
          errorMessage: read.detail,
        };
      }
      const token = await deps.tokens.rotationToken(read.credentials);
      if (token.kind !== 'accepted') return tokenFailure(token);
      called = true;
      lastCallAt = deps.clock().getTime();
      tally.calls++;
      const outcome = await deps.applications.rotateClientSecret(token.accessToken);
      if (outcome.kind === 'requested') return { requested: true, requestId: outcome.requestId };
      return {
        reason: outcome.reason,
        retryable: outcome.retryable,
        guidance: outcome.guidance,
        status: outcome.status,
        errorCode: outcome.errorCode,
        errorMessage: outcome.errorMessage,
        errorDetails: outcome.errorDetails,
        requestId: outcome.requestId,
      };
    } catch (error: unknown) {
      if (called) throw error; // the call may have happened: leave the claim for the stale-claim path
      return {
        reason: 'unexpected',
        retryable: true,
        guidance:
          'An internal error stopped the attempt before Amazon was called; the next run retries. See the function logs.',
        errorCode: errorName(error),
      };
    }
  };

  let deferReason: DeferReason | undefined;
  /** Waits for the next call slot; undefined when no further call may start this run. */
  const awaitCallSlot = async (): Promise<DeferReason | undefined> => {
    if (deferReason) return deferReason;
    if (tally.calls >= settings.maxRequestsPerRun) return (deferReason = 'per-run limit');
    const current = deps.clock().getTime();
    const startAt = Math.max(current, (lastCallAt ?? -Infinity) + settings.callSpacingMs);
    if (startAt + settings.attemptBudgetMs > options.deadline.getTime()) return (deferReason = 'time');
    if (startAt > current) await deps.sleep(startAt - current);
    return undefined;
  };

  for (const [index, candidate] of candidates.entries()) {
    if (deps.clock().getTime() >= options.deadline.getTime()) {
      // Even ledger reads and alerts must not run into the function timeout.
      tally.deferred += candidates.length - index;
      deferReason ??= 'time';
      log.warn('Run out of time; the remaining credentials wait for the next run', {
        remaining: candidates.length - index,
      });
      break;
    }
    const fields = { secretArn: candidate.secretArn, app: candidate.appName, daysLeft: candidate.daysLeft };
    const key = rotationKey(candidate.secretArn, candidate.expiresAt);
    let record: RotationRecord;
    try {
      record = fromStored(await deps.ledger.get(key));
    } catch (error: unknown) {
      tally.ledgerFailures++;
      log.error('Could not read the rotation record; the credential is skipped this run', {
        ...fields,
        error: errorName(error),
      });
      continue;
    }
    const plan = planStep(record, candidate, deps.clock(), settings.timing);

    if (plan.next.type === 'attempt') {
      const deferred = await awaitCallSlot();
      if (deferred) {
        tally.deferred++;
        log.info('Rotation left for the next run', { ...fields, reason: deferred });
        if (plan.republish) await publishOwed(candidate, record, plan.republish);
        continue;
      }
      const claimed = claimFor(record, candidate, options.runId, deps.clock());
      if (!(await save(candidate, claimed, record.revision))) {
        log.info('Rotation not claimed: another run holds this cycle', fields);
        continue;
      }
      let outcome: Awaited<ReturnType<typeof attempt>>;
      try {
        outcome = await attempt(candidate);
      } catch (error: unknown) {
        tally.internalErrors++;
        log.error('Rotation attempt stopped after the call; its claim is left for the stale-claim check', {
          ...fields,
          error: errorName(error),
        });
        continue;
      }
      const final = recordOutcome({ ...claimed, revision: record.revision + 1 }, outcome, deps.clock());
      if ('requested' in outcome) {
        tally.requested++;
        log.info('Rotation requested from Amazon', { ...fields, requestId: outcome.requestId });
      } else {
        if (outcome.retryable) tally.retryLater++;
        else tally.failedPermanently++;
        if (outcome.reason === 'throttled') deferReason = 'throttled';
        log.warn('Rotation attempt failed', {
          ...fields,
          reason: outcome.reason,
          retryable: outcome.retryable,
          status: outcome.status,
          errorCode: outcome.errorCode,
          errorMessage: outcome.errorMessage,
          errorDetails: outcome.errorDetails,
          requestId: outcome.requestId,
        });
      }
      await recordAndAlert(candidate, final, record.revision + 1, true);
      continue;
    }

    const current = plan.republish ? await publishOwed(candidate, record, plan.republish) : record;
    switch (plan.next.type) {
      case 'mark-unknown':
        log.warn('A run died holding a rotation claim; outcome unknown, not retried this cycle', {
          ...fields,
          claimedBy: record.claimedBy,
          claimedAt: record.claimedAt,
        });
        await recordAndAlert(
          candidate,
          { ...current, state: 'unknown', pendingAlert: 'unknown' },
          current.revision,
          false,
        );
        break;
      case 'new-secret-missing':
        log.warn('Rotation was requested but no new secret has arrived', {
          ...fields,
          requestedAt: record.requestedAt,
        });
        await recordAndAlert(
          candidate,
          { ...current, followUpAlertedAt: deps.clock().toISOString(), pendingAlert: 'new-secret-missing' },
          current.revision,
          false,
        );
        break;
      case 'nothing':
        break;
    }
  }
  tally.deferReason = deferReason;
  return tally;
}
