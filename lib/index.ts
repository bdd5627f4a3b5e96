/**
 * The public construct library: the monitor, its props, and the constructs it is made of, each
 * usable on its own.
 */
export { LwaExpiryMonitor } from './lwa-expiry-monitor';
export type { AutomationWiring, LwaExpiryMonitorProps } from './monitor-props';
export type { ResolvedMonitorConfig } from './monitor-config';
export { MonitorObservability } from './observability';
export type { MonitorObservabilityProps } from './observability';
export { SpApiNotificationIntake } from './notification-intake';
export {
  AMAZON_NOTIFICATIONS_ACCOUNT,
  type ResolvedIntakeConfig,
  type SpApiNotificationIntakeProps,
} from './notification-intake-config';
export { AutoRotation } from './auto-rotation';
export type { AutoRotationProps, ResolvedRotationConfig } from './auto-rotation';
export { LiveCheck } from './live-check';
export type { LiveCheckProps, ResolvedLiveCheckConfig } from './live-check';
export { WebhookForwarder } from './webhook-forwarder';
export type { ResolvedWebhookConfig, WebhookForwarderProps } from './webhook-forwarder-config';
export type {
  AutomationBaseProps,
  ResolvedScheduledConfig,
  ScheduledAutomationProps,
} from './automation-config';
export { AUTO_ROTATE_TAG, LIVE_CHECK_TAG, type AutomationScope } from '../contract/tags';
export type { CredentialFieldNames } from '../contract/credential-fields';
export { ConfigError } from './validation';
export { enableEventPublishing, eventPublishFailuresAlarm, resolveEventBus } from './event-publishing';
export type { ResolvedEventBus } from './event-publishing';
export { DETAIL_TYPES_BY_FUNCTION, EVENT_DETAIL_TYPE, EVENT_SOURCE } from '../contract/events';
