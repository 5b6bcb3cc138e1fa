import type { IndexedHost } from '../host-index.js';
import type { FilterContext, HostFilter } from './filter.js';

/*
 * Capacity is total x allocation ratio; what is left is that limit minus what is used. Used
 * (not free) is the base, so overcommit ratios above 1 let a host take more than its free memory.
 */

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** What each resource has left on a host, in the flavor's unit. */
const ramLeft = (h: IndexedHost, ctx: FilterContext) => ctx.index.fixed.memoryMiBTotal[h.i] * ctx.config.ramAllocationRatio - ctx.index.memoryMiBUsed[h.i];
const coresLeft = (h: IndexedHost, ctx: FilterContext) => ctx.index.fixed.vcpusTotal[h.i] * ctx.config.cpuAllocationRatio - ctx.index.vcpusUsed[h.i];
const diskLeft = (h: IndexedHost, ctx: FilterContext) => ctx.index.fixed.diskGiBTotal[h.i] * ctx.config.diskAllocationRatio - ctx.index.diskGiBUsed[h.i];

function best(rejected: readonly IndexedHost[], left: (h: IndexedHost) => number): number {
  let max = -Infinity;
  for (const h of rejected) max = Math.max(max, left(h));
  return max;
}

export const ramFilter: HostFilter = {
  name: 'Ram',
  appliesTo: (spec) => spec.flavor.memoryMiB > 0,
  passes(host, spec, ctx) {
    return ramLeft(host, ctx) >= spec.flavor.memoryMiB ? true : 'not enough RAM';
  },
  summarize(rejected, spec, ctx) {
    const b = best(rejected, (h) => ramLeft(h, ctx));
    return `needs ${fmt(spec.flavor.memoryMiB)} MiB, best has ${fmt(Math.max(0, b))}`;
  },
};

export const coreFilter: HostFilter = {
  name: 'Core',
  appliesTo: (spec) => spec.flavor.vcpus > 0,
  passes(host, spec, ctx) {
    return coresLeft(host, ctx) >= spec.flavor.vcpus ? true : 'not enough vCPUs';
  },
  summarize(rejected, spec, ctx) {
    const b = best(rejected, (h) => coresLeft(h, ctx));
    return `needs ${fmt(spec.flavor.vcpus)} vCPUs, best has ${fmt(Math.max(0, b))}`;
  },
};

export const diskFilter: HostFilter = {
  name: 'Disk',
  appliesTo: (_spec, ctx) => ctx.requestedDiskGiB > 0,
  passes(host, _spec, ctx) {
    return diskLeft(host, ctx) >= ctx.requestedDiskGiB ? true : 'not enough disk';
  },
  summarize(rejected, _spec, ctx) {
    const b = best(rejected, (h) => diskLeft(h, ctx));
    return `needs ${fmt(ctx.requestedDiskGiB)} GiB, best has ${fmt(Math.max(0, b))}`;
  },
};
