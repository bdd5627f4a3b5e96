import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The real executable, through its shebang and the CLI compiled to dist/lwa-expiry (`npm ci`
 * compiles it through `prepare`): proves the `bin` entry works as installed, on plain Node.
 */
const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'lwa-expiry');
const COMPILED = join(ROOT, 'dist', 'lwa-expiry');

function runBin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolveRun) => {
    execFile(BIN, args, { timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolveRun({ code, stdout, stderr });
    });
  });
}

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path, suffix);
    return entry.name.endsWith(suffix) ? [path] : [];
  });
}

describe('bin/lwa-expiry: the executable shim', () => {
  it('GIVEN --help WHEN the executable runs THEN it prints the tool help and exits 0', async () => {
    // Act
    const run = await runBin(['--help']);
    // Assess
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('Usage:\n  lwa-expiry status');
    expect(run.code).toBe(0);
  });

  it('GIVEN --version WHEN the executable runs THEN it prints the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const run = await runBin(['--version']);
    expect(run.stdout).toBe(`lwa-expiry ${version}\n`);
    expect(run.code).toBe(0);
  });

  it('GIVEN an unknown option WHEN the executable runs THEN the exit code reaches the shell as 2', async () => {
    // Act
    const run = await runBin(['status', '--bogus']);
    // Assess
    expect(run.stderr).toBe(
      "lwa-expiry: Unknown option '--bogus'.\nRun 'lwa-expiry status --help' for usage.\n",
    );
    expect(run.code).toBe(2);
  });
});

describe('dist/lwa-expiry: the compiled CLI needs no dev dependency', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    files: string[];
    bin: Record<string, string>;
  };

  it('GIVEN the sources WHEN compiled THEN every cli/*.ts has its .js (the build is not stale)', () => {
    const sources = readdirSync(join(ROOT, 'cli')).filter((f) => f.endsWith('.ts'));
    for (const source of sources) {
      expect(existsSync(join(COMPILED, 'cli', source.replace(/\.ts$/, '.js')))).toBe(true);
    }
  });

  it('GIVEN every compiled file WHEN its requires are read THEN each is a Node builtin, a runtime dependency or a compiled file', () => {
    const files = filesUnder(COMPILED, '.js');
    expect(files.length).toBeGreaterThan(10);
    const outside: string[] = [];
    for (const file of files) {
      for (const [, specifier = ''] of readFileSync(file, 'utf8').matchAll(/require\("([^"]+)"\)/g)) {
        if (specifier.startsWith('.')) {
          const target = resolve(dirname(file), specifier);
          if (!existsSync(`${target}.js`) && !existsSync(target))
            outside.push(`${relative(ROOT, file)}: ${specifier}`);
          continue;
        }
        const name = specifier.startsWith('@')
          ? specifier.split('/').slice(0, 2).join('/')
          : specifier.split('/')[0];
        const builtin = specifier.startsWith('node:') || builtinModules.includes(name ?? '');
        if (!builtin && !Object.hasOwn(manifest.dependencies, name ?? '')) {
          outside.push(`${relative(ROOT, file)}: ${specifier}`);
        }
      }
    }
    expect(outside).toEqual([]);
  });

  it('GIVEN package.json WHEN packed THEN the bin and the compiled CLI are in the package, and bin points at it', () => {
    expect(manifest.bin['lwa-expiry']).toBe('bin/lwa-expiry');
    expect(manifest.files).toEqual(expect.arrayContaining(['bin/lwa-expiry', 'dist/lwa-expiry/', 'LICENSE']));
    expect(readFileSync(BIN, 'utf8')).toContain("'dist', 'lwa-expiry', 'cli', 'main.js'");
  });
});
