import { ConfigError } from '../../lib/context-config';
import { parseList } from '../../lib/context-parsers';

describe('parseList: a list is a JSON array or a comma-separated string', () => {
  it.each([
    ['a comma-separated string', 'a@x.com,b@x.com', ['a@x.com', 'b@x.com']],
    ['a comma-separated string with spaces', ' a@x.com , b@x.com ', ['a@x.com', 'b@x.com']],
    ['a single value', 'a@x.com', ['a@x.com']],
    ['a JSON array given as a string (-c key=[...])', '["a@x.com", "b@x.com"]', ['a@x.com', 'b@x.com']],
    ['a JSON array from cdk.json', ['a@x.com', ' b@x.com'], ['a@x.com', 'b@x.com']],
    ['an empty string', '', []],
  ])('reads %s', (_name, raw, expected) => {
    // GIVEN a raw context value WHEN it is parsed THEN it is a list of trimmed strings
    expect(parseList('alertEmails', raw)).toEqual(expected);
  });

  it.each([undefined, null])('treats %p as not configured', (raw) => {
    // GIVEN an absent value WHEN it is parsed THEN there is no list
    expect(parseList('alertEmails', raw)).toBeUndefined();
  });

  it.each([
    [
      'a number',
      5,
      /"alertEmails": 5 is not valid; expected a comma-separated list or a JSON array of strings/,
    ],
    ['an object', { a: 1 }, /"alertEmails": \{"a":1\} is not valid/],
    ['an array of numbers', [1, 2], /"alertEmails": \[1,2\] is not valid; expected a list of strings/],
    [
      'a JSON array of numbers as a string',
      '[1,2]',
      /"alertEmails": \[1,2\] is not valid; expected a list of strings/,
    ],
    [
      'malformed JSON',
      '["a@x.com"',
      /"alertEmails": "\[\\"a@x.com\\"" is not valid; expected a comma-separated list/,
    ],
  ])('rejects %s, naming the key and the value', (_name, raw, expected) => {
    // GIVEN a malformed list WHEN it is parsed THEN a ConfigError names key and value
    expect(() => parseList('alertEmails', raw)).toThrow(ConfigError);
    expect(() => parseList('alertEmails', raw)).toThrow(expected);
  });
});
