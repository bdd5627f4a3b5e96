import { createHash } from 'node:crypto';

/**
 * The webhook configuration: a JSON document in a Secrets Manager secret, such as
 * `{"slack":["https://hooks.slack.com/services/..."],"teams":[...],"teamsWorkflows":[...],"chime":[...]}`.
 * Webhook URLs are credentials (anyone holding one can post), so nothing here ever echoes one:
 * problems name the channel and the position, targets are identified by host and a hash.
 */

export const WEBHOOK_CHANNELS = ['slack', 'teams', 'teamsWorkflows', 'chime'] as const;
export type WebhookChannel = (typeof WEBHOOK_CHANNELS)[number];

/** More targets than this would make one alert a burst of posts; the rest is reported, not used. */
export const MAX_WEBHOOK_TARGETS = 20;

export interface WebhookTarget {
  readonly channel: WebhookChannel;
  /** The URL: a credential. Never log it, never put it in an error or a metric. */
  readonly url: string;
  /** Host of the URL: safe to log. */
  readonly host: string;
  /** Short hash of the URL: tells targets apart in logs and receipts without revealing them. */
  readonly id: string;
}

export interface WebhookConfig {
  readonly targets: readonly WebhookTarget[];
  /** What was ignored and why; never contains a URL. */
  readonly problems: readonly string[];
}

export class WebhookConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookConfigError';
  }
}

function isChannel(key: string): key is WebhookChannel {
  return (WEBHOOK_CHANNELS as readonly string[]).includes(key);
}

export function targetId(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 12);
}

function parseTarget(channel: WebhookChannel, raw: unknown, where: string): WebhookTarget | string {
  if (typeof raw !== 'string') return `${where} is not a string`;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return `${where} is not a URL`;
  }
  if (url.protocol !== 'https:') return `${where} is not an https URL`;
  if (url.username || url.password) return `${where} carries user credentials, which are not supported`;
  return { channel, url: url.toString(), host: url.host, id: targetId(url.toString()) };
}

/** Parses the secret's JSON; throws a WebhookConfigError (without content) when it is not an object. */
export function parseWebhookConfig(secretString: string): WebhookConfig {
  let document: unknown;
  try {
    document = JSON.parse(secretString);
  } catch {
    // JSON.parse's message quotes the text around the error: that text may be a URL.
    throw new WebhookConfigError(
      'the webhook secret is not JSON; expected an object such as {"slack":["https://..."]}',
    );
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new WebhookConfigError(
      'the webhook secret must be a JSON object such as {"slack":["https://..."]}',
    );
  }
  const targets: WebhookTarget[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [key, value] of Object.entries(document as Record<string, unknown>)) {
    if (!isChannel(key)) {
      problems.push(
        `unknown channel ${JSON.stringify(key.slice(0, 40))} ignored; expected ${WEBHOOK_CHANNELS.join(', ')}`,
      );
      continue;
    }
    const entries: unknown[] = Array.isArray(value) ? value : [value];
    entries.forEach((entry, index) => {
      const parsed = parseTarget(key, entry, `${key}[${index}]`);
      if (typeof parsed === 'string') {
        problems.push(`${parsed}; ignored`);
        return;
      }
      if (seen.has(parsed.url)) {
        problems.push(`${key}[${index}] repeats a URL already listed; ignored`);
        return;
      }
      if (targets.length >= MAX_WEBHOOK_TARGETS) {
        problems.push(`${key}[${index}] ignored: at most ${MAX_WEBHOOK_TARGETS} webhooks are supported`);
        return;
      }
      seen.add(parsed.url);
      targets.push(parsed);
    });
  }
  return { targets, problems };
}
