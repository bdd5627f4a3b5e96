/** What this stack has done for one LWA client id, as kept in the ledger. */
export interface ClientRecord {
  /** 0 when the client id has no record yet. */
  readonly revision: number;
  /** The newest secret this stack made current. */
  readonly promoted?: {
    readonly expiresAt: Date;
    /** When Amazon issued it (the notification's time). */
    readonly at: Date;
    readonly notificationId: string;
  };
  /** The newest secret held back because storing new secrets is off. */
  readonly held?: {
    readonly expiresAt: Date;
    /** When the replaced secret stops working. */
    readonly oldExpiresAt: Date;
    readonly at: Date;
    readonly notificationId: string;
    /** AWSCURRENT version of the app secret when it was held: a new one means someone stored a value since. */
    readonly versionId?: string;
  };
  /** The newest expiry notice applied. */
  readonly expiryNotice?: {
    readonly expiresAt: Date;
    /** Undefined when the notice named no time. */
    readonly at?: Date;
    readonly notificationId: string;
  };
}

export const EMPTY_CLIENT_RECORD: ClientRecord = { revision: 0 };
