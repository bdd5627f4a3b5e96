import { AwsServiceError, UnsupportedByFake, validationError } from './aws-error';

/** A decoded JSON request body: the fake reads it field by field, checking each type. */
export type JsonObject = { readonly [key: string]: unknown };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseJsonBody(body: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = body === '' ? {} : JSON.parse(body);
  } catch {
    throw new AwsServiceError(400, 'SerializationException', 'Request body is not valid JSON');
  }
  if (!isJsonObject(parsed)) {
    throw new AwsServiceError(400, 'SerializationException', 'Request body is not a JSON object');
  }
  return parsed;
}

/** Rejects members the fake does not know, rather than ignoring a misspelt or unsupported one. */
export function onlyKnownMembers(input: JsonObject, operation: string, known: readonly string[]): void {
  for (const key of Object.keys(input)) {
    if (!known.includes(key)) throw new UnsupportedByFake(`${operation} parameter ${key}`);
  }
}

export function optionalString(input: JsonObject, key: string): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw validationError(`${key} must be a string`);
  return value;
}

export function requiredString(input: JsonObject, key: string): string {
  const value = optionalString(input, key);
  if (value === undefined) {
    throw validationError(
      `1 validation error detected: Value null at '${key}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

export function optionalNumber(input: JsonObject, key: string): number | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw validationError(`${key} must be a number`);
  return value;
}

export function optionalBoolean(input: JsonObject, key: string): boolean | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw validationError(`${key} must be a boolean`);
  return value;
}

export function optionalObject(input: JsonObject, key: string): JsonObject | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) throw validationError(`${key} must be an object`);
  return value;
}

export function optionalArray(input: JsonObject, key: string): readonly unknown[] | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw validationError(`${key} must be a list`);
  return value as readonly unknown[];
}

export function stringMap(input: JsonObject, key: string): Record<string, string> | undefined {
  const value = optionalObject(input, key);
  if (value === undefined) return undefined;
  const result: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw validationError(`${key}.${k} must be a string`);
    result[k] = v;
  }
  return result;
}

/** AWS JSON protocols carry timestamps as epoch seconds (fractions allowed). */
export function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}
