import type { AlertMessage } from '../domain/alert-message';

export interface AlertPublisher {
  /** Resolves once SNS has accepted the message; rejects otherwise. */
  publish(message: AlertMessage): Promise<{ readonly messageId: string }>;
}
