/**
 * Automatic rotation end to end below the handler: the real LWA token client and the real
 * Application Management client against nock, an in-memory catalog and ledger, a fake clock
 * whose sleeper moves time instantly (no real waiting), and a publisher that records alerts.
 */
import nock from 'nock';
import type { CatalogSecret } from '../../../lambda/domain/catalog-secret';
import { AUTOMATION_SEVERITY } from '../../../contract/severities';
import { MS_PER_DAY, MS_PER_HOUR } from '../../../contract/time';
import type { RotationDeps } from '../../../lambda/rotation/rotation-run';
import { runRotation } from '../../../lambda/rotation/run-rotation';
import { rotationRunFailed } from '../../../lambda/rotation/run-summary';
import { rotationKey } from '../../../lambda/rotation/rotation-record';
import type { RotationSettings } from '../../../lambda/rotation/settings';
import {
  ROTATE_CLIENT_SECRET_PATH,
  SpApiApplicationManagement,
} from '../../../lambda/adapters/http/application-management';
import { LwaTokenClient } from '../../../lambda/adapters/http/lwa-token-client';
import { ManualDeadline } from '../../support/manual-deadline';
import { InMemoryCatalog, RecordingLog, ScriptedPublisher } from '../support/in-memory';
import { FakeClock } from '../support/fake-clock';
import { InMemoryKeyedLedger, RecordingEvents, StaticCredentials } from '../support/in-memory';

const LWA_ORIGIN = 'https://api.amazon.com';
const LWA_PATH = '/auth/o2/token';
const SP_API = 'https://sellingpartnerapi-na.amazon.com';
const ARN_PREFIX = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:';
const NOW = new Date('2026-05-27T09:00:00Z');
/** Values that must never leave the function: a client secret and an access token. */
const SECRET_VALUE = 'amzn1.oa2-cs.v1.SENTINEL-client-secret-91c4';
const ACCESS_TOKEN = 'Atc|SENTINEL-grantless-token-3e7b';

const SETTINGS: RotationSettings = {
  tagKey: 'lwa:app',
  optInTagKey: 'lwa:auto-rotate',
  scope: 'tagged',
  defaultWindowDays: 180,
  rotateDaysBefore: 14,
  region: 'eu-west-1',
  maxRequestsPerRun: 10,
  callSpacingMs: 60_000,
  attemptBudgetMs: 45_000,
  timing: { staleClaimMs: MS_PER_HOUR, newSecretGraceMs: 6 * MS_PER_HOUR },
};

function inDays(days: number, from = NOW): string {
  return new Date(from.getTime() + days * MS_PER_DAY).toISOString();
}

function appSecret(name: string, tags: Record<string, string>, versionId = `v-${name}`): CatalogSecret {
  return {
    arn: `${ARN_PREFIX}${name}-AbCdEf`,
    name,
    tags: { 'lwa:app': name.toUpperCase(), 'lwa:client-id': `amzn1.application-oa2-client.${name}`, ...tags },
    currentVersionId: versionId,
  };
}

interface Harness {
  readonly deps: RotationDeps;
  readonly catalog: InMemoryCatalog;
  readonly ledger: InMemoryKeyedLedger;
  readonly credentials: StaticCredentials;
  readonly publisher: ScriptedPublisher;
  readonly log: RecordingLog;
  readonly time: FakeClock;
  /** The deadlines of the LWA and SP-API requests, fired by the test. */
  readonly lwaDeadline: ManualDeadline;
  readonly spApiDeadline: ManualDeadline;
  run(settings?: Partial<RotationSettings>, deadlineInMs?: number): ReturnType<typeof runRotation>;
}

function harness(accepts: () => boolean = () => true, events?: RecordingEvents): Harness {
  const catalog = new InMemoryCatalog();
  const ledger = new InMemoryKeyedLedger();
  const credentials = new StaticCredentials(new Map());
  const publisher = new ScriptedPublisher(accepts);
  const log = new RecordingLog();
  const time = new FakeClock(NOW.getTime());
  const lwaDeadline = new ManualDeadline();
  const spApiDeadline = new ManualDeadline();
  const deps: RotationDeps = {
    catalog,
    ledger,
    credentials,
    tokens: new LwaTokenClient({ endpoint: `${LWA_ORIGIN}${LWA_PATH}`, setTimer: lwaDeadline.setTimer }),
    applications: new SpApiApplicationManagement(
      { endpoint: 'na', setTimer: spApiDeadline.setTimer },
      time.clock,
    ),
    publisher,
    events,
    log,
    clock: time.clock,
    sleep: time.sleep,
  };
  let runs = 0;
  return {
    deps,
    catalog,
    ledger,
    credentials,
    publisher,
    log,
    time,
    lwaDeadline,
    spApiDeadline,
    run: (settings = {}, deadlineInMs = 14 * 60_000) =>
      runRotation(
        deps,
        { ...SETTINGS, ...settings },
        {
          runId: `run-${++runs}`,
          deadline: new Date(time.now + deadlineInMs),
        },
      ),
  };
}

/** Adds a due, opted-in secret with readable credentials. */
function addDue(
  h: Harness,
  name: string,
  daysLeft = 10,
  extraTags: Record<string, string> = {},
): CatalogSecret {
  const secret = appSecret(name, {
    'lwa:auto-rotate': 'true',
    'lwa:expires-at': inDays(daysLeft),
    ...extraTags,
  });
  h.catalog.put(secret);
  h.credentials.set(secret.arn, {
    ok: true,
    credentials: { clientId: `amzn1.application-oa2-client.${name}`, clientSecret: SECRET_VALUE },
  });
  return secret;
}

/** nock hands a form body over parsed, or as text. */
function formOf(body: unknown): Record<string, string> {
  if (typeof body === 'string') return Object.fromEntries(new URLSearchParams(body));
  return body as Record<string, string>;
}

function tokenGranted(times = 1) {
  return nock(LWA_ORIGIN)
    .post(LWA_PATH, (body: unknown) => {
      const form = formOf(body);
      return (
        form.grant_type === 'client_credentials' &&
        form.scope === 'sellingpartnerapi::client_credential:rotation'
      );
    })
    .times(times)
    .reply(200, { access_token: ACCESS_TOKEN, token_type: 'bearer', expires_in: 3600 });
}

function rotateAnswers(status: number, times = 1, headers: Record<string, string> = {}) {
  return nock(SP_API)
    .post(ROTATE_CLIENT_SECRET_PATH)
    .matchHeader('x-amz-access-token', ACCESS_TOKEN)
    .times(times)
    .reply(status, status === 204 ? '' : { errors: [{ code: 'Error', message: `HTTP ${status}` }] }, headers);
}

/** Everything observable outside the function: alerts, logs, ledger items. */
function everythingVisible(h: Harness): string {
  return JSON.stringify({
    alerts: h.publisher.attempts,
    logs: h.log.lines,
    ledger: [...h.ledger.items.entries()],
  });
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('runRotation: requests a new secret once per expiry cycle', () => {
  it('claims the cycle, gets a grantless token, calls rotate, records it and alerts rotation-requested', async () => {
    // GIVEN an opted-in secret with 10 days left, and Amazon accepting the request
    const h = harness();
    const secret = addDue(h, 'acme', 10);
    tokenGranted();
    const rotate = rotateAnswers(204, 1, { 'x-amzn-RequestId': 'req-1' });

    // WHEN a run happens
    const summary = await h.run();

    // THEN one call was made, the cycle is recorded as requested, and an info alert went out
    expect(rotate.isDone()).toBe(true);
    expect(summary).toMatchObject({ candidates: 1, calls: 1, requested: 1, publishFailures: 0 });
    const key = rotationKey(secret.arn, new Date(inDays(10)));
    expect(key.startsWith('rotation#arn:aws:secretsmanager:')).toBe(true);
    expect(h.ledger.attributes(key)).toMatchObject({ state: 'requested', attempts: 1, requestId: 'req-1' });
    expect(h.ledger.attributes(key)?.pendingAlert).toBeUndefined();
    const [alert] = h.publisher.accepted;
    expect(alert?.attributes).toEqual({
      app: 'ACME',
      severity: AUTOMATION_SEVERITY.rotationRequested,
      daysLeft: 10,
    });
    expect(alert?.email).toContain('7 days');
    expect(rotationRunFailed(summary)).toBe(false);
  });

  it('never calls Amazon twice for the same cycle, however often it runs', async () => {
    // GIVEN a first run that requested the rotation
    const h = harness();
    addDue(h, 'acme', 10);
    tokenGranted();
    rotateAnswers(204);
    await h.run();

    // WHEN three more runs happen a day apart (within the new-secret grace, nothing else to say)
    const later = [];
    for (let day = 0; day < 3; day++) {
      h.time.advance(MS_PER_HOUR);
      later.push(await h.run({ timing: { ...SETTINGS.timing, newSecretGraceMs: 10 * MS_PER_DAY } }));
    }

    // THEN none of them called (nock would fail an unexpected call: none is pending either)
    expect(later.map((s) => s.calls)).toEqual([0, 0, 0]);
    expect(h.publisher.accepted).toHaveLength(1);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('starts again for the next cycle once the expiry moved (the new secret arrived)', async () => {
    // GIVEN a cycle already requested
    const h = harness();
    const secret = addDue(h, 'acme', 10);
    tokenGranted(2);
    rotateAnswers(204, 2);
    await h.run();

    // WHEN the secret gets a new expiry that is itself due (an odd but possible tag edit) and a run happens
    h.catalog.put({ ...secret, tags: { ...secret.tags, 'lwa:expires-at': inDays(12) } });
    const summary = await h.run();

    // THEN the new cycle is a new claim
    expect(summary.calls).toBe(1);
    expect(h.ledger.items.size).toBe(2);
  });

  it('leaves alone secrets that are not opted in, not yet due, undated, deleted or replicas', async () => {
    // GIVEN secrets of every kind that must not be rotated
    const h = harness();
    h.catalog.put(appSecret('notagged', { 'lwa:expires-at': inDays(3) }));
    h.catalog.put(appSecret('optedout', { 'lwa:auto-rotate': 'false', 'lwa:expires-at': inDays(3) }));
    h.catalog.put(appSecret('early', { 'lwa:auto-rotate': 'true', 'lwa:expires-at': inDays(15) }));
    h.catalog.put(appSecret('undated', { 'lwa:auto-rotate': 'true' }));
    h.catalog.put({
      ...appSecret('deleted', { 'lwa:auto-rotate': 'true', 'lwa:expires-at': inDays(3) }),
      deletedDate: NOW,
    });
    h.catalog.put({
      ...appSecret('replica', { 'lwa:auto-rotate': 'true', 'lwa:expires-at': inDays(3) }),
      primaryRegion: 'us-east-1',
    });

    // WHEN a run happens
    const summary = await h.run();

    // THEN nothing is a candidate and no version lookup was needed except for the undated one
    expect(summary.candidates).toBe(0);
    expect(h.catalog.versionLookups).toEqual([`${ARN_PREFIX}undated-AbCdEf`]);
    expect(h.ledger.writes).toEqual([]);
  });

  it('skips and reports an opted-in secret without lwa:client-id, whose value its role may not read', async () => {
    // GIVEN a due, opted-in secret that lacks the client id tag
    const h = harness();
    const secret = appSecret('noclient', { 'lwa:auto-rotate': 'true', 'lwa:expires-at': inDays(3) });
    const { ['lwa:client-id']: _dropped, ...tags } = secret.tags;
    h.catalog.put({ ...secret, tags });

    // WHEN a run happens
    const summary = await h.run();

    // THEN it is no candidate, it is counted, and a warning names it
    expect(summary.candidates).toBe(0);
    expect(summary.withoutClientId).toBe(1);
    expect(h.log.messages('warn').join('\n')).toContain('not tagged lwa:client-id');
    expect(h.credentials.reads).toEqual([]);
    expect(h.ledger.writes).toEqual([]);
  });

  it('with scope "all" rotates every monitored secret except those tagged false', async () => {
    // GIVEN one untagged and one opted-out secret, both due
    const h = harness();
    const untagged = appSecret('untagged', { 'lwa:expires-at': inDays(5) });
    h.catalog.put(untagged);
    h.credentials.set(untagged.arn, {
      ok: true,
      credentials: { clientId: 'id', clientSecret: SECRET_VALUE },
    });
    h.catalog.put(appSecret('optedout', { 'lwa:auto-rotate': 'FALSE', 'lwa:expires-at': inDays(5) }));
    tokenGranted();
    rotateAnswers(204);

    // WHEN a run with scope all happens
    const summary = await h.run({ scope: 'all' });

    // THEN only the untagged one was rotated
    expect(summary).toMatchObject({ candidates: 1, requested: 1 });
  });

  it('dates a secret without date tags by its AWSCURRENT version (one metadata lookup)', async () => {
    // GIVEN a secret whose current version was created 170 days ago (10 days left)
    const h = harness();
    const secret = appSecret('versioned', { 'lwa:auto-rotate': 'true' });
    h.catalog.put(secret);
    h.catalog.versions.set(secret.arn, {
      versionId: 'v1',
      createdAt: new Date(NOW.getTime() - 170 * MS_PER_DAY),
    });
    h.credentials.set(secret.arn, { ok: true, credentials: { clientId: 'id', clientSecret: SECRET_VALUE } });
    tokenGranted();
    rotateAnswers(204);

    // WHEN a run happens
    const summary = await h.run();

    // THEN it was due by its version date
    expect(h.catalog.versionLookups).toEqual([secret.arn]);
    expect(summary.requested).toBe(1);
  });
});

describe('runRotation: each error is alerted with what to do', () => {
  it.each([
    [400, 'failed', /Developer Console/, 'app not enrolled'],
    [403, 'failed', /grantless and needs no role[\s\S]*not a production app/, 'access denied'],
    [404, 'failed', /endpoint/, 'endpoint 404'],
    [429, 'retry', /next scheduled run retries/, 'throttled'],
    [500, 'retry', /next scheduled run retries/, 'Amazon error'],
    [503, 'retry', /next scheduled run retries/, 'Amazon error'],
  ] as const)('HTTP %i → state %s, alert rotation-failed', async (status, state, guidance, smsWord) => {
    // GIVEN a due secret and Amazon answering with the error
    const h = harness();
    const secret = addDue(h, 'acme', 9);
    tokenGranted();
    rotateAnswers(status);

    // WHEN a run happens
    const summary = await h.run();

    // THEN the outcome is recorded and alerted once, urgent, with the guidance
    expect(h.ledger.attributes(rotationKey(secret.arn, new Date(inDays(9))))).toMatchObject({
      state,
      failureStatus: status,
    });
    const [alert] = h.publisher.accepted;
    expect(alert?.attributes.severity).toBe(AUTOMATION_SEVERITY.rotationFailed);
    expect(alert?.email).toMatch(guidance);
    expect(alert?.sms).toContain(smsWord);
    expect(summary.calls).toBe(1);
    expect(rotationRunFailed(summary)).toBe(false);
  });

  it('does not hammer Amazon after a permanent error: no call and no alert on later runs', async () => {
    // GIVEN a 400 (not enrolled) on the first run
    const h = harness();
    addDue(h, 'acme', 9);
    tokenGranted();
    rotateAnswers(400);
    await h.run();

    // WHEN two more runs happen
    h.time.advance(MS_PER_DAY);
    const second = await h.run();
    h.time.advance(MS_PER_DAY);
    const third = await h.run();

    // THEN neither called Amazon and the alert was sent once only
    expect([second.calls, third.calls]).toEqual([0, 0]);
    expect(h.publisher.accepted).toHaveLength(1);
  });

  it('retries a permanent failure once the secret value changed (a new AWSCURRENT version)', async () => {
    // GIVEN a 403 for version v1
    const h = harness();
    const secret = addDue(h, 'acme', 9);
    tokenGranted(2);
    rotateAnswers(403);
    await h.run();

    // WHEN the secret gets a new version (same cycle: the expiry comes from a tag) and a run happens
    h.catalog.put({ ...secret, currentVersionId: 'v2' });
    rotateAnswers(204);
    h.time.advance(MS_PER_DAY);
    const summary = await h.run();

    // THEN it tried again and succeeded
    expect(summary).toMatchObject({ calls: 1, requested: 1 });
  });

  it('retries a throttled or failed call on the next run, alerting each failed attempt', async () => {
    // GIVEN a 429 then a 503 on two runs, and a 204 on the third
    const h = harness();
    const secret = addDue(h, 'acme', 9);
    tokenGranted(3);
    rotateAnswers(429);
    rotateAnswers(503);
    rotateAnswers(204);

    // WHEN three runs happen a day apart
    const summaries = [];
    for (let run = 0; run < 3; run++) {
      summaries.push(await h.run());
      h.time.advance(MS_PER_DAY);
    }

    // THEN each run called once; two failure alerts then the requested alert; three attempts recorded
    expect(summaries.map((s) => s.calls)).toEqual([1, 1, 1]);
    expect(h.publisher.accepted.map((a) => a.attributes.severity)).toEqual([
      AUTOMATION_SEVERITY.rotationFailed,
      AUTOMATION_SEVERITY.rotationFailed,
      AUTOMATION_SEVERITY.rotationRequested,
    ]);
    expect(h.ledger.attributes(rotationKey(secret.arn, new Date(inDays(9))))).toMatchObject({
      state: 'requested',
      attempts: 3,
    });
  });

  it('classifies a rotate call that times out as retryable', async () => {
    // GIVEN Amazon answers too late: the call's deadline fires as it arrives
    const h = harness();
    addDue(h, 'acme', 9);
    tokenGranted();
    nock(SP_API).post(ROTATE_CLIENT_SECRET_PATH).reply(h.spApiDeadline.expireOnArrival());

    // WHEN a run happens
    const summary = await h.run();

    // THEN it will be retried, and the operator is told so
    expect(summary).toMatchObject({ retryLater: 1, requested: 0 });
    expect(h.publisher.accepted[0]?.email).toMatch(/did not answer in time/);
  });

  it('stops before calling Amazon when LWA rejects the stored secret (invalid_client)', async () => {
    // GIVEN LWA refuses the credentials
    const h = harness();
    addDue(h, 'acme', 9);
    nock(LWA_ORIGIN)
      .post(LWA_PATH)
      .reply(401, { error: 'invalid_client', error_description: 'Client authentication failed' });

    // WHEN a run happens
    const summary = await h.run();

    // THEN no rotate call, a permanent failure, and the alert says the secret is rejected: rotate now
    expect(summary).toMatchObject({ calls: 0, failedPermanently: 1 });
    const [alert] = h.publisher.accepted;
    expect(alert?.email).toMatch(
      /LWA rejects the stored client secret \(invalid_client\)[\s\S]*Rotate it in the Developer Console now/,
    );
    expect(alert?.email).toContain('Error message:  Client authentication failed');
    expect(alert?.sms).toContain('LWA rejects secret');
  });

  it.each(['unauthorized_client', 'invalid_scope'])(
    'tells a refused rotation scope (%s) apart from a rejected secret',
    async (error) => {
      // GIVEN LWA authenticates the client but refuses the rotation scope
      const h = harness();
      const secret = addDue(h, 'acme', 9);
      nock(LWA_ORIGIN)
        .post(LWA_PATH)
        .reply(400, { error, error_description: 'Not authorized for requested operation' });

      // WHEN a run happens
      const summary = await h.run();

      // THEN no rotate call, a permanent failure of its own reason, with the right guidance
      expect(summary).toMatchObject({ calls: 0, failedPermanently: 1 });
      expect(h.ledger.attributes(rotationKey(secret.arn, new Date(inDays(9))))).toMatchObject({
        state: 'failed',
        failureReason: 'rotation-scope-refused',
        errorCode: error,
      });
      const [alert] = h.publisher.accepted;
      expect(alert?.email).toMatch(/client authenticated \(the stored secret is fine\)/);
      expect(alert?.email).toContain('sellingpartnerapi::client_credential:rotation');
      expect(alert?.email).toMatch(/not a production app or is not enrolled/);
      expect(alert?.email).not.toMatch(/secret is wrong|rejects the stored client secret/);
      expect(alert?.sms).toContain('rotation scope refused');
    },
  );

  it('quotes an inconclusive LWA answer and retries on the next run', async () => {
    // GIVEN LWA answers invalid_request
    const h = harness();
    addDue(h, 'acme', 9);
    nock(LWA_ORIGIN).post(LWA_PATH).reply(400, { error: 'invalid_request', error_description: 'Malformed' });

    // WHEN a run happens
    const summary = await h.run();

    // THEN a retryable failure quoting LWA
    expect(summary).toMatchObject({ calls: 0, retryLater: 1 });
    const [alert] = h.publisher.accepted;
    expect(alert?.email).toContain('Problem:        lwa-inconclusive (HTTP 400)');
    expect(alert?.email).toContain('Error code:     invalid_request');
    expect(alert?.email).toContain('Error message:  Malformed');
    expect(alert?.subject).toMatch(/will retry/);
  });

  it("says plainly that an expired secret needs the Developer Console, keeping Amazon's details", async () => {
    // GIVEN LWA issues the grantless token but the rotate call says the secret expired
    const h = harness();
    const secret = addDue(h, 'acme', 9);
    tokenGranted();
    nock(SP_API)
      .post(ROTATE_CLIENT_SECRET_PATH)
      .reply(
        403,
        {
          errors: [
            {
              code: 'Unauthorized',
              message: 'Access to requested resource is denied.',
              details: 'The LWA secret token you provided has expired.',
            },
          ],
        },
        { 'x-amzn-RequestId': 'req-9' },
      );

    // WHEN a run happens
    const summary = await h.run();

    // THEN a permanent failure that says EXPIRED, with the details in the alert, log and ledger
    expect(summary).toMatchObject({ calls: 1, failedPermanently: 1 });
    expect(h.ledger.attributes(rotationKey(secret.arn, new Date(inDays(9))))).toMatchObject({
      failureReason: 'secret-expired',
      errorDetails: 'The LWA secret token you provided has expired.',
    });
    const [alert] = h.publisher.accepted;
    expect(alert?.email).toContain('Details:        The LWA secret token you provided has expired.');
    expect(alert?.email).toMatch(
      /EXPIRED[\s\S]*Rotate it in the Developer Console now[\s\S]*rotation by API cannot fix/,
    );
    expect(alert?.sms).toContain('secret EXPIRED');
    expect(h.log.lines.find((l) => l.message === 'Rotation attempt failed')?.fields).toMatchObject({
      errorDetails: 'The LWA secret token you provided has expired.',
    });
  });

  it.each([
    ['5xx', 503],
    ['429', 429],
    ['timeout', 'deadline'],
  ] as const)(
    'treats an LWA %s as an outage to retry, not as a credential problem',
    async (_label, status) => {
      // GIVEN LWA is unavailable
      const h = harness();
      addDue(h, 'acme', 9);
      const interceptor = nock(LWA_ORIGIN).post(LWA_PATH);
      if (status === 'deadline') interceptor.reply(h.lwaDeadline.expireOnArrival());
      else interceptor.reply(status, { access_token: ACCESS_TOKEN });

      // WHEN a run happens
      const summary = await h.run();

      // THEN no rotate call, and a retryable failure
      expect(summary).toMatchObject({ calls: 0, retryLater: 1 });
      expect(h.publisher.accepted[0]?.subject).toMatch(/will retry/);
    },
  );

  it('alerts once when the secret cannot be read or lacks its fields, without calling LWA', async () => {
    // GIVEN one unreadable and one incomplete secret
    const h = harness();
    const unreadable = addDue(h, 'locked', 9);
    const incomplete = addDue(h, 'broken', 8);
    h.credentials.set(unreadable.arn, {
      ok: false,
      problem: 'unreadable',
      retryable: false,
      detail: 'GetSecretValue failed: AccessDeniedException',
    });
    h.credentials.set(incomplete.arn, {
      ok: false,
      problem: 'malformed',
      retryable: false,
      detail: 'the secret has no non-empty string field "clientSecret" (client secret)',
    });

    // WHEN two runs happen
    await h.run();
    h.time.advance(MS_PER_DAY);
    await h.run();

    // THEN two alerts in all, each naming the problem
    expect(h.publisher.accepted.map((a) => a.sms)).toEqual([
      expect.stringContaining('secret JSON incomplete'),
      expect.stringContaining('secret unreadable'),
    ]);
  });
});

describe('runRotation: respects about one call a minute and the function timeout', () => {
  it('spaces calls 60 s apart, most urgent first, by sleeping on the injected clock', async () => {
    // GIVEN three due secrets
    const h = harness();
    addDue(h, 'c', 12);
    addDue(h, 'a', 3);
    addDue(h, 'b', 7);
    tokenGranted(3);
    const calls: { at: number }[] = [];
    nock(SP_API)
      .post(ROTATE_CLIENT_SECRET_PATH)
      .times(3)
      .reply(() => {
        calls.push({ at: h.time.now });
        return [204, ''];
      });

    // WHEN a run happens
    const started = h.time.now;
    const summary = await h.run();

    // THEN the calls were 0, 60 and 120 s after the start, and alerts follow urgency
    expect(calls.map((c) => c.at - started)).toEqual([0, 60_000, 120_000]);
    expect(h.time.sleeps).toEqual([60_000, 60_000]);
    expect(summary.calls).toBe(3);
    expect(h.publisher.accepted.map((a) => a.attributes.app)).toEqual(['A', 'B', 'C']);
  });

  it('makes at most maxRequestsPerRun calls and leaves the rest, unclaimed, for the next run', async () => {
    // GIVEN three due secrets and a limit of two calls per run
    const h = harness();
    addDue(h, 'a', 3);
    addDue(h, 'b', 4);
    const last = addDue(h, 'c', 5);
    tokenGranted(3);
    rotateAnswers(204, 3);

    // WHEN two runs happen
    const first = await h.run({ maxRequestsPerRun: 2 });
    h.time.advance(MS_PER_DAY);
    const second = await h.run({ maxRequestsPerRun: 2 });

    // THEN the first deferred one, which the second run requested
    expect(first).toMatchObject({ calls: 2, deferred: 1, deferReason: 'per-run limit' });
    expect(second).toMatchObject({ calls: 1, deferred: 0 });
    expect(h.ledger.attributes(rotationKey(last.arn, new Date(inDays(5))))?.state).toBe('requested');
  });

  it('starts no call that could run into the deadline', async () => {
    // GIVEN two due secrets and 100 s left: room for one call, not for a second 60 s later + 45 s
    const h = harness();
    addDue(h, 'a', 3);
    addDue(h, 'b', 4);
    tokenGranted();
    rotateAnswers(204);

    // WHEN a run happens with that deadline
    const summary = await h.run({}, 100_000);

    // THEN one call, one deferred for time, and no sleep was needed
    expect(summary).toMatchObject({ calls: 1, deferred: 1, deferReason: 'time' });
    expect(h.time.sleeps).toEqual([]);
  });

  it('makes no further call in a run after Amazon throttled it', async () => {
    // GIVEN two due secrets and a 429 on the first call
    const h = harness();
    addDue(h, 'a', 3);
    addDue(h, 'b', 4);
    tokenGranted();
    rotateAnswers(429);

    // WHEN a run happens
    const summary = await h.run();

    // THEN the second waits for the next run
    expect(summary).toMatchObject({ calls: 1, retryLater: 1, deferred: 1, deferReason: 'throttled' });
  });
});

describe('runRotation: claims are exclusive and failures lose nothing', () => {
  it('skips a cycle another run holds right now', async () => {
    // GIVEN a fresh claim by another run
    const h = harness();
    const secret = addDue(h, 'acme', 9);
    const key = rotationKey(secret.arn, new Date(inDays(9)));
    await h.ledger.put(
      key,
      { state: 'claimed', attempts: 1, claimedAt: NOW.toISOString(), claimedBy: 'other' },
      0,
      NOW,
    );

    // WHEN a run happens
    const summary = await h.run();

    // THEN it neither called nor alerted
    expect(summary.calls).toBe(0);
    expect(h.publisher.attempts).toEqual([]);
  });

  it('loses a claim race without calling (conditional write fails)', async () => {
    // GIVEN another run claims the cycle between this run's read and its claim
    const h = harness();
    const secret = addDue(h, 'acme', 9);
    const key = rotationKey(secret.arn, new Date(inDays(9)));
    const realGet = h.ledger.get.bind(h.ledger);
    h.ledger.get = async (k: string) => {
      const read = await realGet(k);
      await h.ledger.put(key, { state: 'claimed', claimedBy: 'other', claimedAt: NOW.toISOString() }, 0, NOW);
      return read;
    };

    // WHEN a run happens
    const summary = await h.run();

    // THEN the conflict is counted and nothing was called
    expect(summary).toMatchObject({ calls: 0, conflicts: 1 });
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('turns a stale claim (a run that died) into "outcome unknown", alerted once and never retried', async () => {
    // GIVEN a claim two hours old that never got an outcome
    const h = harness();
    const secret = addDue(h, 'acme', 9);
    const key = rotationKey(secret.arn, new Date(inDays(9)));
    const claimedAt = new Date(NOW.getTime() - 2 * MS_PER_HOUR).toISOString();
    await h.ledger.put(key, { state: 'claimed', attempts: 1, claimedAt, claimedBy: 'dead-run' }, 0, NOW);

    // WHEN two runs happen
    await h.run();
    h.time.advance(MS_PER_DAY);
    const second = await h.run();

    // THEN one "outcome unknown" alert, no call ever
    expect(h.publisher.accepted.map((a) => a.subject)).toEqual([
      expect.stringContaining('automatic rotation outcome unknown'),
    ]);
    expect(second.calls).toBe(0);
    expect(h.ledger.attributes(key)?.state).toBe('unknown');
  });

  it('re-sends an alert SNS did not accept on the next run, without calling Amazon again', async () => {
    // GIVEN SNS refuses the first publish only
    let publishes = 0;
    const h = harness(() => ++publishes > 1);
    const secret = addDue(h, 'acme', 9);
    tokenGranted();
    rotateAnswers(204);

    // WHEN two runs happen
    const first = await h.run();
    const key = rotationKey(secret.arn, new Date(inDays(9)));
    const owed = h.ledger.attributes(key)?.pendingAlert;
    h.time.advance(MS_PER_HOUR);
    const second = await h.run({ timing: { ...SETTINGS.timing, newSecretGraceMs: MS_PER_DAY } });

    // THEN the first run failed (so the errors alarm fires), the second sent the owed alert once
    expect(rotationRunFailed(first)).toBe(true);
    expect(owed).toBe('requested');
    expect(second).toMatchObject({ calls: 0, alertsPublished: 1 });
    expect(h.publisher.accepted.map((a) => a.attributes.severity)).toEqual([
      AUTOMATION_SEVERITY.rotationRequested,
    ]);
    expect(h.ledger.attributes(key)?.pendingAlert).toBeUndefined();
  });

  it('alerts once, urgently, when a requested secret has not arrived after the grace period', async () => {
    // GIVEN a requested rotation whose cycle did not change
    const h = harness();
    addDue(h, 'acme', 9);
    tokenGranted();
    rotateAnswers(204, 1, { 'x-amzn-RequestId': 'req-9' });
    await h.run();

    // WHEN runs happen 7 and 31 hours later
    h.time.advance(7 * MS_PER_HOUR);
    await h.run();
    h.time.advance(MS_PER_DAY);
    await h.run();

    // THEN one follow-up alert, naming the old secret's 7-day end and the request id
    const followUps = h.publisher.accepted.filter((a) =>
      a.subject.includes('new client secret not received'),
    );
    expect(followUps).toHaveLength(1);
    expect(followUps[0]?.attributes.severity).toBe(AUTOMATION_SEVERITY.rotationFailed);
    expect(followUps[0]?.email).toContain('Request id:     req-9');
    expect(followUps[0]?.email).toContain('only works until around 2026-06-03 09:00 UTC');
  });

  it('counts a ledger failure, skips the credential and makes the run fail', async () => {
    // GIVEN the ledger cannot be read
    const h = harness();
    addDue(h, 'acme', 9);
    h.ledger.failGet = () => new Error('ProvisionedThroughputExceededException');

    // WHEN a run happens
    const summary = await h.run();

    // THEN nothing was called and the run reports the failure
    expect(summary).toMatchObject({ calls: 0, ledgerFailures: 1 });
    expect(rotationRunFailed(summary)).toBe(true);
  });
});

describe('runRotation: never lets a secret value or an access token out', () => {
  it('keeps both out of alerts, logs and ledger items, on success and on every failure path', async () => {
    // GIVEN four due secrets: success, 400, 500 and invalid_client
    const h = harness();
    addDue(h, 'ok', 2);
    addDue(h, 'bad', 3);
    addDue(h, 'down', 4);
    addDue(h, 'rejected', 5);
    tokenGranted(3);
    nock(LWA_ORIGIN).post(LWA_PATH).reply(401, { error: 'invalid_client' });
    rotateAnswers(204);
    rotateAnswers(400);
    rotateAnswers(500);

    // WHEN a run happens
    await h.run();

    // THEN neither sentinel appears anywhere observable
    const visible = everythingVisible(h);
    expect(h.publisher.accepted).toHaveLength(4);
    expect(visible).not.toContain(SECRET_VALUE);
    expect(visible).not.toContain(ACCESS_TOKEN);
    expect(visible).not.toContain('SENTINEL');
  });
});

describe('runRotation: its alerts carry the owner the secret is tagged with', () => {
  it('GIVEN due secrets owned by a configured team and by an unconfigured one WHEN a run happens THEN each alert carries its owner and the unknown one is reported', async () => {
    // Prepare
    const h = harness();
    addDue(h, 'pay', 10, { 'lwa:owner': 'payments' });
    addDue(h, 'bill', 11, { 'lwa:owner': 'billing' });
    tokenGranted(2);
    rotateAnswers(204, 2);
    // Act
    await h.run({ ownerNames: ['payments'] });
    // Assess
    expect(h.publisher.accepted.map((a) => [a.attributes.app, a.attributes.owner])).toEqual([
      ['PAY', 'payments'],
      ['BILL', 'billing'],
    ]);
    const problems = h.log.lines.filter((l) => l.message === 'Secret has tag problems');
    expect(problems).toEqual([
      expect.objectContaining({
        level: 'warn',
        fields: expect.objectContaining({
          warnings: [expect.stringContaining('tag lwa:owner "billing" names no configured owner')],
        }) as unknown,
      }),
    ]);
  });

  it('GIVEN a due secret without an owner tag WHEN a run happens THEN its alert has no owner attribute', async () => {
    // Prepare
    const h = harness();
    addDue(h, 'acme', 10);
    tokenGranted();
    rotateAnswers(204);
    // Act
    await h.run({ ownerNames: ['payments'] });
    // Assess
    const [alert] = h.publisher.accepted;
    expect(alert?.attributes.severity).toBe(AUTOMATION_SEVERITY.rotationRequested);
    expect(alert?.attributes).not.toHaveProperty('owner');
  });
});

describe('runRotation: events on the bus for the rotation alerts SNS accepted', () => {
  const CLIENT_ID = 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef';

  it('GIVEN Amazon accepts the rotation WHEN a run happens THEN a Rotation Requested event names the secret, the client id and the request id, and no secret value', async () => {
    // Prepare
    const events = new RecordingEvents();
    const h = harness(() => true, events);
    const secret = addDue(h, 'acme', 10, { 'lwa:client-id': CLIENT_ID });
    tokenGranted();
    rotateAnswers(204, 1, { 'x-amzn-RequestId': 'req-1' });

    // Act
    await h.run();

    // Assess
    expect(events.published.map((e) => e.detailType)).toEqual(['LWA Rotation Requested']);
    expect(events.published[0]?.detail).toEqual({
      version: '1',
      app: 'ACME',
      secretArn: secret.arn,
      secretName: 'acme',
      clientId: CLIENT_ID,
      expiresAt: inDays(10),
      daysLeft: 10,
      severity: AUTOMATION_SEVERITY.rotationRequested,
      time: NOW.toISOString(),
      requestId: 'req-1',
    });
    const seen = JSON.stringify(events.published);
    expect(seen).not.toContain(SECRET_VALUE);
    expect(seen).not.toContain(ACCESS_TOKEN);
  });

  it('GIVEN Amazon refuses the rotation WHEN a run happens THEN a Rotation Failed event says why', async () => {
    // Prepare
    const events = new RecordingEvents();
    const h = harness(() => true, events);
    addDue(h, 'acme', 10);
    tokenGranted();
    rotateAnswers(400);

    // Act
    await h.run();

    // Assess
    expect(events.published.map((e) => e.detailType)).toEqual(['LWA Rotation Failed']);
    expect(events.published[0]?.detail).toMatchObject({
      severity: AUTOMATION_SEVERITY.rotationFailed,
      retryable: false,
      status: 400,
    });
    expect(typeof events.published[0]?.detail.reason).toBe('string');
  });

  it('GIVEN a bus that refuses every event WHEN a run happens THEN the call, the alert, the ledger and the summary are those of a run with a working bus', async () => {
    // Prepare
    const working = harness(() => true, new RecordingEvents());
    const failingEvents = new RecordingEvents();
    failingEvents.failing = true;
    const failing = harness(() => true, failingEvents);
    for (const h of [working, failing]) addDue(h, 'acme', 10);

    // Act
    tokenGranted();
    rotateAnswers(204, 1, { 'x-amzn-RequestId': 'req-1' });
    const expected = await working.run();
    tokenGranted();
    rotateAnswers(204, 1, { 'x-amzn-RequestId': 'req-1' });
    const outcome = await failing.run();

    // Assess
    expect(outcome).toEqual(expected);
    expect(failing.publisher.accepted).toEqual(working.publisher.accepted);
    expect([...failing.ledger.items.entries()]).toEqual([...working.ledger.items.entries()]);
    expect(failingEvents.published).toEqual([]);
  });
});
