import type { IndexedHost } from '../host-index.js';
import type { HostFilter } from './filter.js';

/*
 * Capacity is total x allocation ratio; what is left is that limit minus what is used. Used
 * (not free) is the base, so overcommit ratios above 1 let a host take more than its free memory.
 */

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

function best(rejected: readonly IndexedHost[], left: (h: IndexedHost) => number): number {
  let max = -Infinity;
  for (const h of rejected) max = Math.max(max, left(h));
  return max;
}

export const ramFilter: HostFilter = {
  name: 'Ram',
  appliesTo: (spec) => spec.flavor.memoryMiB > 0,
  passes(host, spec, ctx) {
    const left = ctx.index.fixed.memoryMiBTotal[host.i] * ctx.config.ramAllocationRatio - ctx.index.memoryMiBUsed[host.i];
    return left >= spec.flavor.memoryMiB ? true : 'not enough RAM';
  },
  summarize(rejected, spec, ctx) {
    const b = best(rejected, (h) => ctx.index.fixed.memoryMiBTotal[h.i] * ctx.config.ramAllocationRatio - ctx.index.memoryMiBUsed[h.i]);
    return `needs ${fmt(spec.flavor.memoryMiB)} MiB, best has ${fmt(Math.max(0, b))}`;
  },
};

export const coreFilter: HostFilter = {
  name: 'Core',
  appliesTo: (spec) => spec.flavor.vcpus > 0,
  passes(host, spec, ctx) {
    const left = ctx.index.fixed.vcpusTotal[host.i] * ctx.config.cpuAllocationRatio - ctx.index.vcpusUsed[host.i];
    return left >= spec.flavor.vcpus ? true : 'not enough vCPUs';
  },
  summarize(rejected, spec, ctx) {
    const b = best(rejected, (h) => ctx.index.fixed.vcpusTotal[h.i] * ctx.config.cpuAllocationRatio - ctx.index.vcpusUsed[h.i]);
    return `needs ${fmt(spec.flavor.vcpus)} vCPUs, best has ${fmt(Math.max(0, b))}`;
  },
};

export const diskFilter: HostFilter = {
  name: 'Disk',
  appliesTo: (_spec, ctx) => ctx.requestedDiskGiB > 0,
  passes(host, _spec, ctx) {
    const left = ctx.index.fixed.diskGiBTotal[host.i] * ctx.config.diskAllocationRatio - ctx.index.diskGiBUsed[host.i];
    return left >= ctx.requestedDiskGiB ? true : 'not enough disk';
  },
  summarize(rejected, _spec, ctx) {
    const b = best(rejected, (h) => ctx.index.fixed.diskGiBTotal[h.i] * ctx.config.diskAllocationRatio - ctx.index.diskGiBUsed[h.i]);
    return `needs ${fmt(ctx.requestedDiskGiB)} GiB, best has ${fmt(Math.max(0, b))}`;
  },
};
