export type ClaimOutcome =
  /** This invocation may process the notification. */
  | {
      readonly kind: 'claimed';
      /** 1 on the first claim; counts every claim of this notification. */
      readonly attempt: number;
      /** The problem an earlier attempt already alerted, so that retries do not repeat the alert. */
      readonly alertedProblem?: string;
    }
  /** Processed before: a redelivery, to be consumed without doing anything. */
  | { readonly kind: 'done'; readonly outcome?: string }
  /** Another invocation is processing it now: retry later. */
  | { readonly kind: 'busy' };

export interface NotificationLedger {
  claim(notificationId: string, holder: string, now: Date, leaseMs: number): Promise<ClaimOutcome>;
  /** Records the notification as processed: every later delivery is a no-op. */
  complete(notificationId: string, outcome: string, now: Date): Promise<void>;
  /**
   * Gives the claim up so that the next delivery processes the notification again, remembering
   * which problem (if any) was alerted, so that retries do not repeat the alert.
   */
  release(
    notificationId: string,
    holder: string,
    alertedProblem: string | undefined,
    now: Date,
  ): Promise<void>;
}
