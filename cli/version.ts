import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PACKAGE_NAME = 'lwa-expiry-monitor';

/**
 * The version in this package's package.json, found by walking up from this file: the same
 * code runs from the sources (cli/), compiled (dist/lwa-expiry/cli/) and installed
 * (node_modules/lwa-expiry-monitor/dist/...), each at a different depth.
 */
export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (manifest.name === PACKAGE_NAME && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // No package.json here, or not readable: keep walking up.
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}
