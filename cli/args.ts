import { UsageError, isErrorLike } from './errors';

/** Options every command takes. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  debug: { type: 'boolean' },
  // Read by main() before the command runs, so every client of the command uses it.
  region: { type: 'string' },
} as const;

/** `--region <r>` or `--region=<r>` before any `--`; the last one wins, as parseArgs has it. */
export function regionFlag(argv: readonly string[]): string | undefined {
  const end = argv.indexOf('--');
  const args = end === -1 ? argv : argv.slice(0, end);
  let region: string | undefined;
  args.forEach((arg, i) => {
    if (arg === '--region') region = args[i + 1];
    else if (arg.startsWith('--region=')) region = arg.slice('--region='.length);
  });
  return region;
}

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * The region every client uses: `--region`, else AWS_REGION, else AWS_DEFAULT_REGION (which the
 * AWS CLI reads and the SDK for JavaScript does not), else undefined for the SDK to take the
 * profile's.
 */
export function chooseRegion(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (flag !== undefined) {
    if (!REGION_PATTERN.test(flag)) {
      throw new UsageError(
        `Invalid --region ${JSON.stringify(flag)}: expected an AWS region such as eu-west-1.`,
      );
    }
    return flag;
  }
  const fromEnv = env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim();
  return fromEnv || undefined;
}

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
