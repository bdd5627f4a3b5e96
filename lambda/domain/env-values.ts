/** Reads of one function environment variable, each failing with a ConfigError that names it. */
import { ConfigError } from '../../contract/config-rules';
import { AUTOMATION_SCOPES, isAutomationScope } from '../../contract/tags';
import type { AutomationScope } from '../../contract/tags';

export function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '')
    throw new ConfigError(name, value ?? '', 'a non-empty value');
  return value;
}

export function scopeFrom(env: NodeJS.ProcessEnv, name: string): AutomationScope {
  const raw = (env[name] ?? 'tagged').trim();
  if (!isAutomationScope(raw)) throw new ConfigError(name, raw, `one of ${AUTOMATION_SCOPES.join(', ')}`);
  return raw;
}
