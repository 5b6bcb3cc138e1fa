/** Turns the driver's HostReport into a HostState (the store will add usage and heartbeat). */
import type { HostReport } from '../driver/index.js';
import type { HostState } from './types.js';

export interface HostStateExtras {
  name?: string;
  numInstances?: number;
  lastHeartbeat?: Date | number;
  enabled?: boolean;
  aggregates?: string[];
  availabilityZone?: string;
}

const GIB = 1024 ** 3;

export function hostStateFromReport(report: HostReport, extras: HostStateExtras = {}): HostState {
  return {
    name: extras.name ?? report.hostname,
    hypervisorType: report.hypervisorType,
    hypervisorVersion: report.hypervisorVersion,
    supportedInstances: report.supportedInstances.map(([a, h, m]) => [a, h, m]),
    vcpusTotal: report.vcpusTotal,
    vcpusUsed: report.vcpusUsed,
    memoryMiBTotal: report.memoryTotalMiB,
    memoryMiBFree: report.memoryFreeMiB,
    diskGiBTotal: report.localDiskTotalBytes / GIB,
    diskGiBFree: report.localDiskFreeBytes / GIB,
    numInstances: extras.numInstances ?? 0,
    lastHeartbeat: extras.lastHeartbeat ?? Date.now(),
    enabled: extras.enabled ?? true,
    ...(extras.aggregates ? { aggregates: extras.aggregates } : {}),
    ...(extras.availabilityZone ? { availabilityZone: extras.availabilityZone } : {}),
  };
}
