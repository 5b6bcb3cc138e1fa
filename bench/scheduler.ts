/**
 * `npm run bench:scheduler`: schedule() over one HostIndex snapshot of synthetic hosts (a mix of
 * x86_64 kvm, aarch64 qemu, xen pv/hvm, lxc-only and hosts reporting nothing), 1,000 requests
 * with mixed image properties (legacy and new names, aliases, none). There is no peer to run:
 * the targets are printed beside the numbers.
 *
 * Targets: median <= 1 ms per request at 10k hosts; time per request linear in hosts.
 */
import { HostIndex, NoValidHostError, schedule, type HostState, type RequestSpec, type SupportedInstanceTriple } from '../src/scheduler/index.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? '1000');
const NOW = Date.now();

/** Deterministic PRNG so runs compare. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS: SupportedInstanceTriple[][] = [
  [['x86_64', 'kvm', 'hvm'], ['i686', 'kvm', 'hvm'], ['x86_64', 'qemu', 'hvm']],
  [['x86_64', 'kvm', 'hvm'], ['i686', 'kvm', 'hvm'], ['x86_64', 'qemu', 'hvm']],
  [['x86_64', 'kvm', 'hvm'], ['i686', 'kvm', 'hvm'], ['x86_64', 'qemu', 'hvm']],
  [['aarch64', 'qemu', 'hvm']],
  [['x86_64', 'xen', 'xen'], ['x86_64', 'xen', 'hvm']],
  [['x86_64', 'lxc', 'exe']],
  [],
];

const IMAGES: Record<string, string>[] = [
  {},
  { architecture: 'x86_64' },
  { hw_architecture: 'aarch64' },
  { architecture: 'amd64', hypervisor_type: 'kvm', vm_mode: 'hvm' },
  { hw_architecture: 'X86_64', img_hv_type: 'KVM', hw_vm_mode: 'HV' },
  { img_hv_type: 'xapi', hw_vm_mode: 'pv' },
  { architecture: 'i386' },
  { hypervisor_type: 'lxc', vm_mode: 'exe' },
  { architecture: 'x86_64', hw_architecture: 'aarch64' },
  { hw_disk_bus: 'virtio' },
];

function makeHosts(n: number, rand: () => number): HostState[] {
  const out: HostState[] = [];
  for (let i = 0; i < n; i++) {
    const vcpus = 8 << Math.floor(rand() * 4);
    const mem = 32768 << Math.floor(rand() * 4);
    const disk = 500 + Math.floor(rand() * 3500);
    out.push({
      name: `host-${i}`,
      hypervisorType: 'qemu',
      supportedInstances: KINDS[i % KINDS.length],
      vcpusTotal: vcpus,
      vcpusUsed: Math.floor(rand() * vcpus * 8),
      memoryMiBTotal: mem,
      memoryMiBFree: Math.floor(rand() * mem),
      diskGiBTotal: disk,
      diskGiBFree: Math.floor(rand() * disk),
      numInstances: Math.floor(rand() * 40),
      lastHeartbeat: NOW - Math.floor(rand() * 90_000), // some stale
      enabled: rand() > 0.02,
      availabilityZone: rand() < 0.5 ? 'az1' : 'az2',
    });
  }
  return out;
}

function makeRequests(n: number, rand: () => number): RequestSpec[] {
  const out: RequestSpec[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      flavor: { vcpus: 1 << Math.floor(rand() * 4), memoryMiB: 512 << Math.floor(rand() * 6), rootGiB: 10 + Math.floor(rand() * 80), ephemeralGiB: 0, swapMiB: 0 },
      image: { properties: IMAGES[i % IMAGES.length] },
      ...(i % 20 === 0 ? { hints: { availabilityZone: 'az2' } } : {}),
    });
  }
  return out;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function run(hostCount: number, requestCount: number): { median: number; p99: number; placed: number } {
  const rand = rng(hostCount);
  const index = HostIndex.build(makeHosts(hostCount, rand));
  const requests = makeRequests(requestCount, rand);
  const config = { now: () => NOW };
  for (let i = 0; i < Math.min(200, requestCount); i++) schedule(index, requests[i], config); // warm up the JIT
  const times: number[] = [];
  let placed = 0;
  for (const spec of requests) {
    const t0 = process.hrtime.bigint();
    try {
      schedule(index, spec, config);
      placed++;
    } catch (e) {
      if (!(e instanceof NoValidHostError)) throw e;
    }
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 0.5), p99: percentile(times, 0.99), placed };
}

const f = (ms: number): string => ms.toFixed(3);

const r10k = run(10_000, REQUESTS);
const r1k = run(1_000, REQUESTS);
const r100k = run(100_000, Math.max(100, Math.floor(REQUESTS / 5)));
console.log(`scheduler 10k hosts: median ${f(r10k.median)} ms/request (target <= 1 ms), p99 ${f(r10k.p99)} ms; ${r10k.placed}/${REQUESTS} placed`);
console.log(
  `scheduler per request by hosts: 1k ${f(r1k.median)} ms, 10k ${f(r10k.median)} ms, 100k ${f(r100k.median)} ms ` +
    `(target: linear, ~10x per 10x hosts; measured ${(r10k.median / r1k.median).toFixed(1)}x, ${(r100k.median / r10k.median).toFixed(1)}x)`,
);
