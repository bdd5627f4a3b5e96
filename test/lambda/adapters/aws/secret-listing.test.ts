/**
 * The ListSecrets pages of SecretsManagerCatalog.pages against the loopback fake, with the real
 * SDK client: each page's request for the next leaves before the SDK decodes that page
 * (lambda/adapters/aws/secret-listing.ts), yet pages come in order, none lost or repeated, one
 * request per page; an early NextToken that disagrees with the SDK's, or that could not be
 * read, is not used; an error of a request made early surfaces for its own page. Ordering is
 * steered with the fake's held requests and recorded by middleware on the client, never timed.
 */
import { Readable } from 'node:stream';
import type {
  ListSecretsCommandInput,
  ListSecretsCommandOutput,
  ServiceInputTypes,
  ServiceOutputTypes,
} from '@aws-sdk/client-secrets-manager';
import type { DeserializeMiddleware } from '@smithy/types';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CatalogSecret } from '../../../../lambda/domain/catalog-secret';
import { SecretsManagerCatalog } from '../../../../lambda/adapters/aws/secret-catalog';
import { nextTokenOf } from '../../../../lambda/adapters/aws/secret-listing';
import type { CallRecord, FakeAws, HeldRequest } from '../../../../tools/fake-aws';
import { errorOf } from '../../../support/error-of';
import { loopbackAws } from '../../support/loopback-aws';

const TAG = 'lwa:app';
const T0 = new Date('2027-01-04T00:00:00Z');

let fake: FakeAws;
let client: SecretsManagerClient;
let mathRandom: jest.SpyInstance<number, []>;

beforeEach(() => {
  fake = loopbackAws({ region: 'eu-west-1' });
  client = new SecretsManagerClient(fake.clientConfig());
  // The SDK waits a random fraction of its back-off between attempts: none here.
  mathRandom = jest.spyOn(Math, 'random').mockReturnValue(0);
});

afterEach(async () => {
  mathRandom.mockRestore();
  fake.releaseHeld();
  expect(fake.problems).toEqual([]);
  client.destroy();
  await fake.close();
});

/** `count` tagged secrets, `perPage` to a ListSecrets page; their names in listing order. */
function seed(count: number, perPage: number): string[] {
  fake.secretsManager.listPageLimit = perPage;
  const names = Array.from({ length: count }, (_, i) => `sp-api/app-${String(i).padStart(4, '0')}`);
  for (const name of names) fake.secretsManager.createSecret({ name, createdAt: T0, tags: { [TAG]: name } });
  return names;
}

/** The one request the fake holds, once it holds one. */
async function heldOne(): Promise<HeldRequest> {
  const [held] = await fake.whenHeld(1);
  if (held === undefined || fake.held.length !== 1) throw new Error('expected one held request');
  return held;
}

const tokenOf = (record: CallRecord) => record.json?.NextToken;
const listings = () => fake.log.filter((r) => r.operation === 'SecretsManager.ListSecrets');

/**
 * Records, on the client, each ListSecrets request as it leaves for the HTTP handler (`sent p`,
 * after signing, once per attempt) and each page once the SDK has decoded it (`decoded p`), p
 * being the page number the request's NextToken stands for (learnt from the decoded pages).
 */
function recordOrder(): { events: () => string[]; whenDecoded: (page: number) => Promise<void> } {
  const raw: { kind: 'sent' | 'decoded'; token: string | undefined }[] = [];
  const pageOfToken = new Map<string | undefined, number>([[undefined, 1]]);
  const waiters: { page: number; resolve: () => void }[] = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      raw.push({ kind: 'sent', token: (args.input as ListSecretsCommandInput).NextToken });
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'testRecordSent' },
  );
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const token = (args.input as ListSecretsCommandInput).NextToken;
      const page = pageOfToken.get(token) ?? NaN;
      const output = result.output as ListSecretsCommandOutput;
      if (output.NextToken) pageOfToken.set(output.NextToken, page + 1);
      raw.push({ kind: 'decoded', token });
      for (const waiter of waiters.filter((w) => w.page === page)) waiter.resolve();
      return result;
    },
    { step: 'deserialize', priority: 'high', name: 'testRecordDecoded' },
  );
  return {
    events: () => raw.map(({ kind, token }) => `${kind} ${pageOfToken.get(token) ?? '?'}`),
    whenDecoded: (page) => new Promise<void>((resolve) => waiters.push({ page, resolve })),
  };
}

/** A response body as bytes: the early read hands bytes on; the HTTP handler gives a stream. */
async function bytesOf(body: unknown): Promise<Uint8Array> {
  return body instanceof Uint8Array ? body : client.config.streamCollector(body);
}

/**
 * Rewrites the first page's body between the SDK's deserializer and the early read (inside the
 * first, outside the second), so that the SDK decodes other bytes than the early read saw.
 */
function rewriteFirstPageForTheSdk(rewrite: (body: string) => string): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as { body: unknown };
      if ((args.input as ListSecretsCommandInput).NextToken === undefined) {
        const text = Buffer.from(await bytesOf(response.body)).toString('utf8');
        response.body = new TextEncoder().encode(rewrite(text));
      }
      return result;
    },
    { step: 'deserialize', priority: 'normal', name: 'testRewriteForTheSdk' },
  );
}

/** Replaces the first page's raw body, as the early read receives it from the HTTP handler. */
function replaceFirstPageRawBody(replace: (bytes: Uint8Array) => unknown): void {
  const middleware: DeserializeMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next) => async (args) => {
    const result = await next(args);
    const response = result.response as { body: unknown };
    if ((args.input as ListSecretsCommandInput).NextToken === undefined) {
      response.body = replace(await bytesOf(response.body));
    }
    return result;
  };
  client.middlewareStack.addRelativeTo(middleware, {
    relation: 'after',
    toMiddleware: 'listSecretsEarlyNextToken',
    name: 'testReplaceRawBody',
  });
}

/** The names of the secrets of a page the iterator gave; fails if it gave none. */
function namesOf(result: IteratorResult<readonly CatalogSecret[], unknown>): string[] {
  if (result.done) throw new Error('expected a page');
  return result.value.map((s) => s.name);
}

async function collectNames(catalog: SecretsManagerCatalog): Promise<string[][]> {
  const pages: string[][] = [];
  for await (const page of catalog.pages(TAG)) pages.push(page.map((s: CatalogSecret) => s.name));
  return pages;
}

describe('SecretsManagerCatalog.pages: the next page is requested from the raw body', () => {
  it('GIVEN every ListSecrets request held WHEN pages are taken one at a time THEN the request for page k+1 leaves before page k is decoded, and at most one request runs ahead', async () => {
    // Prepare
    const names = seed(6, 2);
    fake.faults.inject({ operation: 'SecretsManager.ListSecrets', fault: 'hang', times: Infinity });
    const order = recordOrder();
    const pages = new SecretsManagerCatalog(client).pages(TAG)[Symbol.asyncIterator]();

    // Act / Assess: page 1
    const first = pages.next();
    (await heldOne()).release();
    const page1 = await first;
    expect(namesOf(page1)).toEqual(names.slice(0, 2));
    expect(order.events()).toEqual(['sent 1', 'sent 2', 'decoded 1']);

    // Page 2's request was made without page 2 being asked for: it is held at the fake now.
    const held2 = await heldOne();
    expect(tokenOf(held2.request)).toBeDefined();
    held2.release();
    await order.whenDecoded(2);
    // Page 2 is decoded but not asked for: page 3 is not requested yet (one request ahead at most).
    expect(order.events()).toEqual(['sent 1', 'sent 2', 'decoded 1', 'decoded 2']);

    const second = await pages.next();
    expect(namesOf(second)).toEqual(names.slice(2, 4));
    const held3 = await heldOne();
    held3.release();
    const third = await pages.next();
    expect(namesOf(third)).toEqual(names.slice(4, 6));
    expect((await pages.next()).done).toBe(true);
    expect(order.events()).toEqual(['sent 1', 'sent 2', 'decoded 1', 'decoded 2', 'sent 3', 'decoded 3']);
    expect(listings()).toHaveLength(3);
  });

  it('GIVEN 250 secrets 3 to a page WHEN listed THEN the 84 pages come in order, none lost or repeated, one request each', async () => {
    // Prepare
    const names = seed(250, 3);
    const order = recordOrder();

    // Act
    const pages = await collectNames(new SecretsManagerCatalog(client));

    // Assess
    expect(pages).toHaveLength(84);
    expect(pages.flat()).toEqual(names);
    expect(pages.slice(0, -1).every((page) => page.length === 3)).toBe(true);
    const tokens = listings().map(tokenOf);
    expect(tokens).toHaveLength(84);
    expect(new Set(tokens).size).toBe(84);
    expect(tokens[0]).toBeUndefined();
    const events = order.events();
    for (let page = 1; page < 84; page++) {
      expect(events.indexOf(`sent ${page + 1}`)).toBeLessThan(events.indexOf(`decoded ${page}`));
    }
  });

  it('GIVEN the SDK decodes another NextToken than the one read early WHEN listed THEN the early request is dropped and the SDK token is asked for', async () => {
    // Prepare
    const names = seed(6, 2);
    const earlyToken = Buffer.from(JSON.stringify({ offset: 2 })).toString('base64');
    // The same page for the fake, spelt differently: only the SDK sees this one.
    const sdkToken = Buffer.from('{ "offset": 2 }').toString('base64');
    rewriteFirstPageForTheSdk((body) => body.replace(earlyToken, sdkToken));
    fake.faults.inject({
      operation: 'SecretsManager.ListSecrets',
      fault: 'hang',
      when: (request) => request.json?.NextToken === earlyToken,
    });

    // Act
    const listing = collectNames(new SecretsManagerCatalog(client));
    // The early request was made; it fails, which must not matter: it is not page 2's request.
    const dropped = await heldOne();
    dropped.release({ status: 400, code: 'AccessDeniedException', message: 'dropped request' });
    const pages = await listing;

    // Assess
    expect(tokenOf(dropped.request)).toBe(earlyToken);
    expect(pages).toEqual([names.slice(0, 2), names.slice(2, 4), names.slice(4, 6)]);
    expect(listings().map(tokenOf)).toContain(sdkToken);
    expect(listings()).toHaveLength(4);
  });

  it('GIVEN a first page whose raw body cannot be read early WHEN listed THEN page 2 is asked for once page 1 is decoded, with the SDK token', async () => {
    // Prepare
    const names = seed(6, 2);
    const GARBAGE = 'not json:';
    replaceFirstPageRawBody((bytes) => Buffer.concat([Buffer.from(GARBAGE), bytes]));
    rewriteFirstPageForTheSdk((body) => body.slice(GARBAGE.length));
    const order = recordOrder();

    // Act
    const pages = await collectNames(new SecretsManagerCatalog(client));

    // Assess
    expect(pages).toEqual([names.slice(0, 2), names.slice(2, 4), names.slice(4, 6)]);
    expect(order.events().slice(0, 3)).toEqual(['sent 1', 'decoded 1', 'sent 2']);
    expect(listings()).toHaveLength(3);
  });

  it('GIVEN the first page body fails while it is read early WHEN listed THEN the SDK fails on it with that error, as a deserialization error of that 200 response', async () => {
    // Prepare
    seed(6, 2);
    const failure = new Error('socket hang up while reading the body');
    replaceFirstPageRawBody(
      () =>
        new Readable({
          read() {
            this.destroy(failure);
          },
        }),
    );

    // Act
    const error = await errorOf(collectNames(new SecretsManagerCatalog(client)));

    // Assess
    expect(error).toBe(failure);
    expect(error.$metadata?.httpStatusCode).toBe(200);
    expect(listings()).toHaveLength(1);
  });
});

describe('SecretsManagerCatalog.pages: a request made early fails for its own page', () => {
  it('GIVEN page 2 refused WHEN listed THEN page 1 is yielded and the error surfaces when page 2 is asked for', async () => {
    // Prepare
    const names = seed(6, 2);
    fake.faults.inject({
      operation: 'SecretsManager.ListSecrets',
      fault: 'hang',
      when: (request) => request.json?.NextToken !== undefined,
    });
    const pages = new SecretsManagerCatalog(client).pages(TAG)[Symbol.asyncIterator]();

    // Act
    const page1 = await pages.next();
    const held = await heldOne();
    held.release({ status: 400, code: 'AccessDeniedException', message: 'Not authorized to list' });
    const error = await errorOf(pages.next());

    // Assess
    expect(namesOf(page1)).toEqual(names.slice(0, 2));
    expect(error.name).toBe('AccessDeniedException');
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(listings()).toHaveLength(2);
  });

  it('GIVEN page 2 answered with a 500 once and the client allowed 2 attempts WHEN listed THEN the SDK retries it and every page comes once', async () => {
    // Prepare
    client.destroy();
    client = new SecretsManagerClient({ ...fake.clientConfig(), maxAttempts: 2 });
    const names = seed(6, 2);
    fake.faults.inject({
      operation: 'SecretsManager.ListSecrets',
      fault: 'server-error',
      when: (request) => request.json?.NextToken !== undefined,
    });

    // Act
    const pages = await collectNames(new SecretsManagerCatalog(client));

    // Assess
    expect(pages).toEqual([names.slice(0, 2), names.slice(2, 4), names.slice(4, 6)]);
    expect(listings().map((r) => [r.sdkRequest, r.fault])).toEqual([
      ['attempt=1; max=2', undefined],
      ['attempt=1; max=2', 'server-error'],
      ['attempt=2; max=2', undefined],
      ['attempt=1; max=2', undefined],
    ]);
  });
});

describe('nextTokenOf: the top-level NextToken of a raw body', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('GIVEN bodies with and without a usable token WHEN read THEN only a non-empty top-level string counts', () => {
    expect(nextTokenOf(bytes('{"SecretList":[],"NextToken":"abc"}'))).toBe('abc');
    expect(nextTokenOf(bytes('{"SecretList":[{"NextToken":"inner"}]}'))).toBeUndefined();
    expect(nextTokenOf(bytes('{"NextToken":""}'))).toBeUndefined();
    expect(nextTokenOf(bytes('{"NextToken":7}'))).toBeUndefined();
    expect(nextTokenOf(bytes('null'))).toBeUndefined();
    expect(nextTokenOf(bytes('{"NextToken":"abc"'))).toBeUndefined();
  });
});
