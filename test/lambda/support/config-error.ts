import { ConfigError } from '../../../contract/config-rules';

/** Runs `fn`, which must throw a ConfigError, and returns it for inspection. */
export function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e: unknown) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError, but nothing was thrown');
}
