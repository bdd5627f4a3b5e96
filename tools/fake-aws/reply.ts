import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsServiceError, UnsupportedByFake } from './aws-error';
import type { FakeCloudFormation } from './cloudformation';
import type { FakeDynamoDb } from './dynamodb';
import type { FakeEventBridge } from './eventbridge';
import type { Fault } from './faults';
import type { JsonObject } from './json-input';
import type { FakeSecretsManager } from './secrets-manager';
import type { FakeSns } from './sns';
import type { FakeSqs } from './sqs';
import type { Answer, Routed } from './wire';
import { answer, errorAnswer, faultError } from './wire';

/** The fake services a request is dispatched to. */
export interface FakeServices {
  readonly secretsManager: FakeSecretsManager;
  readonly dynamodb: FakeDynamoDb;
  readonly sns: FakeSns;
  readonly cloudFormation: FakeCloudFormation;
  readonly sqs: FakeSqs;
  readonly eventBridge: FakeEventBridge;
}

/** One request being answered, and where the fake notes what it does not implement. */
export interface Exchange {
  readonly request: IncomingMessage;
  readonly requestId: string;
  /** Requests the fake refused because it does not implement them (FakeAws.problems). */
  readonly problems: string[];
}

function dispatch(services: FakeServices, routed: Routed, leaveUnprocessed: boolean): JsonObject | string {
  switch (routed.service) {
    case 'SecretsManager':
      return services.secretsManager.handle(routed.operation, routed.json ?? {});
    case 'DynamoDB':
      return services.dynamodb.handle(routed.operation, routed.json ?? {}, { leaveUnprocessed });
    case 'SNS':
      return services.sns.handle(routed.operation, routed.form ?? new URLSearchParams());
    case 'CloudFormation':
      return services.cloudFormation.handle(routed.operation, routed.form ?? new URLSearchParams());
    case 'SQS':
      return services.sqs.handle(routed.operation, routed.json ?? {});
    case 'EventBridge':
      return services.eventBridge.handle(routed.operation, routed.json ?? {});
  }
}

/**
 * Works out the answer to a routed request from the services' state at this moment (the
 * service's work: its changes are made now), and returns what sends it: the fault's error, a
 * dropped connection, or the service's answer.
 */
export function replyTo(
  services: FakeServices,
  exchange: Exchange,
  routed: Routed,
  fault: Exclude<Fault, 'hang'> | undefined,
): (response: ServerResponse) => void {
  const { request, requestId } = exchange;
  if (fault === 'socket-destroy') return () => request.socket.destroy();
  let reply: Answer;
  try {
    if (fault !== undefined && fault !== 'unprocessed-keys') throw faultError(routed.service, fault);
    reply = answer(routed, requestId, dispatch(services, routed, fault === 'unprocessed-keys'));
  } catch (error: unknown) {
    return (response) => fail(exchange, routed, response, error);
  }
  return (response) => send(response, reply, requestId);
}

/**
 * Answers with the error a service would give (`routed` is undefined when the request could not
 * be routed); anything else is a fault of the fake, noted.
 */
export function fail(
  exchange: Exchange,
  routed: Routed | undefined,
  response: ServerResponse,
  error: unknown,
): void {
  if (error instanceof UnsupportedByFake) exchange.problems.push(error.message);
  const serviceError =
    error instanceof AwsServiceError
      ? error
      : new AwsServiceError(500, 'InternalFailure', `FakeAws failed: ${String(error)}`);
  if (!(error instanceof AwsServiceError)) exchange.problems.push(serviceError.message);
  send(response, errorAnswer(routed, exchange.requestId, serviceError), exchange.requestId);
}

function send(
  response: ServerResponse,
  { status, contentType, body, headers }: Answer,
  requestId: string,
): void {
  response.writeHead(status, {
    ...headers,
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': requestId,
  });
  response.end(body);
}
