import type { HostState, RequestSpec } from '../../src/scheduler/index.js';

export const NOW = 1_800_000_000_000;
export const now = (): number => NOW;

export function host(name: string, over: Partial<HostState> = {}): HostState {
  return {
    name,
    hypervisorType: 'qemu',
    supportedInstances: [['x86_64', 'kvm', 'hvm']],
    vcpusTotal: 8,
    vcpusUsed: 0,
    memoryMiBTotal: 16384,
    memoryMiBFree: 16384,
    diskGiBTotal: 100,
    diskGiBFree: 100,
    numInstances: 0,
    lastHeartbeat: NOW - 1000,
    enabled: true,
    ...over,
  };
}

export function request(over: { props?: Record<string, string>; vcpus?: number; memoryMiB?: number; rootGiB?: number; ephemeralGiB?: number; swapMiB?: number; hints?: RequestSpec['hints'] } = {}): RequestSpec {
  return {
    flavor: { vcpus: over.vcpus ?? 1, memoryMiB: over.memoryMiB ?? 512, rootGiB: over.rootGiB ?? 1, ephemeralGiB: over.ephemeralGiB ?? 0, swapMiB: over.swapMiB ?? 0 },
    image: { properties: over.props ?? {} },
    ...(over.hints ? { hints: over.hints } : {}),
  };
}
