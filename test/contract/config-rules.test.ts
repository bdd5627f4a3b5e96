import {
  ConfigError,
  parseOwnerNames,
  parseThresholds,
  parseWholeNumber,
  validateTagKey,
  validateWindow,
} from '../../contract/config-rules';
import { configErrorOf } from '../lambda/support/config-error';

describe('parseThresholds: accepts a list of distinct positive whole days in any common spelling', () => {
  it.each<[string, unknown, number[]]>([
    ['an array', [30, 7, 1], [30, 7, 1]],
    ['an unsorted array', [1, 30, 7], [30, 7, 1]],
    ['an array of numeric strings', ['7', '30'], [30, 7]],
    ['a comma list', '30,7,1', [30, 7, 1]],
    ['a comma list with spaces', ' 1, 7 ,30 ', [30, 7, 1]],
    ['a JSON-like list', '[30,7,1]', [30, 7, 1]],
    ['a JSON-like list with spaces', ' [ 14, 3 ] ', [14, 3]],
    ['a single number', 7, [7]],
    ['a single number as text', '7', [7]],
    ['the upper bound', [3650], [3650]],
  ])('GIVEN %s WHEN parsed THEN the thresholds are %j, most distant first', (_label, raw, expected) => {
    // Act / Assess
    expect(parseThresholds('thresholdsDays', raw)).toEqual(expected);
  });
});

describe('parseThresholds: rejects anything else with a ConfigError naming the key', () => {
  it.each<[string, unknown]>([
    ['duplicates', '30,7,7'],
    ['duplicates in an array', [7, 7]],
    ['zero', '30,0'],
    ['a negative number', [30, -1]],
    ['a negative number as text', '30,-1'],
    ['a fraction', [1.5]],
    ['a fraction as text', '30,1.5'],
    ['an empty string', ''],
    ['an empty list', '[]'],
    ['an empty array', []],
    ['a gap in the list', '30,,1'],
    ['words', 'thirty,seven'],
    ['more than ten years', [3651]],
    ['NaN', [Number.NaN]],
    ['null', null],
    ['an object', { days: 7 }],
    ['a boolean', true],
  ])('GIVEN %s WHEN parsed THEN a ConfigError names the key and the value', (_label, raw) => {
    // Act
    const error = configErrorOf(() => parseThresholds('THRESHOLDS_DAYS', raw));
    // Assess
    expect(error.key).toBe('THRESHOLDS_DAYS');
    expect(error.value).toBe(raw);
    expect(error.name).toBe('ConfigError');
    expect(error.message).toMatch(
      /^Invalid configuration "THRESHOLDS_DAYS": .* expected distinct positive whole numbers/,
    );
  });
});

describe('parseWholeNumber: a whole number within bounds, from a number or its text', () => {
  it.each<[unknown, number]>([
    [180, 180],
    ['180', 180],
    [' 24 ', 24],
    [1, 1],
    ['3650', 3650],
  ])('GIVEN %j WHEN parsed within 1..3650 THEN it is %s', (raw, expected) => {
    // Act / Assess
    expect(parseWholeNumber('windowDays', raw, 1, 3650, 'days')).toBe(expected);
  });

  it.each<unknown>([
    0,
    '0',
    3651,
    '-1',
    -1,
    '1.5',
    1.5,
    '',
    'ninety',
    '1e3',
    null,
    undefined,
    '99999999999999999999',
  ])('GIVEN %j WHEN parsed within 1..3650 THEN a ConfigError names the key, unit and bounds', (raw) => {
    // Act
    const error = configErrorOf(() => parseWholeNumber('WINDOW_DAYS', raw, 1, 3650, 'days'));
    // Assess
    expect(error.key).toBe('WINDOW_DAYS');
    expect(error.expected).toBe('a whole number of days from 1 to 3650');
    expect(error.message).toContain('"WINDOW_DAYS"');
  });
});

describe('validateWindow: the rotation window must exceed the largest threshold', () => {
  it('GIVEN a window of 180 days and thresholds up to 30 WHEN validated THEN it passes', () => {
    // Act / Assess
    expect(() => validateWindow('windowDays', 180, [30, 7, 1])).not.toThrow();
  });

  it.each([30, 20])(
    'GIVEN a window of %s days and a 30-day threshold WHEN validated THEN it is rejected',
    (windowDays) => {
      // Act
      const error = configErrorOf(() => validateWindow('windowDays', windowDays, [1, 30, 7]));
      // Assess
      expect(error.key).toBe('windowDays');
      expect(error.value).toBe(windowDays);
      expect(error.message).toContain('longer than the largest alert threshold (30 days)');
    },
  );
});

describe('validateTagKey: a Secrets Manager tag key that is not reserved', () => {
  it.each(['lwa:app', 'team/app', 'App Name', 'a_b.c-d+e=f@g', 'x'.repeat(128)])(
    'GIVEN %j WHEN validated THEN it is returned unchanged',
    (key) => {
      // Act / Assess
      expect(validateTagKey('tagKey', key)).toBe(key);
    },
  );

  it.each<unknown>(['', 'aws:app', 'x'.repeat(129), 'app#1', 'app*', 'tag\n', 42, undefined])(
    'GIVEN %j WHEN validated THEN a ConfigError names the key',
    (raw) => {
      // Act
      const error = configErrorOf(() => validateTagKey('APP_TAG_KEY', raw));
      // Assess
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.key).toBe('APP_TAG_KEY');
      expect(error.expected).toContain('not starting with "aws:"');
    },
  );
});

describe('parseOwnerNames: the owner names a function checks lwa:owner tags against', () => {
  it.each<[string, unknown, string[]]>([
    ['unset', undefined, []],
    ['blank', ' ', []],
    ['a comma list with spaces', 'payments, search', ['payments', 'search']],
    ['a list', ['team.a', 'team_b-2'], ['team.a', 'team_b-2']],
  ])('GIVEN %s WHEN parsed THEN the names are %j', (_label, raw, expected) => {
    // Act / Assess
    expect(parseOwnerNames('OWNER_NAMES', raw)).toEqual(expected);
  });

  it.each<[string, unknown, unknown]>([
    ['a name with a space', 'payments,pay ments', 'pay ments'],
    ['an empty name', 'payments,,search', ''],
    ['a name given twice', 'payments,payments', 'payments'],
    ['a number', 42, 42],
  ])('GIVEN %s WHEN parsed THEN a ConfigError names the key and the value', (_label, raw, value) => {
    // Act
    const act = () => parseOwnerNames('OWNER_NAMES', raw);
    // Assess
    expect(act).toThrow(ConfigError);
    expect(act).toThrow(expect.objectContaining({ key: 'OWNER_NAMES', value }) as Error);
  });
});
