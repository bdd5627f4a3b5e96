import { ALERT_PUBLISHED_LOG } from '../../contract/telemetry';
import type { AlertMessage } from '../domain/alert-message';
import { renderAlert } from '../domain/alert-message';
import type { AlertPlan, AlertState, PlannedAlert, Severity } from '../domain/alert-policy';
import { nextAlertAt, severityOf } from '../domain/alert-policy';
import type { LedgerEntry } from '../domain/ledger-entry';
import { clientIdFromTags, monitorAlertEvent } from '../domain/product-events';
import type { DatedSecret } from './date-secret';
import { describeError } from './describe-error';
import { recordEntry } from './ledger-record';
import type { MonitorRun } from './run-context';
import type { Pass } from './run-summary';

/** What sending a secret's planned alerts did. */
export interface AlertsSent {
  /** Alerts published (or that would be, in a dry run), and their SNS subjects in the same order. */
  readonly alerts: readonly Severity[];
  readonly alertSubjects: readonly string[];
  readonly failures: readonly string[];
  /** The entry as last saved: the entry read while nothing was. */
  readonly recorded: LedgerEntry;
  /** The alert state recorded; in a dry run, the state read. */
  readonly state: AlertState;
}

/**
 * Publishes the planned alerts in order, recording each once SNS accepted it (publish, then
 * record: an alert SNS did not accept is never marked as sent). The first failure stops the
 * rest; what was not sent is planned again by the next run.
 */
export async function sendPlannedAlerts(
  run: MonitorRun,
  pass: Pass,
  dated: DatedSecret,
  plan: AlertPlan,
): Promise<AlertsSent> {
  const alerts: Severity[] = [];
  const alertSubjects: string[] = [];
  const failures: string[] = [];
  let recorded = dated.entry;
  let state = dated.entry.alertState;
  for (const planned of plan.alerts) {
    const severity = severityOf(planned.kind);
    const message = render(run, dated, planned);
    if (run.dryRun) {
      alerts.push(severity);
      alertSubjects.push(message.subject);
      continue;
    }
    await run.lease.beforeWriting();
    const publishFailure = await publish(run, pass, dated, severity, message);
    if (publishFailure !== undefined) {
      failures.push(publishFailure);
      break;
    }
    alerts.push(severity);
    alertSubjects.push(message.subject);
    pass.countAlert(severity);
    queueEvent(run, dated, planned, message);
    const next = {
      ...recorded,
      alertState: planned.stateAfter,
      currentVersion: dated.version,
      appName: dated.app,
    };
    const saved = await recordEntry(run, pass, next, dated.secret.name, severity);
    if (!saved.ok) {
      failures.push(saved.failure);
      break;
    }
    recorded = saved.saved;
    state = planned.stateAfter;
  }
  return { alerts, alertSubjects, failures, recorded, state };
}

/** The event of an alert SNS accepted, put on the bus with the others at the end of the run. */
function queueEvent(run: MonitorRun, dated: DatedSecret, planned: PlannedAlert, message: AlertMessage): void {
  const { secret, expiry } = dated;
  const event = monitorAlertEvent(planned.kind, {
    app: dated.app,
    owner: message.attributes.owner,
    secretArn: secret.arn,
    secretName: secret.name,
    clientId: clientIdFromTags(secret.tags),
    expiresAt: expiry.status === 'dated' ? expiry.expiresAt : undefined,
    daysLeft: message.attributes.daysLeft,
    severity: message.attributes.severity,
    time: run.now,
  });
  if (event !== undefined) run.events.push(event);
}

function render(run: MonitorRun, dated: DatedSecret, planned: PlannedAlert): AlertMessage {
  const { policy, region } = run.settings;
  return renderAlert({
    appName: dated.app,
    secretName: dated.secret.name,
    region,
    expiry: dated.expiry,
    kind: planned.kind,
    now: run.now,
    nextAlertAt: nextAlertAt(dated.expiry, planned.stateAfter, policy),
    policy,
    owner: dated.owner,
    ownerWarning: dated.ownerWarning,
  });
}

/** Publishes one alert; returns the failure (counted and logged) when SNS did not accept it. */
async function publish(
  run: MonitorRun,
  pass: Pass,
  dated: DatedSecret,
  severity: Severity,
  message: AlertMessage,
): Promise<string | undefined> {
  const { log, publisher } = run.deps;
  const { secret, app, owner } = dated;
  try {
    const { messageId } = await publisher.publish(message);
    log.info(ALERT_PUBLISHED_LOG.message, {
      secret: secret.name,
      app,
      owner,
      [ALERT_PUBLISHED_LOG.fields.severity]: severity,
      messageId,
    });
    return undefined;
  } catch (error: unknown) {
    pass.countFailure('publishFailures');
    log.error('Alert not published; it will be retried on the next run', {
      secret: secret.name,
      app,
      severity,
      error: describeError(error),
    });
    return `publish of the ${severity} alert failed: ${describeError(error)}`;
  }
}

/**
 * Nothing published, yet something new to remember: a version date looked up (so it is not
 * looked up again) or a cycle that changed silently.
 */
export function hasSilentChange(
  run: MonitorRun,
  dated: DatedSecret,
  plan: AlertPlan,
  sent: AlertsSent,
): boolean {
  const { entry } = dated;
  const versionChanged = dated.version?.versionId !== entry.currentVersion?.versionId;
  const nothingPublished = sent.recorded === entry;
  const stateDiffers = JSON.stringify(plan.finalState) !== JSON.stringify(entry.alertState);
  return !run.dryRun && sent.failures.length === 0 && nothingPublished && (versionChanged || stateDiffers);
}

/** Records the silent change (see `hasSilentChange`); returns `sent` with what was recorded. */
export async function recordSilentChange(
  run: MonitorRun,
  pass: Pass,
  dated: DatedSecret,
  plan: AlertPlan,
  sent: AlertsSent,
): Promise<AlertsSent> {
  const { entry } = dated;
  await run.lease.beforeWriting();
  const next = { ...entry, alertState: plan.finalState, currentVersion: dated.version, appName: dated.app };
  const saved = await recordEntry(run, pass, next, dated.secret.name);
  if (!saved.ok) return { ...sent, failures: [...sent.failures, saved.failure] };
  return { ...sent, recorded: saved.saved, state: plan.finalState };
}
