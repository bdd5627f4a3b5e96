import type { DescribeSecretCommandOutput } from '@aws-sdk/client-secrets-manager';
import { DescribeSecretCommand, TagResourceCommand } from '@aws-sdk/client-secrets-manager';
import { CLIENT_ID_TAG, EXPIRES_AT_TAG } from '../contract/tags';
import { clientIdField } from './adopt-list';
import type { AdoptionRequest } from './adopt-plan';
import type { CommandContext } from './context';
import { describeError, isErrorLike } from './errors';
import { tagRecord } from './secret-tags';

/**
 * Tagging one secret for `lwa-expiry adopt`, in named steps (describe, refuse, choose the tags,
 * tag), each ending the adoption with an outcome when it cannot go on.
 */

export interface AdoptionOutcome {
  readonly secret: string;
  readonly origin: string;
  readonly result: 'tagged' | 'would tag' | 'refused' | 'failed';
  /** Tags set (or that would be); a client id read from the value is shown as such, never itself. */
  readonly tags: Readonly<Record<string, string>>;
  readonly message?: string;
}

export interface AdoptOptions {
  readonly tagKey: string;
  readonly region: string;
  readonly dryRun: boolean;
  readonly clientIdField: string;
}

/** Why a step ended the adoption of one secret. */
interface Stop {
  readonly stop: 'refused' | 'failed';
  readonly message: string;
}

const stop = (result: Stop['stop'], message: string): Stop => ({ stop: result, message });

function isStop(value: object): value is Stop {
  return 'stop' in value;
}

/** The tags to set, and the same as shown to the user (a client id read from the value hidden). */
interface TagChoice {
  readonly tags: Record<string, string>;
  readonly shown: Record<string, string>;
}

async function describeTarget(
  ctx: CommandContext,
  request: AdoptionRequest,
  region: string,
): Promise<DescribeSecretCommandOutput | Stop> {
  try {
    return await ctx.clients.secretsManager.send(new DescribeSecretCommand({ SecretId: request.secret }));
  } catch (error: unknown) {
    if (isErrorLike(error) && error.name === 'ResourceNotFoundException') {
      return stop('refused', `no such secret in ${region}`);
    }
    return stop('failed', describeError(error));
  }
}

/** A secret that must not be adopted here: deleted, a replica, or tagged for another app. */
function refusalOf(
  described: DescribeSecretCommandOutput,
  request: AdoptionRequest,
  options: AdoptOptions,
): Stop | undefined {
  if (described.DeletedDate !== undefined) {
    return stop('refused', 'scheduled for deletion; restore it first');
  }
  if (described.PrimaryRegion !== undefined && described.PrimaryRegion !== options.region) {
    return stop(
      'refused',
      `a replica; adopt its primary in ${described.PrimaryRegion} (--region ${described.PrimaryRegion})`,
    );
  }
  const existingApp = tagRecord(described.Tags)[options.tagKey];
  if (existingApp !== undefined && existingApp.trim() !== request.app) {
    return stop(
      'refused',
      `already tagged ${options.tagKey}=${JSON.stringify(existingApp)}, not ${JSON.stringify(request.app)}; change that tag by hand if it is wrong`,
    );
  }
  return undefined;
}

async function chooseTags(
  ctx: CommandContext,
  request: AdoptionRequest,
  described: DescribeSecretCommandOutput,
  options: AdoptOptions,
): Promise<TagChoice | Stop> {
  const tags: Record<string, string> = { [options.tagKey]: request.app };
  const shown: Record<string, string> = { [options.tagKey]: request.app };
  if (request.clientId !== undefined) {
    tags[CLIENT_ID_TAG] = request.clientId;
    shown[CLIENT_ID_TAG] = request.clientId;
  } else if (request.clientIdFromValue) {
    try {
      const fromValue = await clientIdField(ctx, described.ARN ?? request.secret, options.clientIdField);
      if (fromValue === undefined) {
        return stop(
          'refused',
          `its value has no ${options.clientIdField} field; give the client id with --client-id or a client_id column`,
        );
      }
      tags[CLIENT_ID_TAG] = fromValue;
      shown[CLIENT_ID_TAG] = `(from the ${options.clientIdField} field of its value)`;
    } catch (error: unknown) {
      return stop('failed', `could not read its value: ${describeError(error)}`);
    }
  }
  if (request.expiresAt !== undefined) {
    tags[EXPIRES_AT_TAG] = request.expiresAt;
    shown[EXPIRES_AT_TAG] = request.expiresAt;
  }
  return { tags, shown };
}

async function applyTags(
  ctx: CommandContext,
  secretId: string,
  tags: Readonly<Record<string, string>>,
): Promise<Stop | undefined> {
  try {
    await ctx.clients.secretsManager.send(
      new TagResourceCommand({
        SecretId: secretId,
        Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
    return undefined;
  } catch (error: unknown) {
    return stop('failed', describeError(error));
  }
}

/** Tags one secret (or says what it would tag); a refusal or failure is an outcome, not an error. */
export async function adoptOne(
  ctx: CommandContext,
  request: AdoptionRequest,
  options: AdoptOptions,
): Promise<AdoptionOutcome> {
  const ended = (secret: string, { stop: result, message }: Stop): AdoptionOutcome => ({
    secret,
    origin: request.origin,
    result,
    tags: {},
    message,
  });
  const described = await describeTarget(ctx, request, options.region);
  if (isStop(described)) return ended(request.secret, described);
  const name = described.Name ?? request.secret;
  const refusal = refusalOf(described, request, options);
  if (refusal) return ended(name, refusal);
  const choice = await chooseTags(ctx, request, described, options);
  if (isStop(choice)) return ended(name, choice);
  const done = { secret: name, origin: request.origin };
  if (options.dryRun) return { ...done, result: 'would tag', tags: choice.shown };
  const failure = await applyTags(ctx, described.ARN ?? request.secret, choice.tags);
  if (failure) return ended(name, failure);
  return { ...done, result: 'tagged', tags: choice.shown };
}
