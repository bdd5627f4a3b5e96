/**
 * The public construct library: the monitor, its props, and the constructs it is made of, each
 * usable on its own.
 */
export { LwaExpiryMonitor } from './lwa-expiry-monitor';
export type { LwaExpiryMonitorProps } from './monitor-props';
export type { ResolvedMonitorConfig } from './monitor-config';
export type { OwnerRecipients, ResolvedOwner } from './owners-config';
export { MonitorObservability } from './observability';
export type { MonitorObservabilityProps } from './observability';
export { SpApiNotificationIntake } from './notification-intake';
export {
  AMAZON_NOTIFICATIONS_ACCOUNT,
  type ResolvedIntakeConfig,
  type SpApiNotificationIntakeProps,
} from './notification-intake-config';
export { AutoRotation } from './auto-rotation';
export type { AutoRotationOptions, AutoRotationProps, ResolvedRotationConfig } from './auto-rotation';
export { LiveCheck } from './live-check';
export type { LiveCheckOptions, LiveCheckProps, ResolvedLiveCheckConfig } from './live-check';
export { WebhookForwarder } from './webhook-forwarder';
export type {
  ResolvedWebhookConfig,
  WebhookForwarderOptions,
  WebhookForwarderProps,
} from './webhook-forwarder-config';
export type {
  AutomationBaseProps,
  AutomationOptions,
  ResolvedScheduledConfig,
  ScheduledAutomationOptions,
  ScheduledAutomationProps,
} from './automation-config';
export { AUTO_ROTATE_TAG, LIVE_CHECK_TAG, OWNER_TAG } from '../contract/tags';
export type { CredentialFieldNames, CredentialFieldOverrides } from '../contract/credential-fields';
// ConfigError extends Error, which jsii refuses in a public API: the package exports a type guard
// instead of the class (it narrows to ConfigError, with its key, value and expected).
export { isConfigError } from './validation';
export { enableEventPublishing, eventPublishFailuresAlarm, resolveEventBus } from './event-publishing';
export type { ResolvedEventBus } from './event-publishing';
export { DETAIL_TYPES_BY_FUNCTION, EVENT_DETAIL_TYPE, EVENT_SOURCE } from '../contract/events';
