#!/usr/bin/env node
// Builds what `npm install lwa-expiry-monitor` gives a CDK app besides the CLI: the construct
// library (lib/ and contract/) compiled to CommonJS with type declarations in dist/lib and
// dist/contract (tsconfig.lib.json), and every Lambda function prebundled into
// dist/lambda/<name>/index.js with the construct's esbuild options (scripts/bundle.mjs), so that a
// consumer's synth needs neither esbuild nor the function sources. Runs on `npm pack` (prepack)
// and in `npm run build`.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleAll } from './bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const dist = path.join(root, 'dist');

// A file deleted from lib/, contract/ or lambda/ must not live on in the package.
for (const dir of ['lib', 'contract', 'lambda'])
  rmSync(path.join(dist, dir), { recursive: true, force: true });

const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.lib.json')], {
  stdio: 'inherit',
  cwd: root,
});
const bundles = await bundleAll(path.join(dist, 'lambda'));
console.log(
  `build-lib: dist/lib, dist/contract; ${Object.keys(bundles).length} prebundled functions in dist/lambda`,
);
