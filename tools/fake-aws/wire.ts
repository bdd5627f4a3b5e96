import type { IncomingMessage } from 'node:http';
import { AwsServiceError, UnsupportedByFake, sqsQueryErrorHeader } from './aws-error';
import { CLOUDFORMATION_XML_NAMESPACE } from './cloudformation';
import type { Fault, ServiceName } from './faults';
import type { JsonObject } from './json-input';
import { parseJsonBody } from './json-input';
import { SNS_XML_NAMESPACE } from './sns';
import { xmlEscape } from './xml';

/**
 * The wire protocols of the fake's one endpoint: which service and operation a request is for
 * (JSON requests by their X-Amz-Target header, query requests by the service in their SigV4
 * credential scope), the signature scope AWS checks, and each protocol's answer and error body.
 */

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
  AWSEvents: {
    service: 'EventBridge',
    contentType: 'application/x-amz-json-1.1',
    signingName: 'events',
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
  EventBridge: { throttle: [400, 'ThrottlingException'], serverError: [500, 'InternalException'] },
};

/** The awsQuery services: API version and XML namespace, by SigV4 signing name. */
const QUERY_SERVICES: Readonly<
  Record<string, { service: 'SNS' | 'CloudFormation'; version: string; xmlns: string }>
> = {
  sns: { service: 'SNS', version: '2010-03-31', xmlns: SNS_XML_NAMESPACE },
  cloudformation: { service: 'CloudFormation', version: '2010-05-15', xmlns: CLOUDFORMATION_XML_NAMESPACE },
};

export interface Routed {
  readonly service: ServiceName;
  readonly operation: string;
  readonly signingName: string;
  readonly json?: JsonObject;
  readonly form?: URLSearchParams;
}

/** An answer as it goes on the wire. */
export interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** awsJson 1.0 for DynamoDB and SQS, 1.1 for Secrets Manager. */
function jsonContentType(service: ServiceName): string {
  return service === 'DynamoDB' || service === 'SQS'
    ? 'application/x-amz-json-1.0'
    : 'application/x-amz-json-1.1';
}

function isQueryService(service: ServiceName | undefined): service is 'SNS' | 'CloudFormation' {
  return service === 'SNS' || service === 'CloudFormation';
}

function xmlNamespace(service: 'SNS' | 'CloudFormation'): string {
  return service === 'SNS' ? SNS_XML_NAMESPACE : CLOUDFORMATION_XML_NAMESPACE;
}

export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** The service and operation of a request, with its decoded JSON body or form. */
export function route(request: IncomingMessage, body: string): Routed {
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
export function checkSignature(request: IncomingMessage, signingName: string, region: string): void {
  const authorization = String(request.headers.authorization ?? '');
  const scope = /^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(
    authorization,
  );
  if (!scope) {
    throw new AwsServiceError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  }
  if (scope[1] !== region || scope[2] !== signingName) {
    throw new AwsServiceError(
      403,
      'InvalidSignatureException',
      `Credential should be scoped to a valid region and service (${region}/${signingName}), not ${scope[1]}/${scope[2]}.`,
    );
  }
}

/** The error an injected fault makes the service answer. */
export function faultError(
  service: ServiceName,
  fault: Exclude<Fault, 'socket-destroy' | 'hang' | 'unprocessed-keys'>,
) {
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

/** A successful answer: the JSON result, or the query action's `…Result` element in its envelope. */
export function answer(routed: Routed, requestId: string, result: JsonObject | string): Answer {
  if (isQueryService(routed.service)) {
    const action = routed.operation;
    const xmlns = xmlNamespace(routed.service);
    const xml =
      `<${action}Response xmlns="${xmlns}"><${action}Result>${typeof result === 'string' ? result : ''}</${action}Result>` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
    return { status: 200, contentType: 'text/xml', body: xml };
  }
  return { status: 200, contentType: jsonContentType(routed.service), body: JSON.stringify(result) };
}

/** An error answer in the protocol of the service the request was for (Secrets Manager's when unknown). */
export function errorAnswer(routed: Routed | undefined, requestId: string, error: AwsServiceError): Answer {
  if (isQueryService(routed?.service)) {
    const type = error.status >= 500 ? 'Receiver' : 'Sender';
    const xmlns = xmlNamespace(routed.service);
    const xml =
      `<ErrorResponse xmlns="${xmlns}"><Error><Type>${type}</Type><Code>${xmlEscape(error.code)}</Code>` +
      `<Message>${xmlEscape(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
    return { status: error.status, contentType: 'text/xml', body: xml };
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
  return { status: error.status, contentType, body: JSON.stringify(body), headers };
}
