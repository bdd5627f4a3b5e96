import type { CatalogSecret } from '../domain/catalog-secret';

/** The app a secret belongs to: its tag value, or its name (with a warning) when the tag is empty. */
export function appNameOf(secret: CatalogSecret, tagKey: string): { app: string; warning?: string } {
  const raw = secret.tags[tagKey] ?? '';
  const app = raw.trim();
  if (app !== '') return { app };
  return {
    app: secret.name,
    warning: `tag ${tagKey} is empty; the secret name is used as the app name`,
  };
}
