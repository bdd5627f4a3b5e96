import type { ClientRecord } from '../domain/client-record';

/**
 * What the notification intake has done for each LWA client id (the secret it promoted last, the
 * one it held back, the expiry notice it applied), kept in the ledger table under
 * `notification#client#<clientId>`. Only ids and dates: never a secret value. Writes are
 * conditional on the revision read, so two invocations can never both build on the same record.
 * Records have no TTL: they are what a late delivery is compared with, however late.
 */

export interface ClientRecords {
  read(clientId: string): Promise<ClientRecord>;
  /** Stores `record` if the stored revision is still `record.revision`; false if another write came first. */
  write(clientId: string, record: ClientRecord, now: Date): Promise<boolean>;
}
