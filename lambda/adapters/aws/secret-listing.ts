import { Readable } from 'node:stream';
import type {
  ListSecretsCommandInput,
  ListSecretsCommandOutput,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager';

/**
 * ListSecrets pages, each request for the next page started as soon as the current page's raw
 * body is in, before the SDK decodes it.
 *
 * Pages come one after another: a page's NextToken is needed to ask for the next. Left to the
 * SDK, the token is known only once the whole page is decoded (schema-driven, about 10 ms of CPU
 * for 100 secrets with their tags), so each page cost a round trip plus that decoding. Here a
 * middleware of each ListSecrets request, innermost of the `deserialize` step (inside the SDK's
 * deserializer, which is `normal` priority: it sees the raw HTTP response), collects a 2xx body,
 * reads NextToken with the native JSON.parse, starts the next request, and hands the same bytes
 * on as the body (the SDK's collectBody takes a Uint8Array as it is). The decoding then overlaps
 * the next round trip.
 *
 * Safety: the caller still takes every page's NextToken from the SDK's output, and uses the early
 * request only if it asked for that same token (`ListedPage.prefetchedFor`); otherwise (no early
 * read, a garbled body, a different token) it is dropped and the SDK's token asked for, as
 * before. Pages come in order, none skipped or repeated. An early request is the next page's one
 * request: its errors, after the SDK's retries (the retry middleware is outside this one, in the
 * same command), surface when that page is awaited. At most one request runs ahead of the page
 * the caller is waiting for: a page starts its successor only once it is `wanted`.
 */
export class ListedPage {
  readonly output: Promise<ListSecretsCommandOutput>;
  /** Settles once this request has been handed to the HTTP handler (or has failed before). */
  readonly sent: Promise<void>;
  private markSent!: () => void;
  private earlyToken: string | undefined;
  private wanted = false;
  private next: { readonly token: string; readonly page: ListedPage } | undefined;

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly input: (nextToken: string | undefined) => ListSecretsCommandInput,
    nextToken: string | undefined,
  ) {
    const command = new ListSecretsCommand(input(nextToken));
    command.middlewareStack.add(
      (next) => async (args) => {
        const result = next(args);
        this.markSent();
        const answered = await result;
        await this.readEarly(answered.response);
        return answered;
      },
      { step: 'deserialize', priority: 'low', name: 'listSecretsEarlyNextToken' },
    );
    const sent = new Promise<void>((resolve) => (this.markSent = resolve));
    // Always a promise, as `await client.send(...)` took it: a stubbed client may answer, or
    // throw, synchronously.
    this.output = (async () => client.send(command))();
    // A dropped early request's error must not be an unhandled rejection; a kept one's is
    // thrown where its page is awaited.
    this.output.catch(() => undefined);
    this.sent = Promise.race([sent, this.output.then(noop, noop)]);
  }

  /** The caller now waits for this page: its successor may be requested as soon as its token is known. */
  want(): void {
    this.wanted = true;
    if (this.earlyToken !== undefined) this.startNext(this.earlyToken);
  }

  /**
   * The request already made for the page after this one, if it asked for `nextToken` (the SDK's
   * NextToken of this page); undefined otherwise, the early request then being dropped. Either
   * way this page starts no other request.
   */
  prefetchedFor(nextToken: string | undefined): ListedPage | undefined {
    const next = this.next;
    this.wanted = false;
    this.next = undefined;
    return next !== undefined && next.token === nextToken ? next.page : undefined;
  }

  private startNext(token: string): ListedPage {
    this.next ??= { token, page: new ListedPage(this.client, this.input, token) };
    return this.next.page;
  }

  /**
   * Reads NextToken from a 2xx body and, if this page is wanted, starts the next request; the
   * SDK's deserializer waits until that request is handed to the HTTP handler and one turn of the
   * event loop has let it be written, so that it is on the wire while this page is decoded.
   */
  private async readEarly(response: unknown): Promise<void> {
    if (this.earlyToken !== undefined || !isSuccess(response)) return;
    let bytes: Uint8Array;
    try {
      // As the SDK's collectBody: bytes as they are, no body as none, a stream collected.
      const { body } = response;
      bytes =
        body instanceof Uint8Array
          ? body
          : body === undefined || body === null
            ? new Uint8Array()
            : await this.client.config.streamCollector(body);
    } catch (error: unknown) {
      // The SDK's own collectBody would have failed with this error: it still does, from a
      // stream failing the same way, so the error is decorated and retried as before.
      response.body = failingStream(error);
      return;
    }
    response.body = bytes;
    this.earlyToken = nextTokenOf(bytes);
    if (this.earlyToken === undefined || !this.wanted) return;
    await this.startNext(this.earlyToken).sent;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

const noop = () => undefined;

function isSuccess(response: unknown): response is { statusCode: number; body: unknown } {
  if (typeof response !== 'object' || response === null) return false;
  const { statusCode } = response as { statusCode?: unknown };
  return typeof statusCode === 'number' && statusCode >= 200 && statusCode < 300 && 'body' in response;
}

/** The top-level NextToken of a ListSecrets body, or undefined if there is none or the body is not JSON. */
export function nextTokenOf(bytes: Uint8Array): string | undefined {
  try {
    const body: unknown = JSON.parse(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'),
    );
    if (typeof body !== 'object' || body === null) return undefined;
    const { NextToken } = body as { NextToken?: unknown };
    return typeof NextToken === 'string' && NextToken.length > 0 ? NextToken : undefined;
  } catch {
    return undefined;
  }
}

/** A body whose collection fails with `error`, as the stream it replaces did. */
function failingStream(error: unknown): Readable {
  return new Readable({
    read() {
      this.destroy(error instanceof Error ? error : new Error(String(error)));
    },
  });
}
