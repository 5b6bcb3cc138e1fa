/**
 * A snapshot of host states prepared once for many requests: canonical supported-instance keys
 * per host (so the image filter is one Set lookup), and usage in typed arrays that selectHosts
 * can copy cheaply and consume claims from.
 */
import { ANY, canonicalArchitecture, canonicalHypervisorType, canonicalVmMode, tripleKey } from './canonical.js';
import { requestedDiskGiB, type HostState, type RequestSpec } from './types.js';

export interface IndexedHost {
  /** Position in the index (and in its usage arrays). */
  readonly i: number;
  readonly state: HostState;
  /**
   * Every full and partial triple the host can run: for [x86_64, kvm, hvm] that is the 8 keys
   * with each part either the value or '*', so an image naming only some parts matches in one lookup.
   */
  readonly instanceKeys: ReadonlySet<string>;
  readonly heartbeatMs: number;
}

export interface HostFixedColumns {
  vcpusTotal: Float64Array;
  memoryMiBTotal: Float64Array;
  diskGiBTotal: Float64Array;
  heartbeatMs: Float64Array;
  /** 1 enabled, 0 disabled. */
  enabled: Uint8Array;
  /** Index into kinds: the host's canonical supported-instance keys. */
  kind: Int32Array;
  kinds: ReadonlySet<string>[];
}

export class HostIndex {
  readonly hosts: readonly IndexedHost[];
  readonly vcpusUsed: Float64Array;
  readonly memoryMiBUsed: Float64Array;
  readonly diskGiBUsed: Float64Array;
  readonly numInstances: Float64Array;
  /** Fixed per snapshot; typed arrays so the hot loop reads contiguous memory, not 100k objects. */
  readonly fixed: HostFixedColumns;
  private readonly byName: Map<string, number>;

  private constructor(hosts: IndexedHost[], fixed: HostFixedColumns, usage: { vcpus: Float64Array; mem: Float64Array; disk: Float64Array; num: Float64Array }, byName: Map<string, number>) {
    this.hosts = hosts;
    this.fixed = fixed;
    this.vcpusUsed = usage.vcpus;
    this.memoryMiBUsed = usage.mem;
    this.diskGiBUsed = usage.disk;
    this.numInstances = usage.num;
    this.byName = byName;
  }

  static build(states: readonly HostState[]): HostIndex {
    const n = states.length;
    const usage = { vcpus: new Float64Array(n), mem: new Float64Array(n), disk: new Float64Array(n), num: new Float64Array(n) };
    const fixed: HostFixedColumns = {
      vcpusTotal: new Float64Array(n),
      memoryMiBTotal: new Float64Array(n),
      diskGiBTotal: new Float64Array(n),
      heartbeatMs: new Float64Array(n),
      enabled: new Uint8Array(n),
      kind: new Int32Array(n),
      kinds: [],
    };
    // Hosts with the same supported-instance list share one key Set (a "kind"): a fleet has few kinds.
    const kindBySignature = new Map<string, number>();
    const hosts: IndexedHost[] = new Array(n);
    const byName = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const s = states[i];
      const signature = s.supportedInstances.map((t) => t.join('/')).join('|');
      let kind = kindBySignature.get(signature);
      if (kind === undefined) {
        kind = fixed.kinds.length;
        fixed.kinds.push(instanceKeys(s));
        kindBySignature.set(signature, kind);
      }
      const heartbeatMs = typeof s.lastHeartbeat === 'number' ? s.lastHeartbeat : s.lastHeartbeat.getTime();
      hosts[i] = { i, state: s, instanceKeys: fixed.kinds[kind], heartbeatMs };
      fixed.vcpusTotal[i] = s.vcpusTotal;
      fixed.memoryMiBTotal[i] = s.memoryMiBTotal;
      fixed.diskGiBTotal[i] = s.diskGiBTotal;
      fixed.heartbeatMs[i] = heartbeatMs;
      fixed.enabled[i] = s.enabled ? 1 : 0;
      fixed.kind[i] = kind;
      usage.vcpus[i] = s.vcpusUsed;
      usage.mem[i] = s.memoryMiBUsed ?? s.memoryMiBTotal - s.memoryMiBFree;
      usage.disk[i] = s.diskGiBTotal - s.diskGiBFree;
      usage.num[i] = s.numInstances;
      byName.set(s.name, i);
    }
    return new HostIndex(hosts, fixed, usage, byName);
  }

  get size(): number {
    return this.hosts.length;
  }

  indexOf(name: string): number | undefined {
    return this.byName.get(name);
  }

  /** A copy whose usage can take claims without touching this snapshot (the host list is shared). */
  fork(): HostIndex {
    return new HostIndex(
      this.hosts as IndexedHost[],
      this.fixed,
      { vcpus: this.vcpusUsed.slice(), mem: this.memoryMiBUsed.slice(), disk: this.diskGiBUsed.slice(), num: this.numInstances.slice() },
      this.byName,
    );
  }

  /** Count a request's resources as used on host i. */
  claim(i: number, spec: RequestSpec): void {
    this.vcpusUsed[i] += spec.flavor.vcpus;
    this.memoryMiBUsed[i] += spec.flavor.memoryMiB;
    this.diskGiBUsed[i] += requestedDiskGiB(spec.flavor);
    this.numInstances[i] += 1;
  }

  memoryMiBFree(i: number): number {
    return this.fixed.memoryMiBTotal[i] - this.memoryMiBUsed[i];
  }

  diskGiBFree(i: number): number {
    return this.fixed.diskGiBTotal[i] - this.diskGiBUsed[i];
  }
}

function instanceKeys(s: HostState): Set<string> {
  const keys = new Set<string>();
  for (const [a0, h0, m0] of s.supportedInstances) {
    const a = canonicalArchitecture(a0);
    const h = canonicalHypervisorType(h0);
    const m = canonicalVmMode(m0);
    for (const aa of [a, ANY]) for (const hh of [h, ANY]) for (const mm of [m, ANY]) keys.add(tripleKey(aa, hh, mm));
  }
  return keys;
}
