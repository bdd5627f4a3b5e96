import { UsageError, isErrorLike } from './errors';

/** Options every command takes. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  debug: { type: 'boolean' },
} as const;

/** Options that choose where the monitor's settings come from, or override them. */
export const SETTINGS_OPTIONS = {
  stack: { type: 'string' },
  table: { type: 'string' },
  'tag-key': { type: 'string' },
  thresholds: { type: 'string' },
  'window-days': { type: 'string' },
} as const;

function isParseArgsError(error: unknown): boolean {
  return isErrorLike(error) && typeof error.code === 'string' && error.code.startsWith('ERR_PARSE_ARGS_');
}

/**
 * Runs `node:util` parseArgs and turns its errors into usage errors. Node's wording is kept,
 * without its advice about `--`, which only confuses here.
 */
export function parseOrUsage<T>(command: string, parse: () => T): T {
  try {
    return parse();
  } catch (error: unknown) {
    if (!isErrorLike(error) || !isParseArgsError(error)) throw error;
    const message = error.message.replace(/\. To specify a .*$/s, '').replace(/\.?$/, '.');
    throw new UsageError(message, command);
  }
}

/** Exactly `count` positionals, or a usage error naming what is expected. */
export function expectPositionals(
  command: string,
  positionals: readonly string[],
  names: readonly string[],
): string[] {
  if (positionals.length < names.length) {
    throw new UsageError(`Missing argument: ${names.slice(positionals.length).join(' ')}.`, command);
  }
  if (positionals.length > names.length) {
    const extra = positionals.slice(names.length).map((p) => `'${p}'`);
    throw new UsageError(`Unexpected argument ${extra.join(', ')}.`, command);
  }
  return [...positionals];
}
