import { CallPacer } from '../../../lambda/domain/call-pacer';

const DESTINATIONS = { ratePerSecond: 1, burst: 5 };
const PARTICIPATIONS = { ratePerSecond: 0.016, burst: 15 };

/** Reserves `count` calls under one key, all asked for at `nowMs`; returns their start times. */
function starts(
  pacer: CallPacer,
  key: string,
  limit: typeof DESTINATIONS,
  count: number,
  nowMs = 0,
): number[] {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = pacer.earliest(key, limit, nowMs);
    pacer.reserve(key, limit, start);
    times.push(start);
  }
  return times;
}

describe('CallPacer: an operation of one app as often as its usage plan allows', () => {
  it('lets the burst through, then one call per interval', () => {
    expect(starts(new CallPacer(), 'getDestinations#a', DESTINATIONS, 8)).toEqual([
      0, 0, 0, 0, 0, 1000, 2000, 3000,
    ]);
    expect(starts(new CallPacer(), 'p#a', PARTICIPATIONS, 17).slice(13)).toEqual([0, 0, 62_500, 125_000]);
  });

  it('refills the bucket as time passes', () => {
    const pacer = new CallPacer();
    starts(pacer, 'k', DESTINATIONS, 5);
    // Two seconds later, two tokens are back: two calls at once, the third one second later.
    expect(starts(pacer, 'k', DESTINATIONS, 3, 2000)).toEqual([2000, 2000, 3000]);
  });

  it('keeps keys apart', () => {
    const pacer = new CallPacer();
    starts(pacer, 'k1', DESTINATIONS, 5);
    expect(pacer.earliest('k1', DESTINATIONS, 0)).toBe(1000);
    expect(pacer.earliest('k2', DESTINATIONS, 0)).toBe(0);
  });

  it('holds a key back until the time a 429 asked for, and never earlier', () => {
    const pacer = new CallPacer();
    pacer.block('k', 30_000);
    pacer.block('k', 10_000);
    expect(pacer.earliest('k', DESTINATIONS, 0)).toBe(30_000);
    expect(pacer.earliest('k', DESTINATIONS, 40_000)).toBe(40_000);
  });
});
