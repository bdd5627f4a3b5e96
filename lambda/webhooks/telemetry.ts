/** Metric names of the webhook forwarder, shared with the construct's alarms (service dimension only). */
export const WEBHOOK_METRIC = {
  deliveries: 'WebhookDeliveries',
  failures: 'WebhookDeliveryFailures',
  retries: 'WebhookRetries',
  configProblems: 'WebhookConfigProblems',
} as const;
