// What `npm install lwa-expiry-monitor` unpacks: the compiled construct library with its
// declarations, the prebundled functions, the CLI; never tests, scripts or TypeScript sources.
// Run by `npm run example` on the tarball it packs (LWA_PACKED_TARBALL); run alone
// (`node --test test/package/pack-contents.test.mjs`) it packs the project itself first.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const FUNCTIONS = ['monitor', 'notifications', 'rotation', 'live-check', 'webhooks'];

let workDir;
let files;
let unpacked;

before(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'lwa-pack-contents-'));
  let tarball = process.env.LWA_PACKED_TARBALL;
  if (!tarball) {
    const output = execFileSync('npm', ['pack', '--json', '--pack-destination', workDir], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    tarball = path.join(workDir, JSON.parse(output.slice(output.search(/^\[/m)))[0].filename);
  }
  files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((entry) => entry.replace(/^package\//, ''));
  execFileSync('tar', ['-xzf', tarball, '-C', workDir]);
  unpacked = path.join(workDir, 'package');
});

after(() => rmSync(workDir, { recursive: true, force: true }));

describe('the packed tarball', () => {
  it('GIVEN the tarball WHEN listed THEN every function is prebundled in dist/lambda/<function>/index.js', () => {
    // Assess
    for (const name of FUNCTIONS) {
      assert.ok(files.includes(`dist/lambda/${name}/index.js`), `dist/lambda/${name}/index.js`);
      assert.ok(files.includes(`dist/lambda/${name}/index.js.map`), `dist/lambda/${name}/index.js.map`);
    }
  });

  it('GIVEN the tarball WHEN listed THEN main, types and exports point at compiled files with declarations', () => {
    // Prepare
    const packedManifest = JSON.parse(readFileSync(path.join(unpacked, 'package.json'), 'utf8'));
    const targets = [
      packedManifest.main,
      packedManifest.types,
      packedManifest.exports['.'].types,
      packedManifest.exports['.'].default,
    ].map((target) => target.replace(/^\.\//, ''));

    // Assess
    assert.equal(packedManifest.private, undefined);
    for (const target of targets) assert.ok(files.includes(target), target);
    for (const declaration of ['lwa-expiry-monitor', 'monitor-props', 'automation-config', 'live-check']) {
      assert.ok(files.includes(`dist/lib/${declaration}.d.ts`), `dist/lib/${declaration}.d.ts`);
    }
    assert.ok(files.includes('dist/contract/credential-fields.d.ts'));
    assert.ok(files.includes('dist/lib/function-bundling.json'));
    assert.ok(files.includes('bin/lwa-expiry') && files.includes('dist/lwa-expiry/cli/main.js'));
  });

  it('GIVEN the tarball WHEN listed THEN it holds no test, script, tool or TypeScript source', () => {
    // Prepare
    const sourceDirs = ['test/', 'scripts/', 'tools/', 'lambda/', 'lib/', 'contract/', 'cli/', 'examples/'];

    // Act
    const misplaced = files.filter(
      (file) =>
        sourceDirs.some((dir) => file.startsWith(dir)) || (file.endsWith('.ts') && !file.endsWith('.d.ts')),
    );

    // Assess
    assert.deepEqual(misplaced, []);
  });

  it('GIVEN the compiled library WHEN its requires are read THEN each is a builtin, a compiled file, a dependency or a peer, and esbuild only inside loadEsbuild', () => {
    // Prepare
    const allowed = new Set([
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}),
    ]);
    const compiled = ['dist/lib', 'dist/contract'].flatMap((dir) =>
      readdirSync(path.join(unpacked, dir))
        .filter((name) => name.endsWith('.js'))
        .map((name) => path.join(dir, name)),
    );

    // Act
    const outside = [];
    for (const file of compiled) {
      const text = readFileSync(path.join(unpacked, file), 'utf8');
      for (const [, specifier] of text.matchAll(/require\(["']([^"']+)["']\)/g)) {
        if (specifier.startsWith('.')) continue;
        const name = specifier.startsWith('@')
          ? specifier.split('/').slice(0, 2).join('/')
          : specifier.split('/')[0];
        if (specifier.startsWith('node:') || builtinModules.includes(name) || allowed.has(name)) continue;
        const lazyEsbuild =
          name === 'esbuild' &&
          file === path.join('dist/lib', 'function-defaults.js') &&
          /function loadEsbuild\(\)/.test(text);
        if (!lazyEsbuild) outside.push(`${file}: ${specifier}`);
      }
    }

    // Assess
    assert.ok(compiled.length > 20, `${compiled.length} compiled files`);
    assert.deepEqual(outside, []);
  });

  it('GIVEN the installed library WHEN loaded with esbuild and tsx unavailable THEN it loads and exports the construct', () => {
    // Prepare: aws-cdk-lib and constructs from this project; loading esbuild, tsx or ts-node throws
    const probe = `
      const Module = require('node:module');
      const load = Module._load;
      Module._load = function (request, ...rest) {
        if (/^(esbuild|tsx|ts-node)(\\/|$)/.test(request)) throw new Error('required ' + request);
        return load.call(this, request, ...rest);
      };
      const library = require(process.argv[1]);
      process.stdout.write(JSON.stringify([typeof library.LwaExpiryMonitor, typeof library.isConfigError]));`;

    // Act
    const output = execFileSync(
      process.execPath,
      ['-e', probe, path.join(unpacked, 'dist', 'lib', 'index.js')],
      {
        encoding: 'utf8',
        env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') },
      },
    );

    // Assess
    assert.deepEqual(JSON.parse(output), ['function', 'function']);
  });
});
