import type { ClientRecord } from '../../../lambda/domain/client-record';
import {
  heldExpiryTag,
  judgeExpiryNotice,
  orderNewSecret,
} from '../../../lambda/notifications/notification-order';
import { secretsInBody } from '../../../lambda/notifications/process-notification';
import { EMPTY_CLIENT_RECORD } from '../../../lambda/domain/client-record';

const d = (iso: string) => new Date(iso);

const PROMOTED: ClientRecord = {
  revision: 3,
  promoted: { expiresAt: d('2027-03-18T10:00:00Z'), at: d('2026-09-19T10:00:00Z'), notificationId: 'n-2' },
};
const HELD: ClientRecord = {
  revision: 1,
  held: {
    expiresAt: d('2027-03-18T10:00:00Z'),
    oldExpiresAt: d('2026-09-26T10:00:00Z'),
    at: d('2026-09-19T10:00:00Z'),
    notificationId: 'n-2',
    versionId: 'v1',
  },
};
const CONTEXT = { now: d('2026-09-20T00:00:00Z'), windowDays: 180, currentVersionId: 'v1' };

describe('orderNewSecret: only a later secret may act', () => {
  it.each<[string, ClientRecord, { expiresAt?: Date; rotatedAt?: Date }, string, string]>([
    ['nothing is known', EMPTY_CLIENT_RECORD, {}, '2027-03-11T10:00:00Z', 'newer'],
    [
      'it expires after the expiry tag',
      EMPTY_CLIENT_RECORD,
      { expiresAt: d('2026-10-01T00:00:00Z') },
      '2027-03-11T10:00:00Z',
      'newer',
    ],
    [
      'it expires at the expiry tag: the same rotation, dated first',
      EMPTY_CLIENT_RECORD,
      { expiresAt: d('2027-03-11T10:00:00Z') },
      '2027-03-11T10:00:00Z',
      'newer',
    ],
    [
      'it expires a minute before the expiry tag: an earlier rotation',
      EMPTY_CLIENT_RECORD,
      { expiresAt: d('2027-03-11T10:01:00Z') },
      '2027-03-11T10:00:00Z',
      'not-newer',
    ],
    ['it expires before the promoted secret', PROMOTED, {}, '2027-03-11T10:00:00Z', 'not-newer'],
    ['it expires after the promoted secret', PROMOTED, {}, '2027-03-25T10:00:00Z', 'newer'],
    ['it expires before a held secret', HELD, {}, '2027-03-11T10:00:00Z', 'not-newer'],
    [
      'a rotation was recorded after it was issued',
      EMPTY_CLIENT_RECORD,
      { rotatedAt: d('2026-09-12T11:00:00Z') },
      '2027-03-11T10:00:00Z',
      'not-newer',
    ],
  ])('GIVEN %s THEN the verdict is as expected', (_label, record, stored, expiry, expected) => {
    // Act
    const order = orderNewSecret(
      { notificationId: 'n-1', newExpiresAt: d(expiry), issuedAt: d('2026-09-12T10:00:00Z') },
      record,
      stored,
    );
    // Assess
    expect(order.kind).toBe(expected);
  });

  it('lets the notification it promoted resume, whatever the tag says by then', () => {
    expect(
      orderNewSecret({ notificationId: 'n-2', newExpiresAt: d('2027-03-18T10:00:00Z') }, PROMOTED, {
        expiresAt: d('2027-03-18T10:00:00Z'),
      }),
    ).toEqual({ kind: 'newer' });
  });

  it('lets a held notification be released over the date its hold set, but not over a later promotion', () => {
    const held = { notificationId: 'n-2', newExpiresAt: d('2027-03-18T10:00:00Z') };
    expect(orderNewSecret(held, HELD, { expiresAt: d('2026-09-26T10:00:00Z') }).kind).toBe('newer');
    const promotedSince: ClientRecord = {
      ...HELD,
      promoted: {
        expiresAt: d('2027-03-20T00:00:00Z'),
        at: d('2026-09-21T00:00:00Z'),
        notificationId: 'n-3',
      },
    };
    expect(orderNewSecret(held, promotedSince, {}).kind).toBe('not-newer');
  });
});

describe('orderNewSecret: a released hold and what was stored since', () => {
  const held = {
    notificationId: 'n-2',
    newExpiresAt: d('2027-03-18T10:00:00Z'),
    issuedAt: d('2026-09-19T10:00:00Z'),
  };

  it.each<[string, { expiresAt?: Date; rotatedAt?: Date; currentVersionId?: string }, string]>([
    [
      'the version held over is still current, dated by the hold',
      { expiresAt: d('2026-09-26T10:00:00Z'), currentVersionId: 'v1' },
      'newer',
    ],
    [
      'the version held over is still current, a rotation recorded since',
      { rotatedAt: d('2026-09-20T00:00:00Z'), currentVersionId: 'v1' },
      'newer',
    ],
    [
      'a value was stored since, dated later',
      { expiresAt: d('2027-03-20T08:00:00Z'), currentVersionId: 'v2' },
      'not-newer: expiry-tag',
    ],
    [
      'a value was stored since, its rotation recorded later',
      { rotatedAt: d('2026-09-20T00:00:00Z'), currentVersionId: 'v2' },
      'not-newer: rotated-at-tag',
    ],
    [
      'a value was stored since, still dated by the hold',
      { expiresAt: d('2026-09-26T10:00:00Z'), currentVersionId: 'v2' },
      'newer',
    ],
  ])('GIVEN %s THEN the verdict is as expected', (_label, stored, expected) => {
    const order = orderNewSecret(held, HELD, stored);
    expect(order.kind === 'newer' ? 'newer' : `not-newer: ${order.against}`).toBe(expected);
  });
});

describe('judgeExpiryNotice: a date never moves back across a rotation', () => {
  const notice = (at: string | undefined, expiresAt: string) => ({
    notificationId: 'e-1',
    at: at === undefined ? undefined : d(at),
    expiresAt: d(expiresAt),
  });

  it.each<[string, ClientRecord, ReturnType<typeof notice>, string]>([
    [
      'no record, a plausible date',
      EMPTY_CLIENT_RECORD,
      notice('2026-09-19T00:00:00Z', '2026-10-01T00:00:00Z'),
      'apply',
    ],
    [
      'a date beyond the window',
      EMPTY_CLIENT_RECORD,
      notice('2026-09-19T00:00:00Z', '2027-04-01T00:00:00Z'),
      'beyond-window',
    ],
    [
      'sent before the promotion',
      PROMOTED,
      notice('2026-09-18T00:00:00Z', '2026-09-26T10:00:00Z'),
      'predates-rotation',
    ],
    [
      'sent after the promotion, earlier date',
      PROMOTED,
      notice('2026-09-20T00:00:00Z', '2026-09-26T10:00:00Z'),
      'earlier-than-promoted',
    ],
    [
      'sent after the promotion, the promoted date',
      PROMOTED,
      notice('2026-09-20T00:00:00Z', '2027-03-18T09:30:00Z'),
      'apply',
    ],
    [
      'undated after a promotion, earlier date',
      PROMOTED,
      notice(undefined, '2026-09-26T10:00:00Z'),
      'earlier-than-promoted',
    ],
    ['sent before a hold', HELD, notice('2026-09-18T00:00:00Z', '2026-10-01T00:00:00Z'), 'predates-rotation'],
    [
      'about the unstored secret of a hold',
      HELD,
      notice('2026-09-20T00:00:00Z', '2027-03-18T10:00:00Z'),
      'about-unstored-secret',
    ],
    [
      'older than the notice applied',
      {
        revision: 1,
        expiryNotice: {
          expiresAt: d('2027-01-01T00:00:00Z'),
          at: d('2026-09-15T00:00:00Z'),
          notificationId: 'e-0',
        },
      },
      notice('2026-09-10T00:00:00Z', '2026-10-01T00:00:00Z'),
      'older-than-applied',
    ],
  ])('GIVEN %s THEN the verdict is as expected', (_label, record, facts, expected) => {
    // Act
    const verdict = judgeExpiryNotice(facts, record, CONTEXT);
    // Assess
    expect(verdict.kind === 'apply' ? 'apply' : verdict.why).toBe(expected);
  });

  it('stops blocking notices about the new secret once someone stored a new value by hand', () => {
    const verdict = judgeExpiryNotice(notice('2026-09-20T00:00:00Z', '2027-03-18T10:00:00Z'), HELD, {
      ...CONTEXT,
      currentVersionId: 'v2-stored-by-hand',
    });
    expect(verdict).toEqual({ kind: 'apply' });
  });
});

describe('heldExpiryTag: while a new secret is held, the date only moves earlier', () => {
  it.each<[string, string | undefined, string | undefined]>([
    ['no tag', undefined, '2026-09-26T10:00:00.000Z'],
    ['a later tag', '2026-10-01T00:00:00Z', '2026-09-26T10:00:00.000Z'],
    ['an earlier tag', '2026-09-20T00:00:00Z', undefined],
  ])('GIVEN %s THEN the tag to set is as expected', (_label, tag, expected) => {
    expect(
      heldExpiryTag(tag === undefined ? undefined : d(tag), d('2026-09-26T10:00:00Z'))?.toISOString(),
    ).toBe(expected);
  });
});

describe('secretsInBody: what to cut out of an error even when the body is broken', () => {
  it('finds every newClientSecret, raw and unescaped, in valid or truncated JSON', () => {
    expect(secretsInBody('{"payload":{"x":{"newClientSecret":"amzn1.oa2-cs.v1.abc\\/def"}}')).toEqual([
      'amzn1.oa2-cs.v1.abc\\/def',
      'amzn1.oa2-cs.v1.abc/def',
    ]);
    expect(secretsInBody('{"NewClientSecret" : "amzn1.oa2-cs.v1.truncated"')).toEqual([
      'amzn1.oa2-cs.v1.truncated',
    ]);
    expect(secretsInBody('{"clientId":"x"}')).toEqual([]);
  });
});
