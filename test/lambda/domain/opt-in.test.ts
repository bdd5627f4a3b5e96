import { isOptedIn } from '../../../lambda/domain/opt-in';
import { isAutomationScope } from '../../../contract/tags';

describe('isOptedIn: the opt-in tag decides, the scope fills in', () => {
  it.each([
    [{ 'lwa:auto-rotate': 'true' }, 'tagged', true],
    [{ 'lwa:auto-rotate': 'TRUE' }, 'tagged', true],
    [{ 'lwa:auto-rotate': 'True' }, 'tagged', true],
    // IAM's StringEqualsIgnoreCase trims nothing: the role could not read these, so they are not opted in.
    [{ 'lwa:auto-rotate': ' true' }, 'tagged', false],
    [{ 'lwa:auto-rotate': 'true ' }, 'tagged', false],
    [{ 'lwa:auto-rotate': ' TRUE ' }, 'tagged', false],
    // Opting out is the safe direction: spaces around false are forgiven.
    [{ 'lwa:auto-rotate': ' false ' }, 'all', false],
    [{}, 'tagged', false],
    [{ 'lwa:auto-rotate': 'yes' }, 'tagged', false],
    [{}, 'all', true],
    [{ 'lwa:auto-rotate': 'maybe' }, 'all', true],
    [{ 'lwa:auto-rotate': 'false' }, 'all', false],
    [{ 'lwa:auto-rotate': 'False' }, 'tagged', false],
  ] as const)('%j with scope %s → %s', (tags, scope, expected) => {
    expect(isOptedIn(tags, 'lwa:auto-rotate', scope)).toBe(expected);
  });

  it('knows the two scopes', () => {
    expect(['tagged', 'all', 'some'].map(isAutomationScope)).toEqual([true, true, false]);
  });
});
