import { ConfigError } from '../../../contract/config-rules';
import { rotationEnvironment } from '../../../lambda/rotation/settings';
import { ROTATION_ENV } from '../../../contract/environment';

const BASE = {
  [ROTATION_ENV.topicArn]: 'arn:aws:sns:eu-west-1:111122223333:alerts',
  [ROTATION_ENV.tableName]: 'ledger',
  AWS_REGION: 'eu-west-1',
};

describe('rotationEnvironment: validated configuration of the rotation function', () => {
  it('applies the documented defaults', () => {
    const environment = rotationEnvironment(BASE);
    expect(environment).toMatchObject({
      spApiEndpoint: 'https://sellingpartnerapi-na.amazon.com',
      credentialFields: { clientId: 'clientId', clientSecret: 'clientSecret', refreshToken: 'refreshToken' },
      settings: {
        tagKey: 'lwa:app',
        optInTagKey: 'lwa:auto-rotate',
        scope: 'tagged',
        rotateDaysBefore: 14,
        maxRequestsPerRun: 10,
        callSpacingMs: 60_000,
        region: 'eu-west-1',
      },
    });
  });

  it('reads every variable the construct sets', () => {
    const environment = rotationEnvironment({
      ...BASE,
      [ROTATION_ENV.scope]: 'all',
      [ROTATION_ENV.rotateDaysBefore]: '21',
      [ROTATION_ENV.maxRequestsPerRun]: '3',
      [ROTATION_ENV.spApiEndpoint]: 'fe',
      [ROTATION_ENV.optInTagKey]: 'team:rotate',
      CREDENTIAL_FIELDS: '{"clientSecret":"lwa_client_secret"}',
    });
    expect(environment.settings).toMatchObject({
      scope: 'all',
      rotateDaysBefore: 21,
      maxRequestsPerRun: 3,
      optInTagKey: 'team:rotate',
    });
    expect(environment.spApiEndpoint).toBe('https://sellingpartnerapi-fe.amazon.com');
    expect(environment.credentialFields.clientSecret).toBe('lwa_client_secret');
  });

  it.each([
    [ROTATION_ENV.scope, 'some'],
    [ROTATION_ENV.rotateDaysBefore, '0'],
    [ROTATION_ENV.rotateDaysBefore, '180'],
    [ROTATION_ENV.maxRequestsPerRun, '15'],
    [ROTATION_ENV.spApiEndpoint, 'mars'],
    [ROTATION_ENV.topicArn, ''],
  ])('names %s when it is invalid (%j)', (name, value) => {
    expect(() => rotationEnvironment({ ...BASE, [name]: value })).toThrow(ConfigError);
    expect(() => rotationEnvironment({ ...BASE, [name]: value })).toThrow(name);
  });
});
