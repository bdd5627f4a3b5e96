/**
 * Where a new client secret waits when storing new secrets is off: a queue of the stack's own,
 * encrypted with the notification queues' key and kept 14 days (longer than the 7 days the
 * replaced secret keeps working). The notification is kept exactly as Amazon sent it, so that
 * moving it back to the notification queue (`lwa-expiry release-held`) processes it as if it had
 * just arrived. Nothing here logs or keeps the body.
 */

export interface HeldNotification {
  /** The SQS message body as Amazon sent it: it holds the new client secret. */
  readonly body: string;
  readonly notificationId: string;
  readonly clientId: string;
  readonly heldAt: Date;
}

export interface HeldSecrets {
  hold(notification: HeldNotification): Promise<void>;
}
