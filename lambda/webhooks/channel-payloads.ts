import { URGENT_AUTOMATION_SEVERITIES } from '../../contract/severities';
import type { ForwardedAlert } from './forwarded-alert';
import type { WebhookChannel } from '../domain/webhook-config';

/**
 * The body each kind of incoming webhook accepts:
 * - Slack: `{ text }` (mrkdwn, `&`, `<`, `>` escaped);
 * - Microsoft Teams (Office 365 connector): a legacy MessageCard with `summary`, `title`, `text`;
 * - Microsoft Teams Workflows ("When a Teams webhook request is received"): a `message` with an
 *   Adaptive Card attachment;
 * - Amazon Chime: `{ Content }`.
 */

/** Characters kept per channel, well inside each service's own limit. */
export const CHANNEL_TEXT_LIMIT: Record<WebhookChannel, number> = {
  slack: 3_500,
  teams: 18_000,
  teamsWorkflows: 18_000,
  chime: 4_000,
};

const TRUNCATION_NOTE = '\n… (shortened; the email alert has the full text)';

export type Urgency = 'urgent' | 'good' | 'warning';

const GOOD = new Set(['resolved', 'rotation-requested', 'new-secret']);
const URGENT = new Set<string>(['expired', ...URGENT_AUTOMATION_SEVERITIES]);
/** Threshold alerts this close to expiry are urgent, as they are for the SMS default. */
const URGENT_THRESHOLD_DAYS = 7;

export function urgencyOf(severity: string | undefined): Urgency {
  if (severity === undefined) return 'warning';
  const threshold = /^(\d+)-day$/.exec(severity);
  if (threshold) return Number(threshold[1]) <= URGENT_THRESHOLD_DAYS ? 'urgent' : 'warning';
  if (URGENT.has(severity)) return 'urgent';
  if (GOOD.has(severity)) return 'good';
  return 'warning';
}

const THEME_COLOR: Record<Urgency, string> = { urgent: 'D13438', good: '2EB886', warning: 'FFA500' };

export function fitText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, Math.max(0, limit - TRUNCATION_NOTE.length))}${TRUNCATION_NOTE}`;
}

function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Teams markdown joins single line breaks: every line becomes its own paragraph. */
function teamsParagraphs(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '')
    .join('\n\n');
}

export function webhookPayload(channel: WebhookChannel, alert: ForwardedAlert): Record<string, unknown> {
  const limit = CHANNEL_TEXT_LIMIT[channel];
  const body = fitText(alert.text.trim(), limit - alert.subject.length - 4);
  const urgency = urgencyOf(alert.severity);
  switch (channel) {
    case 'slack':
      return { text: `*${escapeSlack(alert.subject)}*\n${escapeSlack(body)}` };
    case 'teams':
      return {
        '@type': 'MessageCard',
        '@context': 'https://schema.org/extensions',
        summary: alert.subject,
        themeColor: THEME_COLOR[urgency],
        title: alert.subject,
        text: teamsParagraphs(body),
      };
    case 'teamsWorkflows':
      return {
        type: 'message',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.adaptive',
            contentUrl: null,
            content: {
              $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
              type: 'AdaptiveCard',
              version: '1.4',
              body: [
                {
                  type: 'TextBlock',
                  text: alert.subject,
                  weight: 'Bolder',
                  size: 'Medium',
                  wrap: true,
                  color: urgency === 'urgent' ? 'Attention' : urgency === 'good' ? 'Good' : 'Warning',
                },
                { type: 'TextBlock', text: teamsParagraphs(body), wrap: true },
              ],
            },
          },
        ],
      };
    case 'chime':
      return { Content: `${alert.subject}\n${body}` };
  }
}
