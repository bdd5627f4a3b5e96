import { median } from './bundles';
import type { ScenarioFigures, SizeFigures } from './measure-size';
import { atCpuShare, ms } from './report';
import { CPU_SHARE } from './settings';

/**
 * The largest number of secrets one invocation finishes within the function's timeout and memory,
 * from the per-secret cost measured at the largest N: time per secret at the function's CPU share
 * (`atCpuShare`: the measured wall or CPU ÷ share, whichever is larger) and RSS growth per
 * secret above the loaded process. It assumes both grow linearly with N, as the per-page figures
 * of the sizes measured show.
 */
export interface Capacity {
  readonly run: 'first run' | 'steady state';
  readonly perSecretMs: number;
  readonly bound: 'CPU' | 'waiting on AWS';
  readonly byTime: number;
  readonly byMemory: number;
}

export function capacityOf(
  run: Capacity['run'],
  secrets: number,
  wallMs: number,
  cpuMs: number,
  rss: { readonly loadedMb: number; readonly peakMb: number },
  limits: { readonly timeoutMs: number; readonly memoryMb: number },
): Capacity {
  const share = atCpuShare(wallMs, cpuMs);
  const perSecretMs = share.ms / secrets;
  const growthMb = Math.max(rss.peakMb - rss.loadedMb, 0) / secrets;
  return {
    run,
    perSecretMs,
    bound: share.bound,
    byTime: Math.floor(limits.timeoutMs / perSecretMs),
    byMemory: growthMb === 0 ? Infinity : Math.floor((limits.memoryMb - rss.loadedMb) / growthMb),
  };
}

export function printCapacity(
  figures: SizeFigures,
  limits: { readonly timeoutMs: number; readonly memoryMb: number },
): Capacity[] {
  const first = figures.scenarios.find((s) => s.name === 'first run');
  const steady = figures.scenarios.filter((s) => s.name === 'steady state');
  if (!first || steady.length === 0) return [];
  const rssOf = (runs: readonly ScenarioFigures[]) => ({
    loadedMb: figures.loadedRssMb,
    peakMb: Math.max(...runs.map((s) => s.peakRssMb)),
  });
  const capacities = [
    capacityOf('first run', figures.secrets, first.wallMs, first.cpuMs, rssOf([first]), limits),
    capacityOf(
      'steady state',
      figures.secrets,
      median(steady.map((s) => s.wallMs)),
      median(steady.map((s) => s.cpuMs)),
      rssOf(steady),
      limits,
    ),
  ];
  console.log(
    `\nLargest N one invocation finishes (timeout ${limits.timeoutMs / 1000} s, ${limits.memoryMb} MB = ${CPU_SHARE.toFixed(3)} vCPU; from the per-secret cost at N = ${figures.secrets.toLocaleString('en-US')}, assumed linear)`,
  );
  for (const c of capacities) {
    const n = Math.min(c.byTime, c.byMemory);
    console.log(
      `  ${c.run.padEnd(13)} ${ms(c.perSecretMs)} per secret at the share (bound by ${c.bound}) -> ${c.byTime.toLocaleString('en-US')} by time, ${Number.isFinite(c.byMemory) ? c.byMemory.toLocaleString('en-US') : 'no limit'} by memory: about ${n.toLocaleString('en-US')} secrets`,
    );
  }
  return capacities;
}
