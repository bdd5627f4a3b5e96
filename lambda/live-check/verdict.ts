import type { StoredCredentials } from '../domain/credential-json';
import { NOTIFICATIONS_SCOPE } from '../../contract/endpoints';
import { PROBE_OPERATIONS } from '../domain/sp-api-operations';
import type { CheckGrant, CheckResult } from './live-check-policy';
import { probeOperationFor, spApiVerdict, tokenVerdict } from './live-check-policy';
import type { LiveCheckRun } from './live-check-run';
import { awaitSpApiSlot, holdBackIfThrottled } from './pacing';

/**
 * What LWA and SP-API say about stored credentials: exchange them for a token, then make one
 * cheap SP-API call with it (an expired secret may still get a token: only SP-API tells).
 */
export async function verdictFor(run: LiveCheckRun, credentials: StoredCredentials): Promise<CheckResult> {
  const grant: CheckGrant = credentials.refreshToken ? 'refresh_token' : 'client_credentials';
  const token = await run.deps.tokens.exchange(credentials, NOTIFICATIONS_SCOPE);
  if (token.kind !== 'accepted') return tokenVerdict(token, grant);
  return probe(run, credentials, grant, token.accessToken);
}

/**
 * The SP-API call with the token LWA issued, in the slot the app's usage plan allows; a
 * throttled call is an outage for this secret (never retried in the run), and holds back the
 * app's next call for as long as Amazon asks.
 */
async function probe(
  run: LiveCheckRun,
  credentials: StoredCredentials,
  grant: CheckGrant,
  accessToken: string,
): Promise<CheckResult> {
  const operation = probeOperationFor(grant);
  const { limit } = PROBE_OPERATIONS[operation];
  const key = `${operation}#${credentials.clientId}`;
  if (!(await awaitSpApiSlot(run, key, limit))) {
    return {
      state: 'unavailable',
      source: 'sp-api',
      reason: `no ${operation} call slot for this app before the run's deadline`,
    };
  }
  const outcome = await run.deps.spApi.call(operation, accessToken);
  holdBackIfThrottled(run, key, limit, outcome);
  return spApiVerdict(outcome, operation);
}
