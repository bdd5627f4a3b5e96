import { CREDENTIAL_STATUS_LOG } from '../../../contract/telemetry';
import { credentialStatusFields, logCredentialStatuses } from '../../../lambda/monitor/credential-status-log';
import type { CredentialReport } from '../../../lambda/monitor/run-types';
import { createLogger, logPortOf } from '../../../lambda/runtime/powertools';
import { DEFAULT_ASSUMPTIONS } from '../../../scripts/cost/estimate';
import type { CapturedOutput } from '../support/captured-output';
import { captureOutput } from '../support/captured-output';

const THRESHOLDS = [30, 7, 1];

function report(overrides: Partial<CredentialReport> = {}): CredentialReport {
  return {
    secretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:sp-api/acme/lwa-AbCdEf',
    secretName: 'sp-api/acme/lwa',
    app: 'Acme Repricer',
    status: 'dated',
    expiresAt: new Date('2026-06-01T09:30:00Z'),
    daysLeft: 5,
    source: 'expires-at-tag',
    warnings: [],
    reasons: [],
    alerts: [],
    failures: [],
    ...overrides,
  };
}

let output: CapturedOutput;
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => output.restore());

const statusLines = () => output.records().filter((r) => r.message === CREDENTIAL_STATUS_LOG.message);

describe('the status line of each credential', () => {
  it('GIVEN a dated credential with an owner WHEN its fields are built THEN they name the app, secret, owner, status, days left, expiry, source and band', () => {
    // Act
    const fields = credentialStatusFields(report({ owner: 'payments-team' }), THRESHOLDS);
    // Assess
    expect(fields).toEqual({
      app: 'Acme Repricer',
      secret: 'sp-api/acme/lwa',
      owner: 'payments-team',
      status: 'dated',
      daysLeft: 5,
      expiresAt: '2026-06-01T09:30:00.000Z',
      source: 'expires-at-tag',
      band: '7-day',
    });
  });

  it('GIVEN an undetermined credential without owner WHEN its fields are built THEN it has no owner key and the band says undetermined', () => {
    // Prepare
    const undetermined = report({
      status: 'undetermined',
      expiresAt: undefined,
      daysLeft: undefined,
      source: undefined,
      reasons: ['no date tag and no AWSCURRENT version'],
    });
    // Act
    const fields = credentialStatusFields(undetermined, THRESHOLDS);
    // Assess
    expect(fields).not.toHaveProperty('owner');
    expect(fields).toMatchObject({ status: 'undetermined', band: 'undetermined', daysLeft: undefined });
  });

  it('GIVEN dated, undetermined and skipped reports WHEN logged THEN one INFO line per monitored credential, none for the skipped one', () => {
    // Prepare
    const reports = [
      report(),
      report({ secretName: 'sp-api/beta/lwa', app: 'Beta', status: 'undetermined', daysLeft: undefined }),
      report({ secretName: 'sp-api/replica/lwa', app: 'Replica', status: 'skipped', skipReason: 'replica' }),
    ];
    // Act
    logCredentialStatuses(logPortOf(createLogger()), reports, THRESHOLDS);
    // Assess
    expect(statusLines().map((line) => [line.level, line.app, line.band])).toEqual([
      ['INFO', 'Acme Repricer', '7-day'],
      ['INFO', 'Beta', 'undetermined'],
    ]);
  });

  it("GIVEN a 24-character app name, its secret path and an owner WHEN logged THEN the line fits the price script's credentialLogBytes", () => {
    // Prepare: the longest date source and a four-digit day count
    const app = 'a'.repeat(24);
    const longest = report({
      app,
      secretName: `sp-api/${app}/lwa`,
      owner: 'payments-platform-team',
      daysLeft: -1000,
      source: 'current-version-created',
    });
    // Act
    logCredentialStatuses(logPortOf(createLogger()), [longest], THRESHOLDS);
    // Assess
    const [line] = output.text().split('\n');
    expect(statusLines()).toHaveLength(1);
    expect(Buffer.byteLength(`${line}\n`)).toBeLessThanOrEqual(DEFAULT_ASSUMPTIONS.credentialLogBytes);
  });
});
