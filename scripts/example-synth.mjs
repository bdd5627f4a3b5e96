#!/usr/bin/env node
// `npm run example`: the package as a CDK app that installs it would get it. Packs this project
// (`npm pack`, which builds the library, the prebundled functions and the CLI), checks what the
// tarball holds (test/package/pack-contents.test.mjs), installs it into a copy of
// examples/consumer-app in a temporary folder outside the repository (so nothing resolves from
// this project's node_modules: no esbuild, no function sources, no tsx), compiles the example's
// TypeScript against the package's declarations and runs `cdk synth` there. Any failure exits
// non-zero. The install uses npm's cache only (`--offline`) when it holds every package, else
// `--prefer-offline`. `--keep` leaves the temporary folder.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

function fail(message) {
  console.error(`example: FAILED: ${message}`);
  process.exit(1);
}

function run(command, args, options) {
  console.log(
    `example: $ ${command} ${args.join(' ')}${options.cwd === root ? '' : `   (in ${options.cwd})`}`,
  );
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  return result.status === 0;
}

// 1. Pack: prepack builds dist/lib, dist/contract and dist/lambda; prepare compiles the CLI.
const packDir = mkdtempSync(path.join(tmpdir(), 'lwa-pack-'));
// Lifecycle scripts print to the same stdout as `--json`: the JSON is the line-initial array.
const packOutput = execFileSync(npm, ['pack', '--json', '--pack-destination', packDir], {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
const packed = JSON.parse(packOutput.slice(packOutput.search(/^\[/m)));
const tarball = path.join(packDir, packed[0].filename);
console.log(
  `example: packed ${packed[0].filename}: ${packed[0].entryCount} files, ${(packed[0].size / 1e6).toFixed(2)} MB packed, ${(packed[0].unpackedSize / 1e6).toFixed(2)} MB unpacked (${elapsed()})`,
);

// 2. What the tarball holds, and what the compiled library requires.
if (
  !run(process.execPath, ['--test', path.join(root, 'test', 'package', 'pack-contents.test.mjs')], {
    cwd: root,
    env: { ...process.env, LWA_PACKED_TARBALL: tarball },
  })
) {
  fail('the packed tarball does not hold what a consumer needs (see the test output above)');
}

// 3. The example app, in a folder of its own, on the tarball.
const appDir = mkdtempSync(path.join(tmpdir(), 'lwa-example-'));
cpSync(path.join(root, 'examples', 'consumer-app'), appDir, {
  recursive: true,
  filter: (source) => !/[\\/](node_modules|cdk\.out)$/.test(source),
});
const appManifestPath = path.join(appDir, 'package.json');
const appManifest = JSON.parse(readFileSync(appManifestPath, 'utf8'));
appManifest.dependencies['lwa-expiry-monitor'] = `file:${tarball}`;
writeFileSync(appManifestPath, `${JSON.stringify(appManifest, null, 2)}\n`);

const installArgs = ['install', '--no-audit', '--no-fund', '--ignore-scripts'];
if (!run(npm, [...installArgs, '--offline'], { cwd: appDir })) {
  console.log('example: the npm cache lacks a package; installing with --prefer-offline');
  if (!run(npm, [...installArgs, '--prefer-offline'], { cwd: appDir })) fail('npm install in the example');
}
console.log(`example: installed (${elapsed()})`);

// Nothing of the build tool chain may be there for the synth to lean on.
for (const absent of ['esbuild', 'tsx', 'ts-node']) {
  if (existsSync(path.join(appDir, 'node_modules', absent))) fail(`${absent} was installed into the example`);
}

// 4. Compile against the package's declarations and synthesize.
if (!run(npm, ['run', 'synth'], { cwd: appDir })) fail('`cdk synth` of the example app');
const template = JSON.parse(
  readFileSync(path.join(appDir, 'cdk.out', 'ExistingStack.template.json'), 'utf8'),
);
const functions = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
const monitorFunctions = functions.filter((r) =>
  String(r.Properties.Description).startsWith('lwa-expiry-monitor'),
);
if (monitorFunctions.length === 0) fail('the synthesized ExistingStack has no lwa-expiry-monitor function');
const assets = readdirSync(path.join(appDir, 'cdk.out')).filter((name) => name.startsWith('asset.'));
for (const asset of assets) {
  if (!existsSync(path.join(appDir, 'cdk.out', asset, 'index.js'))) fail(`${asset} has no index.js`);
}
console.log(
  `example: ExistingStack synthesized with ${monitorFunctions.length} lwa-expiry-monitor functions from ${assets.length} prebundled assets (${elapsed()})`,
);

if (keep) console.log(`example: kept ${appDir} and ${packDir}`);
else {
  rmSync(appDir, { recursive: true, force: true });
  rmSync(packDir, { recursive: true, force: true });
}
