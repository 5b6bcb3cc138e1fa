import { computeFilter } from './compute.js';
import { affinityFilter, aggregateFilter, antiAffinityFilter, availabilityZoneFilter, hostNameFilter } from './hints.js';
import { imagePropertiesFilter } from './image-properties.js';
import { coreFilter, diskFilter, ramFilter } from './resources.js';
import type { HostFilter } from './filter.js';

export type { FilterContext, HostFilter } from './filter.js';
export { computeFilter, imagePropertiesFilter, ramFilter, coreFilter, diskFilter };
export { hostNameFilter, availabilityZoneFilter, aggregateFilter, affinityFilter, antiAffinityFilter };

/** The order rejections are blamed in: a host is counted against the first filter it fails. */
export const DEFAULT_FILTERS: readonly HostFilter[] = [
  computeFilter,
  hostNameFilter,
  availabilityZoneFilter,
  aggregateFilter,
  imagePropertiesFilter,
  ramFilter,
  coreFilter,
  diskFilter,
  affinityFilter,
  antiAffinityFilter,
];
