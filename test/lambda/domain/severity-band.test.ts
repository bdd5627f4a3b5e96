import { daysLeft } from '../../../lambda/domain/alert-policy';
import { severityBand } from '../../../lambda/domain/severity-band';
import { MS_PER_DAY, MS_PER_HOUR } from '../../../contract/time';

const THRESHOLDS = [30, 7, 1];

describe('severityBand: where a credential stands against the thresholds', () => {
  it.each<[number | undefined, string]>([
    [90, 'ok'],
    [31, 'ok'],
    [30, '30-day'],
    [8, '30-day'],
    [7, '7-day'],
    [2, '7-day'],
    [1, '1-day'],
    [0, 'expired'],
    [-12, 'expired'],
    [undefined, 'undetermined'],
  ])('GIVEN %p days left and thresholds 30, 7, 1 WHEN banded THEN the band is %s', (days, band) => {
    // Act
    const result = severityBand(days, THRESHOLDS);
    // Assess
    expect(result).toBe(band);
  });

  it('GIVEN thresholds in any order WHEN banded THEN the most urgent threshold reached names the band', () => {
    // Act
    const bands = [3, 10].map((days) => severityBand(days, [3, 14, 1]));
    // Assess
    expect(bands).toEqual(['3-day', '14-day']);
  });

  it('GIVEN the hours around a threshold WHEN days left are banded THEN the band changes when the alert becomes due', () => {
    // Prepare: the 7-day alert is due at exactly 7 days before expiry
    const expiresAt = new Date('2026-06-01T00:00:00Z');
    const at = (msBefore: number) => new Date(expiresAt.getTime() - msBefore);
    // Act
    const justBefore = severityBand(daysLeft(expiresAt, at(7 * MS_PER_DAY + MS_PER_HOUR)), THRESHOLDS);
    const atThreshold = severityBand(daysLeft(expiresAt, at(7 * MS_PER_DAY)), THRESHOLDS);
    const atExpiry = severityBand(daysLeft(expiresAt, at(0)), THRESHOLDS);
    // Assess
    expect([justBefore, atThreshold, atExpiry]).toEqual(['30-day', '7-day', 'expired']);
  });
});
