import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildApp } from '../../bin/build-app';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
/**
 * Each run starts Node, tsx and aws-cdk-lib and runs cdk-nag: about 2 s of CPU, several times that
 * when the tests share a busy machine. This only stops a hung child: no test measures speed.
 */
const RUN_TIMEOUT_MS = 300_000;
const outdirs: string[] = [];

afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

interface AppRun {
  readonly code: number;
  readonly stderr: string;
  readonly outdir: string;
}

function contextJson(context: Record<string, string>): string {
  return JSON.stringify({ ...context, 'aws:cdk:bundling-stacks': [] });
}

/**
 * Runs bin/app.ts the way `cdk synth` does, in a child process: context in CDK_CONTEXT_JSON
 * (every `-c` value a string), the assembly written to CDK_OUTDIR. Bundling is skipped; `-c`
 * cannot set `aws:` keys, so this is the one difference from the CLI. Each run starts Node, tsx
 * and aws-cdk-lib: the tests below use it for the entry point's own behaviour (exit code, stderr,
 * the App synthesizing on exit) and build the other configurations in this process.
 */
async function runAppProcess(context: Record<string, string>): Promise<AppRun> {
  const outdir = mkdtempSync(path.join(tmpdir(), 'lwa-app-test-'));
  outdirs.push(outdir);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CDK_OUTDIR: outdir,
    CDK_CONTEXT_JSON: contextJson(context),
  };
  delete env.CDK_DEFAULT_ACCOUNT;
  delete env.CDK_DEFAULT_REGION;
  try {
    const { stderr } = await run(process.execPath, ['--import', 'tsx', 'bin/app.ts'], { cwd: ROOT, env });
    return { code: 0, stderr, outdir };
  } catch (error: unknown) {
    const failed = error as { code?: number; stderr?: string };
    return { code: failed.code ?? -1, stderr: failed.stderr ?? '', outdir };
  }
}

const CDK_ENV_KEYS = ['CDK_OUTDIR', 'CDK_CONTEXT_JSON', 'CDK_DEFAULT_ACCOUNT', 'CDK_DEFAULT_REGION'] as const;

/**
 * What bin/app.ts does, in this process: buildApp() reads the same environment the CLI sets,
 * then the assembly is synthesized (cdk-nag findings included) into a fresh directory. A
 * configuration mistake gives exit code 1 and the line bin/app.ts prints.
 */
function synthApp(context: Record<string, string>): AppRun {
  const outdir = mkdtempSync(path.join(tmpdir(), 'lwa-app-test-'));
  outdirs.push(outdir);
  const saved = Object.fromEntries(CDK_ENV_KEYS.map((key) => [key, process.env[key]]));
  process.env.CDK_OUTDIR = outdir;
  process.env.CDK_CONTEXT_JSON = contextJson(context);
  delete process.env.CDK_DEFAULT_ACCOUNT;
  delete process.env.CDK_DEFAULT_REGION;
  try {
    const built = buildApp({ autoSynth: false });
    if (built.error !== undefined) return { code: 1, stderr: `${built.error}\n`, outdir };
    built.app.synth();
    return { code: 0, stderr: '', outdir };
  } finally {
    for (const key of CDK_ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
}

interface TemplateJson {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  Outputs?: Record<string, unknown>;
}

function readTemplate(outdir: string): TemplateJson {
  return JSON.parse(
    readFileSync(path.join(outdir, 'LwaExpiryMonitor.template.json'), 'utf8'),
  ) as TemplateJson;
}

function functionsOf(template: TemplateJson): Record<string, unknown>[] {
  return Object.values(template.Resources)
    .filter((resource) => resource.Type === 'AWS::Lambda::Function')
    .map((resource) => resource.Properties ?? {});
}

describe('bin/app.ts: reads `cdk synth -c key=value` configuration', () => {
  it(
    'subscribes comma-separated emails and a JSON array of phone numbers',
    () => {
      // GIVEN -c alertEmails=a@x.com,b@x.com -c alertPhoneNumbers=["+15555550100"]
      const result = synthApp({
        alertEmails: 'a@x.com,b@x.com',
        alertPhoneNumbers: '["+15555550100"]',
      });

      // WHEN the template is read
      expect(result).toMatchObject({ code: 0 });
      expect(readdirSync(result.outdir)).toContain('LwaExpiryMonitor.template.json');
      const template = JSON.parse(
        readFileSync(path.join(result.outdir, 'LwaExpiryMonitor.template.json'), 'utf8'),
      ) as TemplateJson;

      // THEN both emails and the number are subscribed, the number filtered to urgent severities
      const subscriptions = Object.values(template.Resources)
        .filter((resource) => resource.Type === 'AWS::SNS::Subscription')
        .map((resource) => resource.Properties);
      expect(subscriptions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Protocol: 'email', Endpoint: 'a@x.com' }),
          expect.objectContaining({ Protocol: 'email', Endpoint: 'b@x.com' }),
          expect.objectContaining({
            Protocol: 'sms',
            Endpoint: '+15555550100',
            FilterPolicy: {
              severity: [
                '7-day',
                '1-day',
                'expired',
                'verification-failed',
                'secret-rejected',
                'rotation-failed',
                'test',
              ],
            },
          }),
        ]),
      );
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'exits 1 with one line naming the key and the value for a malformed email',
    () => {
      // GIVEN -c alertEmails=ops-at-example.com WHEN the app runs
      const result = synthApp({ alertEmails: 'ops-at-example.com' });

      // THEN it fails with the configuration error and no stack trace
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/Invalid configuration "alertEmails": "ops-at-example.com" is not valid/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'exits 1 naming a mistyped key',
    () => {
      // GIVEN -c alertEmail=a@x.com (singular) WHEN the app runs
      const result = synthApp({ alertEmail: 'a@x.com' });

      // THEN the unknown key is named
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/Unknown configuration key\(s\): alertEmail\./);
    },
    RUN_TIMEOUT_MS,
  );

  it.concurrent(
    'deploys every opt-in from -c strings and still passes the cdk-nag checks the app runs',
    async () => {
      // GIVEN every SP-API key as `cdk synth -c` strings
      const result = await runAppProcess({
        storeNewSecrets: 'true',
        alertEmails: 'ops@example.com',
        autoRotateDaysBefore: '20',
        autoRotateScope: 'all',
        spApiEndpoint: 'eu',
        liveCheck: 'true',
        liveCheckScope: 'all',
        webhooks: 'true',
        credentialFields: '{"clientSecret":"lwaClientSecret"}',
      });

      // WHEN the app has synthesized (a cdk-nag finding would fail it)
      expect(result).toMatchObject({ code: 0 });
      const template = readTemplate(result.outdir);

      // THEN the monitor, the intake and the three automation functions exist, with the settings,
      // and both the queue and the webhook secret are output
      const functions = functionsOf(template);
      expect(functions).toHaveLength(5);
      expect(functions).toContainEqual(
        expect.objectContaining({
          Environment: {
            Variables: expect.objectContaining({
              ROTATE_DAYS_BEFORE: '20',
              AUTOMATION_SCOPE: 'all',
              SP_API_ENDPOINT: 'https://sellingpartnerapi-eu.amazon.com',
            }),
          },
        }),
      );
      expect(Object.keys(template.Outputs ?? {})).toEqual(
        expect.arrayContaining(['NotificationQueueArn', 'WebhookSecretArn', 'DashboardUrl']),
      );
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'leaves the notification intake out for -c notificationIntake=false, and deploys no subscriber with allowNoRecipients=true',
    () => {
      // GIVEN -c notificationIntake=false -c allowNoRecipients=true WHEN the app runs
      const result = synthApp({ allowNoRecipients: 'true', notificationIntake: 'false' });

      // THEN only the monitor function is deployed, no queue is output, and no topic has a subscriber
      expect(result).toMatchObject({ code: 0 });
      const template = readTemplate(result.outdir);
      expect(Object.values(template.Resources).filter((r) => r.Type === 'AWS::SNS::Subscription')).toEqual(
        [],
      );
      expect(functionsOf(template)).toHaveLength(1);
      expect(Object.keys(template.Outputs ?? {})).not.toContain('NotificationQueueArn');
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'exits 1 naming autoRotateDaysBefore when rotation is asked for without the notification intake',
    () => {
      // GIVEN -c autoRotateDaysBefore=14 -c notificationIntake=false WHEN the app runs
      const result = synthApp({
        storeNewSecrets: 'true',
        alertEmails: 'ops@example.com',
        autoRotateDaysBefore: '14',
        notificationIntake: 'false',
      });

      // THEN it fails with the configuration error, naming the key given, and no stack trace
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /Invalid configuration "autoRotateDaysBefore": "14" is not valid; expected notificationIntake left on/,
      );
      expect(result.stderr).not.toMatch(/\n\s+at /);
    },
    RUN_TIMEOUT_MS,
  );

  it.concurrent(
    'exits 1 naming the recipient keys when none is configured, and writes no template',
    async () => {
      // GIVEN a plain `cdk synth` with no recipient in context WHEN the app runs
      const result = await runAppProcess({});

      // THEN it fails, naming the keys that add a recipient and the opt-out, without a stack trace
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /No alert recipient is configured: set alertEmails, alertPhoneNumbers or webhooks=true/,
      );
      expect(result.stderr).toMatch(/operator topic .* no subscriber: set operatorEmails/);
      expect(result.stderr).toMatch(/allowNoRecipients=true/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(readdirSync(result.outdir)).not.toContain('LwaExpiryMonitor.template.json');
    },
    RUN_TIMEOUT_MS,
  );
});
