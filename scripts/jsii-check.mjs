#!/usr/bin/env node
// `npm run jsii`: checks that the public API of the construct library (lib/index.ts and every type
// it reaches) uses only what jsii can carry to other languages: interfaces of readonly props, no
// Partial/Omit/Pick, no readonly arrays, no unions of string literals, no classes extending a
// built-in. jsii compiles with its own TypeScript (jsii 5.9.x = TypeScript 5.9) and reads the
// package's main file, dependencies and metadata from a package.json; it cannot compile this whole
// repository (the Lambda code's dependencies are not jsii modules), so it runs on a copy of lib/
// and contract/ in .jsii-check/ with a package.json of the library alone (aws-cdk-lib and
// constructs as peers). The package itself ships the plain tsc build (scripts/build-lib.mjs);
// this is the API check. `--keep` leaves .jsii-check/ (with the .jsii assembly) for inspection.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stage = path.join(root, '.jsii-check');
const keep = process.argv.includes('--keep');
const require = createRequire(import.meta.url);
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

rmSync(stage, { recursive: true, force: true });
mkdirSync(stage);
for (const dir of ['lib', 'contract'])
  cpSync(path.join(root, dir), path.join(stage, dir), { recursive: true });
cpSync(path.join(root, 'README.md'), path.join(stage, 'README.md'));
symlinkSync(path.join(root, 'node_modules'), path.join(stage, 'node_modules'), 'dir');

const peers = manifest.peerDependencies ?? {};
writeFileSync(
  path.join(stage, 'package.json'),
  JSON.stringify(
    {
      name: manifest.name,
      version: manifest.version,
      description: manifest.description,
      license: manifest.license,
      // jsii requires both; only this check's assembly carries them (nothing is published from it).
      author: { name: `${manifest.name} authors`, organization: false },
      repository: { type: 'git', url: `https://example.invalid/${manifest.name}.git` },
      main: 'out/lib/index.js',
      types: 'out/lib/index.d.ts',
      peerDependencies: peers,
      // jsii wants the lowest version each peer range allows as a development dependency.
      devDependencies: Object.fromEntries(
        Object.entries(peers).map(([name, range]) => [name, String(range).replace(/^[\^~]/, '')]),
      ),
      jsii: { outdir: 'jsii-dist', targets: {}, tsconfig: 'tsconfig.jsii.json', validateTsconfig: 'minimal' },
    },
    null,
    2,
  ),
);
writeFileSync(
  path.join(stage, 'tsconfig.jsii.json'),
  JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module: 'commonjs',
        moduleResolution: 'node',
        lib: ['es2022'],
        strict: true,
        noUncheckedIndexedAccess: true,
        noImplicitReturns: true,
        noFallthroughCasesInSwitch: true,
        noImplicitOverride: true,
        esModuleInterop: true,
        resolveJsonModule: true,
        skipLibCheck: true,
        declaration: true,
        experimentalDecorators: true,
        inlineSourceMap: true,
        inlineSources: true,
        outDir: 'out',
        rootDir: '.',
        types: ['node'],
      },
      include: ['lib/**/*.ts', 'contract/**/*.ts', 'lib/**/*.json'],
    },
    null,
    2,
  ),
);

const jsii = require.resolve('jsii/bin/jsii', { paths: [root] });
const started = process.hrtime.bigint();
const run = spawnSync(process.execPath, [jsii, '--fail-on-warnings', '--silence-warnings=reserved-word'], {
  cwd: stage,
  stdio: 'inherit',
  // jsii warns at length that it no longer supports the Node.js major running it; the project
  // supports Node.js 20.19 and later (engines), so that banner says nothing about the API.
  env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.versions.node.split('.')[0] },
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
if (!keep) rmSync(stage, { recursive: true, force: true });
if (run.status !== 0) {
  console.error(
    `jsii: the library's public API is not jsii-compatible (see above; ${seconds.toFixed(1)} s).`,
  );
  process.exit(run.status ?? 1);
}
console.log(`jsii: the library's public API compiles with jsii (${seconds.toFixed(1)} s).`);
