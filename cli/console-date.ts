import { parseIsoDate } from '../lambda/domain/iso-date';

/**
 * An expiry typed in as the Developer Console or Amazon's email shows it: ISO-8601, or a date
 * with the month written out (`May 30, 2026`, `30 May 2026`, optionally a time and `UTC`/`GMT`),
 * or `2026/05/30`. All-numeric day/month orders (`05/06/2026`) are refused: whether that is
 * May or June depends on the locale, and a wrong guess moves the alert by a month.
 */

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

export const CONSOLE_DATE_EXPECTED =
  'a date such as 2026-05-30, 2026-05-30T09:30:00Z, "May 30, 2026" or "30 May 2026 09:30 UTC"';

function monthNumber(word: string): number | undefined {
  const lower = word.toLowerCase().replace(/\.$/, '');
  if (lower.length < 3) return undefined;
  const index = MONTHS.findIndex(
    (month) => month.startsWith(lower) && (lower.length === 3 || month === lower),
  );
  return index === -1 ? undefined : index + 1;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The ISO-8601 text for a day and optional time, checked by the strict parser afterwards. */
function isoOf(year: number, month: number, day: number, time?: string): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}${time ? `T${time}Z` : ''}`;
}

export type ConsoleDate = { ok: true; date: Date; iso: string } | { ok: false; reason: string };

/** Parses the expiry and returns it as the `lwa:expires-at` value to store (ISO-8601, UTC). */
export function parseConsoleDate(raw: string): ConsoleDate {
  const text = raw.trim().replace(/\s+/g, ' ');
  let iso: string | undefined;
  const strict = parseIsoDate(text);
  if (strict.ok) iso = text;
  // Shaped like ISO-8601 but not a real date (2026-02-30): the strict parser says exactly why.
  else if (/^\d{4}-\d{2}-\d{2}/.test(text)) return strict;
  const time = '(?:,? (?:at )?(\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?(?: (?:UTC|GMT|Z))?';
  const monthFirst = new RegExp(`^([A-Za-z]+\\.?) (\\d{1,2}),? (\\d{4})${time}$`).exec(text);
  const dayFirst = new RegExp(`^(\\d{1,2}) ([A-Za-z]+\\.?),? (\\d{4})${time}$`).exec(text);
  const slashed = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(text);
  const timeOf = (h?: string, m?: string, s?: string) =>
    h === undefined ? undefined : `${pad(Number(h))}:${m ?? '00'}:${s ?? '00'}`;
  if (!iso && monthFirst) {
    const month = monthNumber(monthFirst[1] ?? '');
    if (month)
      iso = isoOf(
        Number(monthFirst[3]),
        month,
        Number(monthFirst[2]),
        timeOf(monthFirst[4], monthFirst[5], monthFirst[6]),
      );
  }
  if (!iso && dayFirst) {
    const month = monthNumber(dayFirst[2] ?? '');
    if (month)
      iso = isoOf(
        Number(dayFirst[3]),
        month,
        Number(dayFirst[1]),
        timeOf(dayFirst[4], dayFirst[5], dayFirst[6]),
      );
  }
  if (!iso && slashed) iso = isoOf(Number(slashed[1]), Number(slashed[2]), Number(slashed[3]));
  if (!iso) {
    if (/^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$/.test(text)) {
      return {
        ok: false,
        reason: `is ambiguous (day and month could be either way round); expected ${CONSOLE_DATE_EXPECTED}`,
      };
    }
    return { ok: false, reason: `is not ${CONSOLE_DATE_EXPECTED}` };
  }
  const parsed = parseIsoDate(iso);
  if (!parsed.ok) return parsed;
  return { ok: true, date: parsed.date, iso: parsed.date.toISOString().replace(/\.000Z$/, 'Z') };
}
