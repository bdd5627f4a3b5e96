import type { CheckResult, SpApiAnswer } from './live-check-policy';
import type { LiveCheckRun } from './live-check-run';

function spApiFields(answer: SpApiAnswer): Record<string, unknown> {
  return {
    operation: answer.operation,
    status: answer.status,
    errorCode: answer.error.code,
    errorMessage: answer.error.message,
    errorDetails: answer.error.details,
    requestId: answer.requestId,
  };
}

/**
 * Counts and logs a result; false when it is no verdict (an outage) and nothing is recorded.
 * (Over 60 lines: one case per result state, its counter beside its log line.)
 */
export function countAndLog(
  run: LiveCheckRun,
  result: CheckResult,
  fields: Record<string, unknown>,
): boolean {
  const { tally, deps } = run;
  const { log } = deps;
  switch (result.state) {
    case 'accepted':
      tally.accepted++;
      log.info('LWA and SP-API accept the stored credentials', { ...fields, operation: result.operation });
      return true;
    case 'secret-rejected':
      tally.secretRejected++;
      log.error('LWA rejects the client secret (invalid_client)', { ...fields, ...result.lwa });
      return true;
    case 'secret-expired':
      tally.secretExpired++;
      log.error('SP-API says the LWA client secret has expired', {
        ...fields,
        ...spApiFields(result.spApi),
      });
      return true;
    case 'other-rejection':
    case 'sp-api-refused':
      tally.otherRejections++;
      log.warn(
        result.state === 'other-rejection'
          ? 'LWA refused the stored refresh token; the client secret is not rejected'
          : 'SP-API refused the check call; the client secret is not said to have expired',
        {
          ...fields,
          ...('lwa' in result ? { ...result.lwa, grant: result.grant } : spApiFields(result.spApi)),
        },
      );
      return true;
    case 'unverified':
    case 'lwa-inconclusive':
      tally.inconclusive++;
      log.warn(
        result.state === 'unverified'
          ? 'LWA authenticated the client but issued no token: SP-API could not be checked'
          : 'LWA answered something that says nothing certain about the client secret',
        { ...fields, ...result.lwa, grant: result.grant },
      );
      return true;
    case 'malformed':
      tally.malformed++;
      log.warn('The secret lacks the credential fields; not checked', { ...fields, detail: result.detail });
      return true;
    case 'unavailable':
      if (result.source === 'lwa') tally.lwaUnavailable++;
      else tally.spApiUnavailable++;
      log.warn(
        result.source === 'lwa'
          ? 'LWA token endpoint unavailable: outage, no verdict on the credentials'
          : 'SP-API unavailable: outage, no verdict on the credentials',
        { ...fields, status: result.status, reason: result.reason },
      );
      return false;
  }
}
