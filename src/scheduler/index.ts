/**
 * The scheduler's public face: pure placement logic over host states (no I/O). Build a HostIndex
 * once per host-state snapshot and pass it to schedule()/selectHosts() for many requests.
 */
export {
  DEFAULT_SCHEDULER_CONFIG,
  resolveConfig,
  requestedDiskGiB,
  type Flavor,
  type GroupHint,
  type HostState,
  type RequestSpec,
  type SchedulerConfig,
  type SchedulerHints,
  type Selection,
  type SupportedInstanceTriple,
} from './types.js';
export { canonicalArchitecture, canonicalHypervisorType, canonicalVmMode, wantedInstance, type WantedInstance } from './canonical.js';
export { HostIndex, type IndexedHost } from './host-index.js';
export { NoValidHostError, type FilterRejection } from './errors.js';
export * from './filters/index.js';
export * from './weighers/index.js';
export { schedule, selectHosts, type SchedulerOptions } from './scheduler.js';
export { hostStateFromReport, type HostStateExtras } from './from-report.js';
