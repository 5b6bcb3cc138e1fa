/**
 * A domain (guest) on one connection: a thin view over the REMOTE procedures that take a
 * `remote_nonnull_domain`. The object holds only the reference the daemon gave us (name, uuid,
 * id at lookup time); every method is one call (a few take two, where the protocol asks first
 * how many values there are), and nothing is cached.
 */
import type { Caller, CallOptions, VirStream } from '../rpc/types.js';
import { remoteProcedures as P } from '../protocol/remote.js';
import type { NonnullDomain } from '../protocol/remote-types.js';
import { DomainMemoryStatTags, MigrateFlags, nameOf } from '../protocol/constants.js';
import { fromTypedParams, safeNumber, toTypedParams, type TypedParams, type TypedParamsInput } from './typed-params.js';
import { DomainSnapshot } from './domain-snapshot.js';

export interface DomainInfo {
  /** `DomainState.*`. */
  state: number;
  maxMemoryKiB: number;
  memoryKiB: number;
  vcpus: number;
  /** CPU time used, in nanoseconds. */
  cpuTimeNs: bigint;
}

export interface DomainBlockStats {
  rdReq: bigint;
  rdBytes: bigint;
  wrReq: bigint;
  wrBytes: bigint;
  errs: bigint;
}

export interface DomainInterfaceStats {
  rxBytes: bigint;
  rxPackets: bigint;
  rxErrs: bigint;
  rxDrop: bigint;
  txBytes: bigint;
  txPackets: bigint;
  txErrs: bigint;
  txDrop: bigint;
}

export interface VcpuInfo {
  number: number;
  /** `VcpuState.*`. */
  state: number;
  cpuTimeNs: bigint;
  /** Host CPU the vCPU last ran on (-1 if offline). */
  cpu: number;
}

export interface DomainJobInfo {
  /** `DomainJobType.*`. */
  type: number;
  timeElapsedMs: bigint;
  timeRemainingMs: bigint;
  dataTotal: bigint;
  dataProcessed: bigint;
  dataRemaining: bigint;
  memTotal: bigint;
  memProcessed: bigint;
  memRemaining: bigint;
  fileTotal: bigint;
  fileProcessed: bigint;
  fileRemaining: bigint;
}

export interface DomainInterfaceAddress {
  name: string;
  hwaddr: string | null;
  addrs: { type: number; addr: string; prefix: number }[];
}

/** How many memory statistics a guest can report (`VIR_DOMAIN_MEMORY_STAT_NR`). */
const MEMORY_STAT_NR = Object.keys(DomainMemoryStatTags).length;

export class Domain {
  /** Private (not an own enumerable property) so logging an object shows its reference, not the connection. */
  readonly #caller: Caller;

  constructor(
    caller: Caller,
    /** The daemon's reference; `id` is -1 for an inactive domain and may be stale after start/stop. */
    readonly ref: NonnullDomain,
  ) {
    this.#caller = caller;
  }

  get name(): string {
    return this.ref.name;
  }
  get uuid(): string {
    return this.ref.uuid;
  }
  /** The id at the time this object was obtained (-1: inactive). */
  get id(): number {
    return this.ref.id;
  }

  // ---- lifecycle ----

  /** Start a defined domain (CREATE_WITH_FLAGS); returns the domain with its new id. */
  async create(flags = 0, opts?: CallOptions): Promise<Domain> {
    const r = await this.#caller.call(P.domainCreateWithFlags, { dom: this.ref, flags }, opts);
    return new Domain(this.#caller, r.dom);
  }

  /** Power off at once (`DomainDestroyFlags`). */
  async destroy(flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainDestroyFlags, { dom: this.ref, flags }, opts);
  }

  /** Ask the guest to shut down (`DomainShutdownFlags` chooses how). */
  async shutdown(flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainShutdownFlags, { dom: this.ref, flags }, opts);
  }

  /** Ask the guest to reboot (`DomainRebootFlags`). */
  async reboot(flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainReboot, { dom: this.ref, flags }, opts);
  }

  /** Hard reset, like pressing the reset button. */
  async reset(flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainReset, { dom: this.ref, flags }, opts);
  }

  async suspend(opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainSuspend, { dom: this.ref }, opts);
  }

  async resume(opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainResume, { dom: this.ref }, opts);
  }

  /** Save memory to the daemon-managed image and stop; the next create() restores it. */
  async managedSave(flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainManagedSave, { dom: this.ref, flags }, opts);
  }

  async hasManagedSaveImage(flags = 0, opts?: CallOptions): Promise<boolean> {
    const r = await this.#caller.call(P.domainHasManagedSaveImage, { dom: this.ref, flags }, opts);
    return r.result !== 0;
  }

  async managedSaveRemove(flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainManagedSaveRemove, { dom: this.ref, flags }, opts);
  }

  /** Remove the persistent definition (`DomainUndefineFlags`, e.g. NVRAM, SNAPSHOTS_METADATA). */
  async undefine(flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainUndefineFlags, { dom: this.ref, flags }, opts);
  }

  // ---- description and state ----

  /** Domain XML (`DomainXMLFlags`: SECURE, INACTIVE, UPDATE_CPU, MIGRATABLE). */
  async getXmlDesc(flags = 0, opts?: CallOptions): Promise<string> {
    const r = await this.#caller.call(P.domainGetXmlDesc, { dom: this.ref, flags }, opts);
    return r.xml;
  }

  async getInfo(opts?: CallOptions): Promise<DomainInfo> {
    const r = await this.#caller.call(P.domainGetInfo, { dom: this.ref }, opts);
    return {
      state: r.state,
      maxMemoryKiB: safeNumber(r.maxMem, 'maxMem'),
      memoryKiB: safeNumber(r.memory, 'memory'),
      vcpus: r.nrVirtCpu,
      cpuTimeNs: r.cpuTime,
    };
  }

  /** State and the reason for it (`DomainState.*`, `Domain<State>Reason.*`). */
  async getState(flags = 0, opts?: CallOptions): Promise<{ state: number; reason: number }> {
    const r = await this.#caller.call(P.domainGetState, { dom: this.ref, flags }, opts);
    return { state: r.state, reason: r.reason };
  }

  async getAutostart(opts?: CallOptions): Promise<boolean> {
    const r = await this.#caller.call(P.domainGetAutostart, { dom: this.ref }, opts);
    return r.autostart !== 0;
  }

  async setAutostart(autostart: boolean, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainSetAutostart, { dom: this.ref, autostart: autostart ? 1 : 0 }, opts);
  }

  async isActive(opts?: CallOptions): Promise<boolean> {
    const r = await this.#caller.call(P.domainIsActive, { dom: this.ref }, opts);
    return r.active !== 0;
  }

  async isPersistent(opts?: CallOptions): Promise<boolean> {
    const r = await this.#caller.call(P.domainIsPersistent, { dom: this.ref }, opts);
    return r.persistent !== 0;
  }

  /** True when the running config differs from the persistent one. */
  async isUpdated(opts?: CallOptions): Promise<boolean> {
    const r = await this.#caller.call(P.domainIsUpdated, { dom: this.ref }, opts);
    return r.updated !== 0;
  }

  async getOsType(opts?: CallOptions): Promise<string> {
    const r = await this.#caller.call(P.domainGetOsType, { dom: this.ref }, opts);
    return r.type;
  }

  async getMaxMemoryKiB(opts?: CallOptions): Promise<number> {
    const r = await this.#caller.call(P.domainGetMaxMemory, { dom: this.ref }, opts);
    return safeNumber(r.memory, 'max memory');
  }

  async getHostname(flags = 0, opts?: CallOptions): Promise<string> {
    const r = await this.#caller.call(P.domainGetHostname, { dom: this.ref, flags }, opts);
    return r.hostname;
  }

  /** Metadata element or text (`type` 0 description, 1 title, 2 element with `uri`). */
  async getMetadata(type: number, uri: string | null, flags = 0, opts?: CallOptions): Promise<string> {
    const r = await this.#caller.call(P.domainGetMetadata, { dom: this.ref, type, uri, flags }, opts);
    return r.metadata;
  }

  async setMetadata(type: number, metadata: string | null, key: string | null, uri: string | null, flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainSetMetadata, { dom: this.ref, type, metadata, key, uri, flags }, opts);
  }

  // ---- statistics ----

  /** Legacy fixed block statistics of one disk (target name or source path). */
  async blockStats(path: string, opts?: CallOptions): Promise<DomainBlockStats> {
    const r = await this.#caller.call(P.domainBlockStats, { dom: this.ref, path }, opts);
    return { rdReq: r.rdReq, rdBytes: r.rdBytes, wrReq: r.wrReq, wrBytes: r.wrBytes, errs: r.errs };
  }

  /** All block statistics of one disk as typed params (asks for the count first, as the protocol requires). */
  async blockStatsFlags(path: string, flags = 0, opts?: CallOptions): Promise<TypedParams> {
    const count = await this.#caller.call(P.domainBlockStatsFlags, { dom: this.ref, path, nparams: 0, flags }, opts);
    if (count.nparams === 0) return {};
    const r = await this.#caller.call(P.domainBlockStatsFlags, { dom: this.ref, path, nparams: count.nparams, flags }, opts);
    return fromTypedParams(r.params);
  }

  async interfaceStats(device: string, opts?: CallOptions): Promise<DomainInterfaceStats> {
    const r = await this.#caller.call(P.domainInterfaceStats, { dom: this.ref, device }, opts);
    return {
      rxBytes: r.rxBytes,
      rxPackets: r.rxPackets,
      rxErrs: r.rxErrs,
      rxDrop: r.rxDrop,
      txBytes: r.txBytes,
      txPackets: r.txPackets,
      txErrs: r.txErrs,
      txDrop: r.txDrop,
    };
  }

  /** Balloon/guest memory statistics keyed by tag name ('ACTUAL_BALLOON', 'RSS', ...); values in KiB except fault counters. */
  async memoryStats(flags = 0, opts?: CallOptions): Promise<Record<string, bigint>> {
    const r = await this.#caller.call(P.domainMemoryStats, { dom: this.ref, maxStats: MEMORY_STAT_NR, flags }, opts);
    const out: Record<string, bigint> = {};
    for (const s of r.stats) out[nameOf(DomainMemoryStatTags, s.tag) ?? `TAG_${s.tag}`] = s.val;
    return out;
  }

  /**
   * Per-vCPU info and CPU affinity. `maxinfo` is how many vCPUs to report and `maplen` the bytes
   * of one affinity map (host CPUs / 8, rounded up).
   */
  async getVcpus(maxinfo: number, maplen: number, opts?: CallOptions): Promise<{ info: VcpuInfo[]; cpumaps: Buffer }> {
    const r = await this.#caller.call(P.domainGetVcpus, { dom: this.ref, maxinfo, maplen }, opts);
    return {
      info: r.info.map((v) => ({ number: v.number, state: v.state, cpuTimeNs: v.cpuTime, cpu: v.cpu })),
      cpumaps: r.cpumaps,
    };
  }

  /** vCPU count (`DomainVcpuFlags`: LIVE/CONFIG/MAXIMUM/GUEST). */
  async getVcpusFlags(flags = 0, opts?: CallOptions): Promise<number> {
    const r = await this.#caller.call(P.domainGetVcpusFlags, { dom: this.ref, flags }, opts);
    return r.num;
  }

  /**
   * CPU time statistics. With the defaults (startCpu -1, ncpus 1) the totals ('cpu_time',
   * 'user_time', 'system_time' in ns); otherwise one record per host CPU from `startCpu`.
   */
  async getCpuStats(startCpu = -1, ncpus = 1, flags = 0, opts?: CallOptions): Promise<TypedParams[]> {
    // The count query uses ncpus 1 (libvirt refuses anything else with startCpu -1).
    const count = await this.#caller.call(P.domainGetCpuStats, { dom: this.ref, nparams: 0, startCpu, ncpus: 1, flags }, opts);
    if (count.nparams === 0) return [];
    const r = await this.#caller.call(P.domainGetCpuStats, { dom: this.ref, nparams: count.nparams, startCpu, ncpus, flags }, opts);
    // The reply is groups of r.nparams entries, one group per CPU; a CPU's missing values have an empty name.
    const stride = r.nparams || count.nparams;
    const out: TypedParams[] = [];
    for (let i = 0; i < r.params.length; i += stride) {
      out.push(fromTypedParams(r.params.slice(i, i + stride).filter((p) => p.field !== '')));
    }
    return out;
  }

  /** Statistics of this one domain, as `Connect.getDomainStats` would return for it. */
  async getStats(stats = 0, flags = 0, opts?: CallOptions): Promise<TypedParams> {
    const r = await this.#caller.call(P.connectGetAllDomainStats, { doms: [this.ref], stats, flags }, opts);
    return r.retStats.length ? fromTypedParams(r.retStats[0].params) : {};
  }

  async getJobInfo(opts?: CallOptions): Promise<DomainJobInfo> {
    const r = await this.#caller.call(P.domainGetJobInfo, { dom: this.ref }, opts);
    return {
      type: r.type,
      timeElapsedMs: r.timeElapsed,
      timeRemainingMs: r.timeRemaining,
      dataTotal: r.dataTotal,
      dataProcessed: r.dataProcessed,
      dataRemaining: r.dataRemaining,
      memTotal: r.memTotal,
      memProcessed: r.memProcessed,
      memRemaining: r.memRemaining,
      fileTotal: r.fileTotal,
      fileProcessed: r.fileProcessed,
      fileRemaining: r.fileRemaining,
    };
  }

  async getJobStats(flags = 0, opts?: CallOptions): Promise<{ type: number; params: TypedParams }> {
    const r = await this.#caller.call(P.domainGetJobStats, { dom: this.ref, flags }, opts);
    return { type: r.type, params: fromTypedParams(r.params) };
  }

  async abortJob(opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainAbortJob, { dom: this.ref }, opts);
  }

  /** Guest addresses (`DomainInterfaceAddressesSource`: LEASE, AGENT, ARP). */
  async interfaceAddresses(source: number, flags = 0, opts?: CallOptions): Promise<DomainInterfaceAddress[]> {
    const r = await this.#caller.call(P.domainInterfaceAddresses, { dom: this.ref, source, flags }, opts);
    return r.ifaces.map((i) => ({ name: i.name, hwaddr: i.hwaddr, addrs: i.addrs.map((a) => ({ type: a.type, addr: a.addr, prefix: a.prefix })) }));
  }

  // ---- devices and resources ----

  /** Hot-plug and/or persist a device (`DomainDeviceModifyFlags` / `DomainModificationImpact`). */
  async attachDevice(xml: string, flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainAttachDeviceFlags, { dom: this.ref, xml, flags }, opts);
  }

  async detachDevice(xml: string, flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainDetachDeviceFlags, { dom: this.ref, xml, flags }, opts);
  }

  async detachDeviceAlias(alias: string, flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainDetachDeviceAlias, { dom: this.ref, alias, flags }, opts);
  }

  /** Change a device in place (e.g. eject a CD, change link state). */
  async updateDevice(xml: string, flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainUpdateDeviceFlags, { dom: this.ref, xml, flags }, opts);
  }

  /** Set memory in KiB (`DomainMemoryModFlags`: LIVE, CONFIG, MAXIMUM). */
  async setMemoryFlags(memoryKiB: number | bigint, flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainSetMemoryFlags, { dom: this.ref, memory: BigInt(memoryKiB), flags }, opts);
  }

  async setMaxMemory(memoryKiB: number | bigint, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainSetMaxMemory, { dom: this.ref, memory: BigInt(memoryKiB) }, opts);
  }

  /** Set the vCPU count (`DomainVcpuFlags`). */
  async setVcpusFlags(nvcpus: number, flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainSetVcpusFlags, { dom: this.ref, nvcpus, flags }, opts);
  }

  /** Grow (or with flags shrink) a disk; size in KiB unless `DomainBlockResizeFlags.BYTES`. */
  async blockResize(disk: string, size: number | bigint, flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainBlockResize, { dom: this.ref, disk, size: BigInt(size), flags }, opts);
  }

  async getMemoryParameters(flags = 0, opts?: CallOptions): Promise<TypedParams> {
    const count = await this.#caller.call(P.domainGetMemoryParameters, { dom: this.ref, nparams: 0, flags }, opts);
    if (count.nparams === 0) return {};
    const r = await this.#caller.call(P.domainGetMemoryParameters, { dom: this.ref, nparams: count.nparams, flags }, opts);
    return fromTypedParams(r.params);
  }

  async setMemoryParameters(params: TypedParamsInput, flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainSetMemoryParameters, { dom: this.ref, params: toTypedParams(params), flags }, opts);
  }

  async getSchedulerParameters(flags = 0, opts?: CallOptions): Promise<TypedParams> {
    const t = await this.#caller.call(P.domainGetSchedulerType, { dom: this.ref }, opts);
    if (t.nparams === 0) return {};
    const r = await this.#caller.call(P.domainGetSchedulerParametersFlags, { dom: this.ref, nparams: t.nparams, flags }, opts);
    return fromTypedParams(r.params);
  }

  async setSchedulerParameters(params: TypedParamsInput, flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainSetSchedulerParametersFlags, { dom: this.ref, params: toTypedParams(params), flags }, opts);
  }

  // ---- disks and block jobs ----

  /** Sizes of one disk in bytes: guest-visible capacity, host allocation, physical size. */
  async getBlockInfo(disk: string, flags = 0, opts?: CallOptions): Promise<{ capacity: bigint; allocation: bigint; physical: bigint }> {
    const r = await this.#caller.call(P.domainGetBlockInfo, { dom: this.ref, path: disk, flags }, opts);
    return { capacity: r.capacity, allocation: r.allocation, physical: r.physical };
  }

  /** Disks with I/O errors (`DomainDiskErrorCode`-style codes from the daemon). */
  async getDiskErrors(maxErrors = 256, flags = 0, opts?: CallOptions): Promise<{ disk: string; error: number }[]> {
    const r = await this.#caller.call(P.domainGetDiskErrors, { dom: this.ref, maxerrors: maxErrors, flags }, opts);
    return r.errors.map((e) => ({ disk: e.disk, error: e.error }));
  }

  /** The running block job of a disk, or null when there is none. */
  async getBlockJobInfo(
    disk: string,
    flags = 0,
    opts?: CallOptions,
  ): Promise<{ type: number; bandwidth: bigint; cur: bigint; end: bigint } | null> {
    const r = await this.#caller.call(P.domainGetBlockJobInfo, { dom: this.ref, path: disk, flags }, opts);
    return r.found ? { type: r.type, bandwidth: r.bandwidth, cur: r.cur, end: r.end } : null;
  }

  /** Cancel (or with `DomainBlockJobAbortFlags.PIVOT` complete) a block job. */
  async blockJobAbort(disk: string, flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainBlockJobAbort, { dom: this.ref, path: disk, flags }, opts);
  }

  async blockJobSetSpeed(disk: string, bandwidth: number | bigint, flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainBlockJobSetSpeed, { dom: this.ref, path: disk, bandwidth: BigInt(bandwidth), flags }, opts);
  }

  /** Populate a disk from its backing chain (`DomainBlockPullFlags`). */
  async blockPull(disk: string, bandwidth: number | bigint = 0, flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainBlockPull, { dom: this.ref, path: disk, bandwidth: BigInt(bandwidth), flags }, opts);
  }

  /** Flatten the chain onto `base` (null: all of it), or copy with `DomainBlockRebaseFlags.COPY`. */
  async blockRebase(disk: string, base: string | null, bandwidth: number | bigint = 0, flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainBlockRebase, { dom: this.ref, path: disk, base, bandwidth: BigInt(bandwidth), flags }, opts);
  }

  /** Copy a disk to the destination described by `destXml` (a <disk> element), e.g. before a pivot. */
  async blockCopy(disk: string, destXml: string, params: TypedParamsInput = {}, flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainBlockCopy, { dom: this.ref, path: disk, destxml: destXml, params: toTypedParams(params), flags }, opts);
  }

  /** Merge `top` (null: the active layer's backing) down into `base` (null: the bottom). */
  async blockCommit(
    disk: string,
    base: string | null,
    top: string | null,
    bandwidth: number | bigint = 0,
    flags = 0,
    opts?: CallOptions,
  ): Promise<void> {
    await this.#caller.call(P.domainBlockCommit, { dom: this.ref, disk, base, top, bandwidth: BigInt(bandwidth), flags }, opts);
  }

  /** I/O limits of one disk (null: the first), as typed params ('total_bytes_sec', ...). */
  async getBlockIoTune(disk: string | null, flags = 0, opts?: CallOptions): Promise<TypedParams> {
    const count = await this.#caller.call(P.domainGetBlockIoTune, { dom: this.ref, disk, nparams: 0, flags }, opts);
    if (count.nparams === 0) return {};
    const r = await this.#caller.call(P.domainGetBlockIoTune, { dom: this.ref, disk, nparams: count.nparams, flags }, opts);
    return fromTypedParams(r.params);
  }

  /** Set I/O limits of one disk (values are ULLONG, e.g. `{ total_iops_sec: 500n }`). */
  async setBlockIoTune(disk: string, params: TypedParamsInput, flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainSetBlockIoTune, { dom: this.ref, disk, params: toTypedParams(params), flags }, opts);
  }

  /** Bandwidth settings of one interface ('inbound.average', ...). */
  async getInterfaceParameters(device: string, flags = 0, opts?: CallOptions): Promise<TypedParams> {
    const count = await this.#caller.call(P.domainGetInterfaceParameters, { dom: this.ref, device, nparams: 0, flags }, opts);
    if (count.nparams === 0) return {};
    const r = await this.#caller.call(P.domainGetInterfaceParameters, { dom: this.ref, device, nparams: count.nparams, flags }, opts);
    return fromTypedParams(r.params);
  }

  async setInterfaceParameters(device: string, params: TypedParamsInput, flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainSetInterfaceParameters, { dom: this.ref, device, params: toTypedParams(params), flags }, opts);
  }

  /** Raise an alert when a disk's allocation passes `threshold` bytes (event `blockThreshold`). */
  async setBlockThreshold(dev: string, threshold: number | bigint, flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainSetBlockThreshold, { dom: this.ref, dev, threshold: BigInt(threshold), flags }, opts);
  }

  // ---- guest interaction ----

  /** Inject a non-maskable interrupt (e.g. to make a hung guest dump its kernel). */
  async injectNmi(flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainInjectNmi, { dom: this.ref, flags }, opts);
  }

  /** Press keys (`KeycodeSet` codeset, hold time in ms). */
  async sendKey(codeset: number, holdtimeMs: number, keycodes: number[], flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainSendKey, { dom: this.ref, codeset, holdtime: holdtimeMs, keycodes, flags }, opts);
  }

  /** Set a guest user's password through the guest agent. */
  async setUserPassword(user: string, password: string, flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainSetUserPassword, { dom: this.ref, user, password, flags }, opts);
  }

  /** Freeze guest filesystems (all when `mountpoints` is empty) through the agent; returns how many. */
  async fsFreeze(mountpoints: string[] = [], flags = 0, opts?: CallOptions): Promise<number> {
    const r = await this.#caller.call(P.domainFsfreeze, { dom: this.ref, mountpoints, flags }, opts);
    return r.filesystems;
  }

  async fsThaw(mountpoints: string[] = [], flags = 0, opts?: CallOptions): Promise<number> {
    const r = await this.#caller.call(P.domainFsthaw, { dom: this.ref, mountpoints, flags }, opts);
    return r.filesystems;
  }

  /** Guest filesystems as the agent sees them. */
  async getFsInfo(flags = 0, opts?: CallOptions): Promise<{ mountpoint: string; name: string; fstype: string; devAliases: string[] }[]> {
    const r = await this.#caller.call(P.domainGetFsinfo, { dom: this.ref, flags }, opts);
    return r.info.map((i) => ({ mountpoint: i.mountpoint, name: i.name, fstype: i.fstype, devAliases: i.devAliases }));
  }

  /** Guest information from the agent (`DomainGuestInfoTypes` bits; 0: all). */
  async getGuestInfo(types = 0, flags = 0, opts?: CallOptions): Promise<TypedParams> {
    const r = await this.#caller.call(P.domainGetGuestInfo, { dom: this.ref, types, flags }, opts);
    return fromTypedParams(r.params);
  }

  /** Guest clock (through the agent). */
  async getTime(flags = 0, opts?: CallOptions): Promise<{ seconds: bigint; nseconds: number }> {
    const r = await this.#caller.call(P.domainGetTime, { dom: this.ref, flags }, opts);
    return { seconds: r.seconds, nseconds: r.nseconds };
  }

  /** Set the guest clock (`DomainSetTimeFlags.SYNC` resyncs from the RTC instead). */
  async setTime(seconds: number | bigint, nseconds = 0, flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainSetTime, { dom: this.ref, seconds: BigInt(seconds), nseconds, flags }, opts);
  }

  /** Pin one vCPU to host CPUs (`cpumap`: one bit per host CPU). */
  async pinVcpu(vcpu: number, cpumap: Buffer, flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainPinVcpuFlags, { dom: this.ref, vcpu, cpumap, flags }, opts);
  }

  /** Dump guest memory to a file on the host (`DomainCoreDumpFormat`, `DomainCoreDumpFlags`). */
  async coreDump(to: string, format = 0, flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainCoreDumpWithFormat, { dom: this.ref, to, dumpformat: format, flags }, opts);
  }

  /** Save memory to a file and stop (`DomainSaveRestoreFlags`; `dxml` alters the saved XML). */
  async save(to: string, dxml: string | null = null, flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainSaveFlags, { dom: this.ref, to, dxml, flags }, opts);
  }

  /** Rename an inactive domain; returns the renamed domain. */
  async rename(newName: string, flags = 0, opts?: CallOptions): Promise<Domain> {
    await this.#caller.call(P.domainRename, { dom: this.ref, newName, flags }, opts);
    return new Domain(this.#caller, { ...this.ref, name: newName });
  }

  /** What the daemon's control channel to the hypervisor is doing (`DomainControlState`). */
  async getControlInfo(flags = 0, opts?: CallOptions): Promise<{ state: number; details: number; stateTimeMs: bigint }> {
    const r = await this.#caller.call(P.domainGetControlInfo, { dom: this.ref, flags }, opts);
    return { state: r.state, details: r.details, stateTimeMs: r.stateTime };
  }

  // ---- snapshots ----

  async createSnapshotXml(xml: string, flags = 0, opts?: CallOptions): Promise<DomainSnapshot> {
    const r = await this.#caller.call(P.domainSnapshotCreateXml, { dom: this.ref, xmlDesc: xml, flags }, opts);
    return new DomainSnapshot(this.#caller, r.snap);
  }

  async listAllSnapshots(flags = 0, opts?: CallOptions): Promise<DomainSnapshot[]> {
    const r = await this.#caller.call(P.domainListAllSnapshots, { dom: this.ref, needResults: 1, flags }, opts);
    return r.snapshots.map((s) => new DomainSnapshot(this.#caller, s));
  }

  async snapshotNum(flags = 0, opts?: CallOptions): Promise<number> {
    const r = await this.#caller.call(P.domainSnapshotNum, { dom: this.ref, flags }, opts);
    return r.num;
  }

  async lookupSnapshotByName(name: string, flags = 0, opts?: CallOptions): Promise<DomainSnapshot> {
    const r = await this.#caller.call(P.domainSnapshotLookupByName, { dom: this.ref, name, flags }, opts);
    return new DomainSnapshot(this.#caller, r.snap);
  }

  async hasCurrentSnapshot(flags = 0, opts?: CallOptions): Promise<boolean> {
    const r = await this.#caller.call(P.domainHasCurrentSnapshot, { dom: this.ref, flags }, opts);
    return r.result !== 0;
  }

  async currentSnapshot(flags = 0, opts?: CallOptions): Promise<DomainSnapshot> {
    const r = await this.#caller.call(P.domainSnapshotCurrent, { dom: this.ref, flags }, opts);
    return new DomainSnapshot(this.#caller, r.snap);
  }

  // ---- migration (the *3_PARAMS family; see also Connect.migratePrepare3Params / migrateFinish3Params) ----

  /** Source side, step 1: the XML to send and a cookie for the destination. */
  async migrateBegin3Params(params: TypedParamsInput, flags = 0, opts?: CallOptions): Promise<{ cookieOut: Buffer; xml: string }> {
    const r = await this.#caller.call(P.domainMigrateBegin3Params, { dom: this.ref, params: toTypedParams(params), flags }, opts);
    return { cookieOut: r.cookieOut, xml: r.xml };
  }

  /**
   * Source side, step 3 (after the destination's prepare): move the guest. With
   * `MigrateFlags.PEER2PEER` and `dconnuri` the daemon drives the whole migration itself and the
   * cookie may be empty; see `migrateToUri3`.
   */
  async migratePerform3Params(
    dconnuri: string | null,
    params: TypedParamsInput,
    cookieIn: Buffer,
    flags = 0,
    opts?: CallOptions,
  ): Promise<{ cookieOut: Buffer }> {
    const r = await this.#caller.call(
      P.domainMigratePerform3Params,
      { dom: this.ref, dconnuri, params: toTypedParams(params), cookieIn, flags },
      opts,
    );
    return { cookieOut: r.cookieOut };
  }

  /** Source side, last step: tell the source whether the destination finished (`cancelled`). */
  async migrateConfirm3Params(params: TypedParamsInput, cookieIn: Buffer, cancelled: boolean, flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(
      P.domainMigrateConfirm3Params,
      { dom: this.ref, params: toTypedParams(params), cookieIn, flags, cancelled: cancelled ? 1 : 0 },
      opts,
    );
  }

  /**
   * Peer-to-peer migration (virDomainMigrateToURI3 with PEER2PEER): the source daemon connects
   * to `dconnuri` and runs begin/prepare/perform/finish/confirm itself. Typically
   * `flags = MigrateFlags.LIVE | MigrateFlags.PERSIST_DEST | ...`; PEER2PEER is added here.
   */
  async migrateToUri3(dconnuri: string, params: TypedParamsInput = {}, flags = 0, opts?: CallOptions): Promise<void> {
    await this.migratePerform3Params(dconnuri, params, Buffer.alloc(0), flags | MigrateFlags.PEER2PEER, opts);
  }

  async migrateSetMaxSpeed(bandwidthMiBs: number | bigint, flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainMigrateSetMaxSpeed, { dom: this.ref, bandwidth: BigInt(bandwidthMiBs), flags }, opts);
  }

  async migrateGetMaxSpeed(flags = 0, opts?: CallOptions): Promise<bigint> {
    const r = await this.#caller.call(P.domainMigrateGetMaxSpeed, { dom: this.ref, flags }, opts);
    return r.bandwidth;
  }

  /** Switch a running migration to post-copy (`MigrateFlags.POSTCOPY` must have been given). */
  async migrateStartPostCopy(flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainMigrateStartPostCopy, { dom: this.ref, flags }, opts);
  }

  async migrateSetMaxDowntime(downtimeMs: number | bigint, flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainMigrateSetMaxDowntime, { dom: this.ref, downtime: BigInt(downtimeMs), flags }, opts);
  }

  // ---- streams ----

  /** Attach to a serial console (`devName` null: the first); the stream carries both directions. */
  async openConsole(devName: string | null = null, flags = 0, opts?: CallOptions): Promise<VirStream> {
    const { stream } = await this.#caller.callStream(P.domainOpenConsole, { dom: this.ref, devName, flags }, opts);
    return stream;
  }

  /** Attach to a named character device channel (e.g. the guest agent's). */
  async openChannel(name: string | null, flags = 0, opts?: CallOptions): Promise<VirStream> {
    const { stream } = await this.#caller.callStream(P.domainOpenChannel, { dom: this.ref, name, flags }, opts);
    return stream;
  }

  /** A screenshot of `screen`; returns its MIME type and the stream of image bytes. */
  async screenshot(screen = 0, flags = 0, opts?: CallOptions): Promise<{ mime: string | null; stream: VirStream }> {
    const { ret, stream } = await this.#caller.callStream(P.domainScreenshot, { dom: this.ref, screen, flags }, opts);
    return { mime: ret.mime, stream };
  }

  toString(): string {
    return `Domain(${this.ref.name} ${this.ref.uuid})`;
  }
}
