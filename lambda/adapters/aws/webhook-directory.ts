import { errorName } from '../../domain/error-name';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { WebhookConfig } from '../../domain/webhook-config';
import { WebhookConfigError, parseWebhookConfig } from '../../domain/webhook-config';
import type { WebhookDirectory } from '../../ports/webhook-directory';

export const DEFAULT_WEBHOOK_CACHE_MS = 5 * 60_000;

export class SecretsManagerWebhookDirectory implements WebhookDirectory {
  private cached?: { readonly config: WebhookConfig; readonly loadedAt: number };

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
    private readonly cacheMs = DEFAULT_WEBHOOK_CACHE_MS,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async config(): Promise<WebhookConfig & { readonly stale: boolean }> {
    const now = this.clock().getTime();
    if (this.cached && now - this.cached.loadedAt < this.cacheMs)
      return { ...this.cached.config, stale: false };
    try {
      const config = await this.load();
      this.cached = { config, loadedAt: now };
      return { ...config, stale: false };
    } catch (error: unknown) {
      if (this.cached) return { ...this.cached.config, stale: true };
      throw error;
    }
  }

  private async load(): Promise<WebhookConfig> {
    let secretString: string | undefined;
    try {
      secretString = (await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId })))
        .SecretString;
    } catch (error: unknown) {
      // Secrets Manager errors name the secret and the principal, never the value.
      const name = errorName(error);
      throw new WebhookConfigError(`cannot read the webhook secret: ${name}`);
    }
    if (secretString === undefined)
      throw new WebhookConfigError('the webhook secret holds binary data, not JSON');
    return parseWebhookConfig(secretString);
  }
}
