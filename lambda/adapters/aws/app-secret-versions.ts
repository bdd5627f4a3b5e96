import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  TagResourceCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { EXPIRES_AT_TAG } from '../../../contract/tags';
import type { CurrentSecretValue, AppSecretVersions } from '../../ports/app-secret-versions';

/**
 * The Secrets Manager calls that store a new client secret: read the current version, stage
 * the new one as AWSPENDING, promote it to AWSCURRENT once verified, and date it with the
 * `lwa:expires-at` tag. Values pass through; nothing here logs or keeps them.
 */

export const CURRENT_STAGE = 'AWSCURRENT';
export const PENDING_STAGE = 'AWSPENDING';

export class SecretsManagerAppSecretVersions implements AppSecretVersions {
  constructor(private readonly client: SecretsManagerClient) {}

  async current(secretArn: string): Promise<CurrentSecretValue> {
    const result = await this.client.send(
      new GetSecretValueCommand({ SecretId: secretArn, VersionStage: CURRENT_STAGE }),
    );
    if (!result.VersionId) throw new Error('GetSecretValue returned no VersionId for the AWSCURRENT version');
    return { versionId: result.VersionId, secretString: result.SecretString };
  }

  async putPending(secretArn: string, clientRequestToken: string, secretString: string): Promise<string> {
    const result = await this.client.send(
      new PutSecretValueCommand({
        SecretId: secretArn,
        ClientRequestToken: clientRequestToken,
        SecretString: secretString,
        VersionStages: [PENDING_STAGE],
      }),
    );
    return result.VersionId ?? clientRequestToken;
  }

  async promote(secretArn: string, versionId: string, previousVersionId: string): Promise<void> {
    await this.client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: secretArn,
        VersionStage: CURRENT_STAGE,
        MoveToVersionId: versionId,
        RemoveFromVersionId: previousVersionId,
      }),
    );
  }

  async clearPending(secretArn: string, versionId: string): Promise<void> {
    await this.client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: secretArn,
        VersionStage: PENDING_STAGE,
        RemoveFromVersionId: versionId,
      }),
    );
  }

  async tagExpiry(secretArn: string, expiresAt: Date): Promise<void> {
    await this.client.send(
      new TagResourceCommand({
        SecretId: secretArn,
        Tags: [{ Key: EXPIRES_AT_TAG, Value: expiresAt.toISOString() }],
      }),
    );
  }
}
