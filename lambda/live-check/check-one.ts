import type { CatalogSecret } from '../domain/catalog-secret';
import { appNameOf } from '../domain/automation-candidate';
import { ownerOf } from '../domain/owner-tag';
import { alertAndRecord } from './alert-and-record';
import { countAndLog } from './count-result';
import type { CheckResult } from './live-check-policy';
import type { LiveCheckRun } from './live-check-run';
import { verdictFor } from './verdict';

/** One secret: read its credentials, get the verdict of LWA and SP-API, count it, then alert and record. */
export async function checkOne(run: LiveCheckRun, secret: CatalogSecret): Promise<void> {
  const { deps, tally } = run;
  const app = appNameOf(secret, run.settings.tagKey);
  const fields = { secretArn: secret.arn, app };
  const read = await deps.credentials.read(secret.arn);
  if (!read.ok && read.problem === 'unreadable') {
    tally.readFailures++;
    deps.log.error('Cannot read the secret value; it is not checked', { ...fields, detail: read.detail });
    return;
  }
  const result: CheckResult = read.ok
    ? await verdictFor(run, read.credentials)
    : { state: 'malformed', detail: read.detail };
  tally.checked++;
  const now = deps.clock();
  if (!countAndLog(run, result, fields)) return;
  const { owner, warning } = ownerOf(secret.tags, run.settings.ownerNames);
  if (warning !== undefined) deps.log.warn('Secret has tag problems', { ...fields, warnings: [warning] });
  await alertAndRecord(run, { secret, app, owner, result, now });
}
