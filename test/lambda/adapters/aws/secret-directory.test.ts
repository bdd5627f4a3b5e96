import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import type { CatalogSecret } from '../../../../lambda/domain/catalog-secret';
import { SecretsManagerDirectory, matchClientId } from '../../../../lambda/adapters/aws/secret-directory';

const CLIENT_ID = 'amzn1.application-oa2-client.aaaa';
const OPTIONS = { appTagKey: 'lwa:app', region: 'eu-west-1' };

function listed(
  name: string,
  tags: Record<string, string>,
  extra: Partial<CatalogSecret> = {},
): CatalogSecret {
  return { arn: `arn:aws:secretsmanager:eu-west-1:111122223333:secret:${name}-Ab12Cd`, name, tags, ...extra };
}

describe('matchClientId: exact tag and value, app tag required, never a guess', () => {
  it('finds the one secret carrying the client id and the app tag', () => {
    const result = matchClientId(
      [listed('acme', { 'lwa:app': 'Acme', 'lwa:client-id': CLIENT_ID })],
      CLIENT_ID,
      OPTIONS,
    );
    expect(result).toEqual({
      kind: 'one',
      secret: expect.objectContaining({ name: 'acme', appName: 'Acme' }),
    });
  });

  it('uses the secret name when the app tag is empty', () => {
    const result = matchClientId(
      [listed('acme', { 'lwa:app': ' ', 'lwa:client-id': CLIENT_ID })],
      CLIENT_ID,
      OPTIONS,
    );
    expect(result.kind === 'one' && result.secret.appName).toBe('acme');
  });

  it.each([
    ['a longer client id (prefix match)', listed('a', { 'lwa:app': 'A', 'lwa:client-id': `${CLIENT_ID}b` })],
    [
      'the id in another tag',
      listed('b', { 'lwa:app': 'B', 'lwa:client-id-old': CLIENT_ID, 'lwa:client-id': 'x' }),
    ],
    ['no app tag', listed('c', { 'lwa:client-id': CLIENT_ID })],
    ['an app tag with another key', listed('d', { 'lwa:application': 'D', 'lwa:client-id': CLIENT_ID })],
    [
      'a secret pending deletion',
      listed('e', { 'lwa:app': 'E', 'lwa:client-id': CLIENT_ID }, { deletedDate: new Date() }),
    ],
    [
      'a replica of another region',
      listed('f', { 'lwa:app': 'F', 'lwa:client-id': CLIENT_ID }, { primaryRegion: 'us-east-1' }),
    ],
  ])('does not take %s', (_label, secret) => {
    expect(matchClientId([secret], CLIENT_ID, OPTIONS)).toEqual({ kind: 'none' });
  });

  it('reports several matches as ambiguous, with all of them', () => {
    const secrets = [
      listed('one', { 'lwa:app': 'One', 'lwa:client-id': CLIENT_ID }),
      listed('two', { 'lwa:app': 'Two', 'lwa:client-id': CLIENT_ID }),
    ];
    const result = matchClientId(secrets, CLIENT_ID, OPTIONS);
    expect(result.kind).toBe('ambiguous');
    expect(result.kind === 'ambiguous' && result.secrets.map((s) => s.name)).toEqual(['one', 'two']);
  });
});

describe('SecretsManagerDirectory: ListSecrets with tag filters, every page', () => {
  const sm = mockClient(SecretsManagerClient);
  beforeEach(() => sm.reset());
  afterAll(() => sm.restore());

  it('filters on the client-id tag key and the client id value, and reads every page', async () => {
    // Prepare
    sm.on(ListSecretsCommand)
      .resolvesOnce({
        SecretList: [
          {
            ARN: 'arn:1',
            Name: 'other',
            Tags: [
              { Key: 'lwa:client-id', Value: `${CLIENT_ID}9` },
              { Key: 'lwa:app', Value: 'O' },
            ],
          },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        SecretList: [
          {
            ARN: 'arn:2',
            Name: 'acme',
            Tags: [
              { Key: 'lwa:client-id', Value: CLIENT_ID },
              { Key: 'lwa:app', Value: 'Acme' },
            ],
          },
        ],
      });
    const directory = new SecretsManagerDirectory(new SecretsManagerClient({ region: 'eu-west-1' }), OPTIONS);

    // Act
    const result = await directory.findByClientId(CLIENT_ID);

    // Assess
    expect(result).toEqual({
      kind: 'one',
      secret: expect.objectContaining({ arn: 'arn:2', appName: 'Acme' }),
    });
    const calls = sm.commandCalls(ListSecretsCommand).map((call) => call.args[0].input);
    expect(calls).toEqual([
      {
        Filters: [
          { Key: 'tag-key', Values: ['lwa:client-id'] },
          { Key: 'tag-value', Values: [CLIENT_ID] },
        ],
        MaxResults: 100,
        IncludePlannedDeletion: false,
        NextToken: undefined,
      },
      expect.objectContaining({ NextToken: 'page-2' }),
    ]);
  });

  it('answers none when nothing is listed', async () => {
    sm.on(ListSecretsCommand).resolves({ SecretList: [] });
    const directory = new SecretsManagerDirectory(new SecretsManagerClient({ region: 'eu-west-1' }), OPTIONS);
    await expect(directory.findByClientId(CLIENT_ID)).resolves.toEqual({ kind: 'none' });
  });
});
