import type { DescribeSecretCommandOutput } from '@aws-sdk/client-secrets-manager';
import {
  DescribeSecretCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-secrets-manager';
import { parseArgs } from 'node:util';
import { daysLeft } from '../lambda/domain/alert-policy';
import { EXPIRES_AT_TAG, ROTATED_AT_TAG } from '../contract/tags';
import { COMMON_OPTIONS, expectPositionals, parseOrUsage } from './args';
import type { CommandContext } from './context';
import { settingsFor } from './context';
import { CliError, EXIT, describeError, isErrorLike } from './errors';
import { formatMinuteUtc, plural, printable, wrapText } from './format';
import type { ResolvedSettings } from './resolve-settings';
import { parseSettingsFlags } from './resolve-settings';
import type { RotationPlan } from './rotation-record';
import { parseRotationTime, planRotationTags } from './rotation-record';
import { tagRecord } from './secret-tags';
import { MARK_ROTATED_HELP } from './usage';
import { quoteTagValue } from '../lambda/domain/tag-values';

export const MARK_ROTATED_COMMAND = 'mark-rotated';

/** Why this secret must not be marked, if it must not. */
export function refusalOf(
  described: DescribeSecretCommandOutput,
  secretId: string,
  tagKey: string,
  region: string,
): string | undefined {
  const name = JSON.stringify(described.Name ?? secretId);
  if (described.DeletedDate !== undefined) {
    return `Secret ${name} is scheduled for deletion; restore it (aws secretsmanager restore-secret) before marking it rotated.`;
  }
  if (described.PrimaryRegion !== undefined && described.PrimaryRegion !== region) {
    return `Secret ${name} in ${region} is a replica; its primary is in ${described.PrimaryRegion}. Mark the primary: AWS_REGION=${described.PrimaryRegion} lwa-expiry mark-rotated ${JSON.stringify(secretId)}.`;
  }
  if (!Object.hasOwn(tagRecord(described.Tags), tagKey)) {
    return (
      `Secret ${name} does not carry the tag ${JSON.stringify(tagKey)}, so the monitor does not watch it; nothing was changed.\n` +
      `If it holds an LWA client secret, tag it first: aws secretsmanager tag-resource --secret-id ${name} --tags Key=${tagKey},Value=<app name>`
    );
  }
  return undefined;
}

export function renderRotationRecorded(
  secretName: string,
  app: string,
  rotatedAt: Date,
  plan: RotationPlan,
  now: Date,
): string {
  const { expiry } = plan;
  const left = daysLeft(expiry.expiresAt, now);
  const sourceText =
    expiry.source === 'expires-at-tag'
      ? `from tag ${EXPIRES_AT_TAG}`
      : `${ROTATED_AT_TAG} + ${expiry.windowDays}-day rotation window`;
  const lines = [
    `Marked ${JSON.stringify(secretName)} (app ${JSON.stringify(app)}) as rotated at ${formatMinuteUtc(rotatedAt)} UTC:`,
    `  set tag ${ROTATED_AT_TAG} = ${plan.rotatedAtValue}`,
  ];
  if (plan.staleExpiresAt !== undefined) {
    lines.push(
      `  removed tag ${EXPIRES_AT_TAG} (${quoteTagValue(plan.staleExpiresAt)}): it was earlier than the new expiry`,
    );
  }
  if (plan.keptExpiresAt !== undefined) {
    lines.push(
      `  kept tag ${EXPIRES_AT_TAG} (${quoteTagValue(plan.keptExpiresAt)}): it is not earlier than the new expiry, and still decides it`,
    );
  }
  if (plan.malformedExpiresAt !== undefined) {
    lines.push(
      `  left tag ${EXPIRES_AT_TAG} (${quoteTagValue(plan.malformedExpiresAt)}) alone: it is not a date and the monitor ignores it; remove it with`,
      `    aws secretsmanager untag-resource --secret-id ${JSON.stringify(secretName)} --tag-keys ${EXPIRES_AT_TAG}`,
    );
  }
  lines.push(
    `New expiry: ${formatMinuteUtc(expiry.expiresAt)} UTC, ${left > 0 ? `${plural(left, 'day')} left` : 'already past: the credential is expired'} (${sourceText}).`,
    'The monitor starts a new expiry cycle on its next run, and says so ("resolved") if it had alerted about this secret.',
  );
  return `${wrapText(lines.map(printable).join('\n'))}\n`;
}

function parseMarkRotatedArgs(args: readonly string[]) {
  return parseOrUsage(MARK_ROTATED_COMMAND, () =>
    parseArgs({
      args: [...args],
      options: {
        ...COMMON_OPTIONS,
        at: { type: 'string' },
        stack: { type: 'string' },
        'tag-key': { type: 'string' },
        'window-days': { type: 'string' },
        json: { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
}

/** The secret's metadata, or a refusal naming what is wrong with it. */
async function describeMarkable(
  ctx: CommandContext,
  secretId: string,
  settings: ResolvedSettings['settings'],
): Promise<DescribeSecretCommandOutput> {
  let described: DescribeSecretCommandOutput;
  try {
    described = await ctx.clients.secretsManager.send(new DescribeSecretCommand({ SecretId: secretId }));
  } catch (error: unknown) {
    if (isErrorLike(error) && error.name === 'ResourceNotFoundException') {
      throw new CliError(
        `No secret ${JSON.stringify(secretId)} in ${settings.region}; nothing was changed. Check the name or ARN, and the AWS region and profile.`,
      );
    }
    throw error;
  }
  const refusal = refusalOf(described, secretId, settings.tagKey, settings.region);
  if (refusal) throw new CliError(refusal);
  return described;
}

/** Sets lwa:rotated-at, then removes a stale lwa:expires-at; a half-done change says which half. */
async function applyRotationTags(
  ctx: CommandContext,
  target: string,
  name: string,
  plan: RotationPlan,
): Promise<void> {
  const secrets = ctx.clients.secretsManager;
  await secrets.send(
    new TagResourceCommand({ SecretId: target, Tags: [{ Key: ROTATED_AT_TAG, Value: plan.rotatedAtValue }] }),
  );
  if (plan.staleExpiresAt === undefined) return;
  try {
    await secrets.send(new UntagResourceCommand({ SecretId: target, TagKeys: [EXPIRES_AT_TAG] }));
  } catch (error: unknown) {
    // Half done: say exactly which half, since the stale tag still decides the expiry.
    throw new CliError(
      `Set tag ${ROTATED_AT_TAG} = ${plan.rotatedAtValue} on ${JSON.stringify(name)}, but could not remove the stale ${EXPIRES_AT_TAG} tag ` +
        `(${describeError(error)}), which still decides the expiry. Remove it: ` +
        `aws secretsmanager untag-resource --secret-id ${JSON.stringify(name)} --tag-keys ${EXPIRES_AT_TAG}`,
    );
  }
}

function rotationJson(secret: string, app: string, rotatedAt: Date, plan: RotationPlan, now: Date): string {
  return `${JSON.stringify(
    {
      secret,
      app,
      rotatedAt: rotatedAt.toISOString(),
      tagsSet: { [ROTATED_AT_TAG]: plan.rotatedAtValue },
      tagsRemoved: plan.staleExpiresAt !== undefined ? [EXPIRES_AT_TAG] : [],
      expiresAt: plan.expiry.expiresAt.toISOString(),
      daysLeft: daysLeft(plan.expiry.expiresAt, now),
      dateSource: plan.expiry.source,
    },
    null,
    2,
  )}\n`;
}

/** `lwa-expiry mark-rotated <secret> [--at <ISO-8601>]`: tags only, never the secret value. */
export async function markRotatedCommand(ctx: CommandContext, args: readonly string[]): Promise<number> {
  const { values, positionals } = parseMarkRotatedArgs(args);
  if (values.help) {
    ctx.io.stdout.write(MARK_ROTATED_HELP);
    return EXIT.ok;
  }
  const [secretId = ''] = expectPositionals(MARK_ROTATED_COMMAND, positionals, ['<secret>']);
  const flags = { stack: values.stack, tagKey: values['tag-key'], windowDays: values['window-days'] };
  // Every argument is checked before the first AWS call.
  parseSettingsFlags(flags, MARK_ROTATED_COMMAND);
  const now = ctx.io.clock();
  const rotatedAt = parseRotationTime(values.at, now, MARK_ROTATED_COMMAND);

  const { settings } = await settingsFor(ctx, flags, MARK_ROTATED_COMMAND, false);
  const described = await describeMarkable(ctx, secretId, settings);
  const tags = tagRecord(described.Tags);
  const plan = planRotationTags(tags, rotatedAt, settings.defaultWindowDays, now);
  const name = described.Name ?? secretId;
  await applyRotationTags(ctx, described.ARN ?? secretId, name, plan);
  const app = (tags[settings.tagKey] ?? '').trim() || name;
  ctx.io.stdout.write(
    values.json
      ? rotationJson(name, app, rotatedAt, plan, now)
      : renderRotationRecorded(name, app, rotatedAt, plan, now),
  );
  return EXIT.ok;
}
