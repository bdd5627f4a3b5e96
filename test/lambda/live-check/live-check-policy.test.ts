import { MS_PER_HOUR } from '../../../lambda/domain/iso-date';
import type { CheckResult, LiveCheckRecord } from '../../../lambda/live-check/live-check-policy';
import {
  classifyTokenOutcome,
  decideAlert,
  fromStored,
  liveCheckKey,
  toStored,
} from '../../../lambda/live-check/live-check-policy';

const NOW = new Date('2026-05-27T09:00:00Z');
const DAY = 24 * MS_PER_HOUR;
const REJECTED: CheckResult = { state: 'secret-rejected', status: 401, error: 'invalid_client' };
const BAD_GRANT: CheckResult = {
  state: 'other-rejection',
  status: 400,
  error: 'invalid_grant',
  grant: 'refresh_token',
};

function hoursAgo(hours: number): string {
  return new Date(NOW.getTime() - hours * MS_PER_HOUR).toISOString();
}

describe('classifyTokenOutcome: what an LWA answer says about the stored credentials', () => {
  it('invalid_client means the secret itself is rejected, whatever the grant', () => {
    const outcome = {
      kind: 'rejected',
      status: 401,
      error: 'invalid_client',
      description: 'Client authentication failed',
    } as const;
    expect(classifyTokenOutcome(outcome, 'refresh_token')).toEqual({
      state: 'secret-rejected',
      status: 401,
      error: 'invalid_client',
      description: 'Client authentication failed',
    });
    expect(classifyTokenOutcome(outcome, 'client_credentials').state).toBe('secret-rejected');
  });

  it('invalid_grant on a refresh token is another rejection, not a rejected secret', () => {
    expect(
      classifyTokenOutcome({ kind: 'rejected', status: 400, error: 'invalid_grant' }, 'refresh_token'),
    ).toMatchObject({
      state: 'other-rejection',
      grant: 'refresh_token',
    });
  });

  it('a refused scope on client_credentials means the client authenticated', () => {
    expect(
      classifyTokenOutcome({ kind: 'rejected', status: 400, error: 'invalid_scope' }, 'client_credentials'),
    ).toMatchObject({
      state: 'accepted',
      note: expect.stringContaining('invalid_scope'),
    });
    expect(
      classifyTokenOutcome({ kind: 'rejected', status: 400, error: 'invalid_scope' }, 'refresh_token').state,
    ).toBe('other-rejection');
  });

  it('an unavailable LWA is an outage, and an issued token is acceptance', () => {
    expect(
      classifyTokenOutcome(
        { kind: 'unavailable', status: 503, reason: 'LWA token endpoint answered HTTP 503' },
        'refresh_token',
      ),
    ).toEqual({
      state: 'unavailable',
      status: 503,
      reason: 'LWA token endpoint answered HTTP 503',
    });
    expect(
      classifyTokenOutcome({ kind: 'accepted', accessToken: 't', expiresInSeconds: 3600 }, 'refresh_token'),
    ).toEqual({ state: 'accepted' });
  });
});

describe('decideAlert: dedupes the same problem for the re-alert interval, announces recovery once', () => {
  const record = (fields: Partial<LiveCheckRecord> = {}): LiveCheckRecord => ({ revision: 1, ...fields });

  it('alerts a new problem and remembers it', () => {
    const decision = decideAlert(record(), REJECTED, NOW, DAY);
    expect(decision.alert).toBe('secret-rejected');
    expect(decision.recordAfter).toMatchObject({
      alertedState: 'secret-rejected',
      alertedAt: NOW.toISOString(),
      lastState: 'secret-rejected',
    });
  });

  it('stays quiet about the same problem within 24 hours, and repeats it after', () => {
    expect(
      decideAlert(record({ alertedState: 'secret-rejected', alertedAt: hoursAgo(23) }), REJECTED, NOW, DAY)
        .alert,
    ).toBeUndefined();
    expect(
      decideAlert(record({ alertedState: 'secret-rejected', alertedAt: hoursAgo(24) }), REJECTED, NOW, DAY)
        .alert,
    ).toBe('secret-rejected');
  });

  it('alerts at once when the problem changes', () => {
    expect(
      decideAlert(record({ alertedState: 'other-rejection', alertedAt: hoursAgo(1) }), REJECTED, NOW, DAY)
        .alert,
    ).toBe('secret-rejected');
  });

  it('announces recovery once, then nothing', () => {
    const recovered = decideAlert(
      record({ alertedState: 'secret-rejected', alertedAt: hoursAgo(2) }),
      { state: 'accepted' },
      NOW,
      DAY,
    );
    expect(recovered.alert).toBe('recovered');
    expect(recovered.recordAfter?.alertedState).toBeUndefined();
    expect(
      decideAlert(recovered.recordAfter ?? record(), { state: 'accepted' }, NOW, DAY).alert,
    ).toBeUndefined();
  });

  it('neither alerts nor records during an LWA outage', () => {
    expect(
      decideAlert(
        record({ alertedState: 'secret-rejected', alertedAt: hoursAgo(30) }),
        { state: 'unavailable', reason: 'x' },
        NOW,
        DAY,
      ),
    ).toEqual({});
  });

  it('stores under a prefixed key and reads back what it stored', () => {
    const after = decideAlert(record(), BAD_GRANT, NOW, DAY).recordAfter ?? record();
    const stored = toStored(after, 'arn:x', 'Acme');
    const attributes = Object.fromEntries(
      Object.entries(stored).filter(([, v]) => v !== undefined),
    ) as Record<string, string>;
    expect(fromStored({ revision: 2, attributes })).toEqual({ ...after, revision: 2 });
    expect(liveCheckKey('arn:x')).toBe('livecheck#arn:x');
    expect(fromStored(undefined)).toEqual({ revision: 0 });
  });
});
