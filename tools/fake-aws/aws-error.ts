/**
 * An error as an AWS service reports it: HTTP status, error code and message. Each protocol
 * renders it in its own wire format (a JSON `__type` for awsJson, an `<ErrorResponse>` for
 * awsQuery), so the SDK turns it into the same exception class it would get from AWS.
 */
export class AwsServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** More members of a JSON error body, such as the `Item` of a failed DynamoDB condition. */
    readonly members: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'AwsServiceError';
  }
}

/** What AWS answers for a request that breaks a documented constraint. */
export function validationError(message: string): AwsServiceError {
  return new AwsServiceError(400, 'ValidationException', message);
}

/**
 * A request this fake does not implement (an operation, a parameter or an expression form). It
 * is answered with an error and recorded in `FakeAws.problems`, so a test relying on something
 * the fake would silently get wrong fails instead.
 */
export class UnsupportedByFake extends AwsServiceError {
  constructor(what: string) {
    super(400, 'UnsupportedByFakeAws', `FakeAws does not implement ${what}`);
    this.name = 'UnsupportedByFake';
  }
}

/** The error shape names the SDK knows, by the query-protocol code SQS sends in x-amzn-query-error. */
const QUERY_ERROR_CODES: Readonly<Record<string, string>> = {
  QueueDoesNotExist: 'AWS.SimpleQueueService.NonExistentQueue',
  UnsupportedOperation: 'AWS.SimpleQueueService.UnsupportedOperation',
  MessageNotInflight: 'AWS.SimpleQueueService.MessageNotInflight',
};

/** What goes in the `x-amzn-query-error` header of an error answer (`Code;Sender`). */
export function sqsQueryErrorHeader(error: AwsServiceError): string {
  const code = QUERY_ERROR_CODES[error.code] ?? error.code;
  return `${code};${error.status >= 500 ? 'Receiver' : 'Sender'}`;
}
