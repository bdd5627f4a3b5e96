/**
 * Metric names of the notification handler, in the product's one namespace (see
 * commons/telemetry-names.ts). The construct's alarms and the dashboard read these names.
 */
export const NOTIFICATION_METRIC = {
  /** Every notification handled, by `notificationType` and `outcome`. */
  processed: 'NotificationsProcessed',
  /** A new client secret LWA refused: it was not made current. */
  verificationFailures: 'NotificationVerificationFailures',
  /** LWA could not be reached to verify a new client secret: retried through SQS. */
  lwaUnavailable: 'NotificationLwaUnavailable',
  /** A notification whose client id no secret carries in its lwa:client-id tag. */
  unknownClients: 'NotificationUnknownClients',
  /** A notification whose client id several secrets carry. */
  ambiguousClients: 'NotificationAmbiguousClients',
  /** A message that is not a readable notification. */
  malformed: 'NotificationsMalformed',
} as const;

export const NOTIFICATION_DIMENSION = { type: 'notificationType', outcome: 'outcome' } as const;
