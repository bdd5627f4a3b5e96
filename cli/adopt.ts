import type { DescribeSecretCommandOutput, SecretListEntry } from '@aws-sdk/client-secrets-manager';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  TagResourceCommand,
} from '@aws-sdk/client-secrets-manager';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CLIENT_ID_TAG, EXPIRES_AT_TAG } from '../contract/tags';
import { COMMON_OPTIONS, parseOrUsage } from './args';
import { parseConsoleDate } from './console-date';
import type { CommandContext } from './context';
import { settingsFor } from './context';
import { CliError, EXIT, UsageError, describeError, isErrorLike } from './errors';
import { commandLines, plural, printable, renderTableOrBlocks, wrapText } from './format';
import { parseSettingsFlags } from './resolve-settings';
import { ADOPT_HELP } from './usage';

export const ADOPT_COMMAND = 'adopt';

/** Names that usually hold SP-API app credentials; `--name` replaces them. */
export const DEFAULT_NAME_PATTERNS = ['*lwa*', '*sp-api*', '*spapi*', '*selling-partner*'];
const DEFAULT_CLIENT_ID_FIELD = 'clientId';
/** An LWA client secret; pasted as a client id by mistake, it must not become a tag. */
const CLIENT_SECRET_PREFIX = 'amzn1.oa2-cs.';

// ------------------------------------------------------------------ the plan, as pure data

/** What to put on one secret: the app tag, and the other two when given. */
export interface AdoptionRequest {
  readonly secret: string;
  readonly app: string;
  readonly clientId?: string;
  /** Read the client id from the secret's JSON field instead (never printed). */
  readonly clientIdFromValue?: boolean;
  /** ISO-8601 value for lwa:expires-at. */
  readonly expiresAt?: string;
  /** Where the request came from, for messages: `--app` or `adopt.csv line 3`. */
  readonly origin: string;
}

function invalid(origin: string, what: string): never {
  throw new UsageError(`${origin}: ${what}`, ADOPT_COMMAND);
}

/** Checks one request's values before any AWS call; errors name where the value came from. */
export function checkRequest(raw: {
  secret?: string;
  app?: string;
  clientId?: string;
  expiresAt?: string;
  clientIdFromValue?: boolean;
  origin: string;
}): AdoptionRequest {
  const secret = raw.secret?.trim() ?? '';
  if (secret === '') invalid(raw.origin, 'the secret (name or ARN) is missing.');
  const app = raw.app?.trim() ?? '';
  if (app === '') invalid(raw.origin, 'the app name is missing: the monitor names the app in every alert.');
  // eslint-disable-next-line no-control-regex
  if (app.length > 256 || /[\u0000-\u001f\u007f]/.test(app)) {
    invalid(raw.origin, 'the app name must be at most 256 printable characters.');
  }
  const clientId = raw.clientId?.trim() || undefined;
  if (clientId !== undefined) {
    if (clientId.startsWith(CLIENT_SECRET_PREFIX)) {
      // Never echo it: it is a credential.
      invalid(
        raw.origin,
        'the client id given is a client secret (amzn1.oa2-cs...). Give the client id, not the secret.',
      );
    }
    if (!/^[A-Za-z0-9._-]{1,256}$/.test(clientId)) {
      invalid(
        raw.origin,
        'the client id must be the LWA client id, such as amzn1.application-oa2-client.0123abcd.',
      );
    }
  }
  let expiresAt: string | undefined;
  if (raw.expiresAt !== undefined && raw.expiresAt.trim() !== '') {
    const parsed = parseConsoleDate(raw.expiresAt);
    if (!parsed.ok)
      invalid(
        raw.origin,
        `the expiry ${JSON.stringify(raw.expiresAt.trim().slice(0, 40))} ${parsed.reason}.`,
      );
    expiresAt = parsed.iso;
  }
  return {
    secret,
    app,
    clientId,
    clientIdFromValue: raw.clientIdFromValue && clientId === undefined,
    expiresAt,
    origin: raw.origin,
  };
}

/** RFC 4180 fields: commas, double quotes doubled inside quoted fields, CRLF or LF line ends. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (quoted) throw new UsageError('the CSV file ends inside a quoted field.', ADOPT_COMMAND);
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((cell) => cell.trim() !== ''));
}

const CSV_COLUMNS = ['secret', 'app', 'client_id', 'expires_at'] as const;

/** Requests from a CSV with a header naming `secret`, `app` and optionally `client_id`, `expires_at`. */
export function requestsFromCsv(
  text: string,
  fileName: string,
  clientIdFromValue: boolean,
): AdoptionRequest[] {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  if (!header)
    throw new UsageError(`${fileName} is empty; expected a header: ${CSV_COLUMNS.join(',')}.`, ADOPT_COMMAND);
  const names = header.map((h) => h.trim().toLowerCase().replace(/-/g, '_'));
  const unknown = names.filter((n) => !(CSV_COLUMNS as readonly string[]).includes(n));
  if (unknown.length > 0 || !names.includes('secret') || !names.includes('app')) {
    throw new UsageError(
      `${fileName} line 1: expected a header with the columns secret and app, and optionally client_id and expires_at` +
        (unknown.length > 0 ? `; unknown: ${unknown.join(', ')}` : '') +
        '.',
      ADOPT_COMMAND,
    );
  }
  const column = (row: string[], name: (typeof CSV_COLUMNS)[number]) => {
    const index = names.indexOf(name);
    return index === -1 ? undefined : row[index];
  };
  const requests = rows.map((row, i) =>
    checkRequest({
      secret: column(row, 'secret'),
      app: column(row, 'app'),
      clientId: column(row, 'client_id'),
      expiresAt: column(row, 'expires_at'),
      clientIdFromValue,
      origin: `${fileName} line ${i + 2}`,
    }),
  );
  const seen = new Map<string, string>();
  for (const request of requests) {
    const earlier = seen.get(request.secret);
    if (earlier)
      throw new UsageError(
        `${request.origin}: ${request.secret} is listed twice (also ${earlier}).`,
        ADOPT_COMMAND,
      );
    seen.set(request.secret, request.origin);
  }
  if (requests.length === 0)
    throw new UsageError(`${fileName} lists no secret below its header.`, ADOPT_COMMAND);
  return requests;
}

/** `*` any run of characters, `?` one; case-insensitive, over the whole name. */
export function globMatches(pattern: string, name: string): boolean {
  const body = pattern
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'is').test(name);
}

// ------------------------------------------------------------------ AWS side

function tagsOf(tags: { Key?: string; Value?: string }[] | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) result[tag.Key] = tag.Value ?? '';
  return result;
}

/** The value of a JSON field of the secret's current value; the value itself goes no further. */
async function clientIdField(
  ctx: CommandContext,
  secretArn: string,
  field: string,
): Promise<string | undefined> {
  const { SecretString } = await ctx.clients.secretsManager.send(
    new GetSecretValueCommand({ SecretId: secretArn }),
  );
  if (SecretString === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(SecretString);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const value = (parsed as Record<string, unknown>)[field];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  } catch {
    return undefined;
  }
}

export interface Candidate {
  readonly secret: string;
  readonly state: 'monitored' | 'candidate';
  readonly why: string;
}

async function listCandidates(
  ctx: CommandContext,
  tagKey: string,
  region: string,
  patterns: readonly string[],
  byField: string | undefined,
): Promise<Candidate[]> {
  const entries: SecretListEntry[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ctx.clients.secretsManager.send(
      new ListSecretsCommand({ NextToken: nextToken, MaxResults: 100 }),
    );
    entries.push(...(page.SecretList ?? []));
    nextToken = page.NextToken;
  } while (nextToken);
  const candidates: Candidate[] = [];
  for (const entry of entries) {
    const name = entry.Name ?? entry.ARN ?? '?';
    if (entry.DeletedDate !== undefined) continue;
    if (entry.PrimaryRegion !== undefined && entry.PrimaryRegion !== region) continue;
    const tags = tagsOf(entry.Tags);
    if (Object.hasOwn(tags, tagKey)) {
      candidates.push({
        secret: name,
        state: 'monitored',
        why: `tagged ${tagKey}=${JSON.stringify(tags[tagKey])}`,
      });
      continue;
    }
    const pattern = patterns.find((p) => globMatches(p, name));
    if (pattern) {
      candidates.push({ secret: name, state: 'candidate', why: `name matches ${pattern}` });
    } else if (byField !== undefined && entry.ARN !== undefined) {
      try {
        if ((await clientIdField(ctx, entry.ARN, byField)) !== undefined) {
          candidates.push({ secret: name, state: 'candidate', why: `its value has a ${byField} field` });
        }
      } catch (error: unknown) {
        // Access denied on one secret (a KMS key, a resource policy) must not hide the others.
        candidates.push({
          secret: name,
          state: 'candidate',
          why: `unknown: could not read its value (${describeError(error)})`,
        });
      }
    }
  }
  return candidates.sort((a, b) =>
    a.state === b.state ? a.secret.localeCompare(b.secret) : a.state === 'candidate' ? -1 : 1,
  );
}

export interface AdoptionOutcome {
  readonly secret: string;
  readonly origin: string;
  readonly result: 'tagged' | 'would tag' | 'refused' | 'failed';
  /** Tags set (or that would be); a client id read from the value is shown as such, never itself. */
  readonly tags: Readonly<Record<string, string>>;
  readonly message?: string;
}

async function adoptOne(
  ctx: CommandContext,
  request: AdoptionRequest,
  options: { tagKey: string; region: string; dryRun: boolean; clientIdField: string },
): Promise<AdoptionOutcome> {
  const base = { secret: request.secret, origin: request.origin };
  let described: DescribeSecretCommandOutput;
  try {
    described = await ctx.clients.secretsManager.send(
      new DescribeSecretCommand({ SecretId: request.secret }),
    );
  } catch (error: unknown) {
    if (isErrorLike(error) && error.name === 'ResourceNotFoundException') {
      return { ...base, result: 'refused', tags: {}, message: `no such secret in ${options.region}` };
    }
    return { ...base, result: 'failed', tags: {}, message: describeError(error) };
  }
  const name = described.Name ?? request.secret;
  if (described.DeletedDate !== undefined) {
    return {
      ...base,
      secret: name,
      result: 'refused',
      tags: {},
      message: 'scheduled for deletion; restore it first',
    };
  }
  if (described.PrimaryRegion !== undefined && described.PrimaryRegion !== options.region) {
    return {
      ...base,
      secret: name,
      result: 'refused',
      tags: {},
      message: `a replica; adopt its primary in ${described.PrimaryRegion} (--region ${described.PrimaryRegion})`,
    };
  }
  const current = tagsOf(described.Tags);
  const existingApp = current[options.tagKey];
  if (existingApp !== undefined && existingApp.trim() !== request.app) {
    return {
      ...base,
      secret: name,
      result: 'refused',
      tags: {},
      message: `already tagged ${options.tagKey}=${JSON.stringify(existingApp)}, not ${JSON.stringify(request.app)}; change that tag by hand if it is wrong`,
    };
  }
  const tags: Record<string, string> = { [options.tagKey]: request.app };
  const shown: Record<string, string> = { [options.tagKey]: request.app };
  if (request.clientId !== undefined) {
    tags[CLIENT_ID_TAG] = request.clientId;
    shown[CLIENT_ID_TAG] = request.clientId;
  } else if (request.clientIdFromValue) {
    try {
      const fromValue = await clientIdField(ctx, described.ARN ?? request.secret, options.clientIdField);
      if (fromValue === undefined) {
        return {
          ...base,
          secret: name,
          result: 'refused',
          tags: {},
          message: `its value has no ${options.clientIdField} field; give the client id with --client-id or a client_id column`,
        };
      }
      tags[CLIENT_ID_TAG] = fromValue;
      shown[CLIENT_ID_TAG] = `(from the ${options.clientIdField} field of its value)`;
    } catch (error: unknown) {
      return {
        ...base,
        secret: name,
        result: 'failed',
        tags: {},
        message: `could not read its value: ${describeError(error)}`,
      };
    }
  }
  if (request.expiresAt !== undefined) {
    tags[EXPIRES_AT_TAG] = request.expiresAt;
    shown[EXPIRES_AT_TAG] = request.expiresAt;
  }
  if (options.dryRun) return { ...base, secret: name, result: 'would tag', tags: shown };
  try {
    await ctx.clients.secretsManager.send(
      new TagResourceCommand({
        SecretId: described.ARN ?? request.secret,
        Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
  } catch (error: unknown) {
    return { ...base, secret: name, result: 'failed', tags: {}, message: describeError(error) };
  }
  return { ...base, secret: name, result: 'tagged', tags: shown };
}

// ------------------------------------------------------------------ output

function renderCandidates(candidates: readonly Candidate[], region: string, tagKey: string): string {
  const lines: string[] = [];
  if (candidates.length === 0) {
    lines.push(`No secret in ${region} is tagged ${tagKey} or looks like LWA credentials.`);
    lines.push('Widen the search with --name <glob> (e.g. --name "prod/*") or --by-field (reads values).');
  } else {
    lines.push(
      renderTableOrBlocks(
        ['SECRET', 'STATE', 'WHY'],
        candidates.map((c) => [c.secret, c.state, c.why].map(printable)),
      ),
    );
    const open = candidates.filter((c) => c.state === 'candidate').length;
    lines.push(
      '',
      `${plural(open, 'candidate')} to adopt, ${candidates.length - open} monitored already, in ${region}.`,
    );
  }
  lines.push(
    '',
    'Adopt one (the expiry as the Developer Console shows it, under LWA credentials > View):',
    ...commandLines(
      'lwa-expiry adopt <secret> --app "<app name>" --client-id <LWA client id> --expires-at "<expiry>" --dry-run',
    ),
    'or many from a CSV with the columns secret,app,client_id,expires_at:',
    ...commandLines('lwa-expiry adopt --csv adopt.csv --dry-run'),
    'then run the same without --dry-run.',
  );
  return `${wrapText(lines.join('\n'))}\n`;
}

function tagsText(tags: Readonly<Record<string, string>>): string {
  return Object.entries(tags)
    .map(([key, value]) => `${key}=${value.startsWith('(') ? value : JSON.stringify(value)}`)
    .join(', ');
}

function renderOutcomes(outcomes: readonly AdoptionOutcome[], dryRun: boolean): string {
  const rows = outcomes.map((o) => [o.secret, o.result, o.message ?? tagsText(o.tags)].map(printable));
  const lines = [renderTableOrBlocks(['SECRET', 'RESULT', 'TAGS'], rows), ''];
  const done = outcomes.filter((o) => o.result === 'tagged' || o.result === 'would tag').length;
  const notDone = outcomes.length - done;
  lines.push(
    dryRun
      ? `Dry run: ${plural(done, 'secret')} would be tagged${notDone > 0 ? `, ${notDone} not` : ''}. Nothing was changed.`
      : `${plural(done, 'secret')} tagged${notDone > 0 ? `, ${notDone} not` : ''}.`,
  );
  const withoutExpiry = outcomes.filter(
    (o) => (o.result === 'tagged' || o.result === 'would tag') && !o.tags[EXPIRES_AT_TAG],
  );
  if (withoutExpiry.length > 0) {
    lines.push(
      `Without ${EXPIRES_AT_TAG}, ${withoutExpiry.length === 1 ? 'its expiry is' : 'their expiries are'} only estimated from the creation of the AWSCURRENT version; ` +
        'give --expires-at (an expires_at column) to make it exact.',
    );
  }
  const withoutClientId = outcomes.filter(
    (o) => (o.result === 'tagged' || o.result === 'would tag') && !o.tags[CLIENT_ID_TAG],
  );
  if (withoutClientId.length > 0) {
    lines.push(
      `Without ${CLIENT_ID_TAG}, Amazon's notifications cannot be matched to ${withoutClientId.length === 1 ? 'it' : 'them'}.`,
    );
  }
  if (!dryRun && done > 0)
    lines.push('Run lwa-expiry status to see them; the monitor picks them up on its next run.');
  return `${wrapText(lines.join('\n'))}\n`;
}

// ------------------------------------------------------------------ the command

/**
 * `lwa-expiry adopt`: lists the secrets that look like LWA credentials, and tags them for
 * monitoring from flags or a CSV. It reads a secret value only when asked to look for a field
 * (`--by-field`, `--client-id-from-value`), keeps only whether the field is there (or the client
 * id, to tag it), and never prints one.
 */
export async function adoptCommand(ctx: CommandContext, args: readonly string[]): Promise<number> {
  const { values, positionals } = parseOrUsage(ADOPT_COMMAND, () =>
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
  if (values.help) {
    ctx.io.stdout.write(ADOPT_HELP);
    return EXIT.ok;
  }
  const settingsFlags = { stack: values.stack, tagKey: values['tag-key'] };
  parseSettingsFlags(settingsFlags, ADOPT_COMMAND);
  const field = values['client-id-field']?.trim() || DEFAULT_CLIENT_ID_FIELD;
  const tagging = positionals.length > 0 || values.csv !== undefined;
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

  let requests: AdoptionRequest[] = [];
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
    requests = requestsFromCsv(text, values.csv, values['client-id-from-value'] ?? false);
  } else if (positionals.length === 1) {
    requests = [
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

  const { settings } = await settingsFor(ctx, settingsFlags, ADOPT_COMMAND, false);
  if (!tagging) {
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
  if (outcomes.every((o) => o.result === 'tagged' || o.result === 'would tag')) return EXIT.ok;
  if (outcomes.some((o) => o.result === 'failed')) return EXIT.error;
  throw new CliError(
    `${plural(outcomes.filter((o) => o.result === 'refused').length, 'secret')} refused; see above.`,
  );
}
