import type { CatalogSecret } from '../domain/catalog-secret';
import { appNameOf, eligibilityOf } from '../domain/automation-candidate';
import { errorName } from '../domain/error-name';
import { clientIdFromTags } from '../domain/product-events';
import { needsCurrentVersionDate, resolveExpiry } from '../domain/expiry';
import { ownerOf } from '../domain/owner-tag';
import { CLIENT_ID_TAG } from '../../contract/tags';
import type { RotationCandidate } from './rotation-record';
import { dueDaysLeft } from './rotation-policy';
import type { RotationRun } from './rotation-run';

/** Which credentials are due: opted in, inside the rotation window, the soonest expiry first. */
export async function findCandidates(run: RotationRun): Promise<RotationCandidate[]> {
  const candidates: RotationCandidate[] = [];
  for await (const page of run.deps.catalog.pages(run.settings.tagKey)) {
    for (const secret of page) {
      const candidate = await candidateOf(run, secret);
      if (candidate !== undefined) candidates.push(candidate);
    }
  }
  candidates.sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime());
  run.tally.candidates = candidates.length;
  return candidates;
}

/** The candidate a listed secret makes, or undefined when it is skipped (counted and logged). */
async function candidateOf(run: RotationRun, secret: CatalogSecret): Promise<RotationCandidate | undefined> {
  const { settings, startedAt: now } = run;
  const eligibility = eligibilityOf(secret, settings);
  if (eligibility === 'out-of-scope') return undefined;
  if (eligibility === 'without-client-id') {
    run.tally.withoutClientId++;
    run.deps.log.warn(
      `Opted in but not tagged ${CLIENT_ID_TAG}: its value may not be read, so it is skipped`,
      {
        secretArn: secret.arn,
      },
    );
    return undefined;
  }
  const version = await currentVersionDate(run, secret);
  if (!version.ok) return undefined;
  const expiry = resolveExpiry({
    tags: secret.tags,
    currentVersionCreatedAt: version.createdAt,
    defaultWindowDays: settings.defaultWindowDays,
    now,
  });
  const left = dueDaysLeft(expiry, now, settings.rotateDaysBefore);
  if (left === undefined || expiry.status !== 'dated') return undefined;
  const { owner, warning } = ownerOf(secret.tags, settings.ownerNames);
  if (warning !== undefined) {
    run.deps.log.warn('Secret has tag problems', { secretArn: secret.arn, warnings: [warning] });
  }
  return {
    secretArn: secret.arn,
    secretName: secret.name,
    appName: appNameOf(secret, settings.tagKey),
    ...(owner === undefined ? {} : { owner }),
    expiresAt: expiry.expiresAt,
    daysLeft: left,
    currentVersionId: secret.currentVersionId,
    clientId: clientIdFromTags(secret.tags),
  };
}

/** The AWSCURRENT version's creation, read only when the expiry counts from it; not ok when it failed. */
async function currentVersionDate(
  run: RotationRun,
  secret: CatalogSecret,
): Promise<{ readonly ok: true; readonly createdAt?: Date } | { readonly ok: false }> {
  if (!needsCurrentVersionDate(secret.tags, run.startedAt)) return { ok: true, createdAt: undefined };
  try {
    return { ok: true, createdAt: (await run.deps.catalog.currentVersion(secret.arn))?.createdAt };
  } catch (error: unknown) {
    run.tally.lookupFailures++;
    run.deps.log.error('Could not read the version metadata of a secret; it is skipped this run', {
      secretArn: secret.arn,
      error: errorName(error),
    });
    return { ok: false };
  }
}
