/**
 * `npm run cost`: the monthly price of the stack at AWS list prices, item by item, for 1, 10, 100
 * and 10,000 apps, with and without the AWS Free Tier. Everything billable is read from the
 * synthesized template; how it is used (runs, alerts, log bytes) comes from the explicit
 * assumptions in scripts/cost/estimate.ts, printed with the figures. Options:
 *   --template <file>   price a synthesized template (e.g. cdk.out/LwaExpiryMonitor.template.json)
 *                       instead of synthesizing the stack here
 *   -c key=value        configuration, as `cdk synth -c` takes it (repeatable); without --template
 *                       the stack is built from cdk.json's context plus these, and, when neither
 *                       names a recipient, with the README's example recipients
 *   --apps 1,10,100     the app counts to price (default 1,10,100,10000)
 *   --json              the estimates as JSON
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { App } from 'aws-cdk-lib';
import { UnknownConfigKeysError, monitorStackFromContext } from '../lib/app-stack';
import { ConfigError } from '../lib/context-config';
import { ASSUMPTIONS, DEFAULT_ASSUMPTIONS, estimate } from './cost/estimate';
import type { Estimate } from './cost/estimate';
import type { Inventory, TemplateJson } from './cost/inventory';
import { inventoryOf } from './cost/inventory';
import { METERS, PRICES_CHECKED, PRICE_PAGES, PRICE_REGION } from './cost/prices';
import { renderAssumptions, renderEstimate, wrap } from './cost/render';

const ROOT = path.resolve(__dirname, '..');
const DEFAULT_APPS = [1, 10, 100, 10_000];
/** The recipients README.md's steps put in cdk.json. */
export const README_RECIPIENTS = { alertEmails: ['you@example.com'], alertPhoneNumbers: ['+15555550100'] };

/** Parses `key=value` pairs as the CDK CLI does: every value a string. */
export function contextPairs(pairs: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      if (at <= 0) throw new Error(`-c ${pair}: expected key=value`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

/**
 * The template `cdk synth` would write for this configuration, synthesized here without
 * bundling (code is not priced) and without cdk-nag (it changes nothing in the template).
 */
export function synthesizeTemplate(context: Record<string, unknown>): {
  template: TemplateJson;
  source: string;
} {
  const cdkJson = JSON.parse(readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  const merged: Record<string, unknown> = { ...cdkJson.context, ...context };
  const named = ['alertEmails', 'alertPhoneNumbers', 'operatorEmails', 'allowNoRecipients'].some(
    (k) => k in merged,
  );
  const source = named
    ? "cdk.json's context and the -c values given"
    : `cdk.json's context and the README's recipients (${README_RECIPIENTS.alertEmails[0]}, ${README_RECIPIENTS.alertPhoneNumbers[0]})`;
  const app = new App({
    context: { ...(named ? {} : README_RECIPIENTS), ...merged, 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: false,
  });
  const stack = monitorStackFromContext(app);
  const template = app.synth().getStackByName(stack.stackName).template as TemplateJson;
  return { template, source };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      template: { type: 'string' },
      context: { type: 'string', short: 'c', multiple: true, default: [] },
      apps: { type: 'string', default: DEFAULT_APPS.join(',') },
      json: { type: 'boolean', default: false },
    },
  });
  const apps = values.apps.split(',').map((a) => Number(a.trim()));
  if (apps.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(`--apps: expected whole numbers of apps separated by commas, got "${values.apps}"`);
  }
  let template: TemplateJson;
  let source: string;
  if (values.template !== undefined) {
    if (values.context.length > 0)
      throw new Error('-c applies to the synthesized stack: not with --template');
    template = JSON.parse(readFileSync(values.template, 'utf8')) as TemplateJson;
    source = values.template;
  } else {
    ({ template, source } = synthesizeTemplate(contextPairs(values.context)));
  }
  const inventory = inventoryOf(template);
  const estimates = apps.map((n) => estimate(inventory, n));
  const notes = [...new Set(estimates.flatMap((e) => e.notes))];

  if (values.json) {
    console.log(
      JSON.stringify(
        {
          template: source,
          prices: { checked: PRICES_CHECKED, region: PRICE_REGION, pages: PRICE_PAGES },
          assumptions: DEFAULT_ASSUMPTIONS,
          estimates: estimates.map(({ notes: _notes, ...e }) => ({
            ...e,
            items: e.items.map((item) => ({
              ...item,
              unit: METERS[item.meter].unit,
              priceTiers: METERS[item.meter].tiers,
            })),
          })),
          notes,
        },
        null,
        2,
      ),
    );
    return;
  }

  console.log(renderReport(inventory, estimates, notes, source));
}

/** What was priced: the template, the prices, and each function with its triggers. */
function pricedLines(inventory: Inventory, source: string): string[] {
  const lines: string[] = [];
  lines.push(wrap(`Monthly price of the stack built from ${source}.`));
  lines.push(
    wrap(
      `AWS list prices of ${PRICE_REGION} checked on ${PRICES_CHECKED}, in USD; "Free tier" takes off the AWS Free ` +
        'Tier allowances that never expire, as if this stack alone used them in the account.',
    ),
  );
  lines.push(
    wrap(
      `From the template: ${inventory.functions.length} functions, ${inventory.alarms.length} alarms, ` +
        `${inventory.dashboards} dashboard(s), ${inventory.kmsKeys.length} customer-managed KMS keys, ` +
        `${inventory.topics.length} topics, ${inventory.queues.length} queues, ${inventory.logGroups.length} log groups.`,
    ),
  );
  for (const f of inventory.functions) {
    const triggers = [
      ...f.schedules,
      ...f.sqsSources.map(
        (q) => `SQS${q.maximumConcurrency ? ` (maximum concurrency ${q.maximumConcurrency})` : ''}`,
      ),
      ...f.topics.map(() => 'SNS'),
    ];
    lines.push(
      wrap(
        `- ${f.kind ?? f.logicalId}: ${f.memoryMb} MB ${f.architecture}, timeout ${f.timeoutSeconds} s` +
          `${f.tracing ? ', X-Ray' : ''}; ${triggers.join(', ') || 'no trigger in the template'}`,
        '    ',
      ),
    );
  }
  return lines;
}

/** The assumptions, what the template did not say, and what is not counted. */
function caveatLines(notes: readonly string[]): string[] {
  const lines: string[] = [];
  lines.push('\nAssumed usage (scripts/cost/estimate.ts):');
  lines.push(renderAssumptions(ASSUMPTIONS, DEFAULT_ASSUMPTIONS));
  lines.push(
    wrap(
      '- alerts: each app is rotated once per cycle (WINDOW_DAYS), after its last threshold alert: one ' +
        'alert per threshold and one "resolved"; SMS only for the severities in the SMS filter policy',
      '    ',
    ),
  );
  if (notes.length > 0) {
    lines.push('\nWhat the template did not say, and how it was priced:');
    for (const note of notes) lines.push(wrap(`- ${note}`, '    '));
  }
  lines.push('\nNot counted:');
  for (const note of [
    'the app secrets themselves ($0.40 a secret-month): they are yours already',
    'KMS key rotation: each key costs $1 more a month after its first yearly rotation, $2 after its second',
    'a US SMS origination number (toll-free or 10DLC) and its registration, billed by AWS End User Messaging',
    'Metrics Insights queries, GetMetricData and Logs Insights queries ($0.005 a GB scanned) while someone views the dashboard; data transfer',
    "failure counters written only when the failure happens (the notification handler's, EventPublishFailures): each is billed for the hours with such a failure, none in a month without",
  ]) {
    lines.push(wrap(`- ${note}`, '    '));
  }
  return lines;
}

/** The text `npm run cost` prints: what was priced, a table per app count, the assumptions, the notes. */
export function renderReport(
  inventory: Inventory,
  estimates: readonly Estimate[],
  notes: readonly string[],
  source: string,
): string {
  return [
    ...pricedLines(inventory, source),
    ...estimates.map((e) => `\n${renderEstimate(e)}`),
    ...caveatLines(notes),
  ].join('\n');
}

if (require.main === module) {
  try {
    main();
  } catch (error: unknown) {
    if (error instanceof ConfigError || error instanceof UnknownConfigKeysError) {
      // The same message `cdk synth` prints for this configuration.
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
