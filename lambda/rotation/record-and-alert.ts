import type { AlertMessage } from '../domain/alert-message';
import { EVENT_DETAIL_TYPE } from '../../contract/events';
import { errorName } from '../domain/error-name';
import { credentialEvent } from '../domain/product-events';
import { RETENTION_AFTER_EXPIRY_MS } from '../domain/ledger-entry';
import {
  newSecretMissingAlert,
  outcomeUnknownAlert,
  rotationFailedAlert,
  rotationRequestedAlert,
} from './rotation-messages';
import type { RotationAlertKind, RotationCandidate, RotationRecord } from './rotation-record';
import { rotationKey, toStored } from './rotation-record';
import type { RotationRun } from './rotation-run';

/**
 * The ledger record of a cycle and the alerts it owes. An alert is recorded as owed before it
 * is published and cleared once SNS accepted it, so one SNS refused is sent by the next run.
 */

function alertFor(
  run: RotationRun,
  kind: RotationAlertKind,
  candidate: RotationCandidate,
  record: RotationRecord,
): AlertMessage {
  const ctx = { candidate, record, region: run.settings.region, now: run.deps.clock() };
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
}

/** A cycle's record is kept until a while after its expiry (counted from the run's start at the earliest). */
function recordExpiresAt(run: RotationRun, candidate: RotationCandidate): Date {
  return new Date(
    Math.max(candidate.expiresAt.getTime(), run.startedAt.getTime()) + RETENTION_AFTER_EXPIRY_MS,
  );
}

/** Conditional write; false on conflict or error (counted and logged). */
export async function saveRecord(
  run: RotationRun,
  candidate: RotationCandidate,
  record: RotationRecord,
  expectedRevision: number,
): Promise<boolean> {
  try {
    const saved = await run.deps.ledger.put(
      rotationKey(candidate.secretArn, candidate.expiresAt),
      toStored(record, candidate),
      expectedRevision,
      recordExpiresAt(run, candidate),
    );
    if (!saved) run.tally.conflicts++;
    return saved;
  } catch (error: unknown) {
    run.tally.ledgerFailures++;
    run.deps.log.error('Could not write the rotation record', {
      secretArn: candidate.secretArn,
      error: errorName(error),
    });
    return false;
  }
}

/** Publishes the alert `record` owes, then clears it; returns the record as stored afterwards. */
export async function publishOwed(
  run: RotationRun,
  candidate: RotationCandidate,
  record: RotationRecord,
  kind: RotationAlertKind,
): Promise<RotationRecord> {
  const message = alertFor(run, kind, candidate, record);
  try {
    await run.deps.publisher.publish(message);
  } catch (error: unknown) {
    run.tally.publishFailures++;
    run.deps.log.error('SNS did not accept a rotation alert; it is sent again by the next run', {
      secretArn: candidate.secretArn,
      severity: message.attributes.severity,
      error: errorName(error),
    });
    return record;
  }
  run.tally.alertsPublished++;
  await putEvent(run, candidate, record, kind, message);
  run.deps.log.info('Rotation alert published', {
    secretArn: candidate.secretArn,
    app: candidate.appName,
    severity: message.attributes.severity,
    kind,
  });
  const cleared: RotationRecord = { ...record, pendingAlert: undefined };
  return (await saveRecord(run, candidate, cleared, record.revision))
    ? { ...cleared, revision: record.revision + 1 }
    : record;
}

/**
 * Records `record` (which owes an alert) over `expectedRevision`, then publishes the alert.
 * `afterCall`: the outcome of a call this run made is known for certain, so it is alerted even
 * when the ledger missed it; anything else is left for the run that did write the record.
 */
export async function recordAndAlert(
  run: RotationRun,
  candidate: RotationCandidate,
  record: RotationRecord,
  expectedRevision: number,
  afterCall: boolean,
): Promise<void> {
  const saved = await saveRecord(run, candidate, record, expectedRevision);
  const kind = record.pendingAlert;
  if (kind === undefined) return;
  if (saved) {
    await publishOwed(run, candidate, { ...record, revision: expectedRevision + 1 }, kind);
    return;
  }
  if (!afterCall) return;
  await publishUnrecorded(run, candidate, record, kind);
}

/** Publishes the alert of a call's outcome the ledger did not take; nothing is left to clear. */
async function publishUnrecorded(
  run: RotationRun,
  candidate: RotationCandidate,
  record: RotationRecord,
  kind: RotationAlertKind,
): Promise<void> {
  const message = alertFor(run, kind, candidate, record);
  try {
    await run.deps.publisher.publish(message);
    run.tally.alertsPublished++;
  } catch (error: unknown) {
    run.tally.publishFailures++;
    run.deps.log.error('SNS did not accept a rotation alert', {
      secretArn: candidate.secretArn,
      error: errorName(error),
    });
    return;
  }
  await putEvent(run, candidate, record, kind, message);
}

/**
 * The event of a rotation requested or failed alert SNS accepted (docs/events.md). The
 * publisher logs and counts what the bus did not take; nothing here changes the run.
 */
async function putEvent(
  run: RotationRun,
  candidate: RotationCandidate,
  record: RotationRecord,
  kind: RotationAlertKind,
  message: AlertMessage,
): Promise<void> {
  const events = run.deps.events;
  if (events === undefined || (kind !== 'requested' && kind !== 'failed')) return;
  const facts = {
    app: candidate.appName,
    owner: message.attributes.owner,
    secretArn: candidate.secretArn,
    secretName: candidate.secretName,
    clientId: candidate.clientId,
    expiresAt: candidate.expiresAt,
    daysLeft: candidate.daysLeft,
    severity: message.attributes.severity,
    time: run.deps.clock(),
  };
  const failure = record.failure;
  const event =
    kind === 'requested'
      ? credentialEvent(EVENT_DETAIL_TYPE.rotationRequested, facts, { requestId: record.requestId })
      : credentialEvent(EVENT_DETAIL_TYPE.rotationFailed, facts, {
          reason: failure?.reason ?? 'unexpected',
          retryable: failure?.retryable ?? false,
          status: failure?.status,
          errorCode: failure?.errorCode,
        });
  try {
    await events.publish([event]);
  } catch (error: unknown) {
    run.deps.log.error('Event not put on the event bus; the alert itself was sent', {
      secretArn: candidate.secretArn,
      error: errorName(error),
    });
  }
}
