import { CLIENT_ID_TAG, EXPIRES_AT_TAG } from '../contract/tags';
import type { Candidate } from './adopt-list';
import type { AdoptionOutcome } from './adopt-tag';
import { commandLines, plural, printable, renderTableOrBlocks, wrapText } from './format';

/** The text `lwa-expiry adopt` prints: the candidates it lists, or what it tagged. */

export function renderCandidates(candidates: readonly Candidate[], region: string, tagKey: string): string {
  const lines: string[] = [];
  if (candidates.length === 0) {
    lines.push(`No secret in ${region} is tagged ${tagKey} or looks like LWA credentials.`);
    lines.push('Widen the search with --name <glob> (e.g. --name "prod/*") or --by-field (reads values).');
  } else {
    lines.push(
      renderTableOrBlocks(
        ['SECRET', 'STATE', 'WHY'],
        candidates.map((c) => [c.secret, c.state, c.why].map(printable)),
      ),
    );
    const open = candidates.filter((c) => c.state === 'candidate').length;
    lines.push(
      '',
      `${plural(open, 'candidate')} to adopt, ${candidates.length - open} monitored already, in ${region}.`,
    );
  }
  lines.push(
    '',
    'Adopt one (the expiry as the Developer Console shows it, under LWA credentials > View):',
    ...commandLines(
      'lwa-expiry adopt <secret> --app "<app name>" --client-id <LWA client id> --expires-at "<expiry>" --dry-run',
    ),
    'or many from a CSV with the columns secret,app,client_id,expires_at:',
    ...commandLines('lwa-expiry adopt --csv adopt.csv --dry-run'),
    'then run the same without --dry-run.',
  );
  return `${wrapText(lines.join('\n'))}\n`;
}

function tagsText(tags: Readonly<Record<string, string>>): string {
  return Object.entries(tags)
    .map(([key, value]) => `${key}=${value.startsWith('(') ? value : JSON.stringify(value)}`)
    .join(', ');
}

export function isDone(outcome: AdoptionOutcome): boolean {
  return outcome.result === 'tagged' || outcome.result === 'would tag';
}

/** What the tagged secrets still lack: an exact expiry, a client id to match notifications. */
function missingTagNotes(outcomes: readonly AdoptionOutcome[]): string[] {
  const notes: string[] = [];
  const withoutExpiry = outcomes.filter((o) => isDone(o) && !o.tags[EXPIRES_AT_TAG]);
  if (withoutExpiry.length > 0) {
    notes.push(
      `Without ${EXPIRES_AT_TAG}, ${withoutExpiry.length === 1 ? 'its expiry is' : 'their expiries are'} only estimated from the creation of the AWSCURRENT version; ` +
        'give --expires-at (an expires_at column) to make it exact.',
    );
  }
  const withoutClientId = outcomes.filter((o) => isDone(o) && !o.tags[CLIENT_ID_TAG]);
  if (withoutClientId.length > 0) {
    notes.push(
      `Without ${CLIENT_ID_TAG}, Amazon's notifications cannot be matched to ${withoutClientId.length === 1 ? 'it' : 'them'}.`,
    );
  }
  return notes;
}

export function renderOutcomes(outcomes: readonly AdoptionOutcome[], dryRun: boolean): string {
  const rows = outcomes.map((o) => [o.secret, o.result, o.message ?? tagsText(o.tags)].map(printable));
  const lines = [renderTableOrBlocks(['SECRET', 'RESULT', 'TAGS'], rows), ''];
  const done = outcomes.filter(isDone).length;
  const notDone = outcomes.length - done;
  lines.push(
    dryRun
      ? `Dry run: ${plural(done, 'secret')} would be tagged${notDone > 0 ? `, ${notDone} not` : ''}. Nothing was changed.`
      : `${plural(done, 'secret')} tagged${notDone > 0 ? `, ${notDone} not` : ''}.`,
    ...missingTagNotes(outcomes),
  );
  if (!dryRun && done > 0)
    lines.push('Run lwa-expiry status to see them; the monitor picks them up on its next run.');
  return `${wrapText(lines.join('\n'))}\n`;
}
