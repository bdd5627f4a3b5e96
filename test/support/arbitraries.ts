import fc from 'fast-check';

/**
 * One Unicode code point, lone surrogates included, as a string: the same draw as fast-check's
 * `unit: 'binary'`. That built-in unit builds a table of all 1,114,112 code points the first time
 * a file asks for it (about a second of CPU per test file); this one maps an integer instead,
 * and maps back, so fast-check can still shrink and bias toward its "dangerous" strings.
 */
const anyCodePoint: fc.Arbitrary<string> = fc.integer({ min: 0, max: 0x10ffff }).map(
  (codePoint) => String.fromCodePoint(codePoint),
  (value) => {
    const codePoint = typeof value === 'string' ? value.codePointAt(0) : undefined;
    if (codePoint === undefined || String.fromCodePoint(codePoint) !== value) {
      throw new Error(`expected a string of one code point, got ${JSON.stringify(value)}`);
    }
    return codePoint;
  },
);

/** Strings of any code points (see anyCodePoint), within the given lengths in code points. */
export function anyUnicodeString(
  lengths: { minLength?: number; maxLength?: number } = {},
): fc.Arbitrary<string> {
  return fc.string({ unit: anyCodePoint, ...lengths });
}
