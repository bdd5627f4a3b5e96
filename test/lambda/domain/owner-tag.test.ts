import { ownerOf } from '../../../lambda/domain/owner-tag';

const OWNER = 'lwa:owner';
const CONFIGURED = ['payments', 'search'];

describe('ownerOf: the lwa:owner tag names the team whose recipients get the alerts', () => {
  it('GIVEN no owner tag WHEN read THEN there is no owner and no problem', () => {
    // Act
    const result = ownerOf({ 'lwa:app': 'Acme' }, CONFIGURED);
    // Assess
    expect(result).toEqual({});
  });

  it('GIVEN a configured owner, with spaces around it WHEN read THEN the trimmed name is the owner', () => {
    // Act
    const result = ownerOf({ [OWNER]: ' payments ' }, CONFIGURED);
    // Assess
    expect(result).toEqual({ owner: 'payments' });
  });

  it.each([[''], ['  '], ['pay ments'], ['-payments'], ['payments!'], ['x'.repeat(65)]])(
    'GIVEN the malformed owner tag %j WHEN read THEN no owner is carried and the problem names the tag and the rule',
    (value) => {
      // Act
      const result = ownerOf({ [OWNER]: value }, CONFIGURED);
      // Assess
      expect(result.owner).toBeUndefined();
      expect(result.warning).toMatch(/^tag lwa:owner .* ignored: expected a team name of 1 to 64 letters/);
      expect(result.warning).toContain('default recipients');
    },
  );

  it('GIVEN an LWA client secret pasted into the owner tag WHEN read THEN it is neither carried nor shown', () => {
    // Prepare
    const pasted = 'amzn1.oa2-cs.v1.0123456789abcdef';
    // Act
    const result = ownerOf({ [OWNER]: pasted }, CONFIGURED);
    // Assess
    expect(result.owner).toBeUndefined();
    expect(result.warning).not.toContain(pasted);
  });

  it('GIVEN a well-formed owner that is not configured WHEN read THEN it is carried and reported as unknown', () => {
    // Act
    const result = ownerOf({ [OWNER]: 'billing' }, CONFIGURED);
    // Assess
    expect(result.owner).toBe('billing');
    expect(result.warning).toBe(
      'tag lwa:owner "billing" names no configured owner (configured: payments, search); its alerts go to the default recipients only',
    );
  });

  it('GIVEN no owner configured at all WHEN an owner tag is read THEN the report says none is configured', () => {
    // Act
    const result = ownerOf({ [OWNER]: 'payments' }, []);
    // Assess
    expect(result.warning).toContain('(none is configured)');
  });

  it('GIVEN the configured owners are not known WHEN a well-formed owner tag is read THEN it is carried unchecked', () => {
    // Act
    const result = ownerOf({ [OWNER]: 'billing' }, undefined);
    // Assess
    expect(result).toEqual({ owner: 'billing' });
  });
});
