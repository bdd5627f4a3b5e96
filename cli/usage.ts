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

const COMMON_HELP = `  --debug               show the monitor's log and stack traces on stderr
  -h, --help            show this help`;

const AWS_HELP = `AWS access: region, profile, credentials and endpoint come from the standard AWS
environment (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL, ...). Only metadata is read; no secret
value is ever requested.`;

export const MAIN_HELP = `lwa-expiry: where your Amazon LWA client secrets stand, from the terminal.

Usage:
  lwa-expiry status [--json] [settings options]
  lwa-expiry mark-rotated <secret> [--at <ISO-8601>] [options]
  lwa-expiry check --dry-run [settings options]
  lwa-expiry <command> --help

Commands:
  status          every monitored secret: expiry, days left, alerts sent and due;
                  the exit code can gate CI
  mark-rotated    record that a secret's LWA client secret was rotated
  check --dry-run what the monitor would alert about now, sending and recording nothing

Exit codes:
  0  all credentials have more days left than the most urgent threshold
  1  an AWS call failed, or an unexpected error
  2  usage error (unknown command or option, bad value)
  3  (status) a credential is at or below the most urgent threshold, or expired
  4  status: a credential's expiry cannot be determined, or no secret is monitored;
     check: no secret is monitored

${AWS_HELP}
`;

export const STATUS_HELP = `Usage: lwa-expiry status [--json] [settings options]

Shows every secret tagged for monitoring: app, secret, expiry (UTC), days left, where the date
comes from, the last alert sent and the next alert. It runs the monitor's own decision in dry-run
mode: nothing is published or recorded.

Options:
  --json                print a JSON array instead of the table (dates as ISO-8601)
${SETTINGS_HELP}
${COMMON_HELP}

Exit codes: 0 all fine; 3 a credential at or below the most urgent threshold, or expired;
4 an expiry that cannot be determined (and none urgent), or no secret monitored at all;
2 usage error; 1 AWS or unexpected error.

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
${SETTINGS_HELP}
${COMMON_HELP}

Exit codes: 0 done (whether or not alerts are due); 4 no secret monitored; 2 usage error;
1 AWS or unexpected error.

${AWS_HELP}
`;
