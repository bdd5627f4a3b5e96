import { answerText } from './answer-text';

export function firstSpApiError(body: unknown): SpApiError {
  let value = body;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return {};
    }
  }
  if (typeof value !== 'object' || value === null) return {};
  const errors = (value as { errors?: unknown }).errors;
  if (!Array.isArray(errors) || errors.length === 0) return {};
  const first: unknown = errors[0];
  if (typeof first !== 'object' || first === null) return {};
  const record = first as Record<string, unknown>;
  return {
    code: answerText(record.code, 64),
    message: answerText(record.message, 300),
    details: answerText(record.details, 300),
  };
}

/**
 * After its 180-day deadline a client secret may still get an LWA token; only SP-API calls then
 * fail, with HTTP 403 and `details` "The LWA secret token you provided has expired."
 */
export function saysSecretExpired(status: number | undefined, error: SpApiError): boolean {
  return (
    (status === 403 || status === 401) &&
    error.details !== undefined &&
    /\bsecret\b[^.]*\bexpired\b/i.test(error.details)
  );
}

/** `code: message (details)`, for logs and alerts. */
export function describeSpApiError(error: SpApiError): string | undefined {
  const head = [error.code, error.message].filter((part) => part !== undefined).join(': ');
  if (error.details === undefined) return head === '' ? undefined : head;
  return head === '' ? error.details : `${head} (${error.details})`;
}

/**
 * SP-API error bodies: `{"errors":[{"code","message","details"}]}`. `details` often carries the
 * only useful words (such as "The LWA secret token you provided has expired."), so all three are
 * kept, cut and printable; none of them ever holds the access token.
 */
export interface SpApiError {
  readonly code?: string;
  readonly message?: string;
  readonly details?: string;
}
