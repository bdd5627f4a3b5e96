import { DEFAULT_CREDENTIAL_FIELDS } from '../../../contract/credential-fields';
import { notificationEnvironment } from '../../../lambda/notifications/settings';

const BASE = {
  ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111122223333:alerts',
  LEDGER_TABLE_NAME: 'ledger',
  AWS_REGION: 'eu-west-1',
};

describe('notificationEnvironment: the handler configuration, checked at cold start', () => {
  it('applies the defaults', () => {
    expect(notificationEnvironment(BASE)).toEqual({
      topicArn: BASE.ALERT_TOPIC_ARN,
      tableName: 'ledger',
      heldQueueUrl: undefined,
      settings: {
        fields: DEFAULT_CREDENTIAL_FIELDS,
        appTagKey: 'lwa:app',
        region: 'eu-west-1',
        leaseMs: 300_000,
        maxReceiveCount: 5,
        // Metadata only unless the opt-in is given.
        storeNewSecrets: false,
        windowDays: 180,
        // No owner configured: an lwa:owner tag is reported as naming none.
        ownerNames: [],
      },
    });
  });

  it('reads every variable the construct sets', () => {
    const environment = notificationEnvironment({
      ...BASE,
      APP_TAG_KEY: 'sp-api:app',
      CREDENTIAL_FIELDS: '{"clientSecret":"secret"}',
      CLAIM_LEASE_SECONDS: '180',
      MAX_RECEIVE_COUNT: '3',
      STORE_NEW_SECRETS: 'TRUE',
      HELD_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/111122223333/held',
      WINDOW_DAYS: '90',
      OWNER_NAMES: 'payments,search',
    });
    expect(environment.heldQueueUrl).toBe('https://sqs.eu-west-1.amazonaws.com/111122223333/held');
    expect(environment.settings).toMatchObject({
      appTagKey: 'sp-api:app',
      fields: { clientSecret: 'secret' },
      leaseMs: 180_000,
      maxReceiveCount: 3,
      storeNewSecrets: true,
      windowDays: 90,
      ownerNames: ['payments', 'search'],
    });
  });

  it.each([
    ['ALERT_TOPIC_ARN', { ...BASE, ALERT_TOPIC_ARN: '' }],
    ['LEDGER_TABLE_NAME', { ...BASE, LEDGER_TABLE_NAME: undefined }],
    ['AWS_REGION', { ...BASE, AWS_REGION: ' ' }],
    ['APP_TAG_KEY', { ...BASE, APP_TAG_KEY: 'aws:reserved' }],
    ['CLAIM_LEASE_SECONDS', { ...BASE, CLAIM_LEASE_SECONDS: '0' }],
    ['MAX_RECEIVE_COUNT', { ...BASE, MAX_RECEIVE_COUNT: 'five' }],
    ['CREDENTIAL_FIELDS', { ...BASE, CREDENTIAL_FIELDS: '{"clientSecret":' }],
    ['STORE_NEW_SECRETS', { ...BASE, STORE_NEW_SECRETS: 'yes' }],
    ['WINDOW_DAYS', { ...BASE, WINDOW_DAYS: '0' }],
    ['OWNER_NAMES', { ...BASE, OWNER_NAMES: 'payments,pay ments' }],
  ])('names %s when it is wrong', (name, env) => {
    expect(() => notificationEnvironment(env)).toThrow(name);
  });
});
