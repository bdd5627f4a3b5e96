import fc from 'fast-check';
import { formatUtc, parseIsoDate } from '../../../lambda/domain/iso-date';

function parsedIso(raw: string): string {
  const parsed = parseIsoDate(raw);
  if (!parsed.ok) throw new Error(`expected ${JSON.stringify(raw)} to parse, got: ${parsed.reason}`);
  return parsed.date.toISOString();
}

function rejection(raw: string): string {
  const parsed = parseIsoDate(raw);
  if (parsed.ok) throw new Error(`expected ${JSON.stringify(raw)} to be rejected`);
  return parsed.reason;
}

describe('parseIsoDate: accepts the ISO-8601 forms people put in tags', () => {
  it.each([
    ['2026-05-31', '2026-05-31T00:00:00.000Z'],
    ['2026-05-31T14:00', '2026-05-31T14:00:00.000Z'],
    ['2026-05-31T14:00:07', '2026-05-31T14:00:07.000Z'],
    ['2026-05-31T14:00:07Z', '2026-05-31T14:00:07.000Z'],
    ['2026-05-31 14:00:07Z', '2026-05-31T14:00:07.000Z'],
    ['  2026-05-31T14:00:00Z  ', '2026-05-31T14:00:00.000Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['2000-01-01', '2000-01-01T00:00:00.000Z'],
  ])('GIVEN %j WHEN parsed THEN it is %s', (raw, expected) => {
    // Act / Assess
    expect(parsedIso(raw)).toBe(expected);
  });

  it.each([
    ['2026-05-31T16:30:00+02:00', '2026-05-31T14:30:00.000Z'],
    ['2026-05-31T08:00:00-05:30', '2026-05-31T13:30:00.000Z'],
    ['2026-05-31T16:30:00+0200', '2026-05-31T14:30:00.000Z'],
    ['2026-01-01T01:00:00+02:00', '2025-12-31T23:00:00.000Z'],
    ['2026-12-31T22:00:00-03:00', '2027-01-01T01:00:00.000Z'],
    ['2026-05-31T14:00:00+14:00', '2026-05-31T00:00:00.000Z'],
    ['2026-05-31T14:00:00-00:00', '2026-05-31T14:00:00.000Z'],
  ])('GIVEN the offset form %j WHEN parsed THEN it is converted to UTC %s', (raw, expected) => {
    // Act / Assess
    expect(parsedIso(raw)).toBe(expected);
  });

  it.each([
    ['2026-05-31T14:00:00.5Z', '2026-05-31T14:00:00.500Z'],
    ['2026-05-31T14:00:00.12Z', '2026-05-31T14:00:00.120Z'],
    ['2026-05-31T14:00:00.123456789Z', '2026-05-31T14:00:00.123Z'],
    ['2026-05-31T14:00:00.999+01:00', '2026-05-31T13:00:00.999Z'],
  ])(
    'GIVEN the fractional seconds %j WHEN parsed THEN milliseconds are kept, finer digits dropped',
    (raw, expected) => {
      // Act / Assess
      expect(parsedIso(raw)).toBe(expected);
    },
  );
});

describe('parseIsoDate: rejects what is not a real calendar date, with a reason', () => {
  it.each([
    ['2026-02-30', /day 30 of a month that has 28 days/],
    ['2026-02-29', /day 29 of a month that has 28 days/],
    ['2026-04-31T00:00:00Z', /day 31 of a month that has 30 days/],
    ['2026-05-00', /day 00/],
    ['2026-13-01', /month 13/],
    ['2026-00-10', /month 00/],
    ['2026-05-31T25:00:00Z', /impossible time of day/],
    ['2026-05-31T24:00:00Z', /impossible time of day/],
    ['2026-05-31T23:60:00Z', /impossible time of day/],
    ['2026-05-31T23:59:60Z', /impossible time of day/],
    ['2026-05-31T14:00:00+15:00', /impossible UTC offset/],
    ['2026-05-31T14:00:00+02:60', /impossible UTC offset/],
    ['1999-12-31', /year 1999/],
    ['0001-01-01', /year 0001/],
  ])('GIVEN %j WHEN parsed THEN it is rejected (%s)', (raw, reason) => {
    // Act / Assess
    expect(rejection(raw)).toMatch(reason);
  });

  it.each([
    'yesterday',
    'May 31, 2026',
    '31/05/2026',
    '2026-5-31',
    '2026/05/31',
    '20260531',
    '2026-05-31T14',
    '2026-05-31T14:00:00ZZ',
    '2026-05-31T14:00:00 UTC',
    '2026-05-31T14:00:00.Z',
    '1780236000000',
    '+2026-05-31',
  ])('GIVEN the non-ISO text %j WHEN parsed THEN it is rejected as not ISO-8601', (raw) => {
    // Act / Assess
    expect(rejection(raw)).toMatch(/^is not an ISO-8601 date or date-time/);
  });

  it.each(['', '   ', '\t\n'])('GIVEN the blank value %j WHEN parsed THEN it is rejected as empty', (raw) => {
    // Act / Assess
    expect(rejection(raw)).toMatch(/^is empty/);
  });
});

describe('parseIsoDate: reads back every instant it could be given', () => {
  it('GIVEN any millisecond instant between 2000 and 2200 WHEN its toISOString is parsed THEN the same instant returns', () => {
    // Prepare
    const instants = fc.date({
      min: new Date('2000-01-01T00:00:00.000Z'),
      max: new Date('2200-01-01T00:00:00.000Z'),
      noInvalidDate: true,
    });
    // Act / Assess
    fc.assert(
      fc.property(instants, (instant) => {
        const parsed = parseIsoDate(instant.toISOString());
        return parsed.ok && parsed.date.getTime() === instant.getTime();
      }),
      { numRuns: 300 },
    );
  });
});

describe('formatUtc: shows a date the way people read it in an alert', () => {
  it('GIVEN an instant WHEN formatted THEN it is "YYYY-MM-DD HH:MM UTC", seconds dropped', () => {
    // Act / Assess
    expect(formatUtc(new Date('2026-05-31T14:07:59.999Z'))).toBe('2026-05-31 14:07 UTC');
  });

  it('GIVEN an instant parsed from an offset WHEN formatted THEN it is shown in UTC', () => {
    // Prepare
    const parsed = parseIsoDate('2026-06-01T01:30:00+02:00');
    if (!parsed.ok) throw new Error(parsed.reason);
    // Act / Assess
    expect(formatUtc(parsed.date)).toBe('2026-05-31 23:30 UTC');
  });
});
