import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsServiceError, UnsupportedByFake, sqsQueryErrorHeader } from './aws-error';
import { FakeDynamoDb } from './dynamodb';
import type { Fault, FakeRequest, OperationName, ServiceName } from './faults';
import { FaultPlan } from './faults';
import type { JsonObject } from './json-input';
import { parseJsonBody } from './json-input';
import { FakeSecretsManager } from './secrets-manager';
import { CLOUDFORMATION_XML_NAMESPACE, FakeCloudFormation } from './cloudformation';
import { FakeSns, SNS_XML_NAMESPACE, xmlEscape } from './sns';
import { FakeSqs } from './sqs';

/**
 * A loopback stand-in for the AWS services the functions and the CLI call, speaking their real
 * wire protocols, so the unmodified SDK clients (and the bundled function) run against it
 * through the standard AWS_ENDPOINT_URL. One endpoint serves them all: JSON requests are routed
 * by their X-Amz-Target header, query requests (SNS, CloudFormation) by the service in their
 * SigV4 credential scope. (The SDK also honours AWS_ENDPOINT_URL_<SERVICE>; pointing each at
 * this endpoint works the same.)
 */

export interface FakeAwsOptions {
  readonly region?: string;
  readonly accountId?: string;
  /** Delay before every answer, in ms. Default 0. */
  readonly latencyMs?: number;
}

export interface CallRecord {
  readonly operation: OperationName;
  /** Wall-clock ms when the request arrived. */
  readonly at: number;
  readonly fault?: Fault;
}

const JSON_TARGETS: Readonly<
  Record<string, { service: ServiceName; contentType: string; signingName: string }>
> = {
  secretsmanager: {
    service: 'SecretsManager',
    contentType: 'application/x-amz-json-1.1',
    signingName: 'secretsmanager',
  },
  DynamoDB_20120810: {
    service: 'DynamoDB',
    contentType: 'application/x-amz-json-1.0',
    signingName: 'dynamodb',
  },
  AmazonSQS: {
    service: 'SQS',
    contentType: 'application/x-amz-json-1.0',
    signingName: 'sqs',
  },
};

/** What each service answers for the generic faults. */
const SERVICE_FAULTS: Readonly<
  Record<ServiceName, { throttle: [number, string]; serverError: [number, string] }>
> = {
  SecretsManager: { throttle: [400, 'ThrottlingException'], serverError: [500, 'InternalServiceError'] },
  DynamoDB: { throttle: [400, 'ThrottlingException'], serverError: [500, 'InternalServerError'] },
  SNS: { throttle: [429, 'Throttled'], serverError: [500, 'InternalError'] },
  CloudFormation: { throttle: [400, 'Throttling'], serverError: [500, 'InternalFailure'] },
  SQS: { throttle: [400, 'RequestThrottled'], serverError: [500, 'InternalError'] },
};

/** The awsQuery services: API version and XML namespace, by SigV4 signing name. */
const QUERY_SERVICES: Readonly<
  Record<string, { service: 'SNS' | 'CloudFormation'; version: string; xmlns: string }>
> = {
  sns: { service: 'SNS', version: '2010-03-31', xmlns: SNS_XML_NAMESPACE },
  cloudformation: { service: 'CloudFormation', version: '2010-05-15', xmlns: CLOUDFORMATION_XML_NAMESPACE },
};

/** Counts calls per operation, failed attempts included (each SDK retry is a call). */
export class CallCounter {
  private readonly counts = new Map<string, number>();
  private serviceMs = 0;

  record(operation: OperationName): void {
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
  }

  /** Adds the time the fake itself spent answering (latency excluded), to tell it from the client's. */
  addServiceTime(ms: number): void {
    this.serviceMs += ms;
  }

  /** Milliseconds the fake spent decoding, evaluating and encoding, since the last reset. */
  get serviceTimeMs(): number {
    return this.serviceMs;
  }

  count(operation: OperationName): number {
    return this.counts.get(operation) ?? 0;
  }

  /** Calls to one service (or all), by operation. */
  snapshot(service?: ServiceName): Record<string, number> {
    const result: Record<string, number> = {};
    for (const [operation, count] of [...this.counts].sort(([a], [b]) => a.localeCompare(b))) {
      if (service === undefined || operation.startsWith(`${service}.`)) result[operation] = count;
    }
    return result;
  }

  total(service?: ServiceName): number {
    return Object.values(this.snapshot(service)).reduce((sum, n) => sum + n, 0);
  }

  reset(): void {
    this.counts.clear();
    this.serviceMs = 0;
  }
}

/** awsJson 1.0 for DynamoDB and SQS, 1.1 for Secrets Manager. */
function jsonContentType(service: ServiceName): string {
  return service === 'DynamoDB' || service === 'SQS'
    ? 'application/x-amz-json-1.0'
    : 'application/x-amz-json-1.1';
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Routed {
  readonly service: ServiceName;
  readonly operation: string;
  readonly signingName: string;
  readonly json?: JsonObject;
  readonly form?: URLSearchParams;
}

export class FakeAws {
  readonly secretsManager: FakeSecretsManager;
  readonly dynamodb = new FakeDynamoDb();
  readonly sns: FakeSns;
  readonly cloudFormation: FakeCloudFormation;
  readonly sqs: FakeSqs;
  readonly faults = new FaultPlan();
  readonly calls = new CallCounter();
  /** Every request, in arrival order. */
  readonly log: CallRecord[] = [];
  /**
   * Requests the fake refused because it does not implement them (not because AWS would
   * refuse them). A test should expect this to stay empty.
   */
  readonly problems: string[] = [];
  readonly region: string;
  readonly accountId: string;
  private defaultLatencyMs: number;
  private readonly latencyByOperation = new Map<string, number>();
  private endpointUrl = '';

  private readonly server: Server;

  private constructor(options: FakeAwsOptions) {
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '123456789012';
    this.defaultLatencyMs = options.latencyMs ?? 0;
    this.secretsManager = new FakeSecretsManager(this.region, this.accountId);
    this.sns = new FakeSns(this.region, this.accountId);
    this.cloudFormation = new FakeCloudFormation(this.region, this.accountId);
    this.sqs = new FakeSqs(this.region, this.accountId, () => this.endpoint);
    this.server = createServer((request, response) => void this.serve(request, response));
    // Many requests share few sockets; keep them open between runs as AWS endpoints do.
    this.server.keepAliveTimeout = 60_000;
  }

  static async start(options: FakeAwsOptions = {}): Promise<FakeAws> {
    const fake = new FakeAws(options);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = fake.server.address() as AddressInfo;
    fake.endpointUrl = `http://127.0.0.1:${port}`;
    return fake;
  }

  get endpoint(): string {
    return this.endpointUrl;
  }

  /** Environment for an SDK client (or a bundled function) to talk to this fake. */
  clientEnvironment(): Record<string, string> {
    return {
      AWS_ENDPOINT_URL: this.endpoint,
      AWS_REGION: this.region,
      AWS_ACCESS_KEY_ID: 'AKIAFAKEAWS000000000',
      AWS_SECRET_ACCESS_KEY: 'fake-secret-access-key',
    };
  }

  /** Sets the delay before every answer (or before the answers of one operation). */
  setLatency(ms: number, operation?: OperationName): void {
    if (operation === undefined) {
      this.defaultLatencyMs = ms;
      this.latencyByOperation.clear();
    } else {
      this.latencyByOperation.set(operation, ms);
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private route(request: IncomingMessage, body: string): Routed {
    const target = request.headers['x-amz-target'];
    const contentType = String(request.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim();
    if (typeof target === 'string') {
      const dot = target.indexOf('.');
      const prefix = target.slice(0, dot);
      const spec = JSON_TARGETS[prefix];
      if (dot < 0 || !spec) throw new UnsupportedByFake(`the X-Amz-Target ${target}`);
      if (contentType !== spec.contentType) {
        throw new AwsServiceError(400, 'SerializationException', `Expected Content-Type ${spec.contentType}`);
      }
      return {
        service: spec.service,
        operation: target.slice(dot + 1),
        signingName: spec.signingName,
        json: parseJsonBody(body),
      };
    }
    if (contentType === 'application/x-www-form-urlencoded') {
      const form = new URLSearchParams(body);
      const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(
        String(request.headers.authorization ?? ''),
      );
      const signingName = scope?.[1] ?? '?';
      const spec = QUERY_SERVICES[signingName];
      if (!spec) throw new UnsupportedByFake(`query-protocol requests for ${signingName}`);
      if (form.get('Version') !== spec.version) {
        throw new AwsServiceError(400, 'InvalidParameterValue', 'Unsupported or missing Version');
      }
      return { service: spec.service, operation: form.get('Action') ?? '', signingName, form };
    }
    throw new UnsupportedByFake(`requests with Content-Type ${contentType ?? '(none)'}`);
  }

  /** A signed request names the service and region it was signed for; AWS rejects a mismatch. */
  private checkSignature(request: IncomingMessage, signingName: string): void {
    const authorization = String(request.headers.authorization ?? '');
    const scope = /^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(
      authorization,
    );
    if (!scope) {
      throw new AwsServiceError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    }
    if (scope[1] !== this.region || scope[2] !== signingName) {
      throw new AwsServiceError(
        403,
        'InvalidSignatureException',
        `Credential should be scoped to a valid region and service (${this.region}/${signingName}), not ${scope[1]}/${scope[2]}.`,
      );
    }
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    let started = performance.now();
    let routed: Routed | undefined;
    try {
      const body = await readBody(request);
      started = performance.now();
      routed = this.route(request, body);
      this.checkSignature(request, routed.signingName);
      const operation: OperationName = `${routed.service}.${routed.operation}`;
      this.calls.record(operation);
      const fakeRequest: FakeRequest = { operation, json: routed.json, form: routed.form };
      const fault = this.faults.select(fakeRequest);
      this.log.push({ operation, at: Date.now(), ...(fault ? { fault } : {}) });
      const latency = this.latencyByOperation.get(operation) ?? this.defaultLatencyMs;
      if (latency > 0) {
        this.calls.addServiceTime(performance.now() - started);
        await sleep(latency);
        started = performance.now();
      }
      if (fault === 'socket-destroy') {
        request.socket.destroy();
        return;
      }
      if (fault !== undefined && fault !== 'unprocessed-keys') throw this.faultError(routed.service, fault);
      const result = this.dispatch(routed, fault === 'unprocessed-keys');
      this.respond(response, routed, requestId, 200, result);
    } catch (error: unknown) {
      if (error instanceof UnsupportedByFake) this.problems.push(error.message);
      const serviceError =
        error instanceof AwsServiceError
          ? error
          : new AwsServiceError(500, 'InternalFailure', `FakeAws failed: ${String(error)}`);
      if (!(error instanceof AwsServiceError)) this.problems.push(serviceError.message);
      this.respondError(response, routed, requestId, serviceError);
    } finally {
      this.calls.addServiceTime(performance.now() - started);
    }
  }

  private faultError(service: ServiceName, fault: Exclude<Fault, 'socket-destroy' | 'unprocessed-keys'>) {
    if (fault === 'throttle') {
      const [status, code] = SERVICE_FAULTS[service].throttle;
      return new AwsServiceError(status, code, 'Rate exceeded');
    }
    if (fault === 'server-error') {
      const [status, code] = SERVICE_FAULTS[service].serverError;
      return new AwsServiceError(status, code, 'We encountered an internal error. Please try again.');
    }
    return new AwsServiceError(fault.status, fault.code, fault.message ?? `Injected ${fault.code}`);
  }

  private dispatch(routed: Routed, leaveUnprocessed: boolean): JsonObject | string {
    switch (routed.service) {
      case 'SecretsManager':
        return this.secretsManager.handle(routed.operation, routed.json ?? {});
      case 'DynamoDB':
        return this.dynamodb.handle(routed.operation, routed.json ?? {}, { leaveUnprocessed });
      case 'SNS':
        return this.sns.handle(routed.operation, routed.form ?? new URLSearchParams());
      case 'CloudFormation':
        return this.cloudFormation.handle(routed.operation, routed.form ?? new URLSearchParams());
      case 'SQS':
        return this.sqs.handle(routed.operation, routed.json ?? {});
    }
  }

  private respond(
    response: ServerResponse,
    routed: Routed,
    requestId: string,
    status: number,
    result: JsonObject | string,
  ): void {
    if (routed.service === 'SNS' || routed.service === 'CloudFormation') {
      const action = routed.operation;
      const xmlns = routed.service === 'SNS' ? SNS_XML_NAMESPACE : CLOUDFORMATION_XML_NAMESPACE;
      const xml =
        `<${action}Response xmlns="${xmlns}"><${action}Result>${typeof result === 'string' ? result : ''}</${action}Result>` +
        `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
      this.send(response, status, 'text/xml', xml, requestId);
      return;
    }
    this.send(response, status, jsonContentType(routed.service), JSON.stringify(result), requestId);
  }

  private respondError(
    response: ServerResponse,
    routed: Routed | undefined,
    requestId: string,
    error: AwsServiceError,
  ): void {
    if (routed?.service === 'SNS' || routed?.service === 'CloudFormation') {
      const type = error.status >= 500 ? 'Receiver' : 'Sender';
      const xmlns = routed.service === 'SNS' ? SNS_XML_NAMESPACE : CLOUDFORMATION_XML_NAMESPACE;
      const xml =
        `<ErrorResponse xmlns="${xmlns}"><Error><Type>${type}</Type><Code>${xmlEscape(error.code)}</Code>` +
        `<Message>${xmlEscape(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
      this.send(response, error.status, 'text/xml', xml, requestId);
      return;
    }
    // DynamoDB qualifies the error type with its namespace and says "message"; Secrets Manager
    // gives the bare type and "Message"; SQS (query-compatible) also names its query error code
    // in a header. The SDK reads every form.
    let body: Record<string, unknown> = { __type: error.code, Message: error.message, ...error.members };
    const headers: Record<string, string> = {};
    if (routed?.service === 'DynamoDB') {
      body = {
        __type: `com.amazonaws.dynamodb.v20120810#${error.code}`,
        message: error.message,
        ...error.members,
      };
    } else if (routed?.service === 'SQS') {
      body = { __type: `com.amazonaws.sqs#${error.code}`, message: error.message, ...error.members };
      headers['x-amzn-query-error'] = sqsQueryErrorHeader(error);
    }
    const contentType = jsonContentType(routed?.service ?? 'SecretsManager');
    this.send(response, error.status, contentType, JSON.stringify(body), requestId, headers);
  }

  private send(
    response: ServerResponse,
    status: number,
    contentType: string,
    body: string,
    requestId: string,
    headers: Readonly<Record<string, string>> = {},
  ) {
    response.writeHead(status, {
      ...headers,
      'content-type': contentType,
      'content-length': Buffer.byteLength(body),
      'x-amzn-requestid': requestId,
    });
    response.end(body);
  }
}
