import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { CLIENT_ID_TAG } from '../contract/tags';

/** IAM condition blocks: operator, then condition key to value. */
export type Conditions = Record<string, Record<string, unknown>>;

/**
 * Every secret of this account and region. Which app secrets exist is only known at run time, so
 * statements on secrets name this ARN and narrow it by tag conditions.
 */
export function accountSecretsArn(): string {
  return `arn:${Aws.PARTITION}:secretsmanager:${Aws.REGION}:${Aws.ACCOUNT_ID}:secret:*`;
}

/** The secrets a value may be read or written of: both the app tag and `lwa:client-id` present. */
export function appSecretConditions(appTagKey: string, more: Conditions = {}): Conditions {
  return {
    Null: { [`aws:ResourceTag/${appTagKey}`]: 'false', [`aws:ResourceTag/${CLIENT_ID_TAG}`]: 'false' },
    ...more,
  };
}

/** One statement on app secrets (see appSecretConditions), narrowed further by `conditions`. */
export interface AppSecretStatement {
  readonly sid: string;
  readonly actions: string[];
  readonly conditions?: Conditions;
}

/** Customer-managed keys of secrets and what a function may do with them, through Secrets Manager. */
export interface SecretKeysGrant {
  readonly sid: string;
  readonly actions: string[];
  readonly keys: readonly kms.IKey[];
}

/** What a function may do with app secrets, granted in this order. */
export interface AppSecretAccess {
  readonly appTagKey: string;
  /** Sid of the ListSecrets statement, which every function looking for app secrets needs. */
  readonly listSid: string;
  /** ListSecretVersionIds (metadata only) on every secret carrying the app tag. */
  readonly versionMetadata?: boolean;
  /** Statements on app secrets, such as reading or writing their values. */
  readonly statements?: readonly AppSecretStatement[];
  /** The keys of encrypted app secrets; no statement when there is none. */
  readonly keys?: SecretKeysGrant;
}

/** The one way a role is given access to app secrets: tag-scoped, values only of app secrets. */
export function grantAppSecretAccess(role: iam.Role, access: AppSecretAccess): void {
  role.addToPolicy(
    new iam.PolicyStatement({
      sid: access.listSid,
      // ListSecrets has no resource-level permissions: "*" is the only resource it accepts.
      actions: ['secretsmanager:ListSecrets'],
      resources: ['*'],
    }),
  );
  if (access.versionMetadata) {
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadVersionMetadataOfAppSecrets',
        actions: ['secretsmanager:ListSecretVersionIds'],
        resources: [accountSecretsArn()],
        conditions: { Null: { [`aws:ResourceTag/${access.appTagKey}`]: 'false' } },
      }),
    );
  }
  for (const statement of access.statements ?? []) {
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: statement.sid,
        actions: statement.actions,
        resources: [accountSecretsArn()],
        conditions: appSecretConditions(access.appTagKey, statement.conditions),
      }),
    );
  }
  if (access.keys) grantSecretKeys(role, access.keys);
}

/** Use of the keys that encrypt secrets, through Secrets Manager only; nothing without keys. */
export function grantSecretKeys(role: iam.Role, grant: SecretKeysGrant): void {
  if (grant.keys.length === 0) return;
  role.addToPolicy(
    new iam.PolicyStatement({
      sid: grant.sid,
      actions: grant.actions,
      resources: grant.keys.map((key) => key.keyArn),
      conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Aws.REGION}.amazonaws.com` } },
    }),
  );
}
