import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { bundledCode, lambdaEntry } from '../../lib/function-defaults';
import bundlingOptions from '../../lib/function-bundling.json';

/** A folder laid out as the installed package: dist/lambda/<function>/index.js, no lambda/ sources. */
function installedPackage(functions: readonly string[]): string {
  const root = mkdtempSync(path.join(tmpdir(), 'lwa-installed-'));
  for (const name of functions) {
    mkdirSync(path.join(root, 'dist', 'lambda', name), { recursive: true });
    writeFileSync(
      path.join(root, 'dist', 'lambda', name, 'index.js'),
      'exports.handler = async () => ({});\n',
    );
  }
  return root;
}

describe('bundledCode: the source bundled in a checkout, the prebundled file in the installed package', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
    root = undefined;
  });

  it('GIVEN an installed package without lambda sources WHEN a function gets its code THEN it is the prebundled dist/lambda/<function> folder', () => {
    // Prepare
    root = installedPackage(['monitor', 'live-check']);

    // Act
    const code = bundledCode(path.join(root, 'lambda', 'live-check', 'index.ts'), root);

    // Assess
    expect(code).toBeInstanceOf(lambda.AssetCode);
    expect((code as lambda.AssetCode).path).toBe(path.join(root, 'dist', 'lambda', 'live-check'));
  });

  it('GIVEN neither the source nor the prebundled file WHEN a function gets its code THEN the error names both and how to fix it', () => {
    // Prepare
    root = installedPackage(['monitor']);
    const entry = path.join(root, 'lambda', 'webhooks', 'index.ts');

    // Act
    const act = () => bundledCode(entry, root);

    // Assess
    expect(act).toThrow(
      /no code for the function lambda\/webhooks\/index\.ts: neither its source nor its prebundled dist\/lambda\/webhooks\/index\.js exists.*npm run build/,
    );
  });

  it('GIVEN this checkout WHEN a function gets its code THEN its source is bundled with the options of lib/function-bundling.json', () => {
    // Act
    const code = bundledCode(lambdaEntry('monitor/index.ts'));

    // Assess: an asset of the project folder, bundled (not a prebundled folder)
    expect((code as lambda.AssetCode).path).toBe(path.resolve(__dirname, '..', '..'));
    expect(bundlingOptions).toEqual(
      expect.objectContaining({ bundle: true, format: 'cjs', platform: 'node', external: ['@aws-sdk/*'] }),
    );
  });
});
