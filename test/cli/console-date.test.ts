import { globMatches, parseCsv } from '../../cli/adopt-plan';
import { parseConsoleDate } from '../../cli/console-date';

describe('parseConsoleDate: the expiry as a person copies it', () => {
  it.each([
    ['2026-05-30', '2026-05-30T00:00:00Z'],
    ['2026-05-30T09:30:00Z', '2026-05-30T09:30:00Z'],
    ['2026-05-30T11:30:00+02:00', '2026-05-30T09:30:00Z'],
    ['May 30, 2026', '2026-05-30T00:00:00Z'],
    ['Sep. 3, 2026', '2026-09-03T00:00:00Z'],
    ['30 May 2026 09:30 UTC', '2026-05-30T09:30:00Z'],
    ['May 30, 2026, 9:30 GMT', '2026-05-30T09:30:00Z'],
    ['  november   4 2026 ', '2026-11-04T00:00:00Z'],
    ['2026/05/30', '2026-05-30T00:00:00Z'],
  ])('reads %p as %p', (raw, iso) => {
    expect(parseConsoleDate(raw)).toEqual({ ok: true, date: new Date(iso), iso });
  });

  it.each([
    ['05/06/2026', /ambiguous/],
    ['30.05.2026', /ambiguous/],
    ['Feb 30, 2026', /names day 30 of a month that has 28 days/],
    ['Mayo 30, 2026', /is not a date such as/],
    ['Ma 30, 2026', /is not a date such as/],
    ['tomorrow', /is not a date such as/],
    ['May 30, 2026 25:00', /impossible time/],
  ])('refuses %p', (raw, reason) => {
    const parsed = parseConsoleDate(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});

describe('parseCsv: RFC 4180 fields', () => {
  it('reads quoted commas, doubled quotes, CRLF and a last line without an end', () => {
    expect(parseCsv('a,"b, c","say ""hi"""\r\n\r\nx,,z')).toEqual([
      ['a', 'b, c', 'say "hi"'],
      ['x', '', 'z'],
    ]);
  });
});

describe('globMatches: * and ? over the whole name, case-insensitive', () => {
  it.each([
    ['*sp-api*', 'prod/SP-API/acme', true],
    ['prod/*', 'prod/a/b', true],
    ['prod/?', 'prod/ab', false],
    ['*lwa', 'lwa-old', false],
    ['a.b', 'axb', false],
  ])('%p against %p is %p', (pattern, name, expected) => {
    expect(globMatches(pattern, name)).toBe(expected);
  });
});
