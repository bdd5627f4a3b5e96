/**
 * The monthly bill of a synthesized stack for N monitored apps: what the template deploys
 * (inventory.ts), what each function emits (metric-catalog.ts), how often it runs (schedule.ts),
 * and the usage assumptions below, turned into usage (usage.ts, usage-by-kind.ts) and line items
 * (line-items.ts), priced with prices.ts (pricing.ts). Pure functions: no AWS call, no clock.
 */
import type { Inventory } from './inventory';
import type { AddItem } from './line-items';
import { lambdaItems, logItems, metricItems, tableItems } from './line-items';
import type { LineItem, PricedItem } from './pricing';
import { priceItems } from './pricing';
import { usageOf } from './usage-by-kind';

/**
 * What the template cannot say: how the stack is used. Each figure is printed with the estimate;
 * change them here (or copy the script) to price another usage.
 */
export interface Assumption {
  readonly value: number;
  readonly unit: string;
  readonly why: string;
}

export const ASSUMPTIONS = {
  secretsPerApp: { value: 1, unit: 'secret', why: "each app's LWA credentials are one secret" },
  appNameLength: {
    value: 24,
    unit: 'characters',
    why: 'length of an app name, the dimension of the per-app metric (perAppMetrics)',
  },
  ledgerItemBytes: { value: 400, unit: 'bytes', why: "one ledger item per secret (the monitor's record)" },
  coldStartMs: {
    value: 500,
    unit: 'ms',
    why: 'every invocation starts a new execution environment (hourly or rarer: none is kept warm); the INIT phase is billed',
  },
  monitorBaseMs: {
    value: 400,
    unit: 'ms',
    why: 'a monitor run with nothing due: the ListSecrets pages and the ledger Scan, in parallel',
  },
  monitorMsPerSecret: {
    value: 0.3,
    unit: 'ms',
    why: 'per monitored secret, as `npm run bench` measures a steady-state run (2.9 s for 10,000 at 20 ms per AWS call)',
  },
  automationBaseMs: { value: 500, unit: 'ms', why: 'a rotation or live-check run with nothing to do' },
  liveCheckMsPerSecret: {
    value: 600,
    unit: 'ms',
    why: 'per opted-in secret: a token request to LWA and one SP-API call (capped at the function timeout)',
  },
  intakeMs: {
    value: 1500,
    unit: 'ms',
    why: 'one Amazon notification handled (the secret found, tagged or verified)',
  },
  webhookMs: { value: 1000, unit: 'ms', why: 'one alert posted to the configured webhooks' },
  optedInShare: {
    value: 1,
    unit: 'share of apps',
    why: 'apps the live check and rotation act on when their scope is "tagged" (1 = all: an upper bound)',
  },
  notificationsPerCycle: {
    value: 2,
    unit: 'per app per cycle',
    why: "Amazon's expiry notice and the new secret's notification",
  },
  platformLogBytes: {
    value: 350,
    unit: 'bytes',
    why: "Lambda's START, END and REPORT lines of one invocation",
  },
  runLogBytes: {
    value: 1500,
    unit: 'bytes',
    why: "a run's summary log line (monitor, rotation, live check)",
  },
  alertLogBytes: { value: 400, unit: 'bytes', why: 'the "Alert published" log line of one alert' },
  credentialLogBytes: {
    value: 450,
    unit: 'bytes',
    why: 'the "Credential status" log line of one secret, every monitor run (the per-app view of the dashboard)',
  },
  invocationLogBytes: {
    value: 2000,
    unit: 'bytes',
    why: 'log lines of one notification or webhook invocation',
  },
  logCompression: {
    value: 0.15,
    unit: 'stored / ingested',
    why: 'CloudWatch Logs bills stored logs gzip-compressed; JSON lines compress to about this',
  },
  sqsPollsPerMinute: { value: 3, unit: 'per poller', why: "Lambda's 20-second long polls of an empty queue" },
  kmsRequestsPerMessage: {
    value: 2,
    unit: 'requests',
    why: 'per encrypted message (a data key to encrypt, a decrypt to deliver): an upper bound, as keys are reused',
  },
} as const satisfies Record<string, Assumption>;
export type Assumptions = { readonly [K in keyof typeof ASSUMPTIONS]: number };
export const DEFAULT_ASSUMPTIONS: Assumptions = Object.fromEntries(
  Object.entries(ASSUMPTIONS).map(([key, a]) => [key, a.value]),
) as Assumptions;

export interface Estimate {
  readonly apps: number;
  readonly items: readonly PricedItem[];
  readonly totalListUsd: number;
  readonly totalFreeTierUsd: number;
}

/** What the estimate had to assume or leave out for this template, in words. */
export interface Caveats {
  readonly notes: readonly string[];
}

/** Line items for `apps` apps, in the order they are billed (free allowances go to the first). */
export function lineItems(
  inventory: Inventory,
  apps: number,
  a: Assumptions = DEFAULT_ASSUMPTIONS,
): {
  items: LineItem[];
  notes: string[];
} {
  const notes: string[] = [];
  const usage = usageOf(inventory, apps, a, notes);
  const items: LineItem[] = [];
  const add: AddItem = (label, meter, quantity) => {
    if (quantity > 0) items.push({ label, meter, quantity });
  };
  metricItems(usage, inventory, add);
  logItems(usage, inventory, a, add, notes);
  add('KMS keys', 'kmsKey', inventory.kmsKeys.length);
  add('KMS requests', 'kmsRequest', usage.kmsRequests);
  lambdaItems(usage, add);
  tableItems(usage, inventory, apps, a, add, notes);
  add('SNS publishes', 'snsPublish', usage.publishes);
  add('SNS email deliveries', 'snsEmail', usage.emails);
  add('SNS SMS (US price, assumed)', 'smsUs', usage.sms);
  add('SQS requests', 'sqsRequest', usage.sqsRequests);
  add('Secrets Manager API calls', 'secretsManagerCall', usage.secretsManagerCalls);
  add('Secrets the stack creates', 'secret', inventory.secrets);
  add('EventBridge scheduled runs', 'scheduleInvocation', usage.scheduledRuns);

  for (const [type, count] of Object.entries(inventory.unpriced)) {
    notes.push(`${count} × ${type}: not priced (the estimate knows no price for this type)`);
  }
  return { items, notes };
}

export function estimate(
  inventory: Inventory,
  apps: number,
  a: Assumptions = DEFAULT_ASSUMPTIONS,
): Estimate & {
  notes: string[];
} {
  const { items, notes } = lineItems(inventory, apps, a);
  const list = priceItems(items, false);
  const free = priceItems(items, true);
  const priced = items.map((item, i) => ({ ...item, listUsd: list[i]!, freeTierUsd: free[i]! }));
  return {
    apps,
    items: priced,
    totalListUsd: list.reduce((n, x) => n + x, 0),
    totalFreeTierUsd: free.reduce((n, x) => n + x, 0),
    notes,
  };
}
