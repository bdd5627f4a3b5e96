/**
 * The environment the LiveCheck construct gives the function, set before index.ts is loaded (it
 * reads its configuration at module scope, as on a cold start). Imported first by index.test.ts.
 */
export const INDEX_LWA_ORIGIN = 'https://lwa-live-check.example.test';
export const INDEX_SP_API_ORIGIN = 'https://sellingpartnerapi-fe.amazon.com';

Object.assign(process.env, {
  ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111122223333:lwa-alerts',
  LEDGER_TABLE_NAME: 'lwa-ledger',
  APP_TAG_KEY: 'lwa:app',
  OPT_IN_TAG_KEY: 'lwa:live-check',
  AUTOMATION_SCOPE: 'tagged',
  WINDOW_DAYS: '180',
  REALERT_HOURS: '24',
  SP_API_ENDPOINT: 'fe',
  LWA_TOKEN_ENDPOINT: `${INDEX_LWA_ORIGIN}/auth/o2/token`,
  AWS_REGION: 'eu-west-1',
});
