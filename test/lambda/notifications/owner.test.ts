import nock from 'nock';
import type { Harness } from './support/harness';
import { notificationHarness } from './support/harness';
import { CLIENT_ID, appSecretValue, newSecretBody, sqsEvent, sqsRecord } from './support/notifications';

const ACCEPTED = {
  status: 200,
  body: { access_token: 'Atza|access-token', token_type: 'bearer', expires_in: 3600 },
};

let h: Harness;

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
beforeEach(() => {
  h = notificationHarness();
});
afterEach(() => h.restore());

function ownedSecret(owner: string) {
  return h.secrets.add(
    'sp-api/acme-eu',
    { 'lwa:app': 'Acme EU', 'lwa:client-id': CLIENT_ID, 'lwa:owner': owner },
    appSecretValue(),
  );
}

function tagProblemLogs(): Record<string, unknown>[] {
  return h.output.records().filter((r) => r.message === 'Secret has tag problems');
}

describe('notification handler: alerts about a secret carry the owner its lwa:owner tag names', () => {
  it('GIVEN a secret owned by a configured team WHEN its new secret is promoted THEN the alert carries the owner attribute', async () => {
    // Prepare
    ownedSecret('payments');
    h.lwaAnswers(ACCEPTED);
    const handler = h.handlerWith({ ownerNames: ['payments'] });
    // Act
    await handler(sqsEvent(sqsRecord(newSecretBody())));
    // Assess
    const [alert] = h.alerts();
    expect(alert?.attributes).toEqual({
      app: 'Acme EU',
      severity: 'new-secret',
      daysLeft: '180',
      owner: 'payments',
    });
    expect(tagProblemLogs()).toEqual([]);
  });

  it('GIVEN a secret whose owner is not configured WHEN its new secret is promoted THEN the alert still goes out and the tag problem is logged', async () => {
    // Prepare
    ownedSecret('billing');
    h.lwaAnswers(ACCEPTED);
    const handler = h.handlerWith({ ownerNames: ['payments'] });
    // Act
    const response = await handler(sqsEvent(sqsRecord(newSecretBody())));
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(h.alerts().map((a) => [a.attributes.severity, a.attributes.owner])).toEqual([
      ['new-secret', 'billing'],
    ]);
    const [problem] = tagProblemLogs();
    expect(problem?.level).toBe('WARN');
    expect(problem?.warnings).toEqual([
      'tag lwa:owner "billing" names no configured owner (configured: payments); its alerts go to the default recipients only',
    ]);
  });

  it('GIVEN a malformed owner tag WHEN its new secret is promoted THEN the alert goes out without an owner and the tag problem is logged', async () => {
    // Prepare
    ownedSecret('pay ments');
    h.lwaAnswers(ACCEPTED);
    const handler = h.handlerWith({ ownerNames: ['payments'] });
    // Act
    await handler(sqsEvent(sqsRecord(newSecretBody())));
    // Assess
    const [alert] = h.alerts();
    expect(alert?.attributes.severity).toBe('new-secret');
    expect(alert?.attributes).not.toHaveProperty('owner');
    expect(tagProblemLogs()).toHaveLength(1);
  });
});
