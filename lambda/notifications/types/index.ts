import type { Decision, NotificationContext } from '../notification-context';
import type { ParsedNotification } from '../notification-envelope';
import { handleNewSecret } from './new-secret/handle';
import { handleSecretExpiry } from './secret-expiry';
import { handleUnknownType } from './unknown-type';

/** A notification that was read: one of the types below. */
export type ReadNotification = Exclude<ParsedNotification, { kind: 'malformed' }>;

type Handler<N extends ReadNotification> = (
  ctx: NotificationContext,
  parsed: N,
  body: string,
) => Promise<Decision>;

/** What acts on each type of notification; each type lives in its own file. */
const HANDLERS: {
  readonly [K in ReadNotification['kind']]: Handler<Extract<ReadNotification, { kind: K }>>;
} = {
  'secret-expiry': handleSecretExpiry,
  'new-secret': handleNewSecret,
  'unknown-type': handleUnknownType,
};

export function actOn(ctx: NotificationContext, parsed: ReadNotification, body: string): Promise<Decision> {
  // The table's keys tie each handler to its own type: the cast only widens what TypeScript cannot pair up.
  const handler = HANDLERS[parsed.kind] as Handler<ReadNotification>;
  return handler(ctx, parsed, body);
}
