import { Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { CREDENTIAL_FIELDS_ENV, SCHEDULED_AUTOMATION_ENV } from '../contract/environment';
import type { Conditions } from './app-secret-access';
import { grantAppSecretAccess } from './app-secret-access';
import type { ResolvedScheduledConfig, ScheduledAutomationProps } from './automation-config';
import type { ProductFunctionSpec } from './function-defaults';
import { grantAutomationLedgerItems } from './ledger-access';
import { ownerNamesEnvironment } from './owners-config';
import type { ScheduledFunction, ScheduledFunctionAlarms } from './scheduled-function';
import { scheduledFunction, scheduledFunctionAlarms } from './scheduled-function';
import { LIST_SECRETS_AND_TRACING, PUBLISH_TO_ENCRYPTED_TOPIC } from './reviewed-findings';

/** With scope `tagged`, only the secrets opted in by their tag. */
function optedInConditions(config: ResolvedScheduledConfig): Conditions {
  return config.scope === 'tagged'
    ? { StringEqualsIgnoreCase: { [`aws:ResourceTag/${config.optInTagKey}`]: 'true' } }
    : {};
}

/** cdk-nag findings of a scheduled automation's role that are deliberate; each says why. */
function acknowledgeScheduledRoleFindings(role: iam.Role, appTagKey: string): void {
  const validations = Validations.of(role);
  validations.acknowledge(LIST_SECRETS_AND_TRACING);
  validations.acknowledge(PUBLISH_TO_ENCRYPTED_TOPIC);
  validations.acknowledge({
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:*]',
    reason: `Secrets of this account and region whose tag ${appTagKey} exists (aws:ResourceTag condition), and for values also the opt-in tag unless the scope is "all"; the set of app secrets is not known at deploy time.`,
  });
}

/** A scheduled automation function (rotation, live check) with its role, schedule and alarms. */
export interface ScheduledAutomation extends ScheduledFunction, ScheduledFunctionAlarms {}

export interface ScheduledAutomationSpec extends Pick<
  ProductFunctionSpec,
  'id' | 'entry' | 'description' | 'timeout' | 'roleDescription'
> {
  /** The function's own variables, besides those of SCHEDULED_AUTOMATION_ENV. */
  readonly environment: Record<string, string>;
  /** Its items in the ledger table, the only ones it may read and write. */
  readonly ledgerPrefix: string;
  readonly scheduleDescription: string;
  readonly errorsAlarmDescription: string;
}

/**
 * The one wiring of a scheduled automation: the function (retried twice on failure), read access
 * to the opted-in app secrets, its own ledger items, the alert topic, the schedule with its
 * dead-letter queue and alarm, an errors alarm, and the role's deliberate cdk-nag findings.
 */
export function scheduledAutomation(
  scope: Construct,
  config: ResolvedScheduledConfig,
  props: ScheduledAutomationProps,
  spec: ScheduledAutomationSpec,
): ScheduledAutomation {
  const made = scheduledFunction(scope, {
    id: spec.id,
    entry: spec.entry,
    description: spec.description,
    timeout: spec.timeout,
    environment: automationEnvironment(config, props, spec.environment),
    logRetention: props.logRetention,
    roleDescription: spec.roleDescription,
    // A failed run (alert not accepted, ledger error) is retried a minute later; claims prevent a second call.
    retryAttempts: 2,
    scheduleExpression: config.scheduleExpression,
    scheduleDescription: spec.scheduleDescription,
  });
  grantAppSecretAccess(made.role, {
    appTagKey: config.appTagKey,
    listSid: 'ListSecretMetadata',
    versionMetadata: true,
    statements: [
      {
        sid: 'ReadValuesOfOptedInAppSecrets',
        actions: ['secretsmanager:GetSecretValue'],
        conditions: optedInConditions(config),
      },
    ],
    keys: {
      sid: 'DecryptAppSecretsThroughSecretsManager',
      actions: ['kms:Decrypt'],
      keys: props.secretEncryptionKeys ?? [],
    },
  });
  grantAutomationLedgerItems(made.role, props.ledgerTable, spec.ledgerPrefix);
  props.alertTopic.grantPublish(made.role);
  const alarms = scheduledFunctionAlarms(
    scope,
    made,
    { scheduleDescription: spec.scheduleDescription, errorsDescription: spec.errorsAlarmDescription },
    props.operatorTopic,
  );
  acknowledgeScheduledRoleFindings(made.role, config.appTagKey);
  return { ...made, ...alarms };
}

/** The variables every scheduled automation gets, around its own. */
function automationEnvironment(
  config: ResolvedScheduledConfig,
  props: ScheduledAutomationProps,
  own: Record<string, string>,
): Record<string, string> {
  const environment: Record<string, string> = {
    [SCHEDULED_AUTOMATION_ENV.topicArn]: props.alertTopic.topicArn,
    [SCHEDULED_AUTOMATION_ENV.tableName]: props.ledgerTable.tableName,
    [SCHEDULED_AUTOMATION_ENV.tagKey]: config.appTagKey,
    [SCHEDULED_AUTOMATION_ENV.optInTagKey]: config.optInTagKey,
    [SCHEDULED_AUTOMATION_ENV.scope]: config.scope,
    [SCHEDULED_AUTOMATION_ENV.windowDays]: String(config.windowDays),
    ...own,
    [CREDENTIAL_FIELDS_ENV]: JSON.stringify(config.credentialFields),
    ...ownerNamesEnvironment(props.ownerNames),
  };
  if (config.lwaTokenEndpoint) environment.LWA_TOKEN_ENDPOINT = config.lwaTokenEndpoint;
  return environment;
}
