/** cdk-nag findings that several roles acknowledge for the same reason. */

/** A role that lists secrets (ListSecrets accepts no resource ARN) and traces with X-Ray. */
export const LIST_SECRETS_AND_TRACING = {
  id: 'AwsSolutions-IAM5[Resource::*]',
  reason:
    'Only actions that accept no resource ARN use "*": secretsmanager:ListSecrets, and the X-Ray PutTraceSegments/PutTelemetryRecords of active tracing.',
} as const;

/** A role that publishes to the KMS-encrypted alert topic. */
export const PUBLISH_TO_ENCRYPTED_TOPIC = {
  id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
  reason:
    'Publishing to a KMS-encrypted SNS topic needs the GenerateDataKey family on the topic key; the statement is scoped to that one key.',
} as const;
