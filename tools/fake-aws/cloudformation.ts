import { AwsServiceError, UnsupportedByFake } from './aws-error';
import { xmlEscape } from './xml';

/**
 * CloudFormation (awsQuery: `Action=DescribeStacks&Version=2010-05-15`, XML responses): just
 * DescribeStacks over stacks a test puts, with their outputs, which is all the CLI asks of it.
 */

export const CLOUDFORMATION_XML_NAMESPACE = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

export interface FakeStack {
  readonly name: string;
  readonly outputs: Readonly<Record<string, string>>;
  readonly status?: string;
  readonly createdAt?: Date;
}

export class FakeCloudFormation {
  private readonly stacks = new Map<string, FakeStack & { readonly id: string }>();

  constructor(
    readonly region: string,
    readonly accountId: string,
  ) {}

  /** Adds (or replaces) a stack; returns its id, an ARN as CloudFormation gives it. */
  putStack(stack: FakeStack): string {
    const id = `arn:aws:cloudformation:${this.region}:${this.accountId}:stack/${stack.name}/00000000-0000-4000-8000-${String(this.stacks.size + 1).padStart(12, '0')}`;
    this.stacks.set(stack.name, { ...stack, id });
    return id;
  }

  handle(action: string, form: URLSearchParams): string {
    if (action !== 'DescribeStacks') throw new UnsupportedByFake(`the CloudFormation action ${action}`);
    for (const key of form.keys()) {
      if (!['Action', 'Version', 'StackName'].includes(key)) {
        throw new UnsupportedByFake(`the DescribeStacks parameter ${key}`);
      }
    }
    const name = form.get('StackName');
    const selected =
      name === null
        ? [...this.stacks.values()]
        : [...this.stacks.values()].filter((stack) => stack.name === name || stack.id === name);
    if (name !== null && selected.length === 0) {
      throw new AwsServiceError(400, 'ValidationError', `Stack with id ${name} does not exist`);
    }
    const members = selected.map((stack) => {
      const outputs = Object.entries(stack.outputs)
        .map(
          ([key, value]) =>
            `<member><OutputKey>${xmlEscape(key)}</OutputKey><OutputValue>${xmlEscape(value)}</OutputValue></member>`,
        )
        .join('');
      return (
        `<member><StackName>${xmlEscape(stack.name)}</StackName><StackId>${xmlEscape(stack.id)}</StackId>` +
        `<CreationTime>${(stack.createdAt ?? new Date('2026-01-01T00:00:00Z')).toISOString()}</CreationTime>` +
        `<StackStatus>${stack.status ?? 'CREATE_COMPLETE'}</StackStatus><Outputs>${outputs}</Outputs></member>`
      );
    });
    return `<Stacks>${members.join('')}</Stacks>`;
  }
}
