import fc from 'fast-check';
import type { AlertContext } from '../../../lambda/domain/alert-message';
import { SMS_MAX_SEPTETS, renderAlert } from '../../../lambda/domain/alert-message';
import type { AlertKind, AlertPolicy } from '../../../lambda/domain/alert-policy';
import type { DateSource, ExpiryResult } from '../../../lambda/domain/expiry';
import { gsm7Length } from '../../../lambda/domain/gsm7';
import { MS_PER_DAY } from '../../../contract/time';
import { anyUnicodeString } from '../../support/arbitraries';

const POLICY: AlertPolicy = { thresholdsDays: [30, 7, 1], expiredReminderMs: MS_PER_DAY };
const EXPIRES = new Date('2026-06-01T00:00:00Z');
const FIVE_DAYS_BEFORE = new Date('2026-05-27T00:00:00Z');
const TWO_DAYS_AFTER = new Date('2026-06-03T00:00:00Z');
const SECRET_NAME = 'prod/sp-api/acme-repricer';

function datedAt(
  expiresAt: Date,
  source: DateSource = 'rotated-at-tag',
  warnings: string[] = [],
): ExpiryResult {
  return { status: 'dated', expiresAt, source, windowDays: 180, warnings };
}

const UNDETERMINED: ExpiryResult = {
  status: 'undetermined',
  reasons: ['no usable lwa:expires-at or lwa:rotated-at tag, and no AWSCURRENT version with a creation date'],
  warnings: ['tag lwa:rotated-at "yesterday" ignored: it is not an ISO-8601 date'],
};

function context(kind: AlertKind, overrides: Partial<AlertContext> = {}): AlertContext {
  const expired = kind.type === 'expired';
  return {
    appName: 'Acme Repricer',
    secretName: SECRET_NAME,
    region: 'eu-west-1',
    expiry: kind.type === 'undetermined' ? UNDETERMINED : datedAt(EXPIRES),
    kind,
    now: expired ? TWO_DAYS_AFTER : FIVE_DAYS_BEFORE,
    policy: POLICY,
    ...overrides,
  };
}

const KINDS: readonly AlertKind[] = [
  { type: 'threshold', thresholdDays: 30 },
  { type: 'threshold', thresholdDays: 7 },
  { type: 'threshold', thresholdDays: 1 },
  { type: 'expired', reminder: 0 },
  { type: 'expired', reminder: 12 },
  { type: 'resolved', previousExpiresAt: new Date('2025-12-01T00:00:00Z') },
  { type: 'undetermined' },
];

const HARD_APP_NAMES: readonly (readonly [label: string, appName: string])[] = [
  ['a plain name', 'Acme Repricer'],
  ['300 ASCII letters', 'A'.repeat(300)],
  ['120 emoji', '🚀'.repeat(120)],
  ['210 Chinese characters', '亚马逊卖家助手'.repeat(30)],
  ['GSM-7 extension characters {}[]~|^\\€', '{App}[Prod]~|^\\€'.repeat(20)],
  ['only spaces', '   '],
  ['an empty name', ''],
  ['control characters', 'Two\nlines\rand\ttabs'],
  ['200 GSM-7 letters outside ASCII', `Ørsted ${'Æ'.repeat(200)}`],
  ['emoji ZWJ sequences', '🏳️‍🌈 Pride Store 👨‍👩‍👧‍👦'],
];

const KIND_APP_CASES = KINDS.flatMap((kind) =>
  HARD_APP_NAMES.map(([label, appName]) => [kindLabel(kind), label, kind, appName] as const),
);

function kindLabel(kind: AlertKind): string {
  if (kind.type === 'threshold') return `${kind.thresholdDays}-day`;
  if (kind.type === 'expired') return `expired (reminder ${kind.reminder})`;
  return kind.type;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

describe('renderAlert: every SMS fits one GSM-7 part of at most 140 septets', () => {
  it.each(KIND_APP_CASES)(
    'GIVEN the %s alert for %s WHEN rendered THEN the SMS is GSM-7 and ≤ 140 septets',
    (_kindLabel, _nameLabel, kind, appName) => {
      // Act
      const { sms } = renderAlert(context(kind, { appName }));
      // Assess
      const septets = gsm7Length(sms);
      expect(septets).toBeDefined();
      expect(septets).toBeLessThanOrEqual(SMS_MAX_SEPTETS);
      expect(sms).not.toMatch(/[\n\r]/);
    },
  );

  it('GIVEN any app name, kind and time WHEN rendered THEN the SMS and subject limits hold', () => {
    // Prepare
    const kinds = fc.constantFrom(...KINDS);
    const appNames = anyUnicodeString({ maxLength: 300 });
    const offsetsMs = fc.integer({ min: -400 * MS_PER_DAY, max: 4000 * MS_PER_DAY });
    // Act / Assess
    fc.assert(
      fc.property(kinds, appNames, offsetsMs, (kind, appName, offsetMs) => {
        const message = renderAlert(context(kind, { appName, now: new Date(EXPIRES.getTime() - offsetMs) }));
        const septets = gsm7Length(message.sms);
        return (
          septets !== undefined &&
          septets <= SMS_MAX_SEPTETS &&
          message.subject.length < 100 &&
          PRINTABLE_ASCII.test(message.subject)
        );
      }),
      { numRuns: 500 },
    );
  });

  it('GIVEN a long app name WHEN rendered THEN the name is cut with "~" so the SMS keeps all its facts', () => {
    // Act
    const { sms } = renderAlert(
      context({ type: 'threshold', thresholdDays: 7 }, { appName: 'A'.repeat(300) }),
    );
    // Assess
    expect(sms).toMatch(
      /^LWA secret of A+~ expires in 5d \(2026-06-01 00:00 UTC\)\. Rotate it in Developer Console now\./,
    );
    expect(gsm7Length(sms)).toBe(SMS_MAX_SEPTETS);
  });

  it('GIVEN a name outside GSM-7 WHEN rendered THEN its characters become "?" rather than forcing UCS-2', () => {
    // Act
    const { sms } = renderAlert(
      context({ type: 'threshold', thresholdDays: 7 }, { appName: 'Shop 🚀 {EU}' }),
    );
    // Assess
    expect(sms).toContain('LWA secret of Shop ? ?EU? expires in 5d');
  });

  it.each<[AlertKind, string]>([
    [
      { type: 'threshold', thresholdDays: 7 },
      'LWA secret of Acme Repricer expires in 5d (2026-06-01 00:00 UTC). Rotate it in Developer Console now. Details by email.',
    ],
    [
      { type: 'expired', reminder: 0 },
      'LWA secret of Acme Repricer EXPIRED 2026-06-01 00:00 UTC: SP-API access is lost. Rotate it in Developer Console now.',
    ],
    [
      { type: 'resolved', previousExpiresAt: new Date('2025-12-01T00:00:00Z') },
      'LWA secret of Acme Repricer rotated. New expiry 2026-06-01 00:00 UTC. No action needed.',
    ],
    [
      { type: 'undetermined' },
      'LWA secret of Acme Repricer: expiry date unknown. Fix its tags; details by email.',
    ],
  ])('GIVEN %j WHEN rendered THEN the SMS reads as expected', (kind, expected) => {
    // Act / Assess
    expect(renderAlert(context(kind)).sms).toBe(expected);
  });
});

describe('renderAlert: the subject is short printable ASCII on one line', () => {
  it.each(KIND_APP_CASES)(
    'GIVEN the %s alert for %s WHEN rendered THEN the subject is < 100 printable ASCII characters',
    (_kindLabel, _nameLabel, kind, appName) => {
      // Act
      const { subject } = renderAlert(context(kind, { appName }));
      // Assess
      expect(subject.length).toBeLessThan(100);
      expect(subject).toMatch(PRINTABLE_ASCII);
      expect(subject.startsWith('[LWA ')).toBe(true);
    },
  );

  it.each<[AlertKind, string]>([
    [{ type: 'threshold', thresholdDays: 7 }, '[LWA 7-day] Acme Repricer client secret expires in 5 days'],
    [{ type: 'expired', reminder: 0 }, '[LWA expired] Acme Repricer client secret has EXPIRED'],
    [
      { type: 'expired', reminder: 3 },
      '[LWA expired] Acme Repricer client secret is still EXPIRED (reminder 3)',
    ],
    [
      { type: 'resolved', previousExpiresAt: EXPIRES },
      '[LWA resolved] Acme Repricer client secret rotated: new cycle started',
    ],
    [{ type: 'undetermined' }, '[LWA undetermined] Acme Repricer client secret expiry cannot be determined'],
  ])('GIVEN %j WHEN rendered THEN the subject says what happened', (kind, expected) => {
    // Act / Assess
    expect(renderAlert(context(kind)).subject).toBe(expected);
  });

  it('GIVEN 23 hours left WHEN rendered THEN the subject says "1 day", singular', () => {
    // Act
    const { subject } = renderAlert(
      context({ type: 'threshold', thresholdDays: 1 }, { now: new Date(EXPIRES.getTime() - 23 * 3_600_000) }),
    );
    // Assess
    expect(subject).toBe('[LWA 1-day] Acme Repricer client secret expires in 1 day');
  });
});

describe('renderAlert: the email says what expires, when, why, and what to do', () => {
  it('GIVEN a 7-day alert WHEN rendered THEN the email has the facts, the rotation steps, how to report it and the next reminder', () => {
    // Prepare
    const nextAlertAt = new Date('2026-05-31T00:00:00Z');
    // Act
    const { email } = renderAlert(context({ type: 'threshold', thresholdDays: 7 }, { nextAlertAt }));
    // Assess
    expect(email).toContain('App:            Acme Repricer');
    expect(email).toContain(`Secret:         ${SECRET_NAME}`);
    expect(email).toContain('Region:         eu-west-1');
    expect(email).toContain('Expires:        2026-06-01 00:00 UTC (in 5 days 0 hours)');
    expect(email).toContain('Days left:      5');
    expect(email).toContain('Date source:    tag lwa:rotated-at + rotation window (180-day window)');
    expect(email).toContain('Severity:       7-day');
    expect(email).toMatch(/Why it matters\n.*rotated every 180 days/);
    expect(email).toMatch(/How to rotate\n {2}1\. .*Developer Console/);
    expect(email).toContain('Choose "Rotate secret"');
    expect(email).toContain('rotateApplicationClientSecret');
    expect(email).toContain('The old secret keeps working for 7 days');
    expect(email).toContain('tell the monitor');
    // Dated by lwa:rotated-at, which wins over the version date: the tag must be updated.
    expect(email).toContain('storing a new version alone changes nothing');
    expect(email).not.toContain('put-secret-value');
    expect(email).toContain(`npx lwa-expiry mark-rotated "${SECRET_NAME}"`);
    expect(email).toContain(`--secret-id "${SECRET_NAME}" --tags Key=lwa:rotated-at,Value=<ISO-8601 time>`);
    expect(email).toContain('Next reminder: 2026-05-31 00:00 UTC');
    expect(email).toContain('This message never contains secret values.');
  });

  it('GIVEN the date comes from lwa:expires-at WHEN rendered THEN the email says to update or remove that tag', () => {
    // Act
    const { email } = renderAlert(
      context({ type: 'threshold', thresholdDays: 7 }, { expiry: datedAt(EXPIRES, 'expires-at-tag') }),
    );
    // Assess
    expect(email).toContain('Date source:    tag lwa:expires-at (180-day window)');
    expect(email).toContain('Set it to the new expiry shown in the Developer Console');
    expect(email).toContain(`untag-resource --tag-keys lwa:expires-at --secret-id "${SECRET_NAME}"`);
  });

  it('GIVEN the date comes from the AWSCURRENT version WHEN rendered THEN that source is named, and a new version is enough', () => {
    // Act
    const { email } = renderAlert(
      context(
        { type: 'threshold', thresholdDays: 30 },
        { expiry: datedAt(EXPIRES, 'current-version-created') },
      ),
    );
    // Assess
    expect(email).toContain('Date source:    creation of the AWSCURRENT version + rotation window');
    expect(email).toContain(
      `new version of "${SECRET_NAME}" (aws secretsmanager put-secret-value) is enough`,
    );
    expect(email).toContain(`npx lwa-expiry mark-rotated "${SECRET_NAME}"`);
    expect(email).not.toContain('untag-resource');
  });

  it('GIVEN an expired alert WHEN rendered THEN the email says access is lost and how long ago it expired', () => {
    // Act
    const { email } = renderAlert(
      context({ type: 'expired', reminder: 0 }, { nextAlertAt: new Date('2026-06-04T00:00:00Z') }),
    );
    // Assess
    expect(email).toContain('The Login with Amazon (LWA) client secret of Acme Repricer has expired.');
    expect(email).toContain('Expires:        2026-06-01 00:00 UTC (2 days 0 hours ago)');
    expect(email).toContain('Days left:      -2');
    expect(email).toContain('can no longer get access tokens');
    expect(email).toContain('Next reminder: 2026-06-04 00:00 UTC');
  });

  it('GIVEN a resolved alert WHEN rendered THEN the email gives the new and previous expiry and no reminder', () => {
    // Act
    const { email } = renderAlert(
      context(
        { type: 'resolved', previousExpiresAt: new Date('2025-12-01T00:00:00Z') },
        { nextAlertAt: new Date('2026-05-02T00:00:00Z') },
      ),
    );
    // Assess
    expect(email).toContain('a new expiry cycle has started');
    expect(email).toContain('Expires:        2026-06-01 00:00 UTC');
    expect(email).toContain('Previous expiry: 2025-12-01 00:00 UTC');
    expect(email).toContain('No action is needed');
    expect(email).not.toContain('Next reminder');
  });

  it('GIVEN an undetermined alert WHEN rendered THEN the email lists the problems, the fix, and that it will not remind', () => {
    // Act
    const { email } = renderAlert(context({ type: 'undetermined' }));
    // Assess
    expect(email).toContain('cannot work out when the LWA client secret of Acme Repricer expires');
    expect(email).toContain(`  - ${UNDETERMINED.reasons[0]}`);
    expect(email).toContain('  - tag lwa:rotated-at "yesterday" ignored');
    expect(email).toContain('Fix: tag the secret with lwa:rotated-at');
    expect(email).toContain('You will not be reminded again about this problem');
    expect(email).not.toContain('Expires:');
  });

  it('GIVEN a dated expiry with tag warnings WHEN rendered THEN they are listed as ignored values', () => {
    // Act
    const { email } = renderAlert(
      context(
        { type: 'threshold', thresholdDays: 7 },
        { expiry: datedAt(EXPIRES, 'rotated-at-tag', ['tag lwa:window-days "ninety" ignored']) },
      ),
    );
    // Assess
    expect(email).toMatch(/Tag problems \(ignored values\):\n {2}- tag lwa:window-days "ninety" ignored/);
  });

  it('GIVEN a blank app name WHEN rendered THEN the email says "(unnamed app)" rather than nothing', () => {
    // Act
    const { email, subject } = renderAlert(
      context({ type: 'threshold', thresholdDays: 7 }, { appName: '  ' }),
    );
    // Assess
    expect(email).toContain('App:            (unnamed app)');
    expect(subject).toBe('[LWA 7-day] ? client secret expires in 5 days');
  });
});

describe('renderAlert: message attributes let subscriptions filter', () => {
  it.each<[AlertKind, Partial<AlertContext>, { severity: string; daysLeft: number }]>([
    [{ type: 'threshold', thresholdDays: 7 }, {}, { severity: '7-day', daysLeft: 5 }],
    [{ type: 'expired', reminder: 0 }, {}, { severity: 'expired', daysLeft: -2 }],
    [{ type: 'resolved', previousExpiresAt: EXPIRES }, {}, { severity: 'resolved', daysLeft: 5 }],
    [{ type: 'undetermined' }, {}, { severity: 'undetermined', daysLeft: 0 }],
  ])('GIVEN %j WHEN rendered THEN the attributes are app, %j', (kind, overrides, expected) => {
    // Act
    const { attributes } = renderAlert(context(kind, overrides));
    // Assess
    expect(attributes).toEqual({ app: 'Acme Repricer', ...expected });
  });

  it('GIVEN 1 hour after expiry WHEN rendered THEN daysLeft is 0, not -0', () => {
    // Act
    const { attributes } = renderAlert(
      context({ type: 'expired', reminder: 0 }, { now: new Date(EXPIRES.getTime() + 3_600_000) }),
    );
    // Assess
    expect(attributes.daysLeft).toBe(0);
  });
});

describe('renderAlert: a date estimated from the AWSCURRENT version says so, with the command that makes it exact', () => {
  const estimatedExpiry = datedAt(EXPIRES, 'current-version-created');

  it('marks the subject, the facts and the SMS of a threshold alert as an estimate', () => {
    // Act
    const message = renderAlert(
      context({ type: 'threshold', thresholdDays: 7 }, { expiry: estimatedExpiry }),
    );
    // Assess
    expect(message.subject).toBe('[LWA 7-day] Acme Repricer client secret expires in about 5 days');
    expect(message.email).toContain('Expires:        2026-06-01 00:00 UTC (in 5 days 0 hours), ESTIMATED');
    expect(message.email).toContain('Days left:      about 5');
    expect(message.email).toContain('This date is an estimate.');
    expect(message.email).toContain(
      `aws secretsmanager tag-resource --secret-id "${SECRET_NAME}" --tags Key=lwa:expires-at,Value=<expiry shown in the Developer Console>`,
    );
    expect(message.sms).toBe(
      'LWA secret of Acme Repricer expires in about 5d (est. 2026-06-01 00:00 UTC). Rotate it in Developer Console now. Details by email.',
    );
    expect(gsm7Length(message.sms)).toBeLessThanOrEqual(SMS_MAX_SEPTETS);
  });

  it('marks the expired alert too', () => {
    const message = renderAlert(context({ type: 'expired', reminder: 0 }, { expiry: estimatedExpiry }));
    expect(message.sms).toContain('EXPIRED est. 2026-06-01 00:00 UTC');
    expect(message.email).toContain(', ESTIMATED');
  });

  it.each<DateSource>(['rotated-at-tag', 'expires-at-tag'])(
    'says nothing of an estimate for a date from %s',
    (source) => {
      const message = renderAlert(
        context({ type: 'threshold', thresholdDays: 7 }, { expiry: datedAt(EXPIRES, source) }),
      );
      expect(message.subject).toBe('[LWA 7-day] Acme Repricer client secret expires in 5 days');
      expect(message.email).not.toMatch(/estimate/i);
      expect(message.sms).not.toContain('est.');
    },
  );

  it('keeps every estimated SMS within 140 septets, whatever the app name', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.constantFrom(...KINDS), (appName, kind) => {
        const message = renderAlert(
          context(kind, { appName, ...(kind.type === 'undetermined' ? {} : { expiry: estimatedExpiry }) }),
        );
        return (gsm7Length(message.sms) ?? Infinity) <= SMS_MAX_SEPTETS && message.subject.length <= 99;
      }),
    );
  });
});
