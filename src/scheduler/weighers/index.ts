/**
 * Weighers score the hosts that passed every filter. Each raw value is normalized to 0..1 across
 * the candidates (min -> 0, max -> 1; all equal -> 0) and multiplied by its multiplier; the host
 * with the highest sum wins. A negative RAM multiplier therefore stacks instead of spreading.
 */
import type { HostIndex } from '../host-index.js';
import type { SchedulerConfig } from '../types.js';

export interface HostWeigher {
  readonly name: string;
  multiplier(config: SchedulerConfig): number;
  /** The raw value for host i (bigger means "more of it"). */
  raw(index: HostIndex, i: number): number;
}

export const ramWeigher: HostWeigher = {
  name: 'Ram',
  multiplier: (c) => c.ramWeightMultiplier,
  raw: (index, i) => index.memoryMiBFree(i),
};

export const diskWeigher: HostWeigher = {
  name: 'Disk',
  multiplier: (c) => c.diskWeightMultiplier,
  raw: (index, i) => index.diskGiBFree(i),
};

export const numInstancesWeigher: HostWeigher = {
  name: 'NumInstances',
  multiplier: (c) => c.numInstancesWeightMultiplier,
  raw: (index, i) => index.numInstances[i],
};

export const DEFAULT_WEIGHERS: readonly HostWeigher[] = [ramWeigher, diskWeigher, numInstancesWeigher];

/**
 * Adds each weigher's normalized, multiplied value for candidates[0..count) into weights[0..count).
 * weights is a caller-owned scratch array (no allocation per request).
 */
export function weighCandidates(
  index: HostIndex,
  candidates: Int32Array,
  count: number,
  weights: Float64Array,
  weighers: readonly HostWeigher[],
  config: SchedulerConfig,
): void {
  weights.fill(0, 0, count);
  for (const w of weighers) {
    const m = w.multiplier(config);
    if (m === 0) continue;
    let min = Infinity;
    let max = -Infinity;
    for (let k = 0; k < count; k++) {
      const v = w.raw(index, candidates[k]);
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const range = max - min;
    if (range === 0) continue; // all equal: every host scores 0 for this weigher
    for (let k = 0; k < count; k++) weights[k] += (m * (w.raw(index, candidates[k]) - min)) / range;
  }
}
