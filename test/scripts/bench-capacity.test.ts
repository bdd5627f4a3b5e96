/**
 * `npm run bench`: the largest catalog one invocation finishes, computed from a measured
 * per-secret cost (figures given here, nothing timed).
 */
import { capacityOf } from '../../scripts/bench/capacity';
import { atCpuShare } from '../../scripts/bench/report';
import { CPU_SHARE } from '../../scripts/bench/settings';

const LIMITS = { timeoutMs: 300_000, memoryMb: 256 };

describe('bench capacity: the largest N one invocation finishes', () => {
  it('GIVEN a run whose CPU stretched by the share exceeds its wall WHEN estimated THEN it is bound by CPU at CPU ÷ share', () => {
    // Prepare
    const wallMs = 3_600;
    const cpuMs = 1_450;
    // Act
    const estimate = atCpuShare(wallMs, cpuMs);
    // Assess
    expect(CPU_SHARE).toBeCloseTo(256 / 1769, 10);
    expect(estimate.bound).toBe('CPU');
    expect(estimate.ms).toBeCloseTo(cpuMs / CPU_SHARE, 6);
  });

  it('GIVEN a run that mostly waits WHEN estimated THEN it is bound by waiting on AWS at its measured wall', () => {
    // Prepare
    const wallMs = 200_000;
    const cpuMs = 10_000;
    // Act
    const estimate = atCpuShare(wallMs, cpuMs);
    // Assess
    expect(estimate).toEqual({ ms: 200_000, bound: 'waiting on AWS' });
  });

  it('GIVEN a first run of 10,000 secrets with 37 s of CPU WHEN its capacity is computed THEN the timeout allows about 11,700 secrets and memory more', () => {
    // Prepare
    const rss = { loadedMb: 59, peakMb: 98 };
    // Act
    const capacity = capacityOf('first run', 10_000, 200_000, 37_000, rss, LIMITS);
    // Assess
    const perSecretMs = 37_000 / CPU_SHARE / 10_000;
    expect(capacity.bound).toBe('CPU');
    expect(capacity.perSecretMs).toBeCloseTo(perSecretMs, 6);
    expect(capacity.byTime).toBe(Math.floor(300_000 / perSecretMs));
    expect(capacity.byTime).toBe(11_733);
    expect(capacity.byMemory).toBe(Math.floor((256 - 59) / (39 / 10_000)));
  });

  it('GIVEN a run whose RSS did not grow WHEN its capacity is computed THEN memory sets no limit', () => {
    // Prepare
    const rss = { loadedMb: 60, peakMb: 60 };
    // Act
    const capacity = capacityOf('steady state', 100, 120, 70, rss, LIMITS);
    // Assess
    expect(capacity.byMemory).toBe(Infinity);
  });
});
