import type { SecretListEntry } from '@aws-sdk/client-secrets-manager';
import {
  ListSecretVersionIdsCommand,
  ListSecretsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { CatalogSecret } from '../../../../lambda/domain/catalog-secret';
import { SecretsManagerCatalog, toCatalogSecret } from '../../../../lambda/adapters/aws/secret-catalog';

const secretsManager = mockClient(SecretsManagerClient);
const ARN_PREFIX = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:';

function listEntry(
  name: string,
  tags: Record<string, string>,
  extra: Partial<SecretListEntry> = {},
): SecretListEntry {
  return {
    ARN: `${ARN_PREFIX}${name}-AbCdEf`,
    Name: name,
    Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    ...extra,
  };
}

async function collect(
  pages: AsyncIterable<readonly CatalogSecret[]>,
): Promise<(readonly CatalogSecret[])[]> {
  const collected: (readonly CatalogSecret[])[] = [];
  for await (const page of pages) collected.push(page);
  return collected;
}

beforeEach(() => {
  secretsManager.reset();
});

describe('SecretsManagerCatalog.pages: pages through every secret carrying the tag key', () => {
  it('GIVEN two pages WHEN listed THEN NextToken is followed and each page is yielded in order', async () => {
    // Prepare
    secretsManager
      .on(ListSecretsCommand)
      .resolvesOnce({
        SecretList: [listEntry('acme', { 'lwa:app': 'Acme' }), listEntry('beta', { 'lwa:app': 'Beta' })],
        NextToken: 'page-2',
      })
      .resolvesOnce({ SecretList: [listEntry('gamma', { 'lwa:app': 'Gamma' })] });
    const catalog = new SecretsManagerCatalog(new SecretsManagerClient({ region: 'eu-west-1' }));
    // Act
    const pages = await collect(catalog.pages('lwa:app'));
    // Assess
    expect(pages.map((page) => page.map((s) => s.name))).toEqual([['acme', 'beta'], ['gamma']]);
    expect(secretsManager).toHaveReceivedCommandTimes(ListSecretsCommand, 2);
    expect(secretsManager).toHaveReceivedNthCommandWith(1, ListSecretsCommand, {
      Filters: [{ Key: 'tag-key', Values: ['lwa:app'] }],
      MaxResults: 100,
      NextToken: undefined,
    });
    expect(secretsManager).toHaveReceivedNthCommandWith(2, ListSecretsCommand, {
      Filters: [{ Key: 'tag-key', Values: ['lwa:app'] }],
      MaxResults: 100,
      NextToken: 'page-2',
    });
  });

  it('GIVEN the prefix filter also matched lwa:application WHEN listed THEN only secrets with the exact key remain', async () => {
    // Prepare
    secretsManager.on(ListSecretsCommand).resolves({
      SecretList: [
        listEntry('other-product', { 'lwa:application': 'Not ours' }),
        listEntry('acme', { 'lwa:app': 'Acme', 'lwa:application': 'Acme too' }),
        listEntry('upper', { 'LWA:APP': 'Different key' }),
        listEntry('empty-app', { 'lwa:app': '' }),
      ],
    });
    const catalog = new SecretsManagerCatalog(new SecretsManagerClient({ region: 'eu-west-1' }));
    // Act
    const pages = await collect(catalog.pages('lwa:app'));
    // Assess
    expect(pages.flat().map((s) => s.name)).toEqual(['acme', 'empty-app']);
  });

  it('GIVEN an empty account WHEN listed THEN one empty page is yielded and listing stops', async () => {
    // Prepare
    secretsManager.on(ListSecretsCommand).resolves({ SecretList: [] });
    const catalog = new SecretsManagerCatalog(new SecretsManagerClient({ region: 'eu-west-1' }));
    // Act
    const pages = await collect(catalog.pages('lwa:app'));
    // Assess
    expect(pages).toEqual([[]]);
    expect(secretsManager).toHaveReceivedCommandTimes(ListSecretsCommand, 1);
  });

  it('GIVEN ListSecrets fails WHEN listed THEN the error reaches the caller', async () => {
    // Prepare
    secretsManager.on(ListSecretsCommand).rejects(new Error('ThrottlingException: Rate exceeded'));
    const catalog = new SecretsManagerCatalog(new SecretsManagerClient({ region: 'eu-west-1' }));
    // Act / Assess
    await expect(collect(catalog.pages('lwa:app'))).rejects.toThrow('Rate exceeded');
  });
});

describe('toCatalogSecret: keeps the metadata the monitor needs, nothing else', () => {
  it('GIVEN a full list entry WHEN converted THEN tags, AWSCURRENT version id, primary region and deletion date are kept', () => {
    // Prepare
    const deletedDate = new Date('2026-02-01T00:00:00Z');
    const entry = listEntry(
      'acme',
      { 'lwa:app': 'Acme', 'lwa:rotated-at': '2026-01-10' },
      {
        Description: 'SENTINEL-DESCRIPTION',
        SecretVersionsToStages: { 'v-old': ['AWSPREVIOUS'], 'v-new': ['AWSPENDING', 'AWSCURRENT'] },
        PrimaryRegion: 'us-east-1',
        DeletedDate: deletedDate,
      },
    );
    // Act
    const secret = toCatalogSecret(entry);
    // Assess
    expect(secret).toEqual({
      arn: `${ARN_PREFIX}acme-AbCdEf`,
      name: 'acme',
      tags: { 'lwa:app': 'Acme', 'lwa:rotated-at': '2026-01-10' },
      currentVersionId: 'v-new',
      primaryRegion: 'us-east-1',
      deletedDate,
    });
    expect(JSON.stringify(secret)).not.toContain('SENTINEL-DESCRIPTION');
  });

  it('GIVEN no AWSCURRENT stage WHEN converted THEN the current version id is unknown', () => {
    // Act
    const secret = toCatalogSecret(
      listEntry('acme', {}, { SecretVersionsToStages: { v1: ['AWSPREVIOUS'] } }),
    );
    // Assess
    expect(secret?.currentVersionId).toBeUndefined();
  });

  it('GIVEN an entry without a name WHEN converted THEN the ARN names it; without an ARN it is dropped', () => {
    // Act / Assess
    expect(toCatalogSecret({ ARN: `${ARN_PREFIX}x` })?.name).toBe(`${ARN_PREFIX}x`);
    expect(toCatalogSecret({ Name: 'no-arn' })).toBeUndefined();
  });

  it('GIVEN a tag without a value WHEN converted THEN its value is the empty string', () => {
    // Act / Assess
    expect(
      toCatalogSecret({ ARN: `${ARN_PREFIX}x`, Tags: [{ Key: 'lwa:app' }, { Value: 'orphan' }] })?.tags,
    ).toEqual({
      'lwa:app': '',
    });
  });
});

describe('SecretsManagerCatalog.currentVersion: finds the AWSCURRENT version from metadata only', () => {
  const secretArn = `${ARN_PREFIX}acme-AbCdEf`;

  it('GIVEN AWSCURRENT on the second page WHEN looked up THEN pages are followed until it is found, and no further', async () => {
    // Prepare
    const created = new Date('2026-01-10T12:00:00Z');
    secretsManager
      .on(ListSecretVersionIdsCommand)
      .resolvesOnce({
        Versions: [{ VersionId: 'v1', VersionStages: ['AWSPREVIOUS'], CreatedDate: new Date('2025-07-01') }],
        NextToken: 'versions-2',
      })
      .resolvesOnce({
        Versions: [
          { VersionId: 'v2', VersionStages: ['AWSPENDING'], CreatedDate: new Date('2026-02-01') },
          { VersionId: 'v3', VersionStages: ['AWSCURRENT'], CreatedDate: created },
        ],
        NextToken: 'versions-3',
      });
    const catalog = new SecretsManagerCatalog(new SecretsManagerClient({ region: 'eu-west-1' }));
    // Act
    const version = await catalog.currentVersion(secretArn);
    // Assess
    expect(version).toEqual({ versionId: 'v3', createdAt: created });
    expect(secretsManager).toHaveReceivedCommandTimes(ListSecretVersionIdsCommand, 2);
    expect(secretsManager).toHaveReceivedNthCommandWith(1, ListSecretVersionIdsCommand, {
      SecretId: secretArn,
      MaxResults: 100,
      NextToken: undefined,
    });
    expect(secretsManager).toHaveReceivedNthCommandWith(2, ListSecretVersionIdsCommand, {
      SecretId: secretArn,
      MaxResults: 100,
      NextToken: 'versions-2',
    });
  });

  it('GIVEN no version labelled AWSCURRENT WHEN looked up THEN the result is undefined after the last page', async () => {
    // Prepare
    secretsManager.on(ListSecretVersionIdsCommand).resolves({
      Versions: [
        { VersionId: 'v1', VersionStages: ['AWSPREVIOUS'], CreatedDate: new Date('2025-07-01') },
        { VersionId: 'v2', VersionStages: ['AWSCURRENT'] },
      ],
    });
    const catalog = new SecretsManagerCatalog(new SecretsManagerClient({ region: 'eu-west-1' }));
    // Act / Assess
    await expect(catalog.currentVersion(secretArn)).resolves.toBeUndefined();
    expect(secretsManager).toHaveReceivedCommandTimes(ListSecretVersionIdsCommand, 1);
  });

  it('GIVEN the call is denied WHEN looked up THEN the error reaches the caller', async () => {
    // Prepare
    secretsManager.on(ListSecretVersionIdsCommand).rejects(new Error('AccessDeniedException'));
    const catalog = new SecretsManagerCatalog(new SecretsManagerClient({ region: 'eu-west-1' }));
    // Act / Assess
    await expect(catalog.currentVersion(secretArn)).rejects.toThrow('AccessDeniedException');
  });
});
