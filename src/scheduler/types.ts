/** The scheduler's view of hosts, requests and tuning. Pure data: no I/O anywhere in src/scheduler. */

/** One (architecture, hypervisor type, vm mode) triple a host can run, e.g. ['x86_64', 'kvm', 'hvm']. */
export type SupportedInstanceTriple = [architecture: string, hypervisorType: string, vmMode: string];

export interface HostState {
  name: string;
  hypervisorType: string;
  hypervisorVersion?: number;
  supportedInstances: SupportedInstanceTriple[];
  vcpusTotal: number;
  vcpusUsed: number;
  memoryMiBTotal: number;
  memoryMiBFree: number;
  /** Memory given to instances. When absent, used = total - free. */
  memoryMiBUsed?: number;
  diskGiBTotal: number;
  diskGiBFree: number;
  numInstances: number;
  /** Date or epoch milliseconds. */
  lastHeartbeat: Date | number;
  enabled: boolean;
  aggregates?: string[];
  availabilityZone?: string;
}

export interface Flavor {
  vcpus: number;
  memoryMiB: number;
  rootGiB: number;
  ephemeralGiB: number;
  swapMiB: number;
}

export interface GroupHint {
  policy: 'affinity' | 'anti-affinity';
  /** Hosts already holding members of the group. */
  hosts: string[];
}

export interface SchedulerHints {
  host?: string;
  availabilityZone?: string;
  aggregate?: string;
  group?: GroupHint;
}

export interface RequestSpec {
  flavor: Flavor;
  image: { properties: Record<string, string> };
  hints?: SchedulerHints;
}

export interface SchedulerConfig {
  cpuAllocationRatio: number;
  ramAllocationRatio: number;
  diskAllocationRatio: number;
  heartbeatMaxAgeMs: number;
  /** Positive spreads instances over hosts with the most free RAM; negative stacks them. */
  ramWeightMultiplier: number;
  diskWeightMultiplier: number;
  /** Positive prefers hosts with more instances, negative fewer; 0 (the default) ignores the count. */
  numInstancesWeightMultiplier: number;
  /** Clock for heartbeat freshness (epoch ms); Date.now by default. */
  now?: () => number;
}

export const DEFAULT_SCHEDULER_CONFIG: Readonly<SchedulerConfig> = Object.freeze({
  cpuAllocationRatio: 16,
  ramAllocationRatio: 1.5,
  diskAllocationRatio: 1.0,
  heartbeatMaxAgeMs: 60_000,
  ramWeightMultiplier: 1.0,
  diskWeightMultiplier: 1.0,
  numInstancesWeightMultiplier: 0,
});

export function resolveConfig(config?: Partial<SchedulerConfig>): SchedulerConfig {
  return { ...DEFAULT_SCHEDULER_CONFIG, ...(config ?? {}) };
}

export interface Selection {
  host: string;
  weight: number;
}

/** Disk a flavor asks for, in GiB (swap is given in MiB). */
export function requestedDiskGiB(flavor: Flavor): number {
  return flavor.rootGiB + flavor.ephemeralGiB + flavor.swapMiB / 1024;
}
