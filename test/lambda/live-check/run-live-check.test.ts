/**
 * The live check below the handler: the real LWA token client and SP-API client against nock
 * (their deadlines fired by the test, never waited for), in-memory catalog and ledger, a
 * recording publisher and a fake clock whose sleeps advance time at once.
 */
import nock from 'nock';
import type { CatalogSecret } from '../../../lambda/domain/catalog-secret';
import { AUTOMATION_SEVERITY } from '../../../contract/severities';
import { SMS_MAX_SEPTETS } from '../../../lambda/domain/alert-message';
import { gsm7Length } from '../../../lambda/domain/gsm7';
import { MS_PER_DAY, MS_PER_HOUR } from '../../../contract/time';
import { LIVE_CHECK_SEVERITY } from '../../../lambda/live-check/live-check-messages';
import { liveCheckKey } from '../../../lambda/live-check/live-check-policy';
import { runLiveCheck } from '../../../lambda/live-check/run-live-check';
import { liveCheckRunFailed } from '../../../lambda/live-check/run-summary';
import type { LiveCheckSettings } from '../../../lambda/live-check/settings';
import type { CredentialRead } from '../../../lambda/ports/credential-reader';
import { LwaTokenClient } from '../../../lambda/adapters/http/lwa-token-client';
import { SpApiProbe } from '../../../lambda/adapters/http/sp-api-probe';
import { ManualDeadline } from '../../support/manual-deadline';
import { FakeClock } from '../support/fake-clock';
import { InMemoryKeyedLedger, RecordingEvents, StaticCredentials } from '../support/in-memory';
import { InMemoryCatalog, RecordingLog, ScriptedPublisher } from '../support/in-memory';
import { NOTIFICATIONS_SCOPE } from '../../../contract/endpoints';

const LWA_ORIGIN = 'https://api.amazon.com';
const LWA_PATH = '/auth/o2/token';
const SP_API = 'https://sellingpartnerapi-eu.amazon.com';
const DESTINATIONS = '/notifications/v1/destinations';
const PARTICIPATIONS = '/sellers/v1/marketplaceParticipations';
const ARN_PREFIX = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:';
const NOW = new Date('2026-05-27T09:00:00Z');
const SECRET_VALUE = 'amzn1.oa2-cs.v1.SENTINEL-secret-live-77aa';
const REFRESH_TOKEN = 'Atzr|SENTINEL-refresh-token-88bb';
const ACCESS_TOKEN = 'Atza|SENTINEL-access-token-99cc';
const EXPIRED_BODY = {
  errors: [
    {
      code: 'Unauthorized',
      message: 'Access to requested resource is denied.',
      details: 'The LWA secret token you provided has expired.',
    },
  ],
};

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

type Reply = { status: number; body?: nock.Body; headers?: Record<string, string> } | 'deadline';

function harness(accepts: () => boolean = () => true, events?: RecordingEvents) {
  const catalog = new InMemoryCatalog();
  const ledger = new InMemoryKeyedLedger();
  const credentials = new StaticCredentials(new Map());
  const publisher = new ScriptedPublisher(accepts);
  const log = new RecordingLog();
  const time = new FakeClock(NOW.getTime());
  const lwaDeadline = new ManualDeadline();
  const spApiDeadline = new ManualDeadline();
  const forms: Record<string, string>[] = [];
  /** Every SP-API call: path, token header, and the fake time it was made at. */
  const calls: { path: string; token: string | undefined; at: number }[] = [];
  const add = (name: string, read?: CredentialRead, tags: Record<string, string> = {}): CatalogSecret => {
    const secret: CatalogSecret = {
      arn: `${ARN_PREFIX}${name}-AbCdEf`,
      name,
      tags: {
        'lwa:app': name.toUpperCase(),
        'lwa:client-id': `amzn1.application-oa2-client.${name}`,
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
  const lwa = (status: number | 'deadline', body: Record<string, unknown> = {}) => {
    const interceptor = nock(LWA_ORIGIN).post(LWA_PATH, (b: unknown) => {
      forms.push(formOf(b));
      return true;
    });
    if (status === 'deadline') interceptor.reply(lwaDeadline.expireOnArrival());
    else interceptor.reply(status, body);
  };
  const spApi = (path: string, reply: Reply = { status: 200, body: { payload: [] } }) => {
    const interceptor = nock(SP_API).get(path);
    const record = function (this: nock.ReplyFnContext): void {
      const header = this.req.headers['x-amz-access-token'];
      calls.push({ path, token: typeof header === 'string' ? header : undefined, at: time.now });
    };
    if (reply === 'deadline') {
      const expire = spApiDeadline.expireOnArrival();
      interceptor.reply(function (this: nock.ReplyFnContext) {
        record.call(this);
        return expire();
      });
    } else {
      interceptor.reply(function (this: nock.ReplyFnContext) {
        record.call(this);
        return [reply.status, reply.body ?? '', reply.headers ?? {}];
      });
    }
  };
  /** LWA issues a token and SP-API accepts it. */
  const accepted = (path = PARTICIPATIONS) => {
    lwa(200, { access_token: ACCESS_TOKEN, expires_in: 3600 });
    spApi(path);
  };
  const run = (settings: Partial<LiveCheckSettings> = {}, deadlineInMs = 240_000) =>
    runLiveCheck(
      {
        catalog,
        ledger,
        credentials,
        tokens: new LwaTokenClient({ endpoint: `${LWA_ORIGIN}${LWA_PATH}`, setTimer: lwaDeadline.setTimer }),
        spApi: new SpApiProbe({ endpoint: 'eu', setTimer: spApiDeadline.setTimer }, time.clock),
        publisher,
        events,
        log,
        clock: time.clock,
        sleep: time.sleep,
      },
      { ...SETTINGS, ...settings },
      { deadline: new Date(time.now + deadlineInMs) },
    );
  return { catalog, ledger, credentials, publisher, log, time, forms, calls, add, lwa, spApi, accepted, run };
}

function withoutRefreshToken(name: string): CredentialRead {
  return { ok: true, credentials: { clientId: `client-${name}`, clientSecret: SECRET_VALUE } };
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('runLiveCheck: only secrets its role may read', () => {
  it('skips and reports an opted-in secret without lwa:client-id: its value is never requested', async () => {
    // GIVEN an opted-in secret that lacks the client id tag, beside one that has it
    const h = harness();
    const bare = h.add('bare');
    h.catalog.put({ ...bare, tags: { 'lwa:app': 'BARE', 'lwa:live-check': 'true' } });
    h.add('acme');
    h.accepted(PARTICIPATIONS);

    // WHEN the check runs
    const summary = await h.run();

    // THEN only acme is checked; bare is counted and named in a warning
    expect(summary).toMatchObject({ checked: 1, withoutClientId: 1 });
    expect(h.credentials.reads).toEqual([`${ARN_PREFIX}acme-AbCdEf`]);
    expect(h.log.messages('warn').join('\n')).toContain('not tagged lwa:client-id');
  });
});

describe('runLiveCheck: a token alone proves nothing, the SP-API call decides', () => {
  it('with a refresh token: refresh_token grant, then getMarketplaceParticipations with the token; no alert', async () => {
    // GIVEN a secret with a refresh token, LWA issuing a token and SP-API answering 200
    const h = harness();
    const secret = h.add('acme');
    h.accepted(PARTICIPATIONS);

    // WHEN the check runs
    const summary = await h.run();

    // THEN both steps were made with the stored values, accepted, no alert, recorded
    expect(h.forms[0]).toMatchObject({ grant_type: 'refresh_token', client_id: 'client-acme' });
    expect(h.calls).toEqual([{ path: PARTICIPATIONS, token: ACCESS_TOKEN, at: NOW.getTime() }]);
    expect(summary).toMatchObject({ checked: 1, accepted: 1, alertsPublished: 0 });
    expect(h.ledger.attributes(liveCheckKey(secret.arn))).toMatchObject({
      lastState: 'accepted',
      checkedAt: NOW.toISOString(),
    });
  });

  it('without one: a grantless token of the notifications scope, then getDestinations', async () => {
    // GIVEN a secret without refresh token
    const h = harness();
    h.add('acme', withoutRefreshToken('acme'));
    h.accepted(DESTINATIONS);

    // WHEN the check runs
    const summary = await h.run();

    // THEN client_credentials with sellingpartnerapi::notifications, and the grantless call
    expect(h.forms[0]).toMatchObject({ grant_type: 'client_credentials', scope: NOTIFICATIONS_SCOPE });
    expect(h.calls.map((c) => [c.path, c.token])).toEqual([[DESTINATIONS, ACCESS_TOKEN]]);
    expect(summary).toMatchObject({ accepted: 1, alertsPublished: 0 });
  });

  it('alerts an EXPIRED secret although LWA still issues a token (SP-API 403, details say expired)', async () => {
    // GIVEN LWA issues a token but SP-API refuses it: the 180-day deadline has passed
    const h = harness();
    h.add('acme');
    h.lwa(200, { access_token: ACCESS_TOKEN });
    h.spApi(PARTICIPATIONS, { status: 403, body: EXPIRED_BODY, headers: { 'x-amzn-RequestId': 'req-123' } });

    // WHEN the check runs
    const summary = await h.run();

    // THEN an urgent secret-rejected alert that says EXPIRED, quotes Amazon, and says what (not) to do
    expect(summary).toMatchObject({ secretExpired: 1, accepted: 0, alertsPublished: 1 });
    const [alert] = h.publisher.accepted;
    expect(alert?.attributes).toEqual({
      app: 'ACME',
      severity: AUTOMATION_SEVERITY.secretRejected,
      daysLeft: 0,
    });
    expect(alert?.subject).toBe('[LWA secret-rejected] ACME client secret EXPIRED: SP-API refuses it');
    expect(alert?.email).toContain('has EXPIRED');
    expect(alert?.email).toContain('"The LWA secret token you provided has expired."');
    expect(alert?.email).toContain('Details:        The LWA secret token you provided has expired.');
    expect(alert?.email).toContain('Request id:     req-123');
    expect(alert?.email).toMatch(/Re-authorising the app with your sellers does not help/);
    expect(alert?.email).toMatch(/Rotate secret"\. Do it now/);
    expect(alert?.sms).toMatch(
      /^LWA client secret of ACME EXPIRED: .*Rotate it in Developer Console now; re-authorising sellers won't help\.$/,
    );
    expect(gsm7Length(alert?.sms ?? '')).toBeLessThanOrEqual(SMS_MAX_SEPTETS);
    expect(h.log.messages('error')).toContain('SP-API says the LWA client secret has expired');
  });

  it('says the grantless call expired too, for a secret without a refresh token', async () => {
    const h = harness();
    h.add('acme', withoutRefreshToken('acme'));
    h.lwa(200, { access_token: ACCESS_TOKEN });
    h.spApi(DESTINATIONS, { status: 403, body: EXPIRED_BODY });
    const summary = await h.run();
    expect(summary).toMatchObject({ secretExpired: 1 });
    expect(h.publisher.accepted[0]?.email).toContain(
      'SP-API call:    getDestinations (GET /notifications/v1/destinations)',
    );
  });

  it('warns, quoting code, message and details, when SP-API refuses the call for another reason', async () => {
    // GIVEN SP-API answers 403 without saying the secret expired
    const h = harness();
    h.add('acme');
    h.lwa(200, { access_token: ACCESS_TOKEN });
    h.spApi(PARTICIPATIONS, {
      status: 403,
      body: {
        errors: [
          { code: 'Unauthorized', message: 'Access to requested resource is denied.', details: 'No role' },
        ],
      },
    });

    // WHEN the check runs
    const summary = await h.run();

    // THEN a warning, with Amazon's words
    expect(summary).toMatchObject({ otherRejections: 1, secretExpired: 0 });
    const [alert] = h.publisher.accepted;
    expect(alert?.attributes).toEqual({ app: 'ACME', severity: LIVE_CHECK_SEVERITY.warning, daysLeft: 35 });
    expect(alert?.subject).toBe('[LWA credential-warning] ACME SP-API refused the check (HTTP 403)');
    expect(alert?.email).toContain(
      'HTTP 403: Unauthorized: Access to requested resource is denied. (No role)',
    );
    expect(alert?.email).toContain('Details:        No role');
  });

  it.each([
    ['HTTP 500', { status: 500, body: 'oops' }],
    ['HTTP 503', { status: 503 }],
    ['its deadline', 'deadline' as const],
  ])('reads an SP-API outage (%s) as no verdict: no alert, state kept', async (_label, reply) => {
    // GIVEN a secret whose rejection was alerted an hour ago, LWA issuing a token, SP-API down
    const h = harness();
    const secret = h.add('acme');
    await h.ledger.put(
      liveCheckKey(secret.arn),
      { alertedState: 'secret-rejected', alertedAt: NOW.toISOString(), lastState: 'secret-rejected' },
      0,
      NOW,
    );
    h.lwa(200, { access_token: ACCESS_TOKEN });
    h.spApi(PARTICIPATIONS, reply);

    // WHEN the check runs
    const summary = await h.run();

    // THEN neither a "recovered" nor a problem: an outage
    expect(summary).toMatchObject({ spApiUnavailable: 1, accepted: 0, alertsPublished: 0 });
    expect(h.ledger.attributes(liveCheckKey(secret.arn))?.lastState).toBe('secret-rejected');
    expect(h.log.messages('warn')).toContain('SP-API unavailable: outage, no verdict on the credentials');
  });
});

describe('runLiveCheck: LWA answers other than a token', () => {
  it('alerts secret-rejected (urgent, daysLeft 0) on invalid_client, once per day while it lasts, then recovery once', async () => {
    // GIVEN LWA rejects the client secret on three checks, then accepts it (and SP-API too)
    const h = harness();
    h.add('acme');
    for (let i = 0; i < 3; i++)
      h.lwa(401, { error: 'invalid_client', error_description: 'Client authentication failed' });
    h.accepted();

    // WHEN checks run now, 6 hours later, 24 hours later, and a day after that
    const summaries = [];
    for (const advance of [0, 6 * MS_PER_HOUR, 18 * MS_PER_HOUR, MS_PER_DAY]) {
      h.time.advance(advance);
      summaries.push(await h.run());
    }

    // THEN: critical alert, silence, reminder, recovery; no SP-API call without a token
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
    expect(h.calls).toHaveLength(1);
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
    expect(alert?.email).toContain('HTTP 400 invalid_grant (The request has an invalid grant parameter)');
  });

  it('warns that SP-API could not be checked when LWA authenticates the client but refuses the scope', async () => {
    // GIVEN a grantless check whose scope LWA refuses (the client authenticated)
    const h = harness();
    h.add('acme', withoutRefreshToken('acme'));
    h.lwa(400, { error: 'unauthorized_client', error_description: 'Not authorized for requested operation' });

    // WHEN the check runs
    const summary = await h.run();

    // THEN not rejected, not accepted either: a warning that the expiry check could not run
    expect(summary).toMatchObject({ inconclusive: 1, accepted: 0, secretRejected: 0 });
    const [alert] = h.publisher.accepted;
    expect(alert?.attributes.severity).toBe(LIVE_CHECK_SEVERITY.warning);
    expect(alert?.email).toMatch(
      /client secret is not rejected\. But an expired client secret can still authenticate/,
    );
    expect(alert?.email).toContain('HTTP 400 unauthorized_client (Not authorized for requested operation)');
    expect(h.calls).toEqual([]);
  });

  it('warns, quoting the answer, when LWA answers something that says nothing certain', async () => {
    // GIVEN LWA answers invalid_request
    const h = harness();
    h.add('acme');
    h.lwa(400, { error: 'invalid_request', error_description: 'Malformed request' });

    // WHEN the check runs
    const summary = await h.run();

    // THEN a warning quoting it, never secret-rejected
    expect(summary).toMatchObject({ inconclusive: 1, secretRejected: 0 });
    const [alert] = h.publisher.accepted;
    expect(alert?.subject).toBe('[LWA credential-warning] ACME unclear LWA answer (invalid_request)');
    expect(alert?.email).toContain('LWA answer:     HTTP 400 invalid_request (Malformed request)');
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

  it('checks only opted-in secrets (or all but opted-out ones with scope "all")', async () => {
    // GIVEN an opted-in, an untagged and an opted-out secret
    const h = harness();
    h.add('in');
    h.add('untagged', undefined, { 'lwa:live-check': '' });
    h.add('out', undefined, { 'lwa:live-check': 'false' });
    for (let i = 0; i < 3; i++) h.accepted();

    // WHEN the check runs with each scope
    const tagged = await h.run();
    const all = await h.run({ scope: 'all' });

    // THEN one, then two secrets were checked
    expect([tagged.checked, all.checked]).toEqual([1, 2]);
  });
});

describe('runLiveCheck: SP-API calls of one app are spaced as its usage plan allows', () => {
  it('getDestinations: a burst of 5, then one a second (concurrency 1, exact times)', async () => {
    // GIVEN seven secrets of one app without refresh tokens
    const h = harness();
    for (let i = 0; i < 7; i++) {
      h.add(`s${i}`, { ok: true, credentials: { clientId: 'client-shared', clientSecret: SECRET_VALUE } });
      h.accepted(DESTINATIONS);
    }

    // WHEN the check runs one secret at a time
    const summary = await h.run({ concurrency: 1 });

    // THEN five calls at once, then one per second, waited for on the injected clock
    const start = NOW.getTime();
    expect(h.calls.map((c) => c.at - start)).toEqual([0, 0, 0, 0, 0, 1000, 2000]);
    expect(h.time.sleeps).toEqual([1000, 1000]);
    expect(summary).toMatchObject({ accepted: 7 });
  });

  it('getDestinations: never faster with concurrent checks either', async () => {
    // GIVEN seven secrets of one app, checked four at a time
    const h = harness();
    for (let i = 0; i < 7; i++) {
      h.add(`s${i}`, { ok: true, credentials: { clientId: 'client-shared', clientSecret: SECRET_VALUE } });
      h.accepted(DESTINATIONS);
    }

    // WHEN the check runs
    await h.run({ concurrency: 4 });

    // THEN at most five calls share the first second, the 6th and 7th come 1 s and 2 s later or after
    const times = h.calls.map((c) => c.at - NOW.getTime()).sort((a, b) => a - b);
    expect(times).toHaveLength(7);
    expect(times.filter((t) => t < 1000).length).toBeLessThanOrEqual(5);
    expect(times[5]).toBeGreaterThanOrEqual(1000);
    expect(times[6]).toBeGreaterThanOrEqual(2000);
  });

  it('getMarketplaceParticipations: a burst of 15, then one every 62.5 s; another app is not held back', async () => {
    // GIVEN sixteen secrets of one app with refresh tokens, and one of another app
    const h = harness();
    for (let i = 0; i < 16; i++) {
      h.add(`s${String(i).padStart(2, '0')}`, {
        ok: true,
        credentials: { clientId: 'client-shared', clientSecret: SECRET_VALUE, refreshToken: REFRESH_TOKEN },
      });
      h.accepted(PARTICIPATIONS);
    }
    h.add('t-other');
    h.accepted(PARTICIPATIONS);

    // WHEN the check runs one at a time
    await h.run({ concurrency: 1 });

    // THEN the 16th call of the shared app waited 62.5 s; the other app's call did not wait further
    const offsets = h.calls.map((c) => c.at - NOW.getTime());
    expect(offsets.slice(0, 15)).toEqual(Array.from({ length: 15 }, () => 0));
    expect(offsets[15]).toBe(62_500);
    expect(offsets[16]).toBe(62_500);
    expect(h.time.sleeps).toEqual([62_500]);
  });

  it('honours Retry-After after a 429: no verdict for that secret, never retried, the next call waits', async () => {
    // GIVEN two secrets of one app; SP-API throttles the first call for 3 s
    const h = harness();
    const first = h.add('a', withoutRefreshToken('shared'));
    h.add('b', withoutRefreshToken('shared'));
    h.lwa(200, { access_token: ACCESS_TOKEN });
    h.spApi(DESTINATIONS, { status: 429, headers: { 'Retry-After': '3' } });
    h.accepted(DESTINATIONS);

    // WHEN the check runs one at a time
    const summary = await h.run({ concurrency: 1 });

    // THEN one throttled call (an outage, not retried), then the second secret's call 3 s later
    expect(h.calls.map((c) => c.at - NOW.getTime())).toEqual([0, 3000]);
    expect(summary).toMatchObject({ spApiUnavailable: 1, accepted: 1, alertsPublished: 0 });
    expect(h.ledger.attributes(liveCheckKey(first.arn))).toBeUndefined();
  });

  it('leaves the call for the next run when Retry-After reaches past the deadline', async () => {
    // GIVEN SP-API throttles the first call for an hour
    const h = harness();
    h.add('a', withoutRefreshToken('shared'));
    h.add('b', withoutRefreshToken('shared'));
    h.lwa(200, { access_token: ACCESS_TOKEN });
    h.spApi(DESTINATIONS, { status: 429, headers: { 'Retry-After': '3600' } });
    h.lwa(200, { access_token: ACCESS_TOKEN });

    // WHEN the check runs
    const summary = await h.run({ concurrency: 1 });

    // THEN the second secret's call is not made, and nothing waited
    expect(h.calls).toHaveLength(1);
    expect(h.time.sleeps).toEqual([]);
    expect(summary).toMatchObject({ spApiUnavailable: 2, alertsPublished: 0 });
  });
});

describe('runLiveCheck: an LWA outage is not a credential problem', () => {
  it.each([
    ['HTTP 500', 500],
    ['HTTP 503', 503],
    ['HTTP 429', 429],
    ['its deadline', 'deadline'],
  ] as const)('%s → counted as unavailable, logged, no alert, state kept', async (_label, status) => {
    // GIVEN a secret whose rejection was alerted an hour ago, and LWA unavailable now
    const h = harness();
    const secret = h.add('acme');
    await h.ledger.put(
      liveCheckKey(secret.arn),
      { alertedState: 'secret-rejected', alertedAt: NOW.toISOString(), lastState: 'secret-rejected' },
      0,
      NOW,
    );
    h.lwa(status, { access_token: ACCESS_TOKEN });

    // WHEN the check runs
    const summary = await h.run();

    // THEN no alert, no "recovered", the record untouched, and an outage log line
    expect(summary).toMatchObject({ lwaUnavailable: 1, accepted: 0, alertsPublished: 0 });
    expect(h.ledger.attributes(liveCheckKey(secret.arn))?.lastState).toBe('secret-rejected');
    expect(h.log.messages('warn')).toContain(
      'LWA token endpoint unavailable: outage, no verdict on the credentials',
    );
    expect(liveCheckRunFailed(summary)).toBe(false);
  });
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
    // GIVEN one accepted, one rejected, one refused refresh token, one outage, one expired
    const h = harness();
    for (const name of ['ok', 'rejected', 'grant', 'down', 'expired']) h.add(name);
    h.accepted();
    h.lwa(401, { error: 'invalid_client' });
    h.lwa(400, { error: 'invalid_grant' });
    h.lwa(503, { message: 'down' });
    h.lwa(200, { access_token: ACCESS_TOKEN });
    h.spApi(PARTICIPATIONS, { status: 403, body: EXPIRED_BODY });

    // WHEN the check runs one at a time
    await h.run({ concurrency: 1 });

    // THEN three alerts went out and no sentinel is visible anywhere
    expect(h.publisher.accepted).toHaveLength(3);
    const visible = JSON.stringify({
      alerts: h.publisher.attempts,
      logs: h.log.lines,
      ledger: [...h.ledger.items],
    });
    expect(visible).not.toContain('SENTINEL');
  });
});

describe('runLiveCheck: its alerts carry the owner the secret is tagged with', () => {
  it('GIVEN an owned secret SP-API says expired WHEN the check runs THEN the alert carries the owner', async () => {
    // Prepare
    const h = harness();
    h.add('acme', undefined, { 'lwa:owner': 'payments' });
    h.lwa(200, { access_token: ACCESS_TOKEN });
    h.spApi(PARTICIPATIONS, { status: 403, body: EXPIRED_BODY });
    // Act
    await h.run({ ownerNames: ['payments'] });
    // Assess
    const [alert] = h.publisher.accepted;
    expect(alert?.attributes).toEqual({
      app: 'ACME',
      severity: AUTOMATION_SEVERITY.secretRejected,
      daysLeft: 0,
      owner: 'payments',
    });
    expect(h.log.messages('warn')).not.toContain('Secret has tag problems');
  });

  it('GIVEN a secret whose owner is not configured WHEN the check alerts THEN the alert still goes out and the tag problem is logged', async () => {
    // Prepare
    const h = harness();
    h.add('acme', undefined, { 'lwa:owner': 'billing' });
    h.lwa(200, { access_token: ACCESS_TOKEN });
    h.spApi(PARTICIPATIONS, { status: 403, body: EXPIRED_BODY });
    // Act
    const summary = await h.run({ ownerNames: ['payments'] });
    // Assess
    expect(summary).toMatchObject({ alertsPublished: 1 });
    expect(h.publisher.accepted[0]?.attributes.owner).toBe('billing');
    expect(h.log.messages('warn')).toContain('Secret has tag problems');
  });
});

describe('runLiveCheck: a Live Check Rejected event for each secret-rejected alert SNS accepted', () => {
  const CLIENT_ID = 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef';

  it('GIVEN LWA answers invalid_client WHEN the check runs THEN one event names the secret and the reason, and no secret value; the recovery puts none', async () => {
    // Prepare
    const events = new RecordingEvents();
    const h = harness(() => true, events);
    const secret = h.add('acme', undefined, { 'lwa:client-id': CLIENT_ID });
    h.lwa(401, { error: 'invalid_client', error_description: 'Client authentication failed' });
    h.accepted();

    // Act
    await h.run();
    h.time.advance(MS_PER_DAY);
    await h.run();

    // Assess
    expect(events.published.map((e) => e.detailType)).toEqual(['LWA Live Check Rejected']);
    expect(events.published[0]?.detail).toEqual({
      version: '1',
      app: 'ACME',
      secretArn: secret.arn,
      secretName: 'acme',
      clientId: CLIENT_ID,
      daysLeft: 0,
      severity: AUTOMATION_SEVERITY.secretRejected,
      time: NOW.toISOString(),
      reason: 'secret-rejected',
    });
    const seen = JSON.stringify(events.published);
    for (const value of [SECRET_VALUE, REFRESH_TOKEN, ACCESS_TOKEN]) expect(seen).not.toContain(value);
  });

  it('GIVEN a bus that refuses every event WHEN the check finds a rejected secret THEN the alert, the record and the summary are those of a run with a working bus', async () => {
    // Prepare
    const failingEvents = new RecordingEvents();
    failingEvents.failing = true;
    const working = harness(() => true, new RecordingEvents());
    const failing = harness(() => true, failingEvents);

    // Act
    working.add('acme');
    working.lwa(401, { error: 'invalid_client' });
    const expected = await working.run();
    failing.add('acme');
    failing.lwa(401, { error: 'invalid_client' });
    const outcome = await failing.run();

    // Assess
    expect(outcome).toEqual(expected);
    expect(failing.publisher.accepted).toEqual(working.publisher.accepted);
    expect([...failing.ledger.items.entries()]).toEqual([...working.ledger.items.entries()]);
  });
});
