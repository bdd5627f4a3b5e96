import { RequestPacer } from '../../../../lambda/adapters/aws/request-pacer';
import {
  VERSION_LOOKUP_BURST,
  VERSION_LOOKUPS_PER_SECOND,
} from '../../../../lambda/adapters/aws/secret-catalog';

/**
 * A clock the test moves: `sleep` records each wait and moves the clock by it, so the pacer runs
 * on simulated time (no real timer).
 */
function simulatedTime() {
  let now = 0;
  const waits: number[] = [];
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    sleep: (ms: number) => {
      waits.push(ms);
      return Promise.resolve();
    },
    waits,
  };
}

/** Takes `count` slots one after another; returns the simulated time each call was let through. */
async function takeInTurn(pacer: RequestPacer, time: ReturnType<typeof simulatedTime>, count: number) {
  const released: number[] = [];
  for (let i = 0; i < count; i++) {
    const before = time.waits.length;
    await pacer.take();
    // The call goes out once its wait is over.
    released.push(time.now() + (time.waits.length > before ? time.waits[time.waits.length - 1]! : 0));
  }
  return released;
}

function mostInOneSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < sorted.length; last++) {
    while (sorted[last]! - sorted[first]! >= 1000) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

describe('RequestPacer: keeps calls within a per-second quota', () => {
  it('GIVEN a full bucket WHEN as many calls as the burst are taken THEN none waits', async () => {
    // Prepare
    const time = simulatedTime();
    const pacer = new RequestPacer(40, 5, time.now, time.sleep);
    // Act
    await takeInTurn(pacer, time, 5);
    // Assess
    expect(time.waits).toEqual([]);
  });

  it('GIVEN 200 calls asked for at once WHEN paced at 40 a second with bursts of 5 THEN no second sees more than 45 and the last goes out after 4.875 s', async () => {
    // Prepare
    const time = simulatedTime();
    const pacer = new RequestPacer(40, 5, time.now, time.sleep);
    // Act
    const released = await takeInTurn(pacer, time, 200);
    // Assess
    expect(mostInOneSecond(released)).toBeLessThanOrEqual(45);
    expect(released[released.length - 1]).toBeCloseTo(((200 - 5) / 40) * 1000, 6);
    expect([...released].sort((a, b) => a - b)).toEqual(released);
  });

  it('GIVEN the bucket emptied WHEN a second passes without calls THEN it holds the burst again and no more', async () => {
    // Prepare
    const time = simulatedTime();
    const pacer = new RequestPacer(40, 5, time.now, time.sleep);
    await takeInTurn(pacer, time, 5);
    // Act
    time.advance(1000);
    await takeInTurn(pacer, time, 6);
    // Assess
    expect(time.waits).toEqual([25]);
  });

  it('GIVEN the settings of version lookups WHEN compared with the ListSecretVersionIds quota (50 a second) THEN a second holds at most 45', () => {
    // Prepare
    const quota = 50;
    // Act
    const most = VERSION_LOOKUPS_PER_SECOND + VERSION_LOOKUP_BURST;
    // Assess
    expect(most).toBeLessThanOrEqual(quota);
    expect(most).toBe(45);
  });

  it('GIVEN a rate of 0 WHEN the pacer is built THEN it names what it expected', () => {
    // Prepare
    const build = () => new RequestPacer(0, 5);
    // Act / Assess
    expect(build).toThrow('RequestPacer needs perSecond > 0 and burst >= 1, got 0 and 5');
  });
});
