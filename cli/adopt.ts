import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { COMMON_OPTIONS, parseOrUsage } from './args';
import type { AdoptionOutcome } from './adopt-tag';
import { listCandidates } from './adopt-list';
import { adoptOne } from './adopt-tag';
import type { AdoptionRequest } from './adopt-plan';
import { ADOPT_COMMAND, DEFAULT_NAME_PATTERNS, checkRequest, requestsFromCsv } from './adopt-plan';
import { isDone, renderCandidates, renderOutcomes } from './adopt-render';
import type { CommandContext } from './context';
import { settingsFor } from './context';
import { CliError, EXIT, UsageError, describeError } from './errors';
import { plural } from './format';
import type { ResolvedSettings } from './resolve-settings';
import { parseSettingsFlags } from './resolve-settings';
import { ADOPT_HELP } from './usage';

const DEFAULT_CLIENT_ID_FIELD = 'clientId';

function parseAdoptArgs(args: readonly string[]) {
  return parseOrUsage(ADOPT_COMMAND, () =>
    parseArgs({
      args: [...args],
      options: {
        ...COMMON_OPTIONS,
        stack: { type: 'string' },
        'tag-key': { type: 'string' },
        name: { type: 'string', multiple: true },
        'by-field': { type: 'boolean' },
        'client-id-field': { type: 'string' },
        app: { type: 'string' },
        'client-id': { type: 'string' },
        'client-id-from-value': { type: 'boolean' },
        'expires-at': { type: 'string' },
        csv: { type: 'string' },
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
}

type AdoptArgs = ReturnType<typeof parseAdoptArgs>;

/** Refuses flags that do not go together: listing flags when tagging, per-secret flags when not. */
function checkFlagCombination({ values, positionals }: AdoptArgs, tagging: boolean): void {
  const perSecretFlags = ['app', 'client-id', 'expires-at'] as const;
  if (positionals.length > 1) {
    throw new UsageError(
      `Adopt one secret per command, or many with --csv; got ${positionals.length}.`,
      ADOPT_COMMAND,
    );
  }
  if (positionals.length === 1 && values.csv !== undefined) {
    throw new UsageError('Give either a secret or --csv, not both.', ADOPT_COMMAND);
  }
  if (values.csv !== undefined || !tagging) {
    const stray = perSecretFlags.filter((flag) => values[flag] !== undefined);
    if (stray.length > 0) {
      throw new UsageError(
        `--${stray[0]} applies to one secret: name it (lwa-expiry adopt <secret> --${stray[0]} ...)${values.csv !== undefined ? ', or put it in the CSV' : ''}.`,
        ADOPT_COMMAND,
      );
    }
  }
  if (tagging && (values.name !== undefined || values['by-field'])) {
    throw new UsageError(
      '--name and --by-field choose what to list; they do not apply when tagging.',
      ADOPT_COMMAND,
    );
  }
}

/** The requests to carry out: the CSV's lines, the one secret named, or none (listing). */
function readRequests({ values, positionals }: AdoptArgs): AdoptionRequest[] {
  if (values.csv !== undefined) {
    let text: string;
    try {
      text = readFileSync(values.csv, 'utf8');
    } catch (error: unknown) {
      throw new UsageError(
        `Cannot read --csv ${JSON.stringify(values.csv)}: ${describeError(error)}.`,
        ADOPT_COMMAND,
      );
    }
    return requestsFromCsv(text, values.csv, values['client-id-from-value'] ?? false);
  }
  if (positionals.length === 1) {
    return [
      checkRequest({
        secret: positionals[0],
        app: values.app,
        clientId: values['client-id'],
        expiresAt: values['expires-at'],
        clientIdFromValue: values['client-id-from-value'] ?? false,
        origin: '--app/--client-id/--expires-at',
      }),
    ];
  }
  return [];
}

async function listStep(
  ctx: CommandContext,
  { values }: AdoptArgs,
  { settings }: ResolvedSettings,
  field: string,
): Promise<number> {
  const candidates = await listCandidates(
    ctx,
    settings.tagKey,
    settings.region,
    values.name ?? DEFAULT_NAME_PATTERNS,
    values['by-field'] ? field : undefined,
  );
  ctx.io.stdout.write(
    values.json
      ? `${JSON.stringify({ region: settings.region, tagKey: settings.tagKey, secrets: candidates }, null, 2)}\n`
      : renderCandidates(candidates, settings.region, settings.tagKey),
  );
  return EXIT.ok;
}

async function tagStep(
  ctx: CommandContext,
  { values }: AdoptArgs,
  { settings }: ResolvedSettings,
  requests: readonly AdoptionRequest[],
  field: string,
): Promise<number> {
  const dryRun = values['dry-run'] ?? false;
  const outcomes: AdoptionOutcome[] = [];
  // One refused or failed secret never stops the others.
  for (const request of requests) {
    outcomes.push(
      await adoptOne(ctx, request, {
        tagKey: settings.tagKey,
        region: settings.region,
        dryRun,
        clientIdField: field,
      }),
    );
  }
  ctx.io.stdout.write(
    values.json
      ? `${JSON.stringify({ dryRun, secrets: outcomes }, null, 2)}\n`
      : renderOutcomes(outcomes, dryRun),
  );
  if (outcomes.every(isDone)) return EXIT.ok;
  if (outcomes.some((o) => o.result === 'failed')) return EXIT.error;
  throw new CliError(
    `${plural(outcomes.filter((o) => o.result === 'refused').length, 'secret')} refused; see above.`,
  );
}

/**
 * `lwa-expiry adopt`: lists the secrets that look like LWA credentials, and tags them for
 * monitoring from flags or a CSV. It reads a secret value only when asked to look for a field
 * (`--by-field`, `--client-id-from-value`), keeps only whether the field is there (or the client
 * id, to tag it), and never prints one.
 */
export async function adoptCommand(ctx: CommandContext, args: readonly string[]): Promise<number> {
  const parsed = parseAdoptArgs(args);
  const { values, positionals } = parsed;
  if (values.help) {
    ctx.io.stdout.write(ADOPT_HELP);
    return EXIT.ok;
  }
  const settingsFlags = { stack: values.stack, tagKey: values['tag-key'] };
  parseSettingsFlags(settingsFlags, ADOPT_COMMAND);
  const field = values['client-id-field']?.trim() || DEFAULT_CLIENT_ID_FIELD;
  const tagging = positionals.length > 0 || values.csv !== undefined;
  checkFlagCombination(parsed, tagging);
  // Every argument and the CSV are checked before the first AWS call.
  const requests = readRequests(parsed);
  const resolved = await settingsFor(ctx, settingsFlags, ADOPT_COMMAND, false);
  return tagging ? tagStep(ctx, parsed, resolved, requests, field) : listStep(ctx, parsed, resolved, field);
}
