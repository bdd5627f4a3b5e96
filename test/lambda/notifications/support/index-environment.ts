/**
 * The environment the construct gives the function, set before index.ts is loaded (it reads
 * its configuration at module scope, as on a cold start). Imported first by index.test.ts.
 */
export const INDEX_LWA_ORIGIN = 'https://lwa-from-env.example.test';

Object.assign(process.env, {
  ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111122223333:lwa-alerts',
  LEDGER_TABLE_NAME: 'lwa-ledger',
  APP_TAG_KEY: 'lwa:app',
  CREDENTIAL_FIELDS: JSON.stringify({ clientSecret: 'lwa_client_secret' }),
  LWA_TOKEN_ENDPOINT: `${INDEX_LWA_ORIGIN}/auth/o2/token`,
  CLAIM_LEASE_SECONDS: '180',
  MAX_RECEIVE_COUNT: '5',
  // The storeNewSecrets opt-in, as the construct sets it when turned on.
  STORE_NEW_SECRETS: 'true',
  AWS_REGION: 'eu-west-1',
});
