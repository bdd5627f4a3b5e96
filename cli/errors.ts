/**
 * Exit codes and the errors the CLI turns into them. A user error prints its message alone;
 * only `--debug` adds a stack trace, because a trace hides the one line that matters.
 */
export const EXIT = {
  ok: 0,
  /** An AWS call failed, or something unexpected happened. */
  error: 1,
  /** Bad command line: unknown command or option, bad value. */
  usage: 2,
  /** A credential is at or below the most urgent threshold, or expired. */
  urgent: 3,
  /** A credential's expiry is undetermined, or nothing is monitored at all. */
  attention: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The command line is wrong; the message says how, and help is one flag away. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose `--help` to point at, if known. */
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A refusal or failure the user can act on (unknown secret, missing region): message only. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

const MAX_ERROR_CHARS = 300;

interface ErrorLike {
  readonly name: string;
  readonly message: string;
  readonly code?: unknown;
  readonly stack?: unknown;
}

/**
 * Errors are recognised by shape, not `instanceof`: Node's own errors (parseArgs, sockets) and
 * the SDK's may come from another realm or another copy of a module.
 */
export function isErrorLike(error: unknown): error is ErrorLike {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { name?: unknown }).name === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/** One line naming the error: `Name: message`, cut short (an endpoint may answer with a page of HTML). */
export function describeError(error: unknown): string {
  let text = isErrorLike(error)
    ? `${error.name && error.name !== 'Error' ? `${error.name}: ` : ''}${error.message}`
    : String(error);
  // An endpoint that does not serve the API answers with a bare status, which the SDK calls "Unknown".
  const status = (error as { $metadata?: { httpStatusCode?: unknown } } | undefined)?.$metadata
    ?.httpStatusCode;
  if (typeof status === 'number' && /Unknown(Error)?$/.test(text)) text = `${text} (HTTP ${status})`;
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_ERROR_CHARS ? `${line.slice(0, MAX_ERROR_CHARS)}…` : line;
}

/** True for errors raised by an AWS SDK client (service or transport), as opposed to bugs. */
export function isAwsError(error: unknown): boolean {
  if (!isErrorLike(error)) return false;
  if ('$metadata' in error || '$fault' in error) return true;
  return (
    error.name === 'TimeoutError' || (typeof error.code === 'string' && /^E[A-Z]+$/.test(error.code)) // ECONNREFUSED, ENOTFOUND, ...
  );
}

/** The SDK found no credentials or no region: nothing was asked of AWS, and nothing can be until fixed. */
export function isAwsSetupError(error: unknown): boolean {
  return (
    isErrorLike(error) &&
    (error.name === 'CredentialsProviderError' || /region is missing/i.test(error.message))
  );
}

/** A hint that turns a setup error into a next step. */
export function awsSetupHint(error: unknown): string {
  if (isErrorLike(error) && error.name === 'CredentialsProviderError') {
    return 'Configure AWS credentials: AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or aws sso login.';
  }
  return 'Pass --region, set AWS_REGION or AWS_DEFAULT_REGION, or a region in your AWS profile (AWS_PROFILE).';
}
