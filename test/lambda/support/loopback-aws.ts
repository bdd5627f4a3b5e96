/**
 * The loopback AWS fake (tools/fake-aws) for a Lambda test: real SDK clients and adapters over
 * HTTP on 127.0.0.1, with aws-sdk-client-mock kept only as a spy where a test asserts the exact
 * commands sent.
 */
import type { AwsStub } from 'aws-sdk-client-mock';
import { mockClient } from 'aws-sdk-client-mock';
import nock from 'nock';
import type { Fault, FakeAwsOptions } from '../../../tools/fake-aws';
import { FakeAws } from '../../../tools/fake-aws';

/**
 * A fake a test can seed at once; it listens by the first request of a client built with its
 * `clientConfig()`. Requests to it pass nock, which a test may have told to refuse the network.
 */
export function loopbackAws(options: FakeAwsOptions = {}): FakeAws {
  nock.enableNetConnect((host: string) => host.startsWith('127.0.0.1:'));
  return FakeAws.create(options);
}

/**
 * aws-sdk-client-mock as a spy on one client, or on every client of a class: it records each
 * command, then sends it on as the client would (to the loopback fake). `reset()` turns it back
 * into a plain mock.
 */
export function spyOnClient<TInput extends object, TOutput extends { $metadata: object }, TConfiguration>(
  client: Parameters<typeof mockClient<TInput, TOutput, TConfiguration>>[0],
): AwsStub<TInput, TOutput, TConfiguration> {
  const stub = mockClient(client);
  stub.send.callThrough();
  return stub;
}

/** The fault the fake answers for an error a test makes a service throw: the error's name is its code. */
export function faultOf(error: Error): Fault {
  return { status: /Internal/.test(error.name) ? 500 : 400, code: error.name, message: error.message };
}
