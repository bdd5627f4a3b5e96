import { MS_PER_DAY } from '../../../contract/time';
import { claimFor, recordOutcome } from '../../../lambda/rotation/rotation-policy';
import type { RotationCandidate } from '../../../lambda/rotation/rotation-record';
import { EMPTY_RECORD, fromStored, rotationKey, toStored } from '../../../lambda/rotation/rotation-record';

const NOW = new Date('2026-05-27T09:00:00Z');
const CANDIDATE: RotationCandidate = {
  secretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:acme-AbCdEf',
  secretName: 'acme',
  appName: 'Acme',
  expiresAt: new Date(NOW.getTime() + 10 * MS_PER_DAY),
  daysLeft: 10,
  currentVersionId: 'v1',
};

describe('rotationKey: one ledger item per secret and expiry cycle, always prefixed', () => {
  it('starts with rotation# and names the cycle', () => {
    expect(rotationKey(CANDIDATE.secretArn, CANDIDATE.expiresAt)).toBe(
      `rotation#${CANDIDATE.secretArn}#2026-06-06T09:00:00.000Z`,
    );
  });
});

describe('the rotation record in the ledger', () => {
  it('round-trips through ledger attributes', () => {
    // GIVEN a failed record
    const record = recordOutcome(
      claimFor(EMPTY_RECORD, CANDIDATE, 'run', NOW),
      {
        reason: 'secret-expired',
        retryable: false,
        guidance: 'rotate in the console',
        status: 403,
        errorCode: 'Unauthorized',
        errorMessage: 'Access to requested resource is denied.',
        errorDetails: 'The LWA secret token you provided has expired.',
        requestId: 'q',
      },
      NOW,
    );

    // WHEN it is stored and read back
    const stored = toStored(record, CANDIDATE);
    const back = fromStored({
      revision: 2,
      attributes: Object.fromEntries(Object.entries(stored).filter(([, v]) => v !== undefined)) as Record<
        string,
        string | number | boolean
      >,
    });

    // THEN nothing is lost, and the item names its secret and cycle
    expect(back).toEqual({ ...record, revision: 2 });
    expect(stored).toMatchObject({
      secretArn: CANDIDATE.secretArn,
      cycleExpiresAt: '2026-06-06T09:00:00.000Z',
      appName: 'Acme',
    });
  });

  it('reads an unknown state or alert kind as absent rather than guessing', () => {
    expect(fromStored({ revision: 1, attributes: { state: 'weird', pendingAlert: 'nope' } })).toMatchObject({
      revision: 1,
      state: undefined,
      pendingAlert: undefined,
    });
  });
});
