/**
 * `npx tsx scripts/template-diff.ts <before> <after>`: compares two synthesized templates (a
 * `*.template.json` file or a cloud assembly directory holding one) with the asset hashes masked,
 * so that a change to how the app is built or synthesized can be shown to leave the deployed
 * resources as they were. Prints each differing path with both values; exits 1 when any differs.
 * The `AWS::CDK::Metadata` analytics (a compressed list of the construct classes used, which
 * configures nothing) is reported on its own line and not counted.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** A 64-hex-digit asset hash, alone or inside a key such as `<hash>.zip`. */
const ASSET_HASH = /\b[0-9a-f]{64}\b/g;

export function maskAssetHashes(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(ASSET_HASH, '<asset-hash>');
  if (Array.isArray(value)) return value.map(maskAssetHashes);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, maskAssetHashes(inner)]),
    );
  }
  return value;
}

/** Paths (`Resources.X.Properties.Y`) whose values differ, with the value on each side. */
export function differences(
  before: unknown,
  after: unknown,
  at = '',
): { path: string; before: unknown; after: unknown }[] {
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';
  if (isObject(before) && isObject(after) && Array.isArray(before) === Array.isArray(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => differences(before[key], after[key], at === '' ? key : `${at}.${key}`));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path: at, before, after }];
}

function readTemplate(location: string): unknown {
  let file = location;
  if (statSync(location).isDirectory()) {
    const templates = readdirSync(location).filter((name) => name.endsWith('.template.json'));
    if (templates.length !== 1) {
      throw new Error(`${location}: expected one *.template.json, found ${templates.length}`);
    }
    file = path.join(location, templates[0]!);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

if (require.main === module) {
  const [before, after] = process.argv.slice(2);
  if (before === undefined || after === undefined) {
    throw new Error(
      'usage: tsx scripts/template-diff.ts <before template or cdk.out> <after template or cdk.out>',
    );
  }
  const all = differences(maskAssetHashes(readTemplate(before)), maskAssetHashes(readTemplate(after)));
  const analytics = (d: { path: string }) => /^Resources\.[^.]+\.Properties\.Analytics$/.test(d.path);
  for (const d of all.filter(analytics)) {
    console.log(`${d.path}: the CDK metadata's list of construct classes differs (not counted)`);
  }
  const found = all.filter((d) => !analytics(d));
  for (const d of found) {
    console.log(`${d.path}\n  before: ${JSON.stringify(d.before)}\n  after:  ${JSON.stringify(d.after)}`);
  }
  console.log(found.length === 0 ? 'same template (asset hashes masked)' : `${found.length} difference(s)`);
  process.exitCode = found.length === 0 ? 0 : 1;
}
