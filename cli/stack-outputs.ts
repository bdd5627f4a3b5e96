import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { CommandContext } from './context';
import { CliError, describeError, isAwsSetupError } from './errors';

/**
 * The outputs of the deployed stack (lib/lwa-expiry-monitor-stack.ts), which name what a command
 * acts on: the topics, the notification queues. A stack that cannot be read is a refusal with
 * the next step, not a stack trace.
 */
export async function stackOutputs(ctx: CommandContext, stackName: string): Promise<Map<string, string>> {
  try {
    const described = await ctx.clients.cloudFormation.send(
      new DescribeStacksCommand({ StackName: stackName }),
    );
    const outputs = new Map<string, string>();
    for (const output of described.Stacks?.[0]?.Outputs ?? []) {
      if (output.OutputKey !== undefined && output.OutputValue !== undefined) {
        outputs.set(output.OutputKey, output.OutputValue);
      }
    }
    return outputs;
  } catch (error: unknown) {
    if (isAwsSetupError(error)) throw error;
    throw new CliError(
      `Cannot read the outputs of stack "${stackName}": ${describeError(error)}. Deploy it first (npx cdk deploy), ` +
        'or check the AWS region and profile, or name the stack with --stack.',
    );
  }
}
