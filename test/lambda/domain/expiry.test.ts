import fc from 'fast-check';
import type { ExpiryResult } from '../../../lambda/domain/expiry';
import {
  exactDateCommand,
  isEstimatedSource,
  needsCurrentVersionDate,
  resolveExpiry,
  resolveWindowDays,
} from '../../../lambda/domain/expiry';
import { MS_PER_DAY, MS_PER_HOUR } from '../../../contract/time';
import { anyUnicodeString } from '../../support/arbitraries';

const NOW = new Date('2026-03-01T09:00:00Z');
const EXPIRES_AT = 'lwa:expires-at';
const ROTATED_AT = 'lwa:rotated-at';
const WINDOW_DAYS = 'lwa:window-days';

type Dated = Extract<ExpiryResult, { status: 'dated' }>;

function dated(result: ExpiryResult): Dated {
  if (result.status !== 'dated') throw new Error(`expected a date, got: ${result.reasons.join('; ')}`);
  return result;
}

function resolve(tags: Record<string, string>, currentVersionCreatedAt?: Date): ExpiryResult {
  return resolveExpiry({ tags, currentVersionCreatedAt, defaultWindowDays: 180, now: NOW });
}

describe('resolveExpiry: the tag contract decides the date, by precedence', () => {
  it('GIVEN expires-at, rotated-at and a current version WHEN resolved THEN expires-at wins', () => {
    // Prepare
    const tags = { [EXPIRES_AT]: '2026-04-01T00:00:00Z', [ROTATED_AT]: '2026-01-01T00:00:00Z' };
    // Act
    const result = dated(resolve(tags, new Date('2025-12-01T08:00:00Z')));
    // Assess
    expect(result).toEqual({
      status: 'dated',
      expiresAt: new Date('2026-04-01T00:00:00Z'),
      source: 'expires-at-tag',
      windowDays: 180,
      warnings: [],
      dateTagErrors: [],
    });
  });

  it('GIVEN rotated-at and a current version WHEN resolved THEN expiry is rotated-at + 180 days', () => {
    // Act
    const result = dated(resolve({ [ROTATED_AT]: '2026-01-10T12:00:00Z' }, new Date('2025-12-01T08:00:00Z')));
    // Assess
    expect(result.expiresAt).toEqual(new Date('2026-07-09T12:00:00Z'));
    expect(result.source).toBe('rotated-at-tag');
    expect(result.warnings).toEqual([]);
  });

  it('GIVEN no date tags WHEN resolved with the AWSCURRENT version creation THEN expiry is that + 180 days', () => {
    // Act
    const result = dated(resolve({ 'lwa:app': 'Acme' }, new Date('2025-12-01T08:00:00Z')));
    // Assess
    expect(result.expiresAt).toEqual(new Date('2026-05-30T08:00:00Z'));
    expect(result.source).toBe('current-version-created');
    expect(result.windowDays).toBe(180);
  });

  it('GIVEN an expires-at already in the past WHEN resolved THEN it is still the date (the secret is expired)', () => {
    // Act
    const result = dated(resolve({ [EXPIRES_AT]: '2026-02-01' }));
    // Assess
    expect(result.expiresAt).toEqual(new Date('2026-02-01T00:00:00Z'));
    expect(result.warnings).toEqual([]);
  });

  it('GIVEN nothing usable WHEN resolved THEN the result is undetermined with a reason, never a guess', () => {
    // Act
    const result = resolve({ 'lwa:app': 'Acme' });
    // Assess
    expect(result.status).toBe('undetermined');
    if (result.status !== 'undetermined') return;
    expect(result.reasons).toEqual([
      expect.stringContaining('no usable lwa:expires-at or lwa:rotated-at tag'),
    ]);
    expect(result.warnings).toEqual([]);
  });
});

describe('resolveExpiry: lwa:window-days overrides the window, and a bad value falls back with a warning', () => {
  it('GIVEN window-days 90 WHEN resolved from rotated-at THEN expiry is rotated-at + 90 days', () => {
    // Act
    const result = dated(resolve({ [ROTATED_AT]: '2026-01-10T12:00:00Z', [WINDOW_DAYS]: '90' }));
    // Assess
    expect(result.expiresAt).toEqual(new Date('2026-04-10T12:00:00Z'));
    expect(result.windowDays).toBe(90);
    expect(result.warnings).toEqual([]);
  });

  it('GIVEN window-days 30 WHEN resolved from the current version THEN that window applies too', () => {
    // Act
    const result = dated(resolve({ [WINDOW_DAYS]: ' 30 ' }, new Date('2026-02-01T00:00:00Z')));
    // Assess
    expect(result.expiresAt).toEqual(new Date('2026-03-03T00:00:00Z'));
    expect(result.windowDays).toBe(30);
  });

  it.each(['ninety', '0', '-5', '99999', '3651', '1.5', '1e2', '', '  ', '0x10'])(
    'GIVEN window-days %j WHEN resolved THEN the default 180 is used and a warning names the tag',
    (raw) => {
      // Act
      const result = dated(resolve({ [ROTATED_AT]: '2026-01-10T12:00:00Z', [WINDOW_DAYS]: raw }));
      // Assess
      expect(result.windowDays).toBe(180);
      expect(result.expiresAt).toEqual(new Date('2026-07-09T12:00:00Z'));
      expect(result.warnings).toEqual([
        expect.stringMatching(/^tag lwa:window-days .* ignored: .*using 180$/),
      ]);
    },
  );

  it('GIVEN window-days at the upper bound 3650 WHEN the window is resolved THEN it is accepted', () => {
    // Act / Assess
    expect(resolveWindowDays({ [WINDOW_DAYS]: '3650' }, 180)).toEqual({ windowDays: 3650 });
  });

  it('GIVEN no window-days tag WHEN the window is resolved THEN the configured default applies, silently', () => {
    // Act / Assess
    expect(resolveWindowDays({}, 120)).toEqual({ windowDays: 120 });
  });
});

describe('resolveExpiry: a malformed or implausible date tag is reported and the next source is tried', () => {
  it('GIVEN an impossible expires-at and a valid rotated-at WHEN resolved THEN rotated-at is used, with a warning', () => {
    // Act
    const result = dated(resolve({ [EXPIRES_AT]: '2026-02-30', [ROTATED_AT]: '2026-01-10T12:00:00Z' }));
    // Assess
    expect(result.source).toBe('rotated-at-tag');
    expect(result.expiresAt).toEqual(new Date('2026-07-09T12:00:00Z'));
    expect(result.warnings).toEqual([
      'tag lwa:expires-at "2026-02-30" ignored: it names day 30 of a month that has 28 days',
    ]);
  });

  it('GIVEN a malformed expires-at only WHEN resolved with a current version THEN the version date is used, with a warning', () => {
    // Act
    const result = dated(resolve({ [EXPIRES_AT]: 'next tuesday' }, new Date('2025-12-01T08:00:00Z')));
    // Assess
    expect(result.source).toBe('current-version-created');
    expect(result.warnings).toEqual([expect.stringContaining('tag lwa:expires-at "next tuesday" ignored')]);
  });

  it('GIVEN a malformed expires-at and rotated-at and no version WHEN resolved THEN undetermined keeps both warnings', () => {
    // Act
    const result = resolve({ [EXPIRES_AT]: 'soon', [ROTATED_AT]: 'yesterday' });
    // Assess
    expect(result.status).toBe('undetermined');
    expect(result.warnings).toEqual([
      expect.stringContaining('tag lwa:expires-at "soon" ignored'),
      expect.stringContaining('tag lwa:rotated-at "yesterday" ignored'),
    ]);
  });

  it('GIVEN a rotated-at two days in the future WHEN resolved THEN it is ignored as impossible', () => {
    // Prepare
    const future = new Date(NOW.getTime() + 2 * MS_PER_DAY).toISOString();
    // Act
    const result = dated(resolve({ [ROTATED_AT]: future }, new Date('2025-12-01T08:00:00Z')));
    // Assess
    expect(result.source).toBe('current-version-created');
    expect(result.warnings).toEqual([
      expect.stringMatching(/rotated-at .* ignored: a rotation cannot be in the future/),
    ]);
  });

  it('GIVEN a rotated-at 12 hours ahead (clock skew, time zones) WHEN resolved THEN it is accepted', () => {
    // Prepare
    const skewed = new Date(NOW.getTime() + 12 * MS_PER_HOUR);
    // Act
    const result = dated(resolve({ [ROTATED_AT]: skewed.toISOString() }));
    // Assess
    expect(result.source).toBe('rotated-at-tag');
    expect(result.expiresAt).toEqual(new Date(skewed.getTime() + 180 * MS_PER_DAY));
  });

  it('GIVEN an expires-at 400 days away WHEN resolved THEN it is used but flagged as beyond the window', () => {
    // Prepare
    const farAway = new Date(NOW.getTime() + 400 * MS_PER_DAY);
    // Act
    const result = dated(resolve({ [EXPIRES_AT]: farAway.toISOString() }));
    // Assess
    expect(result.expiresAt).toEqual(farAway);
    expect(result.warnings).toEqual([
      'tag lwa:expires-at is 400 days away, more than the 180-day rotation window: check it',
    ]);
  });

  it('GIVEN an expires-at within the window WHEN resolved THEN no warning is raised', () => {
    // Act
    const result = dated(resolve({ [EXPIRES_AT]: new Date(NOW.getTime() + 180 * MS_PER_DAY).toISOString() }));
    // Assess
    expect(result.warnings).toEqual([]);
  });
});

describe('needsCurrentVersionDate: the version lookup is needed only when no date tag is usable', () => {
  it.each<[string, Record<string, string>, boolean]>([
    ['no tags', {}, true],
    ['only lwa:app and lwa:window-days', { 'lwa:app': 'Acme', [WINDOW_DAYS]: '90' }, true],
    ['a valid expires-at', { [EXPIRES_AT]: '2026-06-01' }, false],
    ['a valid rotated-at', { [ROTATED_AT]: '2026-01-01' }, false],
    ['a malformed expires-at only', { [EXPIRES_AT]: '2026-13-01' }, true],
    [
      'a malformed expires-at and a valid rotated-at',
      { [EXPIRES_AT]: 'x', [ROTATED_AT]: '2026-01-01' },
      false,
    ],
    ['a future rotated-at only', { [ROTATED_AT]: '2027-01-01' }, true],
    ['an empty rotated-at', { [ROTATED_AT]: '' }, true],
  ])('GIVEN %s WHEN asked THEN it answers %s', (_label, tags, expected) => {
    // Act / Assess
    expect(needsCurrentVersionDate(tags, NOW)).toBe(expected);
  });
});

describe('resolveExpiry: warnings never echo more than 40 characters of a tag value', () => {
  const MARKER = 'TAIL MARKER NOT TO BE ECHOED';
  /** 40 characters with spaces: a long unbroken token would be withheld whole instead. */
  const PREFIX = 'A '.repeat(20);

  it.each([EXPIRES_AT, ROTATED_AT, WINDOW_DAYS])(
    'GIVEN a long malformed %s value WHEN resolved THEN the warning shows its first 40 characters only',
    (tagKey) => {
      // Prepare
      const value = `${PREFIX}${MARKER}`;
      // Act
      const result = resolve({ [tagKey]: value });
      // Assess
      expect(result.warnings).toHaveLength(1);
      expect(result.warnings[0]).toContain(`"${PREFIX}…"`);
      expect(result.warnings.join('\n')).not.toContain(MARKER);
      expect(result.warnings.join('\n')).not.toContain(`${PREFIX}T`);
    },
  );

  it.each([
    ['an LWA client secret', `amzn1.oa2-cs.v1.${'0f'.repeat(32)}`],
    ['a refresh token', `Atzr|IwEBI${'x'.repeat(30)}`],
    ['a long unbroken token', 'c2VjcmV0LXRoYXQtd2FzLXBhc3RlZC1pbnRvLWEtdGFn'],
  ])('GIVEN %s pasted into a date tag WHEN resolved THEN none of it is echoed', (_label, pasted) => {
    // Prepare
    const tags = { [EXPIRES_AT]: pasted };
    // Act
    const result = resolve(tags);
    // Assess
    expect(result.warnings[0]).toContain('looks like a credential, not shown');
    expect(result.warnings.join('\n')).not.toContain(pasted.slice(0, 8));
  });

  it('GIVEN any tag values WHEN resolved THEN no 41-character piece of a value appears in a warning', () => {
    // Prepare
    // Backslashes are left out: the quote JSON-escapes a backslash as two, which would look like
    // one more character of the value without being one (see the next test).
    const value = anyUnicodeString({ minLength: 41, maxLength: 256 }).map((text) => text.replace(/\\/g, '/'));
    // Act / Assess
    fc.assert(
      fc.property(value, value, value, (expiresAt, rotatedAt, windowDays) => {
        const result = resolve({
          [EXPIRES_AT]: expiresAt,
          [ROTATED_AT]: rotatedAt,
          [WINDOW_DAYS]: windowDays,
        });
        const text = result.warnings.join('\n');
        for (const raw of [expiresAt, rotatedAt, windowDays]) {
          for (let start = 0; start + 41 <= raw.length; start++) {
            if (text.includes(raw.slice(start, start + 41))) return false;
          }
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });

  it('GIVEN a value of backslashes WHEN resolved THEN the warning shows its first 40, JSON-escaped', () => {
    // Prepare
    const value = '\\'.repeat(60);
    // Act
    const result = resolve({ [EXPIRES_AT]: value });
    // Assess
    expect(result.warnings).toEqual([
      expect.stringContaining(`${JSON.stringify(`${'\\'.repeat(40)}…`)} ignored`),
    ]);
  });
});

describe('resolveExpiry: a date tag that cannot be used is singled out as an error', () => {
  it('GIVEN a malformed expires-at WHEN resolved from the version THEN the tag is a date tag error, not only a warning', () => {
    // Act
    const result = dated(resolve({ [EXPIRES_AT]: '2026-13-01' }, new Date('2025-12-01T08:00:00Z')));
    // Assess
    expect(result.source).toBe('current-version-created');
    expect(result.dateTagErrors).toEqual([
      expect.stringContaining('tag lwa:expires-at "2026-13-01" ignored'),
    ]);
    expect(result.warnings).toEqual(result.dateTagErrors);
  });

  it('GIVEN a future rotated-at WHEN resolved THEN it is a date tag error', () => {
    const future = new Date(NOW.getTime() + 3 * MS_PER_DAY).toISOString();
    expect(resolve({ [ROTATED_AT]: future }).dateTagErrors).toEqual([
      expect.stringMatching(/rotated-at .* ignored: a rotation cannot be in the future/),
    ]);
  });

  it('GIVEN a bad window tag or an expires-at beyond the window WHEN resolved THEN those stay warnings only', () => {
    const far = new Date(NOW.getTime() + 400 * MS_PER_DAY).toISOString();
    const result = resolve({ [EXPIRES_AT]: far, 'lwa:window-days': 'many' });
    expect(result.warnings).toHaveLength(2);
    expect(result.dateTagErrors).toEqual([]);
  });
});

describe('isEstimatedSource and exactDateCommand: a version date is an estimate, with one command to fix it', () => {
  it('calls only the AWSCURRENT creation an estimate', () => {
    expect(isEstimatedSource('current-version-created')).toBe(true);
    expect(isEstimatedSource('rotated-at-tag')).toBe(false);
    expect(isEstimatedSource('expires-at-tag')).toBe(false);
  });

  it('names the secret, quoted, and the lwa:expires-at tag', () => {
    expect(exactDateCommand('prod/acme lwa')).toBe(
      'aws secretsmanager tag-resource --secret-id "prod/acme lwa" --tags Key=lwa:expires-at,Value=<expiry shown in the Developer Console>',
    );
  });
});
