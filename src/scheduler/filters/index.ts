import { computeFilter } from './compute.js';
import { affinityFilter, aggregateFilter, antiAffinityFilter, availabilityZoneFilter, hostNameFilter } from './hints.js';
import { imagePropertiesFilter } from './image-properties.js';
import { hypervisorVersionFilter } from './hypervisor-version.js';
import { coreFilter, diskFilter, ramFilter } from './resources.js';
import type { HostFilter } from './filter.js';

export type { FilterContext, HostFilter } from './filter.js';
export { hypervisorVersionFilter, parseVersionPredicate, packVersion, type VersionPredicate } from './hypervisor-version.js';
export { computeFilter, imagePropertiesFilter, ramFilter, coreFilter, diskFilter };
export { hostNameFilter, availabilityZoneFilter, aggregateFilter, affinityFilter, antiAffinityFilter };

/** The order rejections are blamed in: a host is counted against the first filter it fails. */
export const DEFAULT_FILTERS: readonly HostFilter[] = [
  computeFilter,
  hostNameFilter,
  availabilityZoneFilter,
  aggregateFilter,
  imagePropertiesFilter,
  hypervisorVersionFilter,
  ramFilter,
  coreFilter,
  diskFilter,
  affinityFilter,
  antiAffinityFilter,
];
