import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallCounter } from './call-counter';
import { FakeCloudFormation } from './cloudformation';
import { FakeDynamoDb } from './dynamodb';
import { FakeEventBridge } from './eventbridge';
import type { Fault, FakeRequest, OperationName } from './faults';
import { FaultPlan } from './faults';
import type { CallRecord, HeldRequest } from './held-requests';
import { HeldRequests } from './held-requests';
import { FakeSecretsManager } from './secrets-manager';
import { FakeSns } from './sns';
import { FakeSqs } from './sqs';
import type { LatencyTimer } from './latency';
import { Latency } from './latency';
import type { Exchange, FakeServices } from './reply';
import { fail, replyTo } from './reply';
import type { Routed } from './wire';
import { checkSignature, readBody, route } from './wire';

export type { CallRecord, HeldRequest } from './held-requests';

/**
 * A loopback stand-in for the AWS services the functions and the CLI call, speaking their real
 * wire protocols, so the unmodified SDK clients (and the bundled function) run against it
 * through the standard AWS_ENDPOINT_URL. One endpoint serves them all: JSON requests are routed
 * by their X-Amz-Target header, query requests (SNS, CloudFormation) by the service in their
 * SigV4 credential scope (wire.ts); EventBridge's PutEvents too (eventbridge.ts). (The SDK also honours AWS_ENDPOINT_URL_<SERVICE>; pointing
 * each at this endpoint works the same.)
 */

export interface FakeAwsOptions {
  readonly region?: string;
  readonly accountId?: string;
  /** Delay before every answer, in ms. Default 0. */
  readonly latencyMs?: number;
  /**
   * The clock the latency is counted on and the wait for its rest: `performance.now()` and a
   * timer by default. A test can give a clock it sets and hold each wait until it chooses.
   */
  readonly timer?: LatencyTimer;
}

const FAKE_ACCESS_KEY_ID = 'AKIAFAKEAWS000000000';
const FAKE_SECRET_ACCESS_KEY = 'fake-secret-access-key';

export class FakeAws implements FakeServices {
  readonly secretsManager: FakeSecretsManager;
  readonly dynamodb = new FakeDynamoDb();
  readonly sns: FakeSns;
  readonly cloudFormation: FakeCloudFormation;
  readonly sqs: FakeSqs;
  readonly eventBridge: FakeEventBridge;
  readonly faults = new FaultPlan();
  readonly calls = new CallCounter();
  /**
   * Every request, in arrival order: its operation, the SDK's attempt header, its body and the
   * fault it got, so a test can count the attempts of one call.
   */
  readonly log: CallRecord[] = [];
  /**
   * Requests the fake refused because it does not implement them (not because AWS would
   * refuse them). A test should expect this to stay empty.
   */
  readonly problems: string[] = [];
  readonly region: string;
  readonly accountId: string;
  private readonly latency: Latency;
  private endpointUrl = '';
  private listening?: Promise<string>;
  /**
   * A test's own decision on each request, after the fault plan has seen it: a fault to answer
   * instead of the service (it wins over a scripted one), or undefined to let the request
   * through. It may also change the fake's state first, as another writer would.
   */
  intercept?: (request: FakeRequest) => Fault | undefined;
  /**
   * Awaited once a request has arrived (and is in `log`), before the fault plan and `intercept`
   * see it and before it is answered: a test can pause one answer until it chooses, and run
   * something else (another run, say) in between. The answer then reflects the state after it.
   */
  beforeAnswer?: (request: CallRecord) => Promise<void> | void;

  private readonly server: Server;
  private readonly heldRequests = new HeldRequests();

  private constructor(options: FakeAwsOptions) {
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '123456789012';
    this.latency = new Latency(options.latencyMs ?? 0, options.timer);
    this.secretsManager = new FakeSecretsManager(this.region, this.accountId);
    this.sns = new FakeSns(this.region, this.accountId);
    this.cloudFormation = new FakeCloudFormation(this.region, this.accountId);
    this.sqs = new FakeSqs(this.region, this.accountId, () => this.endpoint);
    this.eventBridge = new FakeEventBridge(this.region, this.accountId);
    this.server = createServer((request, response) => void this.serve(request, response));
    // Many requests share few sockets; keep them open between runs as AWS endpoints do.
    this.server.keepAliveTimeout = 60_000;
  }

  static async start(options: FakeAwsOptions = {}): Promise<FakeAws> {
    const fake = new FakeAws(options);
    await fake.listen();
    return fake;
  }

  /**
   * A fake whose state a test can seed at once, listening from the first `listen()` (or the
   * first request of a client built with `clientConfig()`). For a synchronous test setup; queue
   * URLs name the endpoint, so create queues once it listens.
   */
  static create(options: FakeAwsOptions = {}): FakeAws {
    return new FakeAws(options);
  }

  /** Starts serving on a free loopback port (once); resolves to the endpoint URL. */
  listen(): Promise<string> {
    this.listening ??= new Promise<string>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        const { port } = this.server.address() as AddressInfo;
        this.endpointUrl = `http://127.0.0.1:${port}`;
        resolve(this.endpointUrl);
      });
    });
    return this.listening;
  }

  get endpoint(): string {
    return this.endpointUrl;
  }

  /**
   * Configuration for an SDK client in this process: this fake's region, fake credentials, and
   * its endpoint, waited for on the first request. One attempt per call: an error the fake
   * answers reaches the caller at once, with no retry sleeping in between.
   */
  clientConfig() {
    return {
      region: this.region,
      credentials: { accessKeyId: FAKE_ACCESS_KEY_ID, secretAccessKey: FAKE_SECRET_ACCESS_KEY },
      endpoint: async () => ({ url: new URL(await this.listen()) }),
      maxAttempts: 1,
    };
  }

  /** Environment for an SDK client (or a bundled function) to talk to this fake. */
  clientEnvironment(): Record<string, string> {
    return {
      AWS_ENDPOINT_URL: this.endpoint,
      AWS_REGION: this.region,
      AWS_ACCESS_KEY_ID: FAKE_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: FAKE_SECRET_ACCESS_KEY,
    };
  }

  /** Sets the delay of every answer (or of the answers of one operation), counted from arrival. */
  setLatency(ms: number, operation?: OperationName): void {
    this.latency.set(ms, operation);
  }

  /** The requests a `hang` fault holds, in arrival order, until released. */
  get held(): readonly HeldRequest[] {
    return this.heldRequests.all;
  }

  /** Resolves once at least `count` requests are held at the same time (at once if they are). */
  whenHeld(count = 1): Promise<readonly HeldRequest[]> {
    return this.heldRequests.when(count);
  }

  /** Releases every held request, as `HeldRequest.release` does. */
  releaseHeld(fault?: Exclude<Fault, 'hang'>): void {
    for (const held of this.held) held.release(fault);
  }

  async close(): Promise<void> {
    // Held requests end with their connections.
    this.heldRequests.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const exchange: Exchange = { request, requestId: randomUUID(), problems: this.problems };
    let started = performance.now();
    let routed: Routed | undefined;
    try {
      const body = await readBody(request);
      started = performance.now();
      let arrived = this.latency.now();
      routed = route(request, body);
      checkSignature(request, routed.signingName, this.region);
      const operation: OperationName = `${routed.service}.${routed.operation}`;
      this.calls.record(operation);
      const header = request.headers['amz-sdk-request'];
      const fakeRequest: FakeRequest = {
        operation,
        ...(typeof header === 'string' ? { sdkRequest: header } : {}),
        ...(routed.json ? { json: routed.json } : {}),
        ...(routed.form ? { form: routed.form } : {}),
      };
      const record: { -readonly [K in keyof CallRecord]: CallRecord[K] } = { ...fakeRequest, at: Date.now() };
      this.log.push(record);
      if (this.beforeAnswer) {
        this.calls.addServiceTime(performance.now() - started);
        await this.beforeAnswer(record);
        started = performance.now();
        arrived = this.latency.now();
      }
      const scripted = this.faults.select(fakeRequest);
      const fault = this.intercept?.(fakeRequest) ?? scripted;
      if (fault !== undefined) record.fault = fault;
      if (fault === 'hang') {
        const heldRouted = routed;
        this.heldRequests.hold(record, (released) => {
          const heldStarted = performance.now();
          replyTo(this, exchange, heldRouted, released)(response);
          this.calls.addServiceTime(performance.now() - heldStarted);
        });
        return;
      }
      // The answer leaves `latency` ms after the request arrived (or after `beforeAnswer` let it
      // go): the fake works it out first and waits the rest, so its own time is inside the
      // latency, as a service's is, rather than added to it.
      const reply = replyTo(this, exchange, routed, fault);
      const wait = this.latency.remaining(operation, arrived);
      if (wait > 0) {
        this.calls.addServiceTime(performance.now() - started);
        await this.latency.wait(wait);
        started = performance.now();
      }
      reply(response);
    } catch (error: unknown) {
      fail(exchange, routed, response, error);
    } finally {
      this.calls.addServiceTime(performance.now() - started);
    }
  }
}
