#!/usr/bin/env node
// Compiles the `lwa-expiry` CLI (cli/ and the monitor code it shares) to CommonJS in
// dist/lwa-expiry/, so the installed command runs on plain Node without tsx or any other dev
// dependency. Runs on `npm ci`/`npm install` (prepare) and `npm pack`, and in `npm run build`.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'lwa-expiry');
const require = createRequire(import.meta.url);

let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
} catch {
  // An install without dev dependencies (npm ci --omit=dev) cannot compile; it keeps what it has.
  console.warn(
    existsSync(out)
      ? 'build-cli: typescript is not installed; keeping the compiled CLI in dist/lwa-expiry.'
      : 'build-cli: typescript is not installed, so the lwa-expiry CLI was not compiled. Run `npm ci` with dev dependencies, then `npm run build`.',
  );
  process.exit(0);
}
// A file deleted from cli/ must not live on in the output.
rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.cli.json')], {
  stdio: 'inherit',
  cwd: root,
});
