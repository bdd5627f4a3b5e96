/**
 * An independent model of the alert semantics the README states, written from the rules and not from
 * lambda/: it imports nothing of the product. Given what the secrets look like at each run and
 * which publishes fail, it says which alerts must be published, and how many
 * ListSecretVersionIds calls the run may make.
 *
 * The rules, as read here:
 * - A secret is monitored when it carries the app tag (exactly that key), is not scheduled for
 *   deletion and is not a replica of a secret in another region.
 * - Expiry: `lwa:expires-at`, else `lwa:rotated-at` + window, else creation of the AWSCURRENT
 *   version + window; a tag that is not a valid ISO-8601 date is ignored; with no source the
 *   secret is undetermined (reported once, until it can be dated).
 *   The window is `lwa:window-days` when that is a whole number of days, else 180.
 * - A cycle is one expiry date. A threshold T is due once now >= expiry - T days; expired once
 *   now >= expiry. Each run sends the most urgent due level if it is more urgent than the most
 *   urgent already sent in the cycle (so catch-up skips the less urgent ones); once expired,
 *   a reminder follows every 24 hours (from the last expired alert sent) until a new cycle.
 * - A new, later expiry after at least one alert of the old cycle was sent is announced as
 *   "resolved" first.
 * - An alert whose publish failed is not recorded, and nothing after it for that secret is
 *   attempted in that run: the next run decides again from the unchanged record.
 * - The AWSCURRENT version date is looked up only for a secret that needs it and whose AWSCURRENT
 *   version differs from the one recorded; it is recorded unless the secret's first publish of
 *   the run failed (nothing is recorded then).
 * The scenario never sets a rotation time in the future, so the rule for that is not modelled.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export type Severity = `${number}-day` | 'expired' | 'resolved' | 'undetermined';

export interface OraclePolicy {
  readonly appTagKey: string;
  readonly region: string;
  readonly thresholdsDays: readonly number[];
  readonly defaultWindowDays: number;
  readonly expiredReminderMs: number;
}

/** One secret as the world holds it at the time of a run. */
export interface ObservedSecret {
  readonly arn: string;
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly currentVersion?: { readonly id: string; readonly createdAt: number };
  readonly deleted: boolean;
  readonly primaryRegion?: string;
}

export interface ExpectedAlert {
  readonly secretArn: string;
  readonly app: string;
  readonly severity: Severity;
  /** The expiry the alert is about (for resolved: the new one). */
  readonly expiresAt?: number;
}

type Expiry =
  | { readonly kind: 'dated'; readonly at: number; readonly needsVersion: boolean }
  | { readonly kind: 'undetermined' };

interface LedgerModel {
  readonly cycleExpiresAt?: number;
  /** Most urgent level sent in the cycle, in days; 0 = expired. */
  readonly alertedLevel?: number;
  readonly lastExpiredAlertAt?: number;
  readonly undeterminedReported: boolean;
  readonly versionId?: string;
}

interface PlannedAlert {
  readonly alert: ExpectedAlert;
  readonly after: LedgerModel;
}

export interface RunOutcome {
  readonly sent: readonly ExpectedAlert[];
  readonly failed: readonly ExpectedAlert[];
  readonly expectedLookups: number;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** Strict ISO-8601: the calendar must have that day (2026-02-30 is not a date). */
export function parseIso(raw: string): number | undefined {
  const match = ISO.exec(raw.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', ms = '0', zone = 'Z'] = match;
  const parts = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const [year, month, day, hour, minute, second] = parts;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, Number(ms.padEnd(3, '0')));
  const check = new Date(local);
  if (
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return undefined;
  }
  if (zone === 'Z') return local;
  const sign = zone.startsWith('-') ? -1 : 1;
  return local - sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
}

export class AlertOracle {
  private readonly ledger = new Map<string, LedgerModel>();

  constructor(private readonly policy: OraclePolicy) {}

  isMonitored(secret: ObservedSecret): boolean {
    if (!Object.hasOwn(secret.tags, this.policy.appTagKey) || secret.deleted) return false;
    return secret.primaryRegion === undefined || secret.primaryRegion === this.policy.region;
  }

  appOf(secret: ObservedSecret): string {
    return (secret.tags[this.policy.appTagKey] ?? '').trim() || secret.name;
  }

  windowDays(secret: ObservedSecret): number {
    const raw = secret.tags['lwa:window-days']?.trim() ?? '';
    const days = /^\d+$/.test(raw) ? Number(raw) : NaN;
    return days >= 1 && days <= 3650 ? days : this.policy.defaultWindowDays;
  }

  expiryOf(secret: ObservedSecret): Expiry {
    const windowMs = this.windowDays(secret) * DAY_MS;
    const expiresAt = secret.tags['lwa:expires-at'];
    const fromExpiresTag = expiresAt === undefined ? undefined : parseIso(expiresAt);
    if (fromExpiresTag !== undefined) return { kind: 'dated', at: fromExpiresTag, needsVersion: false };
    const rotatedAt = secret.tags['lwa:rotated-at'];
    const fromRotatedTag = rotatedAt === undefined ? undefined : parseIso(rotatedAt);
    if (fromRotatedTag !== undefined)
      return { kind: 'dated', at: fromRotatedTag + windowMs, needsVersion: false };
    if (secret.currentVersion) {
      return { kind: 'dated', at: secret.currentVersion.createdAt + windowMs, needsVersion: true };
    }
    return { kind: 'undetermined' };
  }

  /** The most urgent level due: the smallest threshold reached, 0 once expired. */
  private dueLevel(expiresAt: number, now: number): number | undefined {
    if (now >= expiresAt) return 0;
    const reached = this.policy.thresholdsDays.filter((days) => now >= expiresAt - days * DAY_MS);
    return reached.length === 0 ? undefined : Math.min(...reached);
  }

  /** The alerts due for one secret, and the record once all of them are accepted. */
  private plan(
    secret: ObservedSecret,
    entry: LedgerModel,
    expiry: Expiry,
    now: number,
  ): { readonly alerts: readonly PlannedAlert[]; readonly final: LedgerModel } {
    const app = this.appOf(secret);
    const alert = (severity: Severity, expiresAt?: number): ExpectedAlert => ({
      secretArn: secret.arn,
      app,
      severity,
      ...(expiresAt === undefined ? {} : { expiresAt }),
    });
    if (expiry.kind === 'undetermined') {
      if (entry.undeterminedReported) return { alerts: [], final: entry };
      const after = { ...entry, undeterminedReported: true };
      return { alerts: [{ alert: alert('undetermined'), after }], final: after };
    }
    const alerts: PlannedAlert[] = [];
    let current: LedgerModel = { ...entry, undeterminedReported: false };
    if (current.cycleExpiresAt !== expiry.at) {
      const announce =
        current.cycleExpiresAt !== undefined &&
        current.alertedLevel !== undefined &&
        expiry.at > current.cycleExpiresAt;
      current = { undeterminedReported: false, versionId: current.versionId, cycleExpiresAt: expiry.at };
      if (announce) alerts.push({ alert: alert('resolved', expiry.at), after: current });
    }
    const due = this.dueLevel(expiry.at, now);
    if (due !== undefined && (current.alertedLevel === undefined || due < current.alertedLevel)) {
      current = { ...current, alertedLevel: due, lastExpiredAlertAt: due === 0 ? now : undefined };
      alerts.push({ alert: alert(due === 0 ? 'expired' : `${due}-day`, expiry.at), after: current });
    } else if (
      current.alertedLevel === 0 &&
      current.lastExpiredAlertAt !== undefined &&
      now >= current.lastExpiredAlertAt + this.policy.expiredReminderMs
    ) {
      current = { ...current, lastExpiredAlertAt: now };
      alerts.push({ alert: alert('expired', expiry.at), after: current });
    }
    return { alerts, final: current };
  }

  /** What the next run at `now` would publish if nothing failed (the state is not touched). */
  predict(now: number, secrets: readonly ObservedSecret[]): ExpectedAlert[] {
    return secrets
      .filter((s) => this.isMonitored(s))
      .flatMap((s) => this.plan(s, this.entryOf(s), this.expiryOf(s), now).alerts.map((p) => p.alert));
  }

  /** Plays one run: `accepted` says whether SNS takes an alert. */
  run(
    now: number,
    secrets: readonly ObservedSecret[],
    accepted: (alert: ExpectedAlert) => boolean,
  ): RunOutcome {
    const sent: ExpectedAlert[] = [];
    const failed: ExpectedAlert[] = [];
    let expectedLookups = 0;
    for (const secret of secrets) {
      if (!this.isMonitored(secret)) continue;
      const entry = this.entryOf(secret);
      const expiry = this.expiryOf(secret);
      const needsVersion = expiry.kind === 'dated' ? expiry.needsVersion : true;
      if (needsVersion && secret.currentVersion?.id !== entry.versionId) expectedLookups++;

      const { alerts, final } = this.plan(secret, entry, expiry, now);
      let recorded = final;
      let nothingRecorded = false;
      for (const [index, { alert }] of alerts.entries()) {
        if (accepted(alert)) {
          sent.push(alert);
          continue;
        }
        failed.push(alert);
        // Nothing after a failed publish is attempted; what was accepted before it is recorded.
        const previous = alerts[index - 1];
        if (previous) recorded = previous.after;
        else nothingRecorded = true;
        break;
      }
      const versionId = needsVersion ? secret.currentVersion?.id : entry.versionId;
      this.ledger.set(secret.arn, nothingRecorded ? entry : { ...recorded, versionId });
    }
    return { sent, failed, expectedLookups };
  }

  /**
   * The moments after `after` at which, by these rules, something becomes due: thresholds,
   * expiries and expired reminders. The simulation schedules some runs exactly on them, or just
   * before, to pin down both sides of each boundary.
   */
  boundariesAfter(after: number, secrets: readonly ObservedSecret[]): number[] {
    const moments: number[] = [];
    for (const secret of secrets) {
      if (!this.isMonitored(secret)) continue;
      const expiry = this.expiryOf(secret);
      if (expiry.kind !== 'dated') continue;
      moments.push(expiry.at, ...this.policy.thresholdsDays.map((days) => expiry.at - days * DAY_MS));
      const entry = this.entryOf(secret);
      if (entry.alertedLevel === 0 && entry.lastExpiredAlertAt !== undefined) {
        moments.push(entry.lastExpiredAlertAt + this.policy.expiredReminderMs);
      }
    }
    return moments.filter((m) => m > after).sort((a, b) => a - b);
  }

  private entryOf(secret: ObservedSecret): LedgerModel {
    return this.ledger.get(secret.arn) ?? { undeterminedReported: false };
  }
}
