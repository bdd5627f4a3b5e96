/**
 * Which monitored secrets an opt-in automation (automatic rotation, live check) acts on: those
 * whose opt-in tag is `true`, or every monitored secret when the scope is `all`. An explicit
 * `false` always opts a secret out, whatever the scope.
 */
export const AUTOMATION_SCOPES = ['tagged', 'all'] as const;
export type AutomationScope = (typeof AUTOMATION_SCOPES)[number];

export const AUTO_ROTATE_TAG = 'lwa:auto-rotate';
export const LIVE_CHECK_TAG = 'lwa:live-check';

export function isAutomationScope(value: string): value is AutomationScope {
  return (AUTOMATION_SCOPES as readonly string[]).includes(value);
}

export function isOptedIn(
  tags: Readonly<Record<string, string>>,
  optInTagKey: string,
  scope: AutomationScope,
): boolean {
  const raw = tags[optInTagKey];
  const value = raw?.trim().toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  return scope === 'all';
}
