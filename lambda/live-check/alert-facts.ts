import { formatUtc } from '../domain/iso-date';
import { PROBE_OPERATIONS } from '../domain/sp-api-operations';
import type { CheckResult, LwaAnswer, SpApiAnswer } from './live-check-policy';

/** What every live-check alert says about the check: the app, the secret, and the answers. */

export interface LiveCheckAlertContext {
  readonly appName: string;
  readonly secretName: string;
  readonly region: string;
  readonly now: Date;
  readonly result: CheckResult;
  /** Days until the secret's expiry; 0 when it is rejected (access is lost now). */
  readonly daysLeft: number;
  readonly realertHours: number;
  /** The owner the alert is routed to (attribute `owner`), when the secret's `lwa:owner` tag names one. */
  readonly owner?: string;
}

function lwaLine(answer: LwaAnswer): string {
  return `LWA answer:     HTTP ${answer.status} ${answer.error}${answer.description ? ` (${answer.description})` : ''}`;
}

function spApiLines(answer: SpApiAnswer): string[] {
  const lines = [
    `SP-API call:    ${answer.operation} (GET ${PROBE_OPERATIONS[answer.operation].path})`,
    `SP-API answer:  HTTP ${answer.status}${answer.error.code ? ` ${answer.error.code}` : ''}`,
  ];
  if (answer.error.message) lines.push(`Message:        ${answer.error.message}`);
  if (answer.error.details) lines.push(`Details:        ${answer.error.details}`);
  if (answer.requestId) lines.push(`Request id:     ${answer.requestId}`);
  return lines;
}

export function facts(ctx: LiveCheckAlertContext): string[] {
  const lines = [
    `App:            ${ctx.appName}`,
    `Secret:         ${ctx.secretName}`,
    `Region:         ${ctx.region}`,
    `Checked at:     ${formatUtc(ctx.now)}`,
  ];
  const r = ctx.result;
  if ('lwa' in r) lines.push(lwaLine(r.lwa));
  if ('spApi' in r) lines.push(...spApiLines(r.spApi));
  if (r.state === 'malformed') lines.push(`Problem:        ${r.detail}`);
  return lines;
}

export function repeatNote(ctx: LiveCheckAlertContext): string {
  return `You are reminded every ${ctx.realertHours} hours while the problem lasts, and told once when it is gone.`;
}
