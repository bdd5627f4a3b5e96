#!/usr/bin/env node
// Bundles each Lambda entry point the way the construct does, with the esbuild options of
// lib/function-bundling.json (FUNCTION_BUNDLING in lib/function-defaults.ts reads the same file),
// into dist/lambda/<name>/index.js. Used by `npm run build` and `npm pack` (the package ships
// these bundles, so a consumer's synth needs no esbuild), the end-to-end simulation and the
// benchmark, so what they run and measure is what gets deployed.
import { build } from 'esbuild';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Function name (its folder under lambda/ and under dist/lambda/) → entry point. */
export const FUNCTION_ENTRIES = {
  monitor: 'lambda/monitor/index.ts',
  notifications: 'lambda/notifications/index.ts',
  rotation: 'lambda/rotation/index.ts',
  'live-check': 'lambda/live-check/index.ts',
  webhooks: 'lambda/webhooks/index.ts',
};

/** The construct's esbuild options: lib/function-bundling.json. */
export const BUNDLE_OPTIONS = JSON.parse(
  readFileSync(path.join(root, 'lib', 'function-bundling.json'), 'utf8'),
);

/** Bundles the functions named (all by default) into outRoot/<name>/index.js. */
export async function bundleAll(outRoot = path.join(root, 'dist', 'lambda'), names = Object.keys(FUNCTION_ENTRIES)) {
  const results = {};
  for (const name of names) {
    const entry = FUNCTION_ENTRIES[name];
    if (entry === undefined)
      throw new Error(
        `No function named ${JSON.stringify(name)}; expected one of ${Object.keys(FUNCTION_ENTRIES).join(', ')}`,
      );
    const outdir = path.join(outRoot, name);
    mkdirSync(outdir, { recursive: true });
    const outfile = path.join(outdir, 'index.js');
    await build({ ...BUNDLE_OPTIONS, entryPoints: [path.join(root, entry)], outfile, metafile: true });
    results[name] = outfile;
  }
  return results;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const results = await bundleAll();
  for (const [name, file] of Object.entries(results)) console.log(`${name}: ${path.relative(root, file)}`);
}
