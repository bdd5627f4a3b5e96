import { gsm7Length, toGsm7Basic } from '../../../lambda/domain/gsm7';

describe('gsm7Length: septets needed to send a text as GSM-7', () => {
  it.each<[string, number | undefined]>([
    ['', 0],
    ['Acme Repricer', 13],
    ['Ørsted Æble £5 @ 10:00', 22],
    ['{}', 4],
    ['[x]', 5],
    ['€10', 4],
    ['a~b|c^d\\e', 13],
    ['line\nbreak', 10],
    ['🚀', undefined],
    ['亚马逊', undefined],
    ['naïve', undefined],
    ['smart “quotes”', undefined],
  ])('GIVEN %j WHEN measured THEN it takes %s septets', (text, septets) => {
    // Act / Assess
    expect(gsm7Length(text)).toBe(septets);
  });
});

describe('toGsm7Basic: keeps the basic alphabet and replaces the rest with "?"', () => {
  it.each([
    ['Acme Repricer', 'Acme Repricer'],
    ['Ørsted Æble ñ', 'Ørsted Æble ñ'],
    ['{App}[Prod]', '?App??Prod?'],
    ['€~^|\\', '?????'],
    ['Rocket 🚀 app', 'Rocket ? app'],
    ['亚马逊卖家', '?????'],
    ['two\nlines\r', 'two?lines?'],
  ])('GIVEN %j WHEN converted THEN it is %j', (text, expected) => {
    // Act
    const converted = toGsm7Basic(text);
    // Assess: one septet per character, so its length is its cost
    expect(converted).toBe(expected);
    expect(gsm7Length(converted)).toBe([...converted].length);
  });
});
