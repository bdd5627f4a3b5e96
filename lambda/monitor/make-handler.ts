import type { Logger } from '@aws-lambda-powertools/logger';
import type { BatchingMetrics } from '../runtime/powertools';
import { logPortOf } from '../runtime/powertools';
import type { Context } from 'aws-lambda';
import { parseIsoDate } from '../domain/iso-date';
import type { MonitorDeps, MonitorSettings, RunSummary } from './run-monitor';
import { runFailed, runMonitor } from './run-monitor';
import { logCredentialStatuses } from './credential-status-log';
import { emitRunMetrics } from './run-metrics';

export interface MonitorHandlerDeps extends Omit<MonitorDeps, 'log'> {
  readonly settings: MonitorSettings;
  readonly logger: Logger;
  readonly metrics: BatchingMetrics;
  /** Also emit `DaysUntilExpiry` per app (the `perAppMetrics` opt-in). */
  readonly perAppMetrics?: boolean;
  /** Wall clock; injected by tests. */
  readonly clock?: () => Date;
}

/** The scheduled event, or anything that names a time to evaluate at. */
export interface MonitorEvent {
  /** EventBridge stamps each scheduled event with the time it was due (ISO-8601). */
  readonly time?: string;
}

export type MonitorResult = Omit<RunSummary, 'reports'>;

/** Thrown after the run finished every secret it could, so Lambda retries and alarms see it. */
export class MonitorRunError extends Error {
  constructor(readonly summary: MonitorResult) {
    super(
      `Monitor run finished with failures: ${summary.publishFailures} publish, ${summary.ledgerFailures} ledger, ` +
        `${summary.lookupFailures} version lookup, ${summary.conflicts} conflict. Unsent alerts are retried on the next run.`,
    );
    this.name = 'MonitorRunError';
  }
}

/**
 * How far back an event's `time` may lie and still be trusted: EventBridge retries a delivery for
 * up to an hour (the target's maximum event age) and Lambda keeps retrying an asynchronous
 * invocation for up to six hours (its default maximum event age), so a genuine retry of a
 * scheduled event is never older than this.
 */
export const EVENT_TIME_MAX_AGE_MS = 6 * 3_600_000;
/** How far ahead of the wall clock an event's `time` may lie: clock skew, not a future date. */
export const EVENT_TIME_MAX_AHEAD_MS = 5 * 60_000;

export interface ChosenTime {
  readonly now: Date;
  /** Why the event's own time was not used, when it named one. */
  readonly distrusted?: string;
}

/**
 * Evaluation time: the event's `time` (the moment the schedule fired, stable across retries of the
 * same event) when it lies within the retry window of the wall clock, else the wall clock. An
 * event time outside that window is not a retry: trusting it would let one invoke with a date
 * weeks ahead send an `expired` alert and record the cycle, so that the real 30/7/1-day alerts
 * were never sent.
 */
export function chooseEvaluationTime(event: MonitorEvent | undefined, clock: () => Date): ChosenTime {
  const wall = clock();
  if (typeof event?.time !== 'string') return { now: wall };
  const parsed = parseIsoDate(event.time);
  if (!parsed.ok)
    return { now: wall, distrusted: `the event time is not an ISO-8601 date (${parsed.reason})` };
  const offset = parsed.date.getTime() - wall.getTime();
  if (offset > EVENT_TIME_MAX_AHEAD_MS) {
    return {
      now: wall,
      distrusted: `the event time is ${Math.round(offset / 60_000)} minutes ahead of the wall clock (at most ${EVENT_TIME_MAX_AHEAD_MS / 60_000} allowed)`,
    };
  }
  if (-offset > EVENT_TIME_MAX_AGE_MS) {
    return {
      now: wall,
      distrusted: `the event time is ${Math.round(-offset / 60_000)} minutes behind the wall clock, older than any retry of a scheduled event (${EVENT_TIME_MAX_AGE_MS / 3_600_000} hours)`,
    };
  }
  return { now: parsed.date };
}

export function evaluationTime(event: MonitorEvent | undefined, clock: () => Date): Date {
  return chooseEvaluationTime(event, clock).now;
}

export function makeHandler(deps: MonitorHandlerDeps) {
  const clock = deps.clock ?? (() => new Date());
  const log = logPortOf(deps.logger);

  return async function handler(
    event: MonitorEvent | undefined,
    context?: Pick<Context, 'awsRequestId'>,
  ): Promise<MonitorResult> {
    const chosen = chooseEvaluationTime(event, clock);
    if (chosen.distrusted !== undefined) {
      log.warn('The event time is not trusted; the run evaluates at the wall clock', {
        eventTime: typeof event?.time === 'string' ? event.time.slice(0, 40) : undefined,
        reason: chosen.distrusted,
      });
    }
    const now = chosen.now;
    const runId = context?.awsRequestId ?? `local-${clock().getTime()}`;
    const summary = await runMonitor(
      { catalog: deps.catalog, ledger: deps.ledger, publisher: deps.publisher, events: deps.events, log },
      deps.settings,
      { now, wallClock: clock, runId },
    );
    const { reports: _reports, ...result } = summary;
    if (summary.ran) {
      const { thresholdsDays } = deps.settings.policy;
      logCredentialStatuses(log, summary.reports, thresholdsDays);
      emitRunMetrics(deps.metrics, summary, { thresholdsDays, perAppMetrics: deps.perAppMetrics ?? false });
    }
    deps.logger.info('Monitor run finished', { summary: result });
    if (runFailed(summary)) throw new MonitorRunError(result);
    return result;
  };
}
