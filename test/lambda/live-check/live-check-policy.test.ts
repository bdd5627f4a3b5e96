import { MS_PER_HOUR } from '../../../contract/time';
import type { CheckResult, LiveCheckRecord } from '../../../lambda/live-check/live-check-policy';
import {
  decideAlert,
  fromStored,
  liveCheckKey,
  probeOperationFor,
  spApiVerdict,
  toStored,
  tokenVerdict,
} from '../../../lambda/live-check/live-check-policy';

const NOW = new Date('2026-05-27T09:00:00Z');
const DAY = 24 * MS_PER_HOUR;
const REJECTED: CheckResult = { state: 'secret-rejected', lwa: { status: 401, error: 'invalid_client' } };
const BAD_GRANT: CheckResult = {
  state: 'other-rejection',
  lwa: { status: 400, error: 'invalid_grant' },
  grant: 'refresh_token',
};
const ACCEPTED: CheckResult = { state: 'accepted', operation: 'getDestinations' };
const EXPIRED_DETAILS = 'The LWA secret token you provided has expired.';

function hoursAgo(hours: number): string {
  return new Date(NOW.getTime() - hours * MS_PER_HOUR).toISOString();
}

describe('tokenVerdict: what an LWA answer without a token says about the stored credentials', () => {
  it('invalid_client means the secret itself is rejected, whatever the grant', () => {
    const outcome = {
      kind: 'rejected',
      status: 401,
      error: 'invalid_client',
      description: 'Client authentication failed',
    } as const;
    expect(tokenVerdict(outcome, 'refresh_token')).toEqual({
      state: 'secret-rejected',
      lwa: { status: 401, error: 'invalid_client', description: 'Client authentication failed' },
    });
    expect(tokenVerdict(outcome, 'client_credentials').state).toBe('secret-rejected');
  });

  it('invalid_grant on a refresh token is the refresh-token warning, not a rejected secret', () => {
    expect(tokenVerdict({ kind: 'refused', status: 400, error: 'invalid_grant' }, 'refresh_token')).toEqual({
      state: 'other-rejection',
      lwa: { status: 400, error: 'invalid_grant', description: undefined },
      grant: 'refresh_token',
    });
  });

  it('a refused scope means the client authenticated, but without a token SP-API cannot tell an expired secret', () => {
    for (const error of ['invalid_scope', 'unauthorized_client']) {
      expect(tokenVerdict({ kind: 'refused', status: 400, error }, 'client_credentials')).toMatchObject({
        state: 'unverified',
        lwa: { error },
      });
    }
  });

  it('an inconclusive answer is its own warning; an unavailable LWA is an outage', () => {
    expect(
      tokenVerdict({ kind: 'inconclusive', status: 400, error: 'invalid_request' }, 'client_credentials'),
    ).toMatchObject({ state: 'lwa-inconclusive', lwa: { status: 400, error: 'invalid_request' } });
    expect(
      tokenVerdict(
        { kind: 'unavailable', status: 503, reason: 'LWA token endpoint answered HTTP 503' },
        'refresh_token',
      ),
    ).toEqual({
      state: 'unavailable',
      source: 'lwa',
      status: 503,
      reason: 'LWA token endpoint answered HTTP 503',
    });
  });
});

describe('spApiVerdict: what the SP-API call says about the token', () => {
  it('a seller call with a refresh token, a grantless call without', () => {
    expect(probeOperationFor('refresh_token')).toBe('getMarketplaceParticipations');
    expect(probeOperationFor('client_credentials')).toBe('getDestinations');
  });

  it('2xx accepts, an expired secret is its own state, other refusals warn, outages are no verdict', () => {
    const error = {
      code: 'Unauthorized',
      message: 'Access to requested resource is denied.',
      details: EXPIRED_DETAILS,
    };
    expect(spApiVerdict({ kind: 'accepted', status: 200 }, 'getDestinations')).toEqual(ACCEPTED);
    expect(spApiVerdict({ kind: 'secret-expired', status: 403, error }, 'getDestinations')).toEqual({
      state: 'secret-expired',
      spApi: { operation: 'getDestinations', status: 403, error, requestId: undefined },
    });
    expect(
      spApiVerdict(
        { kind: 'refused', status: 403, error: { code: 'Unauthorized' } },
        'getMarketplaceParticipations',
      ),
    ).toMatchObject({ state: 'sp-api-refused', spApi: { status: 403 } });
    expect(spApiVerdict({ kind: 'unavailable', status: 429, reason: 'x' }, 'getDestinations')).toEqual({
      state: 'unavailable',
      source: 'sp-api',
      status: 429,
      reason: 'x',
    });
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
    const expired: CheckResult = {
      state: 'secret-expired',
      spApi: { operation: 'getDestinations', status: 403, error: { details: EXPIRED_DETAILS } },
    };
    expect(
      decideAlert(record({ alertedState: 'secret-rejected', alertedAt: hoursAgo(1) }), expired, NOW, DAY)
        .alert,
    ).toBe('secret-expired');
  });

  it('announces recovery once, then nothing', () => {
    const recovered = decideAlert(
      record({ alertedState: 'secret-rejected', alertedAt: hoursAgo(2) }),
      ACCEPTED,
      NOW,
      DAY,
    );
    expect(recovered.alert).toBe('recovered');
    expect(recovered.recordAfter?.alertedState).toBeUndefined();
    expect(decideAlert(recovered.recordAfter ?? record(), ACCEPTED, NOW, DAY).alert).toBeUndefined();
  });

  it('neither alerts nor records during an LWA outage', () => {
    expect(
      decideAlert(
        record({ alertedState: 'secret-rejected', alertedAt: hoursAgo(30) }),
        { state: 'unavailable', source: 'sp-api', reason: 'x' },
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
    for (const state of ['secret-expired', 'unverified', 'lwa-inconclusive', 'sp-api-refused'] as const) {
      expect(
        fromStored({ revision: 1, attributes: { alertedState: state, lastState: state } }),
      ).toMatchObject({
        alertedState: state,
        lastState: state,
      });
    }
  });
});
