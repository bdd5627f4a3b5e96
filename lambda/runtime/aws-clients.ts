/**
 * SDK client settings for every function. Endpoints are left to the SDK, which honours
 * AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>, so the code runs unchanged against any
 * AWS-compatible endpoint.
 */
export const CLIENT_RETRY_SETTINGS = {
  // Standard mode retries throttling and 5xx with exponential backoff and jitter. Four attempts
  // ride out a throttling burst yet stay well inside the function timeout.
  retryMode: 'standard',
  maxAttempts: 4,
  // A connection that never answers fails after seconds and is retried, instead of holding
  // the run until the function timeout.
  requestHandler: { connectionTimeout: 3_000, requestTimeout: 15_000 },
} as const;
