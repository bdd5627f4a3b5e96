import type { CatalogSecret } from '../domain/catalog-secret';
import { eligibilityOf } from '../domain/automation-candidate';
import { CLIENT_ID_TAG } from '../../contract/tags';
import type { LiveCheckRun } from './live-check-run';

/** The secrets to check: every opted-in one, in the order Secrets Manager lists them. */
export async function findSecrets(run: LiveCheckRun): Promise<CatalogSecret[]> {
  const secrets: CatalogSecret[] = [];
  for await (const page of run.deps.catalog.pages(run.settings.tagKey)) {
    for (const secret of page) {
      const eligibility = eligibilityOf(secret, run.settings);
      if (eligibility === 'out-of-scope') continue;
      if (eligibility === 'without-client-id') {
        run.tally.withoutClientId++;
        run.deps.log.warn(
          `Opted in but not tagged ${CLIENT_ID_TAG}: its value may not be read, so it is skipped`,
          { secretArn: secret.arn },
        );
        continue;
      }
      secrets.push(secret);
    }
  }
  return secrets;
}
