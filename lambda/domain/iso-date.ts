/**
 * Strict ISO-8601 parsing for tag values. `Date.parse` accepts far too much ("yesterday" in some
 * engines, "2026-02-30" rolled over to March), and a wrong expiry date is the one mistake this
 * product cannot afford, so dates are parsed by hand and checked against the calendar.
 */

const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export type ParsedDate = { ok: true; date: Date } | { ok: false; reason: string };

const EXPECTED = 'an ISO-8601 date or date-time such as 2026-05-31 or 2026-05-31T14:00:00Z';

/**
 * Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fff]]` and the same with `Z` or a `±HH:MM` offset.
 * A date without a time means 00:00 UTC of that day; a time without an offset means UTC. Both
 * readings err towards an earlier expiry, never a later one.
 */
export function parseIsoDate(raw: string): ParsedDate {
  const value = raw.trim();
  if (value === '') return { ok: false, reason: `is empty; expected ${EXPECTED}` };
  const match = ISO_PATTERN.exec(value);
  if (!match) return { ok: false, reason: `is not ${EXPECTED}` };
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone = 'Z'] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (year < 2000) return { ok: false, reason: `is in the year ${y}, before any LWA credential existed` };
  if (month < 1 || month > 12) return { ok: false, reason: `has month ${mo}, which does not exist` };
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) {
    return { ok: false, reason: `names day ${d} of a month that has ${daysInMonth} days` };
  }
  if (hour > 23 || minute > 59 || second > 59) return { ok: false, reason: `has an impossible time of day` };
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offH = Number(digits.slice(0, 2));
    const offM = Number(digits.slice(2, 4));
    if (offH > 14 || offM > 59) return { ok: false, reason: `has an impossible UTC offset ${zone}` };
    offsetMinutes = sign * (offH * 60 + offM);
  }
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  const epoch = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  return { ok: true, date: new Date(epoch) };
}

/** `2026-05-31 14:00 UTC`: what people read in emails and SMS. */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 16)} UTC`;
}
