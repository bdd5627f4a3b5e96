import type { AlertMessage } from '../domain/alert-message';
import type { CatalogSecret } from '../domain/catalog-secret';
import { daysLeft } from '../domain/alert-policy';
import { EVENT_DETAIL_TYPE } from '../../contract/events';
import { errorName } from '../domain/error-name';
import { clientIdFromTags, credentialEvent } from '../domain/product-events';
import { needsCurrentVersionDate, resolveExpiry } from '../domain/expiry';
import { MS_PER_DAY } from '../../contract/time';
import { liveCheckAlert } from './live-check-messages';
import type { CheckResult, LiveCheckAlert, LiveCheckRecord } from './live-check-policy';
import { decideAlert, fromStored, liveCheckKey, toStored } from './live-check-policy';
import type { LiveCheckRun } from './live-check-run';

/**
 * A verdict against the secret's record: alert when it deserves one, then record it. Alerts are
 * published before they are recorded, so one SNS did not accept is sent again by the next run.
 */

/** The live check's items outlive the last check by this long (a secret that left the scope). */
const RECORD_RETENTION_MS = 30 * MS_PER_DAY;

/** One secret's verdict, as its check found it. */
export interface CheckedSecret {
  readonly secret: CatalogSecret;
  readonly app: string;
  /** The owner its alerts are routed to (its `lwa:owner` tag), when the tag names one. */
  readonly owner?: string;
  readonly result: CheckResult;
  /** When the verdict was known. */
  readonly now: Date;
}

export async function alertAndRecord(run: LiveCheckRun, checked: CheckedSecret): Promise<void> {
  const key = liveCheckKey(checked.secret.arn);
  const record = await readRecord(run, key, checked);
  if (record === undefined) return;
  const decision = decideAlert(record, checked.result, checked.now, run.settings.realertMs);
  if (decision.alert && !(await publishAlert(run, decision.alert, checked))) return;
  if (!decision.recordAfter) return;
  await writeRecord(run, key, checked, decision.recordAfter, record.revision);
}

function fieldsOf(checked: CheckedSecret): Record<string, unknown> {
  return { secretArn: checked.secret.arn, app: checked.app };
}

/** The secret's record; undefined when the ledger could not be read (counted and logged). */
async function readRecord(
  run: LiveCheckRun,
  key: string,
  checked: CheckedSecret,
): Promise<LiveCheckRecord | undefined> {
  try {
    return fromStored(await run.deps.ledger.get(key));
  } catch (error: unknown) {
    run.tally.ledgerFailures++;
    run.deps.log.error('Cannot read the live-check record; no alert decision this run', {
      ...fieldsOf(checked),
      error: errorName(error),
    });
    return undefined;
  }
}

/** False when SNS did not accept the alert (counted and logged): nothing is recorded then. */
async function publishAlert(
  run: LiveCheckRun,
  kind: LiveCheckAlert,
  checked: CheckedSecret,
): Promise<boolean> {
  const message = await alertMessage(run, kind, checked);
  try {
    await run.deps.publisher.publish(message);
    run.tally.alertsPublished++;
    run.deps.log.info('Live-check alert published', {
      ...fieldsOf(checked),
      severity: message.attributes.severity,
      kind,
    });
    await putEvent(run, kind, checked, message);
    return true;
  } catch (error: unknown) {
    run.tally.publishFailures++;
    run.deps.log.error('SNS did not accept a live-check alert; the next run sends it', {
      ...fieldsOf(checked),
      error: errorName(error),
    });
    return false;
  }
}

/**
 * The event of a "secret rejected" or "secret expired" alert SNS accepted (docs/events.md). The
 * publisher logs and counts what the bus did not take; nothing here changes the run.
 */
async function putEvent(
  run: LiveCheckRun,
  kind: LiveCheckAlert,
  checked: CheckedSecret,
  message: AlertMessage,
): Promise<void> {
  const events = run.deps.events;
  if (events === undefined || (kind !== 'secret-rejected' && kind !== 'secret-expired')) return;
  const event = credentialEvent(
    EVENT_DETAIL_TYPE.liveCheckRejected,
    {
      app: checked.app,
      owner: message.attributes.owner,
      secretArn: checked.secret.arn,
      secretName: checked.secret.name,
      clientId: clientIdFromTags(checked.secret.tags),
      daysLeft: message.attributes.daysLeft,
      severity: message.attributes.severity,
      time: checked.now,
    },
    { reason: kind },
  );
  try {
    await events.publish([event]);
  } catch (error: unknown) {
    run.deps.log.error('Event not put on the event bus; the alert itself was sent', {
      ...fieldsOf(checked),
      error: errorName(error),
    });
  }
}

async function alertMessage(
  run: LiveCheckRun,
  kind: LiveCheckAlert,
  checked: CheckedSecret,
): Promise<AlertMessage> {
  const { settings } = run;
  return liveCheckAlert(kind, {
    appName: checked.app,
    owner: checked.owner,
    secretName: checked.secret.name,
    region: settings.region,
    now: checked.now,
    result: checked.result,
    daysLeft:
      kind === 'secret-rejected' || kind === 'secret-expired'
        ? 0
        : await daysLeftOf(run, checked.secret, checked.now),
    realertHours: Math.round(settings.realertMs / 3_600_000),
  });
}

/** Days to expiry for the alert's `daysLeft` attribute; 0 when it cannot be told. */
async function daysLeftOf(run: LiveCheckRun, secret: CatalogSecret, now: Date): Promise<number> {
  try {
    const created = needsCurrentVersionDate(secret.tags, now)
      ? (await run.deps.catalog.currentVersion(secret.arn))?.createdAt
      : undefined;
    const expiry = resolveExpiry({
      tags: secret.tags,
      currentVersionCreatedAt: created,
      defaultWindowDays: run.settings.defaultWindowDays,
      now,
    });
    return expiry.status === 'dated' ? daysLeft(expiry.expiresAt, now) : 0;
  } catch {
    return 0;
  }
}

async function writeRecord(
  run: LiveCheckRun,
  key: string,
  checked: CheckedSecret,
  recordAfter: LiveCheckRecord,
  expectedRevision: number,
): Promise<void> {
  try {
    const saved = await run.deps.ledger.put(
      key,
      toStored(recordAfter, checked.secret.arn, checked.app),
      expectedRevision,
      new Date(checked.now.getTime() + RECORD_RETENTION_MS),
    );
    if (!saved) run.tally.conflicts++;
  } catch (error: unknown) {
    run.tally.ledgerFailures++;
    run.deps.log.error('Cannot write the live-check record', {
      ...fieldsOf(checked),
      error: errorName(error),
    });
  }
}
