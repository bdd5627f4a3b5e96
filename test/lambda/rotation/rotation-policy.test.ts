import type { ExpiryResult } from '../../../lambda/domain/expiry';
import { MS_PER_DAY, MS_PER_HOUR } from '../../../contract/time';
import type { RotationCandidate, RotationRecord } from '../../../lambda/rotation/rotation-record';
import { claimFor, dueDaysLeft, planStep, recordOutcome } from '../../../lambda/rotation/rotation-policy';
import { EMPTY_RECORD } from '../../../lambda/rotation/rotation-record';

const NOW = new Date('2026-05-27T09:00:00Z');
const TIMING = { staleClaimMs: MS_PER_HOUR, newSecretGraceMs: 6 * MS_PER_HOUR };
const CANDIDATE: RotationCandidate = {
  secretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:acme-AbCdEf',
  secretName: 'acme',
  appName: 'Acme',
  expiresAt: new Date(NOW.getTime() + 10 * MS_PER_DAY),
  daysLeft: 10,
  currentVersionId: 'v1',
};

function dated(daysAhead: number): ExpiryResult {
  return {
    status: 'dated',
    expiresAt: new Date(NOW.getTime() + daysAhead * MS_PER_DAY),
    source: 'expires-at-tag',
    windowDays: 180,
    warnings: [],
  };
}

function hoursAgo(hours: number): string {
  return new Date(NOW.getTime() - hours * MS_PER_HOUR).toISOString();
}

describe('dueDaysLeft: a dated credential inside the rotation window', () => {
  it.each([
    [20, undefined],
    [14.5, undefined],
    [14, 14],
    [0.5, 1],
    [-3, -3],
  ])('%s days ahead → %s', (days, expected) => {
    expect(dueDaysLeft(dated(days), NOW, 14)).toBe(expected);
  });

  it('never makes an undated credential due', () => {
    expect(dueDaysLeft({ status: 'undetermined', reasons: ['x'], warnings: [] }, NOW, 14)).toBeUndefined();
  });
});

describe('planStep: what a run does with a cycle', () => {
  const record = (fields: Partial<RotationRecord>): RotationRecord => ({
    ...EMPTY_RECORD,
    revision: 1,
    ...fields,
  });

  it.each<[string, Partial<RotationRecord>, string]>([
    ['no record', { revision: 0 }, 'attempt'],
    ['retry', { state: 'retry' }, 'attempt'],
    ['fresh claim', { state: 'claimed', claimedAt: hoursAgo(0.5) }, 'nothing'],
    ['stale claim', { state: 'claimed', claimedAt: hoursAgo(2) }, 'mark-unknown'],
    ['claim without a time', { state: 'claimed' }, 'mark-unknown'],
    ['failed, same version', { state: 'failed', versionId: 'v1' }, 'nothing'],
    ['failed, new version', { state: 'failed', versionId: 'v0' }, 'attempt'],
    ['requested recently', { state: 'requested', requestedAt: hoursAgo(1) }, 'nothing'],
    ['requested long ago', { state: 'requested', requestedAt: hoursAgo(7) }, 'new-secret-missing'],
    [
      'requested, follow-up sent',
      { state: 'requested', requestedAt: hoursAgo(30), followUpAlertedAt: hoursAgo(1) },
      'nothing',
    ],
    ['unknown', { state: 'unknown' }, 'nothing'],
  ])('%s → %s', (_label, fields, next) => {
    expect(planStep(record(fields), CANDIDATE, NOW, TIMING).next.type).toBe(next);
  });

  it('re-publishes an owed alert, except while a run holds the claim', () => {
    expect(
      planStep(
        record({ state: 'requested', requestedAt: hoursAgo(1), pendingAlert: 'requested' }),
        CANDIDATE,
        NOW,
        TIMING,
      ).republish,
    ).toBe('requested');
    expect(
      planStep(
        record({ state: 'claimed', claimedAt: hoursAgo(0.1), pendingAlert: 'failed' }),
        CANDIDATE,
        NOW,
        TIMING,
      ).republish,
    ).toBeUndefined();
  });
});

describe('claimFor and recordOutcome: the record through one attempt', () => {
  it('counts attempts, remembers the version and owes the matching alert', () => {
    // GIVEN a retry record with one attempt
    const claimed = claimFor(
      { ...EMPTY_RECORD, revision: 3, state: 'retry', attempts: 1 },
      CANDIDATE,
      'run-7',
      NOW,
    );

    // WHEN the attempt fails for good, or succeeds
    const failed = recordOutcome(
      claimed,
      { reason: 'not-enrolled', retryable: false, guidance: 'g', status: 400 },
      NOW,
    );
    const requested = recordOutcome(claimed, { requested: true, requestId: 'r' }, NOW);

    // THEN each is recorded with its alert owed
    expect(claimed).toMatchObject({
      state: 'claimed',
      attempts: 2,
      claimedBy: 'run-7',
      versionId: 'v1',
      revision: 3,
    });
    expect(failed).toMatchObject({ state: 'failed', pendingAlert: 'failed', failure: { status: 400 } });
    expect(requested).toMatchObject({
      state: 'requested',
      pendingAlert: 'requested',
      requestId: 'r',
      requestedAt: NOW.toISOString(),
    });
    expect(requested.failure).toBeUndefined();
  });
});
