import { ConfigError } from '../../../contract/config-rules';
import { liveCheckEnvironment } from '../../../lambda/live-check/settings';
import { LIVE_CHECK_ENV } from '../../../contract/environment';

const BASE = {
  [LIVE_CHECK_ENV.topicArn]: 'arn:aws:sns:eu-west-1:111122223333:alerts',
  [LIVE_CHECK_ENV.tableName]: 'ledger',
  AWS_REGION: 'eu-west-1',
};

describe('liveCheckEnvironment: validated configuration of the live check', () => {
  it('applies the documented defaults', () => {
    expect(liveCheckEnvironment(BASE).settings).toMatchObject({
      tagKey: 'lwa:app',
      optInTagKey: 'lwa:live-check',
      scope: 'tagged',
      realertMs: 24 * 3_600_000,
      defaultWindowDays: 180,
    });
    expect(liveCheckEnvironment(BASE).spApiEndpoint).toBe('https://sellingpartnerapi-na.amazon.com');
  });

  it('reads the SP-API endpoint of its call from SP_API_ENDPOINT', () => {
    expect(LIVE_CHECK_ENV.spApiEndpoint).toBe('SP_API_ENDPOINT');
    expect(liveCheckEnvironment({ ...BASE, SP_API_ENDPOINT: 'eu' }).spApiEndpoint).toBe(
      'https://sellingpartnerapi-eu.amazon.com',
    );
  });

  it('reads the re-alert interval and scope', () => {
    const settings = liveCheckEnvironment({
      ...BASE,
      [LIVE_CHECK_ENV.realertHours]: '6',
      [LIVE_CHECK_ENV.scope]: 'all',
    }).settings;
    expect(settings).toMatchObject({ realertMs: 6 * 3_600_000, scope: 'all' });
  });

  it.each([
    [LIVE_CHECK_ENV.realertHours, '0'],
    [LIVE_CHECK_ENV.scope, 'everything'],
    [LIVE_CHECK_ENV.tableName, ' '],
    [LIVE_CHECK_ENV.optInTagKey, 'aws:reserved'],
    [LIVE_CHECK_ENV.spApiEndpoint, 'http://sellingpartnerapi-eu.amazon.com'],
    [LIVE_CHECK_ENV.spApiEndpoint, 'us'],
  ])('names %s when it is invalid (%j)', (name, value) => {
    expect(() => liveCheckEnvironment({ ...BASE, [name]: value })).toThrow(ConfigError);
    expect(() => liveCheckEnvironment({ ...BASE, [name]: value })).toThrow(name);
  });
});
