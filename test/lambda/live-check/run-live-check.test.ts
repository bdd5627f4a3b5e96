/**
 * The live check below the handler: the real LWA token client against nock, in-memory catalog
 * and ledger, a recording publisher and a fake clock.
 */
import nock from 'nock';
import type { CatalogSecret } from '../../../lambda/adapters/secret-catalog';
import { AUTOMATION_SEVERITY } from '../../../lambda/commons/severities';
import { MS_PER_DAY, MS_PER_HOUR } from '../../../lambda/domain/iso-date';
import { LIVE_CHECK_SEVERITY } from '../../../lambda/live-check/live-check-messages';
import { liveCheckKey } from '../../../lambda/live-check/live-check-policy';
import { liveCheckRunFailed, runLiveCheck } from '../../../lambda/live-check/run-live-check';
import type { LiveCheckSettings } from '../../../lambda/live-check/settings';
import type { CredentialRead } from '../../../lambda/adapters/credential-reader';
import { LwaTokenClient } from '../../../lambda/sp-api/lwa-token-client';
import { FakeClock, InMemoryKeyedLedger, StaticCredentials } from '../rotation/fakes';
import { InMemoryCatalog, RecordingLog, ScriptedPublisher } from '../support/in-memory';

const LWA_ORIGIN = 'https://api.amazon.com';
const LWA_PATH = '/auth/o2/token';
const ARN_PREFIX = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:';
const NOW = new Date('2026-05-27T09:00:00Z');
const SECRET_VALUE = 'amzn1.oa2-cs.v1.SENTINEL-secret-live-77aa';
const REFRESH_TOKEN = 'Atzr|SENTINEL-refresh-token-88bb';
const ACCESS_TOKEN = 'Atza|SENTINEL-access-token-99cc';

const SETTINGS: LiveCheckSettings = {
  tagKey: 'lwa:app',
  optInTagKey: 'lwa:live-check',
  scope: 'tagged',
  defaultWindowDays: 180,
  region: 'eu-west-1',
  realertMs: 24 * MS_PER_HOUR,
  concurrency: 2,
  checkBudgetMs: 30_000,
};

function formOf(body: unknown): Record<string, string> {
  if (typeof body === 'string') return Object.fromEntries(new URLSearchParams(body));
  return body as Record<string, string>;
}

function harness(accepts: () => boolean = () => true) {
  const catalog = new InMemoryCatalog();
  const ledger = new InMemoryKeyedLedger();
  const credentials = new StaticCredentials(new Map());
  const publisher = new ScriptedPublisher(accepts);
  const log = new RecordingLog();
  const time = new FakeClock(NOW.getTime());
  const forms: Record<string, string>[] = [];
  const add = (name: string, read?: CredentialRead, tags: Record<string, string> = {}): CatalogSecret => {
    const secret: CatalogSecret = {
      arn: `${ARN_PREFIX}${name}-AbCdEf`,
      name,
      tags: {
        'lwa:app': name.toUpperCase(),
        'lwa:live-check': 'true',
        'lwa:expires-at': '2026-07-01T00:00:00Z',
        ...tags,
      },
    };
    catalog.put(secret);
    credentials.set(
      secret.arn,
      read ?? {
        ok: true,
        credentials: { clientId: `client-${name}`, clientSecret: SECRET_VALUE, refreshToken: REFRESH_TOKEN },
      },
    );
    return secret;
  };
  const lwa = (status: number, body: Record<string, unknown>, delayMs?: number) => {
    const interceptor = nock(LWA_ORIGIN).post(LWA_PATH, (b: unknown) => {
      forms.push(formOf(b));
      return true;
    });
    (delayMs === undefined ? interceptor : interceptor.delay(delayMs)).reply(status, body);
  };
  const run = (settings: Partial<LiveCheckSettings> = {}, deadlineInMs = 240_000) =>
    runLiveCheck(
      {
        catalog,
        ledger,
        credentials,
        tokens: new LwaTokenClient({ endpoint: `${LWA_ORIGIN}${LWA_PATH}`, timeoutMs: 200 }),
        publisher,
        log,
        clock: time.clock,
      },
      { ...SETTINGS, ...settings },
      { deadline: new Date(time.now + deadlineInMs) },
    );
  return { catalog, ledger, credentials, publisher, log, time, forms, add, lwa, run };
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('runLiveCheck: LWA accepts the credentials', () => {
  it('proves the path a running app uses (refresh_token grant) and sends no alert', async () => {
    // GIVEN a secret with a refresh token, and LWA issuing a token
    const h = harness();
    const secret = h.add('acme');
    h.lwa(200, { access_token: ACCESS_TOKEN, expires_in: 3600 });

    // WHEN the check runs
    const summary = await h.run();

    // THEN the refresh_token grant was used with the stored values, accepted, no alert, recorded
    expect(h.forms[0]).toMatchObject({ grant_type: 'refresh_token', client_id: 'client-acme' });
    expect(summary).toMatchObject({ checked: 1, accepted: 1, alertsPublished: 0 });
    expect(h.ledger.attributes(liveCheckKey(secret.arn))).toMatchObject({
      lastState: 'accepted',
      checkedAt: NOW.toISOString(),
    });
  });

  it('uses client_credentials when no refresh token is stored, and reads a refused scope as acceptance', async () => {
    // GIVEN a secret without refresh token, and LWA refusing the scope (the client authenticated)
    const h = harness();
    h.add('acme', { ok: true, credentials: { clientId: 'client-acme', clientSecret: SECRET_VALUE } });
    h.lwa(400, { error: 'invalid_scope', error_description: 'scope not allowed' });

    // WHEN the check runs
    const summary = await h.run();

    // THEN no alert: the secret works
    expect(h.forms[0]).toMatchObject({ grant_type: 'client_credentials' });
    expect(summary).toMatchObject({ accepted: 1, alertsPublished: 0 });
  });

  it('checks only opted-in secrets (or all but opted-out ones with scope "all")', async () => {
    // GIVEN an opted-in, an untagged and an opted-out secret
    const h = harness();
    h.add('in');
    h.add('untagged', undefined, { 'lwa:live-check': '' });
    h.add('out', undefined, { 'lwa:live-check': 'false' });
    h.lwa(200, { access_token: ACCESS_TOKEN });
    h.lwa(200, { access_token: ACCESS_TOKEN });
    h.lwa(200, { access_token: ACCESS_TOKEN });

    // WHEN the check runs with each scope
    const tagged = await h.run();
    const all = await h.run({ scope: 'all' });

    // THEN one, then two secrets were checked
    expect([tagged.checked, all.checked]).toEqual([1, 2]);
  });
});

describe('runLiveCheck: invalid_client is critical, and deduplicated for 24 hours', () => {
  it('alerts secret-rejected (urgent, daysLeft 0), once per day while it lasts, then recovery once', async () => {
    // GIVEN LWA rejects the client secret on three checks, then accepts it
    const h = harness();
    h.add('acme');
    for (let i = 0; i < 3; i++)
      h.lwa(401, { error: 'invalid_client', error_description: 'Client authentication failed' });
    h.lwa(200, { access_token: ACCESS_TOKEN });

    // WHEN checks run now, 6 hours later, 24 hours later, and a day after that
    const summaries = [];
    for (const advance of [0, 6 * MS_PER_HOUR, 18 * MS_PER_HOUR, MS_PER_DAY]) {
      h.time.advance(advance);
      summaries.push(await h.run());
    }

    // THEN: critical alert, silence, reminder, recovery
    expect(h.publisher.accepted.map((a) => a.attributes.severity)).toEqual([
      AUTOMATION_SEVERITY.secretRejected,
      AUTOMATION_SEVERITY.secretRejected,
      LIVE_CHECK_SEVERITY.recovered,
    ]);
    const [first] = h.publisher.accepted;
    expect(first?.attributes).toEqual({ app: 'ACME', severity: 'secret-rejected', daysLeft: 0 });
    expect(first?.subject).toBe('[LWA secret-rejected] ACME client secret REJECTED by LWA');
    expect(first?.sms).toMatch(/REJECTS the client secret of ACME/);
    expect(first?.email).toContain('HTTP 401 invalid_client (Client authentication failed)');
    expect(summaries.map((s) => s.secretRejected)).toEqual([1, 1, 1, 0]);
  });

  it('warns, distinctly, when LWA refuses the refresh token (invalid_grant)', async () => {
    // GIVEN LWA refuses the refresh token
    const h = harness();
    h.add('acme');
    h.lwa(400, { error: 'invalid_grant', error_description: 'The request has an invalid grant parameter' });

    // WHEN the check runs
    const summary = await h.run();

    // THEN a warning, not secret-rejected, saying the secret itself is not rejected, with days left
    expect(summary).toMatchObject({ otherRejections: 1, secretRejected: 0 });
    const [alert] = h.publisher.accepted;
    expect(alert?.attributes).toEqual({ app: 'ACME', severity: LIVE_CHECK_SEVERITY.warning, daysLeft: 35 });
    expect(alert?.email).toMatch(/not invalid_client[\s\S]*refresh token is wrong, expired or revoked/);
  });

  it('warns when the secret lacks its credential fields, without calling LWA', async () => {
    // GIVEN a secret without the client secret field
    const h = harness();
    h.add('acme', {
      ok: false,
      problem: 'malformed',
      retryable: false,
      detail: 'the secret has no non-empty string field "clientSecret" (client secret)',
    });

    // WHEN the check runs
    const summary = await h.run();

    // THEN a warning naming the field
    expect(summary).toMatchObject({ malformed: 1 });
    expect(h.publisher.accepted[0]?.email).toContain('"clientSecret"');
    expect(nock.pendingMocks()).toEqual([]);
  });
});

describe('runLiveCheck: an LWA outage is not a credential problem', () => {
  it.each([
    ['HTTP 500', 500, undefined],
    ['HTTP 503', 503, undefined],
    ['HTTP 429', 429, undefined],
    ['a timeout', 200, 1_000],
  ] as const)(
    '%s → counted as unavailable, logged, no alert, state kept',
    async (_label, status, delayMs) => {
      // GIVEN a secret whose rejection was alerted an hour ago, and LWA unavailable now
      const h = harness();
      const secret = h.add('acme');
      await h.ledger.put(
        liveCheckKey(secret.arn),
        { alertedState: 'secret-rejected', alertedAt: NOW.toISOString(), lastState: 'secret-rejected' },
        0,
        NOW,
      );
      h.lwa(status, { access_token: ACCESS_TOKEN }, delayMs);

      // WHEN the check runs
      const summary = await h.run();

      // THEN no alert, no "recovered", the record untouched, and an outage log line
      expect(summary).toMatchObject({ lwaUnavailable: 1, accepted: 0, alertsPublished: 0 });
      expect(h.ledger.attributes(liveCheckKey(secret.arn))?.lastState).toBe('secret-rejected');
      expect(h.log.messages('warn')).toContain(
        'LWA token endpoint unavailable: outage, no verdict on the credentials',
      );
      expect(liveCheckRunFailed(summary)).toBe(false);
    },
  );
});

describe('runLiveCheck: failures lose nothing and are visible', () => {
  it('re-sends an alert SNS did not accept on the next run', async () => {
    // GIVEN SNS refuses the first publish, and LWA rejects twice
    let publishes = 0;
    const h = harness(() => ++publishes > 1);
    h.add('acme');
    h.lwa(401, { error: 'invalid_client' });
    h.lwa(401, { error: 'invalid_client' });

    // WHEN two checks run an hour apart
    const first = await h.run();
    h.time.advance(MS_PER_HOUR);
    await h.run();

    // THEN the first run failed and the second delivered the alert
    expect(liveCheckRunFailed(first)).toBe(true);
    expect(h.publisher.accepted).toHaveLength(1);
  });

  it('reports a secret it may not read as a run failure, not as a credential alert', async () => {
    // GIVEN GetSecretValue is denied
    const h = harness();
    h.add('acme', {
      ok: false,
      problem: 'unreadable',
      retryable: false,
      detail: 'GetSecretValue failed: AccessDeniedException',
    });

    // WHEN the check runs
    const summary = await h.run();

    // THEN the run fails (the errors alarm tells the operator) and nobody gets a credential alert
    expect(summary).toMatchObject({ readFailures: 1, checked: 0, alertsPublished: 0 });
    expect(liveCheckRunFailed(summary)).toBe(true);
  });

  it('leaves secrets unchecked rather than run into the deadline', async () => {
    // GIVEN two secrets and less time than one check needs
    const h = harness();
    h.add('a');
    h.add('b');

    // WHEN the check runs with 10 s left
    const summary = await h.run({}, 10_000);

    // THEN both were deferred
    expect(summary).toMatchObject({ checked: 0, deferred: 2 });
  });

  it('never lets the secret, refresh token or access token out', async () => {
    // GIVEN one accepted, one rejected, one refused refresh token and one outage
    const h = harness();
    for (const name of ['ok', 'rejected', 'grant', 'down']) h.add(name);
    h.lwa(200, { access_token: ACCESS_TOKEN });
    h.lwa(401, { error: 'invalid_client' });
    h.lwa(400, { error: 'invalid_grant' });
    h.lwa(503, { message: 'down' });

    // WHEN the check runs one at a time
    await h.run({ concurrency: 1 });

    // THEN two alerts went out and no sentinel is visible anywhere
    expect(h.publisher.accepted).toHaveLength(2);
    const visible = JSON.stringify({
      alerts: h.publisher.attempts,
      logs: h.log.lines,
      ledger: [...h.ledger.items],
    });
    expect(visible).not.toContain('SENTINEL');
  });
});
