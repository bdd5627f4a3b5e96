import { parseConsoleDate } from './console-date';
import { UsageError } from './errors';

/**
 * What `lwa-expiry adopt` is asked to do, as pure data: one checked request per secret, from
 * flags or a CSV, and the name patterns that choose what to list. No AWS call here.
 */

export const ADOPT_COMMAND = 'adopt';

/** Names that usually hold SP-API app credentials; `--name` replaces them. */
export const DEFAULT_NAME_PATTERNS = ['*lwa*', '*sp-api*', '*spapi*', '*selling-partner*'];
/** An LWA client secret; pasted as a client id by mistake, it must not become a tag. */
const CLIENT_SECRET_PREFIX = 'amzn1.oa2-cs.';

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

/** The client id, trimmed; refused when it is a client secret or not shaped like a client id. */
function checkClientId(raw: string | undefined, origin: string): string | undefined {
  const clientId = raw?.trim() || undefined;
  if (clientId === undefined) return undefined;
  if (clientId.startsWith(CLIENT_SECRET_PREFIX)) {
    // Never echo it: it is a credential.
    invalid(
      origin,
      'the client id given is a client secret (amzn1.oa2-cs...). Give the client id, not the secret.',
    );
  }
  if (!/^[A-Za-z0-9._-]{1,256}$/.test(clientId)) {
    invalid(
      origin,
      'the client id must be the LWA client id, such as amzn1.application-oa2-client.0123abcd.',
    );
  }
  return clientId;
}

/** The expiry as the Developer Console shows it, to ISO-8601; undefined when not given. */
function checkExpiry(raw: string | undefined, origin: string): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const parsed = parseConsoleDate(raw);
  if (!parsed.ok) invalid(origin, `the expiry ${JSON.stringify(raw.trim().slice(0, 40))} ${parsed.reason}.`);
  return parsed.iso;
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
  const clientId = checkClientId(raw.clientId, raw.origin);
  const expiresAt = checkExpiry(raw.expiresAt, raw.origin);
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

/** The header's column names, normalised; refused unless it names secret and app, and nothing unknown. */
function csvColumns(header: readonly string[] | undefined, fileName: string): string[] {
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
  return names;
}

/** Refuses a secret listed twice: the second line would silently overwrite the first. */
function refuseDuplicates(requests: readonly AdoptionRequest[]): void {
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
}

/** Requests from a CSV with a header naming `secret`, `app` and optionally `client_id`, `expires_at`. */
export function requestsFromCsv(
  text: string,
  fileName: string,
  clientIdFromValue: boolean,
): AdoptionRequest[] {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  const names = csvColumns(header, fileName);
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
  refuseDuplicates(requests);
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
