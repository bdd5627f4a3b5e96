/** Help texts: what `--help` prints for the tool and for each command. */

const SETTINGS_HELP = `Settings options (default: read from the deployed stack):
  --stack <name>        CloudFormation stack of the monitor (default: LwaExpiryMonitor). The
                        settings are those of its monitor function. If the default stack cannot
                        be read, the product defaults apply (tag lwa:app, thresholds 30,7,1,
                        180-day window) with no alert ledger, and a note says so on stderr.
  --table <name>        DynamoDB alert ledger to read (default: the stack's)
  --tag-key <key>       tag that marks a monitored secret (default: the stack's, else lwa:app)
  --thresholds <days>   alert thresholds in days, such as 30,7,1 (default: the stack's)
  --window-days <n>     rotation window in days (default: the stack's, else 180)`;

const COMMON_HELP = `  --region <region>     AWS region (default: AWS_REGION, else AWS_DEFAULT_REGION, else the
                        profile's)
  --debug               show the monitor's log and stack traces on stderr
  -h, --help            show this help`;

const AWS_HELP = `AWS access: profile, credentials and endpoint come from the standard AWS environment
(AWS_PROFILE, AWS_ACCESS_KEY_ID, AWS_ENDPOINT_URL, ...). Only metadata is read; no secret value
is ever requested (adopt reads one only when told to look for a field, and never prints it).`;

export const MAIN_HELP = `lwa-expiry: where your Amazon LWA client secrets stand, from the terminal.

Usage:
  lwa-expiry status [--owner <name>] [--fail-within <days>] [--json] [settings options]
  lwa-expiry test-alert [--stack <name>] [--json]
  lwa-expiry adopt [--name <glob>] [--by-field] [--json]
  lwa-expiry adopt <secret> --app <name> [--client-id <id>] [--expires-at <date>] [--dry-run]
  lwa-expiry adopt --csv <file> [--dry-run]
  lwa-expiry mark-rotated <secret> [--at <ISO-8601>] [--json]
  lwa-expiry check --dry-run [--json] [settings options]
  lwa-expiry release-held [--dry-run] [--force] [--stack <name>] [--json]
  lwa-expiry <command> --help
  lwa-expiry --version

Commands:
  status          every monitored secret: expiry, days left (~ when estimated), alerts due;
                  the exit code can gate CI
  test-alert      publish a marked test message to the alert and operator topics, and list
                  each subscription with its state
  adopt           list secrets that look like LWA credentials, and tag them for monitoring
  mark-rotated    record that a secret's LWA client secret was rotated
  check --dry-run what the monitor would alert about now, sending and recording nothing
  release-held    move the new client secrets held back while storing was off to the
                  notification queue, once storeNewSecrets is on

Every command takes --region <region>, --json (a JSON document on stdout instead of text),
--debug and --help.

Exit codes:
  0  done; for status, no credential is at or below the most urgent threshold
  1  an AWS call failed, a secret was refused, or an unexpected error
  2  usage error (unknown command or option, bad value); release-held: storing new secrets is
     off in the stack (storeNewSecrets)
  3  status: a credential is at or below the most urgent threshold (or --fail-within), or expired
  4  status: an expiry that cannot be determined, an unusable date tag, or no secret monitored;
     check: no secret monitored; test-alert: a topic with no confirmed subscription

${AWS_HELP}
`;

export const STATUS_HELP = `Usage: lwa-expiry status [--owner <name>] [--fail-within <days>] [--json] [settings options]

Shows every secret tagged for monitoring: app, owner (once any app has an lwa:owner tag),
secret, expiry (UTC), days left, where the date comes from and the next alert; then the errors
(unusable date tags, unknown expiries), the estimated dates with the command that makes each
exact, warnings and the alerts already sent. Days left marked ~ are an estimate: counted from
the creation of the AWSCURRENT version, which any new version restarts. It runs the monitor's
own decision in dry-run mode: nothing is published or recorded.

Options:
  --owner <name>        only the apps whose lwa:owner tag names this owner; the exit code
                        then counts only theirs
  --fail-within <days>  exit 3 when any credential has this many days left or fewer (default:
                        the most urgent threshold), for CI
  --json                print a JSON array instead of the table (dates as ISO-8601)
${SETTINGS_HELP}
${COMMON_HELP}

Exit codes: 0 all fine; 3 a credential at or below the most urgent threshold (or
--fail-within), or expired; 4 an expiry that cannot be determined or an unusable date tag (and
none urgent), or no secret monitored at all; 2 usage error; 1 AWS or unexpected error.

${AWS_HELP}
`;

export const MARK_ROTATED_HELP = `Usage: lwa-expiry mark-rotated <secret> [--at <ISO-8601>] [options]

Records that the LWA client secret stored in <secret> (name or ARN) was rotated: sets the tag
lwa:rotated-at, and removes a stale lwa:expires-at tag (one earlier than the new expiry). The
monitor starts a new expiry cycle on its next run. Only tags are changed; the secret value is
never read or written.

Options:
  --at <ISO-8601>       when the rotation happened, such as 2026-05-31T14:00:00Z
                        (default: now). A future time is refused.
  --stack <name>        stack to read the tag key and window from (default: LwaExpiryMonitor)
  --tag-key <key>       tag that marks a monitored secret (default: the stack's, else lwa:app)
  --window-days <n>     rotation window in days (default: the stack's, else 180)
  --json                print what was changed as JSON
${COMMON_HELP}

The secret must exist and carry the monitoring tag.

${AWS_HELP}
`;

export const CHECK_HELP = `Usage: lwa-expiry check --dry-run [settings options]

Runs the monitor's decision once and prints, for each credential that would be alerted now, the
severity, app, secret and the subject line of the message. Nothing is published or recorded.

To run the real monitor (which publishes and records), invoke its function:
  aws lambda invoke --function-name <MonitorFunctionName> --payload '{}' \\
    --cli-binary-format raw-in-base64-out /dev/stdout
(MonitorFunctionName is an output of the stack: aws cloudformation describe-stacks
 --stack-name LwaExpiryMonitor --query "Stacks[0].Outputs")

Options:
  --dry-run             required: decide and print, without sending
  --json                print the alerts as JSON
${SETTINGS_HELP}
${COMMON_HELP}

Exit codes: 0 done (whether or not alerts are due); 4 no secret monitored; 2 usage error;
1 AWS or unexpected error.

${AWS_HELP}
`;

export const TEST_ALERT_HELP = `Usage: lwa-expiry test-alert [--stack <name>] [--json] [options]

Publishes a test message, marked as a test in its subject and body, to the deployed alert topic
(every protocol: email, SMS, the webhook forwarder) and to the operator topic, then lists each
subscription of both topics with its state: confirmed, or pending confirmation (an email
address that has not yet clicked "Confirm subscription" receives nothing). Run it after the
first deploy, and after changing recipients.

Options:
  --stack <name>        stack whose AlertTopicArn and OperatorTopicArn outputs to use
                        (default: LwaExpiryMonitor)
  --json                print the topics, message ids and subscriptions as JSON
${COMMON_HELP}

Exit codes: 0 both topics have a confirmed subscription; 4 a topic has none (the test reached
no one there); 1 AWS error (no stack, no permission to publish); 2 usage error.

Permissions: cloudformation:DescribeStacks on the stack; sns:Publish and
sns:ListSubscriptionsByTopic on both topics, and kms:GenerateDataKey* and kms:Decrypt on their
key. Your own credentials suffice; the stack grants nothing for it.
`;

export const ADOPT_HELP = `Usage:
  lwa-expiry adopt [--name <glob>]... [--by-field] [--json]
  lwa-expiry adopt <secret> --app <name> [--client-id <id> | --client-id-from-value]
                   [--expires-at <date>] [--dry-run] [--json]
  lwa-expiry adopt --csv <file> [--client-id-from-value] [--dry-run] [--json]

Brings existing secrets under monitoring. Without a secret or --csv it lists the candidates:
secrets not yet tagged whose name matches a pattern (default: *lwa*, *sp-api*, *spapi*,
*selling-partner*, case-insensitive), and those already monitored. With a secret or a CSV it
tags each one: lwa:app (the app name), lwa:client-id and lwa:expires-at when given.

Options:
  --name <glob>         list secrets whose name matches (* and ?; repeat for several)
  --by-field            also list secrets whose value is JSON with a clientId field (reads the
                        value of each untagged secret; keeps only whether the field is there)
  --client-id-field <f> the field --by-field and --client-id-from-value look for
                        (default: clientId)
  --app <name>          the app's name, shown in every alert
  --client-id <id>      the app's LWA client id, to match Amazon's notifications
  --client-id-from-value  take the client id from the secret's clientId field (never printed)
  --expires-at <date>   the expiry as the Developer Console shows it (LWA credentials > View):
                        2026-05-30, 2026-05-30T09:30:00Z, "May 30, 2026", "30 May 2026 09:30 UTC"
  --csv <file>          one secret per line, with a header: secret,app,client_id,expires_at
                        (client_id and expires_at may be left empty or out)
  --dry-run             show the tags that would be set, changing nothing
  --json                print the candidates, or the outcome per secret, as JSON
  --stack <name>        stack to read the tag key from (default: LwaExpiryMonitor)
  --tag-key <key>       the app tag (default: the stack's, else lwa:app)
${COMMON_HELP}

A secret already tagged with another app name is refused, as are replicas and secrets
scheduled for deletion; each refusal is reported and the other secrets are still tagged.

Permissions: secretsmanager:ListSecrets, DescribeSecret and TagResource; GetSecretValue (and the
key's kms:Decrypt) only with --by-field or --client-id-from-value.
`;

export const RELEASE_HELD_HELP = `Usage: lwa-expiry release-held [--dry-run] [--force] [--stack <name>] [--json] [options]

While storing new secrets is off, the notification intake holds each new client secret Amazon
delivers in the stack's held-secrets queue (14 days). Once "storeNewSecrets": true is set in
cdk.json and the stack deployed, this moves every held notification back to the notification
queue, unchanged: the intake stores each new secret only if it is still the newest, verifies it
with LWA, then makes it current, and alerts as usual. Each message is deleted from the held queue
only after the notification queue accepted its copy. A body holds a client secret: it is never
printed; only its notification id, client id and the time it was held are.

Options:
  --dry-run             list the held notifications that would move, moving nothing (they stay
                        held and visible)
  --force               release although the stack's StoreNewSecrets output is not true (the
                        intake then holds them again)
  --stack <name>        stack whose HeldSecretsQueueUrl, NotificationQueueUrl and StoreNewSecrets
                        outputs to use (default: LwaExpiryMonitor)
  --json                print the queues and each notification moved (or that would move) as JSON
${COMMON_HELP}

Exit codes: 0 done (also when nothing was held); 2 storing new secrets is off in the stack
(storeNewSecrets in cdk.json) and --force was not given, or a usage error; 1 a notification could
not be moved (it stays held), or an AWS error.

Permissions: cloudformation:DescribeStacks on the stack; sqs:ReceiveMessage, sqs:DeleteMessage
and sqs:ChangeMessageVisibility on the held-secrets queue; sqs:SendMessage on the notification
queue; kms:Decrypt and kms:GenerateDataKey on the queues' key. Your own credentials suffice; the
stack grants nothing for it.
`;
